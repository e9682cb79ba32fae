// The README's Hooks examples, copied as an app would (only the endpoint is the mock and the
// model a mock model; buttons get `type` for the linter), run under StrictMode:
// `scripts/check-readme.mjs` type-checks them, this checks that they work.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { memo, StrictMode, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  type ChatCompletionRequest,
  ChatProvider,
  defineResponseFormat,
  getStructuredValue,
  type StructuredValueOf,
  useChatCompletion,
  useChatStore,
  useChatStream,
  useMessage,
  useMessageIds,
} from '../../src/index.js';
import { createMockFetch } from '../../src/testing/index.js';

const baseUrl = 'http://127.0.0.1/api/v1';
/** What each test gives the examples: the mock's fetch and the callbacks' spies. */
const app = {
  fetch: createMockFetch({ tokenDelayMs: 0 }),
  finished: vi.fn(),
  failed: vi.fn(),
  rendered: [] as string[],
};
const mock = (reply: string) => {
  app.fetch = createMockFetch({ tokenDelayMs: 0, replies: [reply] });
  app.finished = vi.fn();
  app.failed = vi.fn();
  app.rendered = [];
};

function Chat() {
  const { messages, status, error, usage, send, stop, retry, regenerate } = useChatStream({
    clientOptions: { baseUrl, fetch: app.fetch },
    request: { model: 'mock/text', temperature: 0.3 },
    onFinish: ({ message, finishReason, isAbort }) => app.finished(message.id, finishReason, isAbort),
    onError: (error) => app.failed(error.message),
  });
  const last = messages.at(-1);

  return (
    <>
      {messages.map((message) => (
        <p key={message.id} data-status={message.status}>
          {typeof message.content === 'string' ? message.content : null}
        </p>
      ))}
      {status === 'streaming' ? (
        <button type="button" onClick={stop}>
          Stop
        </button>
      ) : null}
      {error || last?.status === 'incomplete' ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
      {status === 'idle' && last?.role === 'assistant' ? (
        <button type="button" onClick={() => regenerate()}>
          Regenerate
        </button>
      ) : null}
      <button type="button" onClick={() => send('Hello!')}>
        Send
      </button>
      <small>{usage.total_tokens} tokens this thread</small>
    </>
  );
}

function Summary() {
  const { messages, send, status, mutation } = useChatCompletion({
    clientOptions: { baseUrl, fetch: app.fetch },
    request: { model: 'mock/text' },
  });
  const busy = status === 'submitted' || status === 'streaming';
  const answer = messages.at(-1)?.role === 'assistant' ? messages.at(-1)?.content : undefined;
  return (
    <>
      <button type="button" disabled={busy} onClick={() => send('Summarize our plan')}>
        Ask
      </button>
      {mutation.isSuccess && typeof answer === 'string' ? <p>{answer}</p> : null}
    </>
  );
}

const sentimentFormat = defineResponseFormat({
  type: 'json_schema',
  json_schema: {
    name: 'sentiment',
    strict: true,
    schema: {
      type: 'object',
      properties: { sentiment: { enum: ['positive', 'negative', 'neutral'] }, score: { type: 'number' } },
      required: ['sentiment', 'score'],
      additionalProperties: false,
    },
  },
});
type Sentiment = StructuredValueOf<typeof sentimentFormat>; // { sentiment: 'positive' | 'negative' | 'neutral'; score: number }

function SentimentForm() {
  const [result, setResult] = useState<Sentiment>();
  const { send, clear, status, error } = useChatCompletion({
    clientOptions: { baseUrl, fetch: app.fetch },
    request: { model: 'openai/gpt-4o-mini', response_format: sentimentFormat },
  });
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        clear();
        // The reply once it has ended (`undefined` if none came: `error` says why).
        const reply = await send(String(new FormData(event.currentTarget).get('text')));
        setResult(getStructuredValue(reply, sentimentFormat));
      }}
    >
      <textarea name="text" aria-label="Text" />
      <button type="submit" disabled={status === 'submitted'}>
        Classify
      </button>
      {error ? (
        <p role="alert">{error.message}</p>
      ) : result ? (
        <p>
          {result.sentiment} ({result.score})
        </p>
      ) : null}
    </form>
  );
}

function Thread() {
  const ids = useMessageIds();
  return ids.map((id) => <Row key={id} id={id} />);
}
const Row = memo(function Row({ id }: { id: string }) {
  const message = useMessage(id);
  app.rendered.push(id);
  return <div>{typeof message?.content === 'string' ? message.content : null}</div>;
});
function Send() {
  const send = useChatStore((state) => state.send);
  return (
    <button type="button" onClick={() => send('Hello')}>
      Send
    </button>
  );
}

describe('README Hooks examples', () => {
  it('useChatStream: send, the reply with its usage, then Regenerate', async () => {
    mock('Hi there!');
    render(
      <StrictMode>
        <Chat />
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('Send'));
    // The reply's whole text shows before its end: Regenerate shows once the reply has ended.
    await screen.findByText('Regenerate');
    expect((await screen.findByText('Hi there!')).dataset.status).toBe('done');
    expect(app.finished).toHaveBeenCalledWith(expect.any(String), 'stop', false);
    expect(screen.getByText(/tokens this thread/).textContent).not.toBe('0 tokens this thread');
    fireEvent.click(screen.getByText('Regenerate'));
    await waitFor(() => expect(app.finished).toHaveBeenCalledTimes(2));
    expect(screen.getAllByText('Hi there!')).toHaveLength(1);
    expect(app.failed).not.toHaveBeenCalled();
  });

  it('useChatCompletion: the whole answer once the mutation succeeds', async () => {
    mock('The plan, in short.');
    render(
      <StrictMode>
        <Summary />
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('Ask'));
    await screen.findByText('The plan, in short.');
    expect(screen.getByText('Ask')).toHaveProperty('disabled', false);
  });

  it('useChatCompletion, one-shot: each submit asks alone, a second quick one replaces the first; the value is the checked JSON', async () => {
    const bodies: ChatCompletionRequest[] = [];
    app.fetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => void bodies.push(body) });
    render(
      <StrictMode>
        <SentimentForm />
      </StrictMode>,
    );
    const text = screen.getByRole('textbox', { name: 'Text' });
    fireEvent.change(text, { target: { value: 'I love it' } });
    fireEvent.submit(text.closest('form')!);
    fireEvent.change(text, { target: { value: 'Love it even more' } });
    fireEvent.submit(text.closest('form')!);
    await screen.findByText(/^positive \(/);
    fireEvent.change(text, { target: { value: 'Still love it' } });
    fireEvent.submit(text.closest('form')!);
    await waitFor(() =>
      expect(bodies.at(-1)?.messages).toEqual([{ role: 'user', content: 'Still love it' }]),
    );
    await waitFor(() => expect(screen.getByText('Classify')).toHaveProperty('disabled', false));
    // Each request holds its own text alone; the first quick submit is stopped (before it is sent, here).
    expect(bodies.map((body) => body.messages.map((message) => message.content))).toEqual([
      ['Love it even more'],
      ['Still love it'],
    ]);
    expect(screen.getByText(/^positive \(/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('ChatProvider with useMessageIds and memoized rows', async () => {
    mock('A row of its own.');
    render(
      <StrictMode>
        <ChatProvider clientOptions={{ baseUrl, fetch: app.fetch }} request={{ model: 'mock/text' }}>
          <Thread />
          <Send />
        </ChatProvider>
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('Send'));
    await screen.findByText('A row of its own.');
    expect(screen.getByText('Hello')).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    // The user's row rendered when added (twice: StrictMode), not again for the reply's tokens.
    const userId = app.rendered[0];
    expect(app.rendered.filter((id) => id === userId)).toHaveLength(2);
  });
});
