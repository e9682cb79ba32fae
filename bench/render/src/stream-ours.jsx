// Ours with default settings: useChatStream in the chat component, the list reads ids
// (useMessageIds) and each row its own message (useMessage). `?markdown=1` renders every row with
// our MarkdownText. `?lean=1` (a diagnostic) sends through the store instead of useChatStream, so
// the chat component does not re-render on every publication.
import { memo } from 'react';
import {
  ChatProvider,
  MarkdownText,
  useChatStoreApi,
  useChatStream,
  useMessage,
  useMessageIds,
} from 'react-chat-completions';
import { params, registerBench } from './bench-harness.js';
import { mount } from './mount.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';
import { createThread, textOf } from './thread.js';

const initial = createThread(Number(params.get('messages') ?? 300));
const sseFetch = createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 2000))));
const markdown = params.get('markdown') === '1';
const lean = params.get('lean') === '1';
let send = () => {};
let store;

const OurRow = memo(function OurRow({ id }) {
  const message = useMessage(id);
  const text = textOf(message?.content);
  return (
    <RowView id={id} role={message?.role} text={text}>
      {markdown ? <MarkdownText text={text} streaming={message?.status === 'streaming'} /> : undefined}
    </RowView>
  );
});

function StreamingChat() {
  const chat = useChatStream();
  send = () => chat.send('Tell me more.');
  return <MessageList />;
}

function LeanChat() {
  send = () => store.getState().send('Tell me more.');
  return <MessageList />;
}

function Chat() {
  store = useChatStoreApi();
  return lean ? <LeanChat /> : <StreamingChat />;
}

function MessageList() {
  const ids = useMessageIds();
  return (
    <div className="list">
      {ids.map((id) => (
        <OurRow key={id} id={id} />
      ))}
    </div>
  );
}

mount(
  <ChatProvider
    clientOptions={{ apiKey: 'sk-bench', baseUrl: 'http://127.0.0.1:9/api/v1', fetch: sseFetch }}
    request={{ model: 'bench/model' }}
    storeOptions={{ initialMessages: initial }}
  >
    <Chat />
  </ChatProvider>,
);
registerBench({ send: () => send(), settledIds: () => [...store.getState().ids] });
