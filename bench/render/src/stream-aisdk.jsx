// `@ai-sdk/react` useChat, fed the same SSE through a ChatTransport that converts it to UI message
// chunks. `?throttle=50` sets `experimental_throttle`; without it, useChat's default.
import { useChat } from '@ai-sdk/react';
import { memo } from 'react';
import { createSseTransport } from './ai-sdk-transport.js';
import { params, registerBench } from './bench-harness.js';
import { mount } from './mount.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';
import { createThread } from './thread.js';

const initial = createThread(Number(params.get('messages') ?? 300)).map((message) => ({
  id: message.id,
  role: message.role,
  parts: [{ type: 'text', text: message.content }],
}));
const transport = createSseTransport(
  createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 2000)))),
);
const throttle = params.get('throttle') ? Number(params.get('throttle')) : undefined;
let send = () => {};

const textOfParts = (parts) => parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

const AiRow = memo(function AiRow({ message }) {
  return <RowView id={message.id} role={message.role} text={textOfParts(message.parts)} />;
});

function AiSdkApp() {
  const { messages, sendMessage } = useChat({
    transport,
    messages: initial,
    ...(throttle !== undefined && { experimental_throttle: throttle }),
  });
  send = () => sendMessage({ text: 'Tell me more.' });
  return (
    <div className="list">
      {messages.map((message) => (
        <AiRow key={message.id} message={message} />
      ))}
    </div>
  );
}

mount(<AiSdkApp />);
registerBench({ send: () => send(), settledIds: () => initial.map((message) => message.id) });
