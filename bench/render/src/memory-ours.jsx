// Memory, ours: each instance is a ChatProvider (its own store) whose chat sends on mount; rows
// read their message by id.
import { memo, useEffect } from 'react';
import { ChatProvider, useChatStream, useMessage, useMessageIds } from 'react-chat-completions';
import { params } from './bench-harness.js';
import { registerMemoryBench } from './memory-bench.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';
import { textOf } from './thread.js';

const sseFetch = createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 500))));
const clientOptions = { apiKey: 'sk-bench', baseUrl: 'http://127.0.0.1:9/api/v1', fetch: sseFetch };
const request = { model: 'bench/model' };

const Row = memo(function Row({ id }) {
  const message = useMessage(id);
  return <RowView id={id} role={message?.role} text={textOf(message?.content)} />;
});

function Instance() {
  const { send } = useChatStream();
  useEffect(() => {
    send('Tell me more.');
  }, [send]);
  return useMessageIds().map((id) => <Row key={id} id={id} />);
}

registerMemoryBench((index) => (
  <ChatProvider key={index} clientOptions={clientOptions} request={request}>
    <Instance />
  </ChatProvider>
));
