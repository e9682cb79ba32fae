import { act, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChatProvider, createChatStore, MessageView } from '../../src/index.js';
import { assistantMessage } from './fixtures';

/** A part of one's own that reads its message from the nearest `MessageView.Root`. */
function Stamp() {
  const message = MessageView.useMessage();
  return (
    <small data-testid="stamp">
      {message.role}:{message.id}:{message.status}
    </small>
  );
}

describe('MessageView.useMessage', () => {
  it("gives a part the message of its MessageView.Root, given or read from the store, and follows the store's changes", () => {
    const given = assistantMessage('Hi', { id: 'given' });
    const { unmount } = render(
      <MessageView.Root message={given}>
        <Stamp />
      </MessageView.Root>,
    );
    expect(screen.getByTestId('stamp').textContent).toBe('assistant:given:done');
    unmount();
    const store = createChatStore({ initialMessages: [{ role: 'user', content: 'Hello' }] });
    const id = store.getState().ids[0]!;
    render(
      <ChatProvider store={store}>
        <MessageView.Root messageId={id}>
          <Stamp />
        </MessageView.Root>
      </ChatProvider>,
    );
    expect(screen.getByTestId('stamp').textContent).toBe(`user:${id}:done`);
    act(() => store.getState().setMessages([{ id, role: 'user', content: 'Hello', status: 'incomplete' }]));
    expect(screen.getByTestId('stamp').textContent).toBe(`user:${id}:incomplete`);
  });

  it('throws a clear error outside a MessageView.Root', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => renderHook(() => MessageView.useMessage())).toThrow(
        'MessageView.useMessage() must be called inside <MessageView.Root>.',
      );
    } finally {
      error.mockRestore();
    }
  });
});

describe('MessageView.Content', () => {
  const json = '{\n  "title": "Pancakes",\n  "servings": 4\n}';

  it('shows a structured-output reply as a JSON code block, not as prose', () => {
    const message = assistantMessage(json, { structured: { partial: { title: 'Pancakes' } } });
    const { container } = render(<MessageView.Content message={message} />);
    const code = container.querySelectorAll('pre code');
    expect(code).toHaveLength(1);
    expect(code[0]?.textContent?.trim()).toBe(json);
    expect(container.querySelector('p')).toBeNull();
  });

  it('while it streams too (an unfinished object), and a reply fenced by the model is not fenced twice', () => {
    const streaming = assistantMessage('{\n  "title": "Pan', { status: 'streaming', structured: {} });
    const first = render(<MessageView.Content message={streaming} />);
    expect(first.container.querySelector('pre code')?.textContent?.trim()).toBe('{\n  "title": "Pan');
    const fenced = assistantMessage(`\`\`\`json\n${json}\n\`\`\``, { structured: { value: {} } });
    const second = render(<MessageView.Content message={fenced} />);
    expect(second.container.querySelectorAll('pre')).toHaveLength(1);
    expect(second.container.querySelector('pre code')?.textContent?.trim()).toBe(json);
  });

  it('a structured reply that is not JSON cannot break out into Markdown', () => {
    const hostile = '{"a":1}\n```\n# Injected\n![x](https://tracker.example/p.png) [link](https://x.example)';
    const { container } = render(
      <MessageView.Content
        message={assistantMessage(hostile, { status: 'error', structured: { error: 'bad' } })}
      />,
    );
    expect(container.querySelector('h1, img, a')).toBeNull();
    expect(container.querySelector('pre code')?.textContent).toBe(hostile);
  });

  it('a reply without structured output stays Markdown', () => {
    const { container } = render(<MessageView.Content message={assistantMessage('Some **bold** text')} />);
    expect(container.querySelector('pre')).toBeNull();
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });
});
