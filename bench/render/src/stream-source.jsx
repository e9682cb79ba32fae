// The source alone: the same thread on screen, the reply read and parsed but never rendered. Its
// main-thread time is the cost every variant pays before doing any work of its own.
import { memo } from 'react';
import { checkDone, params, registerBench } from './bench-harness.js';
import { mount } from './mount.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';
import { createThread } from './thread.js';

const initial = createThread(Number(params.get('messages') ?? 300));
const sseFetch = createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 2000))));

const Row = memo(function Row({ message }) {
  return <RowView id={message.id} role={message.role} text={message.content} />;
});

async function send() {
  const reader = (await sseFetch('/chat', { method: 'POST' })).body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const line = decoder.decode(value, { stream: true });
    if (line.startsWith('data: {')) text += JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '';
  }
  checkDone(text);
}

mount(
  <div className="list">
    {initial.map((message) => (
      <Row key={message.id} message={message} />
    ))}
  </div>,
);
registerBench({ send, settledIds: () => initial.map((message) => message.id) });
