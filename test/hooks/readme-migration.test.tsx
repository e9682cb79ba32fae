// The README's "Coming from the AI SDK's useChat" example (the "after" component), copied as an
// app would (only the endpoint is the mock and the model a mock model; buttons get `type` for
// the linter), run under StrictMode: `scripts/check-readme.mjs` type-checks it, this checks that
// it works: the tool runs in the browser, the conversation goes on by itself, Stop and Retry.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { expect, it, vi } from 'vitest';
import type { ChatCompletionRequest } from '../../src/index.js';
import { defineTool, getMessageText, useChatStream } from '../../src/index.js';
import { createMockFetch } from '../../src/testing/index.js';

const app = { fetch: createMockFetch({ tokenDelayMs: 0 }), model: 'mock/tools' };

const located = vi.fn();
const getLocation = defineTool({
  name: 'getLocation',
  description: "The user's city",
  parameters: { type: 'object', properties: {} },
  execute: () => {
    located();
    return 'Paris';
  },
});

function Chat() {
  const [input, setInput] = useState('');
  const { messages, send, status, stop, error, retry } = useChatStream({
    clientOptions: { baseUrl: 'http://127.0.0.1/api/chat', fetch: app.fetch, maxRetries: 0 },
    request: { model: app.model },
    system: 'You are a helpful assistant.',
    tools: [getLocation],
    throttleMs: 50,
  });
  const busy = status === 'submitted' || status === 'streaming';
  return (
    <>
      {messages.map((message) =>
        message.role === 'user' || message.role === 'assistant' ? (
          <p key={message.id}>
            {message.role}: {getMessageText(message)}
          </p>
        ) : null,
      )}
      {error ? (
        <button type="button" onClick={() => retry()}>
          Retry
        </button>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send(input);
          setInput('');
        }}
      >
        <input aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} />
        {busy ? (
          <button type="button" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="submit">Send</button>
        )}
      </form>
    </>
  );
}

const sendText = (text: string) => {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } });
  fireEvent.click(screen.getByText('Send'));
};

it('the tool runs in the browser and the reply follows, with no tool message shown', async () => {
  const requests: ChatCompletionRequest[] = [];
  app.fetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => void requests.push(body) });
  app.model = 'mock/tools';
  located.mockClear();
  const { container } = render(
    <StrictMode>
      <Chat />
    </StrictMode>,
  );
  sendText('Where am I?');
  expect(screen.getByText('user: Where am I?')).toBeTruthy();
  await waitFor(() => expect(requests).toHaveLength(2));
  await waitFor(() => expect(screen.getByText('Send')).toBeTruthy());
  expect(located).toHaveBeenCalled();
  const second = requests[1] as ChatCompletionRequest;
  expect(second.messages[0]).toEqual({ role: 'system', content: 'You are a helpful assistant.' });
  expect(second.messages.at(-1)).toMatchObject({ role: 'tool', content: 'Paris' });
  // The user's message, the reply that called the tool and the reply from its result: the tool
  // message between them is not shown.
  const rows = [...container.querySelectorAll('p')].map((row) => row.textContent ?? '');
  expect(rows.map((row) => row.split(':')[0])).toEqual(['user', 'assistant', 'assistant']);
  expect(rows[2]).toContain('Paris');
  expect(screen.queryByText('Retry')).toBeNull();
});

it('Stop shows while a reply streams; Retry after an error asks again', async () => {
  app.fetch = createMockFetch({ tokenDelayMs: 0 });
  app.model = 'mock/error-500';
  render(
    <StrictMode>
      <Chat />
    </StrictMode>,
  );
  sendText('Hello');
  fireEvent.click(await screen.findByText('Retry'));
  app.model = 'mock/slow';
  await waitFor(() => expect(screen.queryByText('Retry')).toBeNull());
  // Retry hides at once; Send shows again only once the retried request has ended.
  await screen.findByText('Send');
  sendText('Again');
  fireEvent.click(await screen.findByText('Stop'));
  await screen.findByText('Send');
});
