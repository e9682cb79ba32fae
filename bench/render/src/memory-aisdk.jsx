// Memory, `@ai-sdk/react`: each instance is a useChat (default throttle) that sends on mount.
import { useChat } from '@ai-sdk/react';
import { memo, useEffect } from 'react';
import { createSseTransport } from './ai-sdk-transport.js';
import { params } from './bench-harness.js';
import { registerMemoryBench } from './memory-bench.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';

const transport = createSseTransport(
  createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 500)))),
);
const textOfParts = (parts) => parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

const Row = memo(function Row({ message }) {
  return <RowView id={message.id} role={message.role} text={textOfParts(message.parts)} />;
});

function Instance({ index }) {
  const { messages, sendMessage } = useChat({ id: `chat-${index}`, transport });
  useEffect(() => {
    sendMessage({ text: 'Tell me more.' });
  }, [sendMessage]);
  return messages.map((message) => <Row key={message.id} message={message} />);
}

registerMemoryBench((index) => <Instance key={index} index={index} />);
