// Streaming floor: parse lines, append text, publish once per animation frame, memoized rows.
// `?markdown=1` renders every row with our MarkdownText, the same rows as ours with Markdown, so
// the two differ only in the state around the rows.
import { memo, useState } from 'react';
import { MarkdownText } from 'react-chat-completions';
import { params, registerBench } from './bench-harness.js';
import { mount } from './mount.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';
import { createThread } from './thread.js';

const initial = createThread(Number(params.get('messages') ?? 300));
const sseFetch = createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 2000))));
const markdown = params.get('markdown') === '1';
let send = () => {};

const FloorRow = memo(function FloorRow({ message }) {
  return (
    <RowView id={message.id} role={message.role} text={message.content}>
      {markdown ? <MarkdownText text={message.content} streaming={message.streaming === true} /> : undefined}
    </RowView>
  );
});

function FloorApp() {
  const [messages, setMessages] = useState(initial);
  send = async () => {
    const reply = { id: 'reply', role: 'assistant', content: '', streaming: true };
    setMessages((list) => [...list, { id: 'question', role: 'user', content: 'Tell me more.' }, reply]);
    const reader = (await sseFetch('/chat', { method: 'POST' })).body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let text = '';
    let frame = 0;
    const publish = () => {
      frame = 0;
      const next = { ...reply, content: text };
      setMessages((list) => [...list.slice(0, -1), next]);
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n', start)) {
        const line = buffer.slice(start, end);
        start = end + 2;
        if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
        const content = JSON.parse(line.slice(6)).choices[0]?.delta?.content;
        if (content) text += content;
      }
      buffer = buffer.slice(start);
      if (!frame) frame = requestAnimationFrame(publish);
    }
  };
  return (
    <div className="list">
      {messages.map((message) => (
        <FloorRow key={message.id} message={message} />
      ))}
    </div>
  );
}

mount(<FloorApp />);
registerBench({ send: () => send(), settledIds: () => initial.map((message) => message.id) });
