import { createServer } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeChatError } from '../../src/components/error/describe-error.js';
import { ChatApiError, collectCompletion, createChatClient } from '../../src/core/index.js';
import { type ChatHandlerFinishEvent, createChatHandler } from '../../src/server/index.js';
import { createMockFetch } from '../../src/testing/index.js';

const KEY = 'sk-or-server-secret';
const messages = [{ role: 'user' as const, content: 'Hello' }];

const chatRequest = (body: unknown, init: RequestInit = {}) =>
  new Request('https://app.test/api/chat/chat/completions', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
    ...init,
  });

/** A fetch that never answers (it fails when aborted, as a real one does); it records its signal. */
function hangingFetch() {
  const signals: AbortSignal[] = [];
  const fetch = vi.fn((_input: RequestInfo | URL, init?: RequestInit) => {
    const signal = init?.signal;
    if (signal) signals.push(signal);
    return new Promise<Response>((_, reject) =>
      signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
    );
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, signals };
}

/**
 * A body that sends `text`, then nothing (it never ends, and ignores its cancel's reason): how
 * a connection gone silent looks. `cancelled` says whether it was given up.
 */
function stallingBody(text: string) {
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

/** The mock's own stream for a request, cut after its first `events` events. */
async function mockStreamStart(events: number): Promise<string> {
  const response = await createMockFetch({ tokenDelayMs: 0, replies: ['Hello there, friend.'] })(
    'https://mock.test/api/v1/chat/completions',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'mock/text', messages, stream: true }),
    },
  );
  const text = await response.text();
  return `${text.split('\n\n').slice(0, events).join('\n\n')}\n\n`;
}

const clientOf = (handler: (request: Request) => Promise<Response>) =>
  createChatClient({
    baseUrl: 'https://app.test/api/chat',
    maxRetries: 0,
    fetch: (input, init) => handler(new Request(input, init)),
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('createChatHandler timeoutMs', () => {
  it('no headers within timeoutMs: the upstream request is aborted and the answer is a 504 the UI reads as timed out', async () => {
    const { fetch, signals } = hangingFetch();
    const handler = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 });
    const response = await handler(chatRequest({ model: 'm', messages, stream: true }));
    expect(response.status).toBe(504);
    const body = (await response.json()) as { error: { code: unknown; message: string } };
    expect(body.error.code).toBe('timeout');
    expect(body.error.message).toContain('50 ms');
    expect(signals[0]?.aborted).toBe(true);

    const error = await collectCompletion(clientOf(handler).stream({ model: 'm', messages })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 504, code: 'timeout', retryable: true });
    expect(describeChatError(error)).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('GET …/models is given the same limit', async () => {
    const { fetch } = hangingFetch();
    const handler = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 });
    const response = await handler(new Request('https://app.test/api/chat/models'));
    expect(response.status).toBe(504);
  });

  it('a stream gone silent ends with an error chunk: the text received is kept, the error is a retryable timeout', async () => {
    // The mock's stream up to its first words, then nothing.
    const start = await mockStreamStart(5);
    expect(start).toContain('"content":"Hello');
    const bodies: { cancelled: boolean }[] = [];
    const signals: AbortSignal[] = [];
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.signal) signals.push(init.signal);
      const { body, state } = stallingBody(start);
      bodies.push(state);
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }) as typeof globalThis.fetch;
    const handler = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 });

    const response = await handler(chatRequest({ model: 'mock/text', messages, stream: true }));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith(start)).toBe(true);
    const last = text.trim().split('\n\n').at(-1);
    expect(JSON.parse(last!.slice('data: '.length))).toMatchObject({
      error: { code: 'timeout' },
      choices: [{ finish_reason: 'error' }],
    });
    expect(bodies[0]?.cancelled).toBe(true);
    expect(signals[0]?.aborted).toBe(true);

    const error = (await collectCompletion(clientOf(handler).stream({ model: 'mock/text', messages })).catch(
      (caught: unknown) => caught,
    )) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ type: 'stream', code: 'timeout', retryable: true });
    expect(error.partial?.choices[0]?.message.content).toMatch(/^Hello/);
    expect(describeChatError(error)).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('limits each wait, not the whole reply: keep-alive comments restart it', async () => {
    vi.useFakeTimers();
    const encoder = new TextEncoder();
    let reads = 0;
    // Ten keep-alives 30 ms apart (300 ms in all, a limit of 50), then a chunk 80 ms later.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        reads++;
        await new Promise((resolve) => setTimeout(resolve, reads <= 10 ? 30 : 80));
        controller.enqueue(
          encoder.encode(
            reads <= 10
              ? ': OPENROUTER PROCESSING\n\n'
              : 'data: {"choices":[{"index":0,"delta":{"content":"late"},"finish_reason":null}]}\n\n',
          ),
        );
      },
    });
    const fetch = (async () =>
      new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })) as typeof globalThis.fetch;
    const handler = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 });
    const response = await handler(chatRequest({ model: 'm', messages, stream: true }));
    const text = response.text();
    await vi.advanceTimersByTimeAsync(400);
    const received = await text;
    expect(received.match(/: OPENROUTER PROCESSING/g)).toHaveLength(10);
    expect(received).not.toContain('late');
    expect(received).toContain('"code":"timeout"');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a JSON answer that stalls is a 504, its body given up', async () => {
    const { body, state } = stallingBody('{"id":"gen-1","choices":[');
    const fetch = (async () =>
      new Response(body, { headers: { 'Content-Type': 'application/json' } })) as typeof globalThis.fetch;
    const handler = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 });
    const response = await handler(chatRequest({ model: 'm', messages }));
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'timeout' } });
    expect(state.cancelled).toBe(true);
  });

  it('a late answer of a fetch that ignores its signal has its body cancelled', async () => {
    const { body, state } = stallingBody('');
    let answer: (response: Response) => void = () => {};
    const fetch = (() => new Promise<Response>((resolve) => (answer = resolve))) as typeof globalThis.fetch;
    const handler = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 });
    const response = await handler(chatRequest({ model: 'm', messages }));
    expect(response.status).toBe(504);
    answer(new Response(body));
    await vi.waitFor(() => expect(state.cancelled).toBe(true));
  });

  it('leaves no timer behind: a whole reply, a stream the browser stops, a browser gone before the headers', async () => {
    vi.useFakeTimers();
    const handler = createChatHandler({
      apiKey: KEY,
      fetch: createMockFetch({ tokenDelayMs: 0 }),
      timeoutMs: 50,
    });
    const whole = handler(chatRequest({ model: 'mock/text', messages }));
    await vi.runAllTimersAsync();
    expect((await whole).status).toBe(200);
    expect(vi.getTimerCount()).toBe(0);

    // A stream the browser stops while the handler waits for the endpoint's next bytes.
    const { body, state } = stallingBody(': OPENROUTER PROCESSING\n\n');
    const streaming = createChatHandler({
      apiKey: KEY,
      fetch: (async () =>
        new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })) as typeof globalThis.fetch,
      timeoutMs: 50,
    });
    const streamed = await streaming(chatRequest({ model: 'm', messages, stream: true }));
    const reader = streamed.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    await reader.cancel();
    expect(state.cancelled).toBe(true);
    // The cancel reaches the wait through the stream's pipe, a few promise steps on.
    await vi.advanceTimersByTimeAsync(1);
    expect(vi.getTimerCount()).toBe(0);

    const { fetch } = hangingFetch();
    const leaving = new AbortController();
    const waiting = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50 })(
      chatRequest({ model: 'm', messages }, { signal: leaving.signal }),
    );
    await vi.advanceTimersByTimeAsync(10);
    leaving.abort();
    expect((await waiting).status).toBe(499);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('without timeoutMs (or 0) nothing changes: the browser’s own signal goes upstream, no timer is set', async () => {
    for (const timeoutMs of [undefined, 0]) {
      const signals: (AbortSignal | null | undefined)[] = [];
      const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
        signals.push(init?.signal);
        return Response.json({ ok: true });
      }) as typeof globalThis.fetch;
      const request = chatRequest({ model: 'm', messages });
      await createChatHandler({ apiKey: KEY, fetch, timeoutMs })(request);
      expect(signals[0]).toBe(request.signal);
    }
  });
});

describe('createChatHandler timeoutMs and onFinish', () => {
  it('onFinish is told of the 504 (headers, a JSON answer), a stream ended by its timeout chunk, a browser gone first (499)', async () => {
    const events: ChatHandlerFinishEvent[] = [];
    const onFinish = (event: ChatHandlerFinishEvent) => void events.push(event);
    const { fetch } = hangingFetch();
    const noHeaders = createChatHandler({ apiKey: KEY, fetch, timeoutMs: 50, onFinish });
    expect((await noHeaders(chatRequest({ model: 'm', messages }))).status).toBe(504);
    const timedOut = {
      code: 'timeout',
      message: "The endpoint sent nothing for 50 ms (the server's timeoutMs).",
    };
    expect(events[0]).toMatchObject({ status: 504, isAbort: false, completion: undefined, error: timedOut });

    const { body } = stallingBody('{"id":"gen-1","choices":[');
    const json = createChatHandler({
      apiKey: KEY,
      fetch: (async () =>
        new Response(body, { headers: { 'Content-Type': 'application/json' } })) as typeof globalThis.fetch,
      timeoutMs: 50,
      onFinish,
    });
    expect((await json(chatRequest({ model: 'm', messages }))).status).toBe(504);
    expect(events[1]).toMatchObject({ status: 504, error: timedOut });

    const start = await mockStreamStart(5);
    const silent = createChatHandler({
      apiKey: KEY,
      fetch: (async () =>
        new Response(stallingBody(start).body, {
          headers: { 'Content-Type': 'text/event-stream' },
        })) as typeof globalThis.fetch,
      timeoutMs: 50,
      onFinish,
    });
    await (await silent(chatRequest({ model: 'mock/text', messages, stream: true }))).text();
    expect(events[2]).toMatchObject({ status: 200, isAbort: false, finishReason: 'error', error: timedOut });
    expect(events[2]?.completion?.choices[0]?.message.content).toMatch(/^Hello/);

    const leaving = new AbortController();
    const hanging = hangingFetch();
    const gone = createChatHandler({ apiKey: KEY, fetch: hanging.fetch, onFinish });
    const waiting = gone(chatRequest({ model: 'm', messages }, { signal: leaving.signal }));
    // Gone while the endpoint is asked.
    await vi.waitFor(() => expect(hanging.signals).toHaveLength(1));
    leaving.abort();
    expect((await waiting).status).toBe(499);
    expect(events[3]).toMatchObject({ status: 499, isAbort: true, error: undefined, completion: undefined });
    expect(events).toHaveLength(4);
  });
});

describe('createChatHandler timeoutMs with Node’s own fetch', () => {
  it('an endpoint on a real socket that goes silent: the stream ends with the error chunk, the socket is closed', async () => {
    let closed: () => void = () => {};
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    const server = createServer((_request, response) => {
      response.on('close', () => closed());
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write(': OPENROUTER PROCESSING\n\n');
      response.write('data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The limit's clock is the test's: the headers and "Hi" come over the socket whatever the
    // machine's load (a stalled event loop ran the 50 ms timer before the socket's data), and only
    // the silence after them runs it out.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { port } = server.address() as { port: number };
      const handler = createChatHandler({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 50 });
      const response = await handler(chatRequest({ model: 'm', messages, stream: true }));
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const read = reader.read();
        if (text.includes('"content":"Hi"')) await vi.advanceTimersByTimeAsync(50);
        const { done, value } = await read;
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text).toContain('"content":"Hi"');
      expect(text).toContain('"code":"timeout"');
      await socketClosed;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("createChatHandler onFinish: the endpoint's 401, its reason read within bounds", () => {
  /** A handler whose endpoint answers 401 with `body`; its `onFinish` records its events. */
  function refusing(body: ReadableStream<Uint8Array>, timeoutMs?: number) {
    const events: ChatHandlerFinishEvent[] = [];
    const handler = createChatHandler({
      apiKey: KEY,
      fetch: (async () => new Response(body, { status: 401 })) as typeof globalThis.fetch,
      onFinish: (event) => void events.push(event),
      timeoutMs,
    });
    return { handler, events };
  }

  it('a body that never ends: given up after 5 s without timeoutMs (after timeoutMs when shorter), with what came', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const [timeoutMs, waits] of [
      [undefined, 5000],
      [0, 5000],
      [50, 50],
      [60_000, 5000],
    ] as const) {
      const { body, state } = stallingBody('{"error":');
      const { handler, events } = refusing(body, timeoutMs);
      let answered = false;
      const answer = handler(chatRequest({ model: 'm', messages })).finally(() => (answered = true));
      await vi.advanceTimersByTimeAsync(waits - 1);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(answered).toBe(true));
      expect((await answer).status).toBe(500);
      expect(state.cancelled).toBe(true);
      expect(events).toEqual([
        expect.objectContaining({
          status: 500,
          isAbort: false,
          completion: undefined,
          error: { code: 401, message: 'HTTP 401: {"error":' },
        }),
      ]);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('a huge body is not read whole: its first 64 KiB, the rest cancelled', async () => {
    let pulled = 0;
    let cancelled = false;
    const size = 16_384;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 4_000_000) return controller.close();
        pulled += size;
        controller.enqueue(
          new TextEncoder().encode(`${'Not allowed. '.repeat(size / 16)}`.padEnd(size, '.')),
        );
      },
      cancel() {
        cancelled = true;
      },
    });
    const { handler, events } = refusing(body);
    expect((await handler(chatRequest({ model: 'm', messages }))).status).toBe(500);
    // The 64 KiB, and what the body's queue had taken in before the cancel.
    expect(pulled).toBeLessThanOrEqual(65_536 + 2 * size);
    expect(cancelled).toBe(true);
    expect(events[0]).toMatchObject({ status: 500, isAbort: false, error: { code: 401 } });
    expect(events[0]?.error?.message).toMatch(/^HTTP 401: Not allowed\. Not allowed\./);
  });

  it('a reason that fits reaches onFinish whole, however it is cut into reads, the key redacted', async () => {
    const text = JSON.stringify({
      error: { code: 401, message: `Key ${KEY} was revoked. ${'x'.repeat(60_000)}` },
    });
    const parts = [text.slice(0, 10), text.slice(10, 17), text.slice(17, 40_000), text.slice(40_000)];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const part = parts.shift();
        if (part === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(part));
      },
    });
    const { handler, events } = refusing(body);
    expect((await handler(chatRequest({ model: 'm', messages }))).status).toBe(500);
    expect(events[0]?.error).toEqual({
      code: 401,
      message: `Key [redacted] was revoked. ${'x'.repeat(60_000)}`,
    });
  });

  it('the browser gone while the reason is read: a 499 and isAbort, as for a JSON answer, the body given up', async () => {
    // A body that fails with the abort (as a real fetch's does), and one that ignores it.
    for (const honoursAbort of [true, false]) {
      const state = { cancelled: false };
      const events: ChatHandlerFinishEvent[] = [];
      let asked = false;
      const handler = createChatHandler({
        apiKey: KEY,
        fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => {
          asked = true;
          const signal = init?.signal;
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"error":'));
              if (honoursAbort) signal?.addEventListener('abort', () => controller.error(signal.reason));
            },
            cancel() {
              state.cancelled = true;
            },
          });
          return new Response(body, { status: 401 });
        }) as typeof globalThis.fetch,
        onFinish: (event) => void events.push(event),
      });
      const leaving = new AbortController();
      const answer = handler(chatRequest({ model: 'm', messages }, { signal: leaving.signal }));
      await vi.waitFor(() => expect(asked).toBe(true));
      leaving.abort();
      expect((await answer).status).toBe(499);
      expect(events).toEqual([
        expect.objectContaining({ status: 499, isAbort: true, error: undefined, completion: undefined }),
      ]);
      expect(state.cancelled).toBe(!honoursAbort);
    }
  });
});
