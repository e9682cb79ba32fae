import { describe, expect, it, vi } from 'vitest';
import type { ChatCompletionRequest } from '../../src/core/index.js';
import { createChatHandler } from '../../src/server/index.js';
import { createMockFetch } from '../../src/testing/index.js';

const KEY = 'sk-or-server-secret';
const messages = [{ role: 'user' as const, content: 'Hello' }];
const post = (body: unknown, init: RequestInit = {}) =>
  new Request('https://app.test/api/chat/chat/completions', {
    method: 'POST',
    body: JSON.stringify(body),
    ...init,
    headers: { 'Content-Type': 'application/json' },
  });

describe('createChatHandler edge cases', () => {
  it('a path of 64,000 slashes is answered; trailing slashes are still dropped, however many', async () => {
    // Trailing slashes were matched from every slash: 1.7 s of CPU per request. Its speed against
    // a linear floor is a row of `npm run bench` (pathological).
    const fetch = vi.fn(createMockFetch({ tokenDelayMs: 0 }));
    const handler = createChatHandler({ apiKey: KEY, fetch });
    const slashes = '/'.repeat(64_000);
    const response = await handler(new Request(`https://app.test${slashes}x`));
    expect(response.status).toBe(404);
    // The path as it came: no slash of a run followed by more path is dropped.
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      `GET ${slashes}x.`,
    );
    const models = await handler(new Request('https://app.test/api/chat/models//'));
    expect(models.status).toBe(200);
    // A run of 64,000 ending the path is dropped whole, after slashes elsewhere in it.
    const many = await handler(new Request(`https://app.test/api//chat/models${slashes}`));
    expect(many.status).toBe(200);
    const after = await handler(
      new Request(`https://app.test${slashes}models${slashes}`, { method: 'POST' }),
    );
    expect(after.status).toBe(405);
    // The run before `models` kept, the one after it dropped whole.
    expect(((await after.json()) as { error: { message: string } }).error.message).toBe(
      `Use GET for ${slashes}models.`,
    );
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('maxCompletionTokens keeps a smaller legacy max_tokens', async () => {
    const bodies: ChatCompletionRequest[] = [];
    const handler = createChatHandler({
      apiKey: KEY,
      maxCompletionTokens: 100,
      fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) }),
    });
    await handler(post({ model: 'mock/text', messages, max_tokens: 10 }));
    expect(bodies[0]?.max_completion_tokens).toBe(10);
  });

  it('maxCompletionTokens: with both max_completion_tokens and max_tokens, the smaller holds', async () => {
    const bodies: ChatCompletionRequest[] = [];
    const handler = createChatHandler({
      apiKey: KEY,
      maxCompletionTokens: 100,
      fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) }),
    });
    await handler(post({ model: 'mock/text', messages, max_completion_tokens: 80, max_tokens: 20 }));
    await handler(post({ model: 'mock/text', messages, max_completion_tokens: 30, max_tokens: 500 }));
    expect(bodies.map((body) => [body.max_completion_tokens, body.max_tokens])).toEqual([
      [20, undefined],
      [30, undefined],
    ]);
  });

  it('the server key wins over an Authorization in options.headers', async () => {
    const fetch = vi.fn(async () => Response.json({}));
    const handler = createChatHandler({ apiKey: KEY, headers: { Authorization: 'Bearer other' }, fetch });
    await handler(post({ model: 'm', messages }));
    const headers = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers as Headers;
    expect(headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it("options.headers win over the browser's Accept as over its other headers", async () => {
    const fetch = vi.fn(async () => Response.json({}));
    const handler = createChatHandler({ apiKey: KEY, headers: { Accept: 'application/json' }, fetch });
    await handler(new Request('https://app.test/api/chat/models', { headers: { Accept: 'text/html' } }));
    const headers = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers as Headers;
    expect(headers.get('accept')).toBe('application/json');
  });

  it('a browser gone before the endpoint answers gets a 499, not a 502', async () => {
    const handler = createChatHandler({
      apiKey: KEY,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    const browser = new AbortController();
    const pending = handler(post({ model: 'm', messages }, { signal: browser.signal }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    browser.abort();
    expect((await pending).status).toBe(499);
  });

  it('a stream ending on what could start the key loses nothing', async () => {
    const handler = createChatHandler({
      apiKey: KEY,
      fetch: async () =>
        new Response('data: {"partial":"s', { headers: { 'content-type': 'text/event-stream' } }),
    });
    const response = await handler(post({ model: 'm', messages, stream: true }));
    expect(await response.text()).toBe('data: {"partial":"s');
  });

  it('a JSON type only in a parameter is a 415: a cross-site page sends text/plain without a preflight', async () => {
    const fetch = vi.fn(async () => Response.json({}));
    const handler = createChatHandler({ apiKey: KEY, fetch });
    const body = JSON.stringify({ model: 'm', messages });
    for (const type of [
      'text/plain; charset=application/json',
      'application/x-www-form-urlencoded; x=application/json',
      'multipart/form-data; boundary=application/json',
      'application/jsonp',
    ]) {
      const response = await handler(
        new Request('https://app.test/api/chat/chat/completions', {
          method: 'POST',
          body,
          headers: { 'Content-Type': type },
        }),
      );
      expect(response.status, type).toBe(415);
    }
    expect(fetch).not.toHaveBeenCalled();
    // The type's case and its parameters do not matter.
    const shouted = await handler(
      new Request('https://app.test/api/chat/chat/completions', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
      }),
    );
    expect(shouted.status).toBe(200);
  });

  it('a body that breaks off while read is a 400 (a 499 once the browser has gone), not a throw', async () => {
    const fetch = vi.fn(async () => Response.json({}));
    const handler = createChatHandler({ apiKey: KEY, fetch });
    const breaking = (signal?: AbortSignal) => {
      let reads = 0;
      return new Request('https://app.test/api/chat/chat/completions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        duplex: 'half',
        ...(signal ? { signal } : {}),
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            if (reads++ === 0) controller.enqueue(new TextEncoder().encode('{"messages":'));
            else controller.error(new TypeError('terminated'));
          },
        }),
      } as RequestInit);
    };
    const response = await handler(breaking());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(400);
    const browser = new AbortController();
    browser.abort();
    expect((await handler(breaking(browser.signal))).status).toBe(499);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('passes on bytes that are not UTF-8 (a BOM, a stray byte) as they came, the key still replaced', async () => {
    const bytes = (...parts: (string | number[])[]) =>
      new Uint8Array(
        parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)),
      );
    const sent = bytes([0xef, 0xbb, 0xbf], 'data: {"a":"', [0xff, 0xc3], `"} ${KEY} 亚\n\n`);
    const expected = bytes([0xef, 0xbb, 0xbf], 'data: {"a":"', [0xff, 0xc3], '"} [redacted] 亚\n\n');
    for (const type of ['text/event-stream', 'application/json']) {
      const handler = createChatHandler({
        apiKey: KEY,
        fetch: async () => new Response(sent, { headers: { 'content-type': type } }),
      });
      const response = await handler(post({ model: 'm', messages, stream: true }));
      expect(new Uint8Array(await response.arrayBuffer()), type).toEqual(expected);
    }
  });

  it('a JSON answer that breaks off is a 502 without the key, or a 499 when the browser went away', async () => {
    // As the platform's body does, it fails when the request is aborted.
    const breaking = (signal?: AbortSignal | null, browser?: AbortController) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            signal?.addEventListener('abort', () => controller.error(signal.reason));
          },
          pull(controller) {
            if (browser) browser.abort();
            else controller.error(new TypeError(`terminated while sending ${KEY}`));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const broken = createChatHandler({ apiKey: KEY, fetch: async () => breaking() });
    const response = await broken(new Request('https://app.test/api/chat/models'));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { code: 502, message: "The endpoint's answer broke off: terminated while sending [redacted]" },
    });

    const browser = new AbortController();
    const gone = createChatHandler({
      apiKey: KEY,
      fetch: async (_url, init) => breaking(init?.signal, browser),
    });
    expect((await gone(post({ model: 'm', messages }, { signal: browser.signal }))).status).toBe(499);
  });

  it('an answer whose status takes no body (204, 304) is passed on, not thrown', async () => {
    for (const status of [204, 205, 304]) {
      const handler = createChatHandler({
        apiKey: KEY,
        fetch: async () => new Response(null, { status, headers: { 'x-generation-id': 'gen-1' } }),
      });
      const response = await handler(new Request('https://app.test/api/chat/models'));
      expect(response.status).toBe(status);
      expect(response.headers.get('x-generation-id')).toBe('gen-1');
      expect(response.body).toBeNull();
    }
  });

  it('streams an answer whose type is written in capitals (media types ignore case) as it comes', async () => {
    let pulls = 0;
    const handler = createChatHandler({
      apiKey: KEY,
      fetch: async () =>
        new Response(
          // Read whole, the first read would hold both events.
          new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.enqueue(
                new TextEncoder().encode(pulls++ === 0 ? 'data: {}\n\n' : 'data: [DONE]\n\n'),
              );
              if (pulls === 2) controller.close();
            },
          }),
          { headers: { 'content-type': 'Text/Event-Stream' } },
        ),
    });
    const response = await handler(post({ model: 'm', messages, stream: true }));
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const { value } = await response.body!.getReader().read();
    expect(new TextDecoder().decode(value)).toBe('data: {}\n\n');
  });

  it('a missing key (an environment variable not set) is a 500 with nothing sent, not a throw', async () => {
    for (const apiKey of [undefined, async () => undefined]) {
      const fetch = vi.fn(async () =>
        Response.json({ error: { code: 401, message: 'No auth' } }, { status: 401 }),
      );
      const handler = createChatHandler({ apiKey: apiKey as unknown as string, fetch });
      const response = await handler(new Request('https://app.test/api/chat/models'));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: {
          code: 500,
          message: 'No API key: apiKey gave undefined (is its environment variable set?).',
        },
      });
      expect(fetch).not.toHaveBeenCalled();
    }
  });

  it('a blank key (a variable set to nothing) is a 500 too, not "Bearer " and the endpoint\'s 401', async () => {
    for (const apiKey of ['', '  ', () => '']) {
      const fetch = vi.fn(async () =>
        Response.json({ error: { code: 401, message: 'No auth' } }, { status: 401 }),
      );
      const handler = createChatHandler({ apiKey, fetch });
      const response = await handler(new Request('https://app.test/api/chat/models'));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: {
          code: 500,
          message: 'No API key: apiKey gave an empty string (is its environment variable set?).',
        },
      });
      expect(fetch).not.toHaveBeenCalled();
    }
  });

  it('a body transformRequest gets wrong (none, not JSON, one the endpoint refuses) is a 500 that says so, nothing sent', async () => {
    // Typed loosely: these are the mistakes the types would catch in TypeScript, made in JavaScript.
    const cases: [(body: ChatCompletionRequest) => unknown, string][] = [
      [() => undefined, 'transformRequest returned undefined, not a request body (is a return missing?).'],
      [
        async (body) => [body],
        'transformRequest returned an array, not a request body (is a return missing?).',
      ],
      [
        (body) => ({ ...body, seed: 10n }),
        'transformRequest returned a body that is not JSON: Do not know how to serialize a BigInt',
      ],
      [
        // A `toJSON` that gives nothing: no JSON at all (the handler's promise rejected).
        (body) => ({ ...body, toJSON: () => undefined }),
        'transformRequest returned a body that is not JSON: its toJSON() gave nothing to send',
      ],
      [
        (body) => ({ ...body, temperature: 3, user: KEY }),
        'transformRequest returned a body the endpoint would refuse: Invalid chat completion request: temperature: expected a number from 0 to 2, got 3',
      ],
      [
        // A body quoting the key (a field set from the wrong variable): not in the message.
        (body) => ({ ...body, top_p: KEY }),
        'transformRequest returned a body the endpoint would refuse: Invalid chat completion request: top_p: expected a number from 0 to 1, got "[redacted]"',
      ],
    ];
    for (const [transformRequest, message] of cases) {
      const fetch = vi.fn(createMockFetch({ tokenDelayMs: 0 }));
      const handler = createChatHandler({ apiKey: KEY, fetch, transformRequest: transformRequest as never });
      const response = await handler(post({ model: 'mock/text', messages }));
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
      expect(fetch).not.toHaveBeenCalled();
    }
  });

  it('a body over maxBodyBytes whose source fails to cancel is still a 413, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const fetch = vi.fn(createMockFetch({ tokenDelayMs: 0 }));
      const handler = createChatHandler({ apiKey: KEY, fetch, maxBodyBytes: 100 });
      // A framework's own body stream whose cancel fails (its connection already gone, say): an
      // unhandled rejection ends a Node process.
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => controller.enqueue(new TextEncoder().encode('x'.repeat(64))),
        cancel: () => Promise.reject(new Error('cancel failed')),
      });
      const response = await handler(
        new Request('https://app.test/api/chat/chat/completions', {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/json' },
          duplex: 'half',
        } as RequestInit),
      );
      expect(response.status).toBe(413);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).toEqual([]);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('a key with white space around it (as pasted into a secrets form) is still redacted where the endpoint quotes it', async () => {
    // The platform trims a header value: the endpoint gets the key without the space, and quotes it so.
    for (const apiKey of [` ${KEY}`, `\t${KEY}\n`, () => `\n ${KEY} `]) {
      const sent: (string | null)[] = [];
      const handler = createChatHandler({
        apiKey,
        fetch: async (_url, init) => {
          const authorization = new Headers(init?.headers).get('authorization');
          sent.push(authorization);
          return Response.json(
            // The token as an endpoint reads it: after "Bearer", white space aside.
            {
              error: { code: 403, message: 'Invalid key', metadata: { key: authorization?.slice(7).trim() } },
            },
            { status: 403 },
          );
        },
      });
      const response = await handler(new Request('https://app.test/api/chat/models'));
      expect(await response.text()).toBe(
        '{"error":{"code":403,"message":"Invalid key","metadata":{"key":"[redacted]"}}}',
      );
      expect(sent).toEqual([`Bearer ${KEY}`]);
    }
  });
});
