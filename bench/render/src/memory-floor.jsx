// Memory floor: each instance fetches and parses the reply and appends it to local state once per
// animation frame.
import { memo, useEffect, useState } from 'react';
import { params } from './bench-harness.js';
import { registerMemoryBench } from './memory-bench.jsx';
import { RowView } from './row-view.jsx';
import { createSseFetch, prepareReply, replyTokens } from './sse-source.js';

const sseFetch = createSseFetch(prepareReply(replyTokens(Number(params.get('tokens') ?? 500))));

const Row = memo(function Row({ message }) {
  return <RowView id={message.id} role={message.role} text={message.content} />;
});

function Instance({ index }) {
  const [messages, setMessages] = useState([]);
  useEffect(() => {
    const controller = new AbortController();
    const reply = { id: `reply-${index}`, role: 'assistant', content: '' };
    setMessages([{ id: `question-${index}`, role: 'user', content: 'Tell me more.' }, reply]);
    let frame = 0;
    let text = '';
    const publish = () => {
      frame = 0;
      setMessages((list) => [...list.slice(0, -1), { ...reply, content: text }]);
    };
    (async () => {
      const reader = (
        await sseFetch('/chat', { method: 'POST', signal: controller.signal })
      ).body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let start = 0;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n', start)) {
          const line = buffer.slice(start, end);
          start = end + 2;
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          text += JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '';
        }
        buffer = buffer.slice(start);
        if (!frame) frame = requestAnimationFrame(publish);
      }
    })().catch(() => {});
    return () => {
      controller.abort();
      cancelAnimationFrame(frame);
    };
  }, [index]);
  return messages.map((message) => <Row key={message.id} message={message} />);
}

registerMemoryBench((index) => <Instance key={index} index={index} />);
