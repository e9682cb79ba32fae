// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChatProvider, useChatCompletion, useChatStore, useChatStream } from '../../src/index.js';

function Status() {
  const { status, messages } = useChatStream();
  const count = useChatStore((state) => state.ids.length);
  return (
    <p>
      {status}:{messages.length}:{count}
    </p>
  );
}

function Standalone() {
  const { status, messages } = useChatStream({ persist: { key: 'standalone' } });
  return (
    <p>
      alone:{status}:{messages.length}
    </p>
  );
}

function Completion() {
  const { status } = useChatCompletion();
  return <p>{status}</p>;
}

describe('server rendering', () => {
  it('renders without window, document or localStorage, persistence included', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <ChatProvider
        storeOptions={{ persist: { key: 'chat' }, initialMessages: [{ role: 'user', content: 'hello' }] }}
      >
        <Status />
        <Completion />
      </ChatProvider>,
    );
    expect(html).toContain('idle<!-- -->:<!-- -->1<!-- -->:<!-- -->1');
    expect(renderToString(<Standalone />)).toContain('alone:<!-- -->idle<!-- -->:<!-- -->0');
  });
});
