import { act, cleanup, fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatCompletionRequest, ChatTool, ChatWindowProps } from '../../src/index.js';
import {
  ChatWindow,
  createChatStore,
  selectActiveMessages,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';
import {
  createGradientPngDataUrl,
  createMockFetch,
  createMockGate,
  type MockEndpointOptions,
} from '../../src/testing/index.js';
import { collectUncaught } from '../testing/helpers';

// The README's "Testing your app with the mock" advice, followed as an app's tests would: fake
// timers, a test that ends while a reply streams, a store of the app's own, `onRequest`, `replies`.

afterEach(() => {
  vi.useRealTimers();
});

function send(text = 'Hi') {
  fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
}

/** A ChatWindow on the mock's slow model (a reply that streams for seconds at the default pace). */
function renderSlowWindow(mock: MockEndpointOptions = {}, props: Partial<ChatWindowProps> = {}) {
  return render(
    <ChatWindow
      {...props}
      clientOptions={{ fetch: createMockFetch(mock) }}
      request={{ model: 'mock/slow' }}
    />,
  );
}

function replies(): (string | null)[] {
  return [...screen.getByRole('log').querySelectorAll('[data-role="assistant"]')].map((row) =>
    row.getAttribute('data-status'),
  );
}

describe('fake timers', () => {
  it('vi.useFakeTimers(): advanceTimersByTimeAsync moves the reply on, runAllTimersAsync runs it to its end', async () => {
    vi.useFakeTimers();
    renderSlowWindow();
    send();
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(replies()).toEqual(['streaming']);
    await act(() => vi.runAllTimersAsync());
    expect(replies()).toEqual(['done']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runAllTimersAsync runs the retries of a failing reply too, until its error shows', async () => {
    vi.useFakeTimers();
    const onRequest = vi.fn();
    render(
      <ChatWindow
        clientOptions={{ fetch: createMockFetch({ onRequest }) }}
        request={{ model: 'mock/error-503' }}
      />,
    );
    send();
    await act(() => vi.runAllTimersAsync());
    expect(onRequest).toHaveBeenCalledTimes(3); // the request and its two retries, 5 s apart
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a hook under renderHook: send in act, then run the timers', async () => {
    vi.useFakeTimers();
    const { result } = renderHook(() =>
      useChatStream({ clientOptions: { fetch: createMockFetch({ replies: ['From the hook'] }) } }),
    );
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.send('Hi');
    });
    await act(() => vi.runAllTimersAsync());
    await sent;
    expect(result.current.messages.at(-1)).toMatchObject({ content: 'From the hook', status: 'done' });
  });

  it('shouldAdvanceTime with user-event: findBy… works as without fake timers', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const mockFetch = createMockFetch({ tokenDelayMs: 0, replies: ['Under fake timers'] });
    render(<ChatWindow clientOptions={{ fetch: mockFetch }} request={{ model: 'mock/text' }} />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Under fake timers')).toBeTruthy();
  });
});

/** A non-streaming chat on a private QueryClient, its reply 400 ms away. */
function Summary() {
  const { send, status } = useChatCompletion({
    clientOptions: { fetch: createMockFetch({ firstTokenDelayMs: 400 }) },
    request: { model: 'mock/text' },
  });
  return (
    <button type="button" data-status={status} onClick={() => send('Hi')}>
      Ask
    </button>
  );
}

describe('a test that ends while a reply streams', () => {
  it('its unmount aborts the reply: no timer left, no act warning', async () => {
    const consoleError = vi.spyOn(console, 'error');
    vi.useFakeTimers();
    renderSlowWindow();
    send();
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(replies()).toEqual(['streaming']);
    cleanup();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("useChatCompletion: TanStack Query's timer of the ended mutation is left, for its 5-minute gcTime", async () => {
    vi.useFakeTimers();
    render(<Summary />);
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByRole('button', { name: 'Ask' }).getAttribute('data-status')).toBe('submitted');
    cleanup();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a store of the app's own goes on after the unmount, until store.abort()", async () => {
    vi.useFakeTimers();
    const store = createChatStore();
    renderSlowWindow({}, { store });
    send();
    await act(() => vi.advanceTimersByTimeAsync(2000));
    cleanup();
    const textOf = () => JSON.stringify(selectActiveMessages(store.getState()).at(-1)?.content);
    const before = textOf();
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.getState().status).toBe('streaming');
    expect(textOf()).not.toBe(before);

    store.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('idle');
    expect(selectActiveMessages(store.getState()).at(-1)?.status).toBe('incomplete');
    expect(vi.getTimerCount()).toBe(0);
  });
});

// In this order: the second test starts from what the first left in jsdom's localStorage.
describe('persist: localStorage cleared before each test', () => {
  beforeEach(() => localStorage.clear());

  it('a test that ends while its persisted reply streams…', async () => {
    renderSlowWindow({}, { persist: { key: 'app-test' } });
    send();
    await waitFor(() => expect(replies()).toEqual(['streaming']));
  });

  it('…leaves the next one an empty chat (its unmount saved the stopped reply after any afterEach)', () => {
    render(<ChatWindow persist={{ key: 'app-test' }} clientOptions={{ fetch: createMockFetch() }} />);
    expect(screen.getByRole('log').querySelectorAll('[data-role]')).toHaveLength(0);
  });
});

describe('Stop', () => {
  it('mock/slow ends at once under tokenDelayMs: 0; with a delay, Stop leaves it incomplete', async () => {
    const instant = renderSlowWindow({ tokenDelayMs: 0 });
    send();
    await waitFor(() => expect(replies()).toEqual(['done']));
    instant.unmount();

    renderSlowWindow({ tokenDelayMs: 15 });
    send();
    await waitFor(() => expect(replies()).toEqual(['streaming']));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(replies()).toEqual(['incomplete']));
  });
});

describe('Stop, with the reply held open by a gate (no delay, no fake timers)', () => {
  const gate = createMockGate();
  afterEach(() => gate.releaseAll());

  function renderHeldWindow() {
    const mockFetch = createMockFetch({ tokenDelayMs: 0, replies: ['Almost there'], hold: gate });
    return render(<ChatWindow clientOptions={{ fetch: mockFetch }} request={{ model: 'mock/text' }} />);
  }

  it('the held reply shows its text and Stop; Stop leaves it incomplete and ends the hold', async () => {
    const user = userEvent.setup();
    renderHeldWindow();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await act(() => gate.whenHeld());
    expect(await screen.findByText('Almost there')).toBeTruthy();
    expect(replies()).toEqual(['streaming']);
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(replies()).toEqual(['incomplete']));
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(gate.held).toBe(0);
  });

  it('released, the reply ends (done) and Stop goes away', async () => {
    renderHeldWindow();
    send();
    await act(() => gate.whenHeld());
    expect(await screen.findByRole('button', { name: 'Stop' })).toBeTruthy();
    act(() => void gate.release());
    await waitFor(() => expect(replies()).toEqual(['done']));
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getByText('Almost there')).toBeTruthy();
  });

  it('a test that ends while its reply is held: the unmount aborts it, and the gate holds nothing', async () => {
    renderHeldWindow();
    send();
    await act(() => gate.whenHeld());
    cleanup();
    await waitFor(() => expect(gate.held).toBe(0));
  });
});

describe('onRequest and replies', () => {
  it('onRequest collects what the app sends; what it throws fails the request (a network error) and is thrown again, uncaught', async () => {
    const bodies: ChatCompletionRequest[] = [];
    const mockFetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => void bodies.push(body) });
    const { unmount } = render(
      <ChatWindow clientOptions={{ fetch: mockFetch }} request={{ model: 'mock/text', temperature: 0.3 }} />,
    );
    send();
    await waitFor(() => expect(replies()).toEqual(['done']));
    expect(bodies).toMatchObject([{ model: 'mock/text', temperature: 0.3 }]);
    unmount();

    // What a microtask throws is collected here (the test runner would report it, failing this run).
    const { uncaught, restore } = collectUncaught();
    const failure = new Error('expected temperature 0.5');
    const throwing = createMockFetch({
      tokenDelayMs: 0,
      onRequest: () => {
        throw failure;
      },
    });
    try {
      render(
        <ChatWindow clientOptions={{ fetch: throwing, maxRetries: 0 }} request={{ model: 'mock/text' }} />,
      );
      send();
      expect((await screen.findByRole('alert')).textContent).toContain('expected temperature 0.5');
      expect(uncaught).toEqual([failure]);
    } finally {
      restore();
    }
  });

  it("replies: a regenerated reply gets the same text (the conversation's n-th reply, the n-th); a function, a new one", async () => {
    for (const [options, expected] of [
      [{ replies: ['First', 'Second'] }, ['First', 'First']],
      [
        {
          replies: (
            (count) => () =>
              `Reply ${++count}`
          )(0),
        },
        ['Reply 1', 'Reply 2'],
      ],
    ] as const) {
      const { unmount } = render(
        <ChatWindow
          clientOptions={{ fetch: createMockFetch({ tokenDelayMs: 0, ...options }) }}
          request={{ model: 'mock/text' }}
        />,
      );
      send();
      expect(await screen.findByText(expected[0])).toBeTruthy();
      // The text shows while the reply streams; Regenerate once it has ended.
      fireEvent.click(await screen.findByRole('button', { name: 'Regenerate' }));
      expect(await screen.findByText(expected[1])).toBeTruthy();
      unmount();
    }
  });
});

describe('scripting the reply', () => {
  const weather: ChatTool = {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: async (args) => ({ ...(args as object), temperature: 21 }),
  };

  it('a tool call with the arguments the test wants, with reasoning, then the answer to its result', async () => {
    const bodies: ChatCompletionRequest[] = [];
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      reasoningFormat: 'encrypted',
      onRequest: (body) => void bodies.push(body),
      replies: [
        { reasoning: 'Look it up.', tool_calls: [{ name: 'get_weather', arguments: { city: 'Berlin' } }] },
        { content: 'It is 21 °C in Berlin.' },
      ],
    });
    const { result } = renderHook(() =>
      useChatStream({
        clientOptions: { fetch: mockFetch },
        request: { model: 'openai/gpt-4o' },
        tools: [weather],
      }),
    );
    await act(() => result.current.send('What is the weather in Paris and Tokyo?'));
    expect(result.current.error).toBeUndefined();
    const [, call, tool, answer] = result.current.messages;
    expect(call).toMatchObject({
      tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Berlin"}' } }],
    });
    expect(tool).toMatchObject({ role: 'tool', content: '{"city":"Berlin","temperature":21}' });
    expect(answer).toMatchObject({ content: 'It is 21 °C in Berlin.', status: 'done' });
    // The follow-up sent the call back with its (encrypted) reasoning: the mock would refuse it otherwise.
    expect(bodies[1]?.messages[1]).toMatchObject({ reasoning_details: [{ type: 'reasoning.encrypted' }] });
  });

  const png = createGradientPngDataUrl();
  const otters = {
    content: 'Otters hold hands while they sleep.',
    images: [png],
    annotations: [{ url: 'https://example.com/otters', title: 'Otters at rest' }],
  };

  it("ChatWindow shows a scripted reply's image, citation, length notice and token count", async () => {
    const replies = [
      { ...otters, finish_reason: 'length', usage: { prompt_tokens: 1000, completion_tokens: 234 } },
    ];
    render(
      <ChatWindow
        clientOptions={{ fetch: createMockFetch({ tokenDelayMs: 0, replies }) }}
        request={{ model: 'mock/text' }}
      />,
    );
    send();
    expect(await screen.findByText('The reply was stopped at the length limit.')).toBeTruthy();
    expect(screen.getByText('Otters hold hands while they sleep.')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Generated image 1' }).getAttribute('src')).toBe(png);
    const source = within(screen.getByRole('group', { name: 'Sources' })).getByRole('link');
    expect([source.getAttribute('href'), source.textContent]).toEqual([
      'https://example.com/otters',
      expect.stringContaining('Otters at rest'),
    ]);
    expect(screen.getByRole('log').textContent).toContain('1,234 tokens');
  });

  it('useChatStream reads each scripted part: refusal, finish reason, usage; an error after the text', async () => {
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      replies: [
        { ...otters, finish_reason: 'content_filter', usage: { prompt_tokens: 7, completion_tokens: 9 } },
        { refusal: 'I will not talk about otters.' },
        { content: 'Otters are', error: { code: 'server_error', message: 'The otter slipped.' } },
      ],
    });
    const { result } = renderHook(() =>
      useChatStream({ clientOptions: { fetch: mockFetch, maxRetries: 0 }, request: { model: 'mock/text' } }),
    );
    await act(() => result.current.send('Otters?'));
    expect(result.current.messages.at(-1)).toMatchObject({
      status: 'incomplete',
      finishReason: 'content_filter',
      content: otters.content,
      images: [{ image_url: { url: png } }],
      annotations: [{ type: 'url_citation', url_citation: { url: 'https://example.com/otters' } }],
      usage: { prompt_tokens: 7, completion_tokens: 9, total_tokens: 16 },
    });
    await act(() => result.current.send('Please?'));
    expect(result.current.messages.at(-1)).toMatchObject({
      status: 'done',
      refusal: 'I will not talk about otters.',
    });
    await act(() => result.current.send('Once more?'));
    expect(result.current.messages.at(-1)).toMatchObject({ status: 'error', content: 'Otters are' });
    expect(result.current.error?.message).toContain('The otter slipped.');
  });

  it('useChatCompletion (no stream) reads them from the JSON reply; an error is choices[0].error in a 200', async () => {
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      replies: [
        { ...otters, finish_reason: 'length', usage: { completion_tokens: 1234 } },
        { content: 'Otters are', error: true },
      ],
    });
    const { result } = renderHook(() =>
      useChatCompletion({
        clientOptions: { fetch: mockFetch, maxRetries: 0 },
        request: { model: 'mock/text' },
      }),
    );
    await act(() => result.current.send('Otters?'));
    expect(result.current.messages.at(-1)).toMatchObject({
      status: 'incomplete',
      finishReason: 'length',
      images: [{ image_url: { url: png } }],
      annotations: [{ url_citation: { url: 'https://example.com/otters', title: 'Otters at rest' } }],
      usage: { completion_tokens: 1234 },
    });
    await act(() => result.current.send('Again?'));
    expect(result.current.error?.message).toContain('Provider disconnected');
  });

  it('retryAfter: the error shows the wait the mock sent', async () => {
    for (const [model, retryAfter, text] of [
      ['mock/error-429', 30, 'Rate limited. Try again in 30 seconds.'],
      ['mock/error-503', 180, 'Try again in 3 minutes.'],
    ] as const) {
      const mockFetch = createMockFetch({ tokenDelayMs: 0, retryAfter });
      const { unmount } = render(
        <ChatWindow clientOptions={{ fetch: mockFetch, maxRetries: 0 }} request={{ model }} />,
      );
      send();
      expect((await screen.findByRole('alert')).textContent).toContain(text);
      unmount();
    }
  });

  it('retryAfter: 0: a 503 for the first request only is retried at once (no 5 s wait on the clock)', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      retryAfter: 0,
      replies: ['Retried at once'],
      scenario: () => (calls++ === 0 ? 'error-503' : undefined),
    });
    const { result } = renderHook(() => useChatStream({ clientOptions: { fetch: mockFetch } }));
    act(() => void result.current.send('Hi'));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(calls).toBe(2);
    expect(result.current.messages.at(-1)).toMatchObject({ content: 'Retried at once', status: 'done' });
  });

  it('a 429 for the first request only: the retry after its Retry-After gets the reply', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const mockFetch = createMockFetch({
      replies: ['After the retry'],
      scenario: () => (calls++ === 0 ? 'error-429' : undefined),
    });
    const { result } = renderHook(() => useChatStream({ clientOptions: { fetch: mockFetch } }));
    act(() => void result.current.send('Hi'));
    await act(() => vi.runAllTimersAsync());
    expect(calls).toBe(2);
    expect(result.current.messages.at(-1)).toMatchObject({ content: 'After the retry', status: 'done' });
  });
});
