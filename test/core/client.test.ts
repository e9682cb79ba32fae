import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChatApiError,
  type ChatClientOptions,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  ChatRequestError,
  createChatClient,
  DEFAULT_BASE_URL,
} from '../../src/core/index.js';
import {
  bodyFrom,
  completion,
  event,
  jsonResponse,
  readFixture,
  request,
  sseResponse,
  textChunk,
} from './helpers.js';

/** A 200 completion whose choice carries an error (the text so far is kept). */
const failedCompletion = {
  ...completion,
  choices: [
    { ...completion.choices[0]!, finish_reason: 'error', error: { code: 502, message: 'Upstream failed' } },
  ],
};

type FetchCall = { url: string; init: RequestInit };

/** A fetch that answers with the given responses in turn and records the calls. */
function fakeFetch(...responses: (Response | Error | (() => Response | Promise<Response>))[]) {
  const calls: FetchCall[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const next = responses.shift();
    if (!next) throw new Error('unexpected fetch');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, mock: fetch };
}

/** A fetch that never answers until its signal aborts (then rejects like real fetch). */
function hangingFetch() {
  const calls: FetchCall[] = [];
  const fetch = vi.fn(
    (url: string | URL | Request, init: RequestInit = {}) =>
      new Promise<Response>((_, reject) => {
        calls.push({ url: String(url), init });
        init.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      }),
  );
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** A stream response that sends one text chunk ('half') and then nothing, its connection open. */
/** A response body the test writes into as it goes: `send(text)`, then `end()` or `fail(reason)`. */
function writableBody() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(opened) {
      controller = opened;
    },
  });
  return {
    body,
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    fail: (reason: unknown) => controller.error(reason),
  };
}

const silentAfterHalf = () =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(event(textChunk('half'))));
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );

const header = (call: FetchCall, name: string) => new Headers(call.init.headers).get(name);
const body = (call: FetchCall) => JSON.parse(call.init.body as string);

async function drain(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const client = (fetch: typeof globalThis.fetch, options: ChatClientOptions = {}) =>
  createChatClient({ fetch, ...options });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createChatClient: requests', () => {
  it('POSTs the request as given to the default endpoint', async () => {
    const { fetch, calls } = fakeFetch(jsonResponse(completion));
    const extra = { ...request, provider: { sort: 'price' }, custom_field: { kept: true } };
    expect(await client(fetch).complete(extra)).toEqual(completion);
    expect(calls[0]!.url).toBe(`${DEFAULT_BASE_URL}/chat/completions`);
    expect(DEFAULT_BASE_URL).toBe('https://novapai.ai/api/v1');
    expect(calls[0]!.init.method).toBe('POST');
    expect(body(calls[0]!)).toEqual(extra);
    expect(header(calls[0]!, 'content-type')).toBe('application/json');
    expect(header(calls[0]!, 'accept')).toBe('application/json');
  });

  it('complete returns a JSON reply as it came, not as the chunks it folds into would accumulate', async () => {
    // Accumulating would turn the empty content into null and add defaults to the call.
    const reply = {
      ...completion,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: '',
            tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{}' } }],
          },
        },
      ],
    };
    const { fetch } = fakeFetch(jsonResponse(reply));
    expect(await client(fetch).complete(request)).toEqual(reply);
  });

  it('streams with stream: true added and nothing else changed', async () => {
    const { fetch, calls } = fakeFetch(sseResponse([event(textChunk('Hi', 'stop')), 'data: [DONE]\n\n']));
    await drain(client(fetch, { baseUrl: 'http://127.0.0.1:1/api/v1/' }).stream(request));
    expect(calls[0]!.url).toBe('http://127.0.0.1:1/api/v1/chat/completions');
    expect(body(calls[0]!)).toEqual({ ...request, stream: true });
    expect(header(calls[0]!, 'accept')).toBe('text/event-stream');
  });

  it('sends the key, attribution, session and custom headers', async () => {
    const { fetch, calls } = fakeFetch(jsonResponse(completion), jsonResponse(completion));
    const headers = vi.fn(async () => ({ 'X-Token': `t${headers.mock.calls.length}` }));
    const chat = client(fetch, {
      apiKey: 'sk-secret',
      appUrl: 'https://app.example',
      appTitle: 'My App',
      sessionId: 'session-1',
      headers,
    });
    await chat.complete(request, { headers: { 'X-Per-Request': 'yes', 'x-title': 'Override' } });
    expect(header(calls[0]!, 'authorization')).toBe('Bearer sk-secret');
    expect(header(calls[0]!, 'http-referer')).toBe('https://app.example');
    expect(header(calls[0]!, 'x-title')).toBe('Override');
    expect(header(calls[0]!, 'x-session-id')).toBe('session-1');
    expect(header(calls[0]!, 'x-token')).toBe('t1');
    expect(header(calls[0]!, 'x-per-request')).toBe('yes');
    await chat.complete({ ...request, session_id: 'from-body' });
    expect(header(calls[1]!, 'x-token')).toBe('t2');
    expect(header(calls[1]!, 'x-session-id')).toBeNull();
    expect(body(calls[1]!).session_id).toBe('from-body');
  });

  it('looks fetch up on every call', async () => {
    const chat = createChatClient();
    const first = fakeFetch(jsonResponse(completion));
    vi.stubGlobal('fetch', first.fetch);
    await chat.complete(request);
    const second = fakeFetch(jsonResponse(completion));
    vi.stubGlobal('fetch', second.fetch);
    await chat.complete(request);
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(1);
  });

  it('keeps the API key out of client.options serialisation', () => {
    const chat = createChatClient({ apiKey: 'sk-hidden', baseUrl: 'http://127.0.0.1:1' });
    expect(chat.options.apiKey).toBe('sk-hidden');
    expect(JSON.stringify(chat.options)).not.toContain('sk-hidden');
    expect(Object.keys(chat.options)).not.toContain('apiKey');
  });

  it('validates first and rejects with ChatRequestError without touching the network', async () => {
    const { fetch, mock } = fakeFetch();
    const chat = client(fetch);
    const bad = { messages: [], temperature: 3 } as unknown as ChatCompletionRequest;
    const error = await chat.complete(bad).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatRequestError);
    expect((error as ChatRequestError).issues.map((issue) => issue.path)).toEqual([
      'messages',
      'temperature',
    ]);
    await expect(drain(chat.stream(bad))).rejects.toBeInstanceOf(ChatRequestError);
    expect(mock).not.toHaveBeenCalled();
  });

  it('accepts debug on stream() since stream: true is set for you', async () => {
    const { fetch } = fakeFetch(sseResponse([event(textChunk('x', 'stop'))]));
    await expect(
      drain(client(fetch).stream({ ...request, debug: { echo_upstream_body: true } })),
    ).resolves.toHaveLength(1);
    await expect(
      client(fetch).complete({ ...request, debug: { echo_upstream_body: true } }),
    ).rejects.toBeInstanceOf(ChatRequestError);
  });
});

describe('createChatClient: responses', () => {
  it('streams raw chunks, exposes the generation id, the completion, the response and comments', async () => {
    const { fetch } = fakeFetch(
      sseResponse([readFixture('text.sse')], { headers: { 'X-Generation-Id': 'gen-header' } }),
    );
    const onResponse = vi.fn();
    const comments: string[] = [];
    const stream = client(fetch).stream(request, {
      onResponse,
      onComment: (comment) => comments.push(comment),
    });
    expect(stream.generationId).toBeUndefined();
    const chunks = await drain(stream);
    expect(chunks).toHaveLength(7);
    expect(chunks[1]!.choices[0]!.delta!.content).toBe('亚');
    expect(stream.generationId).toBe('gen-header');
    expect(stream.completion!.choices[0]!.message.content).toBe('亚洲 😀 café 𝄞é done.');
    expect(onResponse).toHaveBeenCalledWith(
      expect.objectContaining({ status: 200, generationId: 'gen-header' }),
    );
    expect(comments).toEqual(['OPENROUTER PROCESSING', 'OPENROUTER PROCESSING']);
  });

  it('takes the generation id from the first chunk when there is no header', async () => {
    const { fetch } = fakeFetch(sseResponse([event(textChunk('a', 'stop', 'gen-chunk'))]));
    const stream = client(fetch).stream(request);
    await drain(stream);
    expect(stream.generationId).toBe('gen-chunk');
  });

  it('a stream can be iterated once', async () => {
    const { fetch } = fakeFetch(sseResponse([event(textChunk('a', 'stop'))]));
    const stream = client(fetch).stream(request);
    await drain(stream);
    await expect(drain(stream)).rejects.toThrow(/once/);
  });

  it('does not send anything until iteration starts', () => {
    const { fetch, mock } = fakeFetch();
    client(fetch).stream(request);
    expect(mock).not.toHaveBeenCalled();
  });

  it('complete() collects an SSE reply', async () => {
    const { fetch } = fakeFetch(sseResponse([readFixture('tool-calls.sse')]));
    const result = await client(fetch).complete({ ...request, stream: true });
    expect(result.choices[0]!.message.tool_calls).toHaveLength(2);
    expect(result.object).toBe('chat.completion');
  });

  it('stream() turns a JSON completion (a server ignoring stream) into one chunk', async () => {
    const { fetch } = fakeFetch(jsonResponse(completion));
    const stream = client(fetch).stream(request);
    const chunks = await drain(stream);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.choices[0]!.delta!.content).toBe('Hello');
    expect(stream.completion).toEqual(completion);
  });

  it('lists models', async () => {
    const models = { data: [{ id: 'openai/gpt-4o-mini', context_length: 128000 }] };
    const { fetch, calls } = fakeFetch(jsonResponse(models), jsonResponse({ nope: true }));
    const chat = client(fetch, { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
    expect(await chat.models()).toEqual(models);
    expect(calls[0]!.url).toBe('http://127.0.0.1:9/v1/models');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeNull();
    expect(header(calls[0]!, 'authorization')).toBe('Bearer k');
    await expect(chat.models()).rejects.toMatchObject({ code: 'invalid_response' });
  });
  it('reads a JSON reply, an error body and the models list with only the body its fetch gives and TextDecoder (Jest’s jsdom has no Response constructor or TransformStream)', async () => {
    // A UTF-8 character cut between two reads, as a network read may cut it.
    const bytes = new TextEncoder().encode(JSON.stringify({ ...completion, id: 'gen-é' }));
    const cut = bytes.indexOf(0xc3) + 1;
    const responses = [
      new Response(bodyFrom([bytes.slice(0, cut), bytes.slice(cut)]).body, {
        headers: { 'content-type': 'application/json' },
      }),
      jsonResponse({ error: { code: 402, message: 'Insufficient credits' } }, { status: 402 }),
      jsonResponse({ data: [] }),
    ];
    vi.stubGlobal('Response', undefined);
    vi.stubGlobal('TransformStream', undefined);
    const chat = client(fakeFetch(...responses).fetch, { maxRetries: 0 });
    expect((await chat.complete(request)).id).toBe('gen-é');
    await expect(chat.complete(request)).rejects.toMatchObject({
      status: 402,
      message: 'Insufficient credits',
    });
    expect(await chat.models()).toEqual({ data: [] });
  });
});

describe('createChatClient: errors', () => {
  const noRetry = (fetch: typeof globalThis.fetch) => client(fetch, { maxRetries: 0 });

  it('402 JSON error: message, code, metadata, generation id', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(
        {
          error: { code: 402, message: 'This request requires more credits', metadata: { limit: 5 } },
          user_id: 'u',
        },
        { status: 402, headers: { 'X-Generation-Id': 'gen-402' } },
      ),
    );
    const error = await noRetry(fetch)
      .complete(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({
      type: 'http',
      status: 402,
      code: 402,
      message: 'This request requires more credits',
      metadata: { limit: 5 },
      generationId: 'gen-402',
      partial: undefined,
    });
  });

  it('403 moderation error lists the reasons', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(
        {
          error: {
            code: 403,
            message: 'Input flagged',
            metadata: { reasons: ['harassment', 'violence'], flagged_input: 'x', provider_name: 'OpenAI' },
          },
        },
        { status: 403 },
      ),
    );
    const error = (await noRetry(fetch)
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error.message).toContain('harassment, violence');
    expect(error.metadata).toMatchObject({ flagged_input: 'x' });
  });

  it('502 provider error folds metadata.raw (a JSON string) into the message', async () => {
    const raw = JSON.stringify({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long' },
    });
    const { fetch } = fakeFetch(
      jsonResponse(
        {
          error: {
            code: 502,
            message: 'Provider returned error',
            metadata: { provider_name: 'Anthropic', raw },
          },
        },
        { status: 502 },
      ),
    );
    const error = (await noRetry(fetch)
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error.message).toBe('Provider returned error (Anthropic): prompt is too long');
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
  });

  it('folds a plain-string metadata.raw into the message', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(
        { error: { code: 400, message: 'Bad request', metadata: { raw: 'max_tokens too big' } } },
        { status: 400 },
      ),
    );
    await expect(noRetry(fetch).complete(request)).rejects.toMatchObject({
      message: 'Bad request: max_tokens too big',
    });
  });

  it('an HTML 502 page becomes a readable message', async () => {
    const html =
      '<!DOCTYPE html><html><head><style>body{color:red}</style><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const { fetch } = fakeFetch(
      new Response(html, {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html' },
      }),
      new Response(
        '<html><head><title>example.com | 502: Bad gateway</title></head><body>...</body></html>',
        {
          status: 502,
          statusText: 'Bad Gateway',
        },
      ),
    );
    const chat = noRetry(fetch);
    const first = (await chat.complete(request).catch((caught: unknown) => caught)) as ChatApiError;
    expect(first.message).toBe('HTTP 502 Bad Gateway');
    expect(first).toMatchObject({ type: 'http', status: 502, code: 502, body: html });
    const second = (await chat.complete(request).catch((caught: unknown) => caught)) as ChatApiError;
    expect(second.message).toBe('HTTP 502 Bad Gateway: example.com | 502: Bad gateway');
    expect(second.message).not.toContain('<');
  });

  it('a plain-text error body is quoted after the status', async () => {
    const { fetch } = fakeFetch(
      new Response('upstream timed out', { status: 504, statusText: 'Gateway Timeout' }),
    );
    await expect(noRetry(fetch).complete(request)).rejects.toMatchObject({
      message: 'HTTP 504 Gateway Timeout: upstream timed out',
      code: 504,
    });
  });

  it("a 404 without the endpoint's error body names the URL asked (a wrong base URL), without its query", async () => {
    const { fetch } = fakeFetch(
      new Response('Not found', { status: 404 }),
      new Response('<html><head><title>404: This page could not be found.</title></head></html>', {
        status: 404,
        headers: { 'content-type': 'text/html' },
      }),
      new Response('Not found', { status: 404 }),
    );
    const chat = createChatClient({
      baseUrl: 'https://app.example/api/chat/',
      apiKey: 'sk-secret-key-123456',
      fetch,
      maxRetries: 0,
    });
    await expect(chat.complete(request)).rejects.toMatchObject({
      status: 404,
      message: 'HTTP 404: Not found (https://app.example/api/chat/chat/completions)',
    });
    await expect(chat.models()).rejects.toMatchObject({
      message: 'HTTP 404: 404: This page could not be found. (https://app.example/api/chat/models)',
    });
    const secret = createChatClient({ baseUrl: 'https://app.example/v1?token=abc', fetch, maxRetries: 0 });
    const error = (await secret.complete(request).catch((caught: unknown) => caught)) as ChatApiError;
    expect(error.message).toBe('HTTP 404: Not found (https://app.example/v1)');
  });

  it('reads Retry-After seconds', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(
        { error: { code: 429, message: 'Rate limited' } },
        { status: 429, headers: { 'Retry-After': '7' } },
      ),
    );
    await expect(noRetry(fetch).complete(request)).rejects.toMatchObject({ status: 429, retryAfter: 7 });
  });

  it('a 200 JSON body holding error rejects', async () => {
    const { fetch } = fakeFetch(
      jsonResponse({ error: { message: 'Internal Server Error', code: 500 }, user_id: 'u' }),
      jsonResponse({ error: { message: 'Internal Server Error', code: 500 } }),
    );
    const chat = noRetry(fetch);
    await expect(chat.complete(request)).rejects.toMatchObject({
      type: 'http',
      status: 200,
      code: 500,
      message: 'Internal Server Error',
    });
    await expect(drain(chat.stream(request))).rejects.toMatchObject({ code: 500 });
  });

  it('a 200 completion with a choice error rejects with the completion as partial', async () => {
    const { fetch } = fakeFetch(jsonResponse(failedCompletion));
    const error = (await client(fetch)
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toMatchObject({ type: 'http', status: 200, code: 502, message: 'Upstream failed' });
    expect(error.partial!.choices[0]!.message.content).toBe('Hello');
  });

  it('stream() over a 200 JSON completion with a choice error rejects like complete()', async () => {
    const { fetch } = fakeFetch(jsonResponse(failedCompletion));
    const stream = client(fetch).stream(request);
    const error = (await drain(stream).catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toMatchObject({ type: 'http', status: 200, code: 502, message: 'Upstream failed' });
    expect(error.partial!.choices[0]!.message.content).toBe('Hello');
    expect(stream.completion!.choices[0]!.finish_reason).toBe('error');
  });

  it('an SSE content type without a body rejects with invalid_response', async () => {
    const { fetch } = fakeFetch(new Response(null, { headers: { 'content-type': 'text/event-stream' } }));
    await expect(drain(client(fetch).stream(request))).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('a 200 HTML page answering a stream request (a catch-all route) is invalid_response, not a cut-off stream', async () => {
    const page = '<!doctype html><html><body><div id="root"></div></body></html>';
    const { fetch } = fakeFetch(
      new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    );
    const error = (await drain(noRetry(fetch).stream(request)).catch(
      (caught: unknown) => caught,
    )) as ChatApiError;
    expect(error).toMatchObject({ type: 'http', status: 200, code: 'invalid_response' });
    expect(error.message).toBe('Expected JSON with a `choices` array, got an HTML page.');
  });

  it('a 200 HTML page in place of the reply (a Wi-Fi sign-in page) is named by its title, not shown as markup', async () => {
    const page =
      '<!DOCTYPE html><html><head><title>Hotel Wi-Fi - Sign in</title><style>body{margin:0}</style></head><body><form></form></body></html>';
    const { fetch } = fakeFetch(new Response(page, { headers: { 'content-type': 'text/html' } }));
    const error = (await noRetry(fetch)
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toMatchObject({ status: 200, code: 'invalid_response' });
    expect(error.message).toBe(
      'Expected JSON with a `choices` array, got an HTML page: Hotel Wi-Fi - Sign in.',
    );
  });

  it('a JSON reply cut off halfway is stream_truncated and retryable (retried, as a stream cut before its first byte), not invalid_response', async () => {
    const text = JSON.stringify(completion);
    const cut = () =>
      new Response(text.slice(0, text.length / 2), { headers: { 'content-type': 'application/json' } });
    const error = (await noRetry(fakeFetch(cut()).fetch)
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toMatchObject({ status: 200, code: 'stream_truncated', retryable: true });
    expect(error.message).toMatch(/^Expected JSON with a `choices` array, got "\{/);
    const { fetch, calls } = fakeFetch(cut(), jsonResponse(completion));
    await expect(client(fetch, { maxRetries: 1 }).complete(request)).resolves.toEqual(completion);
    expect(calls).toHaveLength(2);
  });

  it('a JSON reply cut off after whitespace before it (keep-alive newlines sent while the endpoint waits) is stream_truncated too', async () => {
    const text = `\n\n  ${JSON.stringify(completion)}`;
    const cut = new Response(text.slice(0, text.length / 2), {
      headers: { 'content-type': 'application/json' },
    });
    const error = (await noRetry(fakeFetch(cut).fetch)
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toMatchObject({ status: 200, code: 'stream_truncated', retryable: true });
  });

  it('a JSON reply that is not a completion rejects with invalid_response', async () => {
    const { fetch } = fakeFetch(jsonResponse({ hello: 'world' }), new Response('not json', { status: 200 }));
    const chat = client(fetch);
    await expect(chat.complete(request)).rejects.toMatchObject({ code: 'invalid_response', status: 200 });
    await expect(chat.complete(request)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('mid-stream error chunk rejects after the earlier chunks with the partial', async () => {
    const { fetch } = fakeFetch(sseResponse([readFixture('mid-stream-error.sse')]));
    const stream = client(fetch).stream(request);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]!.delta!.content as string);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['The text before ', 'the error']);
    expect(error).toMatchObject({ type: 'stream', status: undefined, code: 'server_error' });
    expect((error as ChatApiError).partial!.choices[0]!.message.content).toBe('The text before the error');
    expect(stream.completion!.choices[0]!.finish_reason).toBe('error');
  });

  it('network failure: network_error', async () => {
    const { fetch } = fakeFetch(
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      }),
    );
    const error = await noRetry(fetch)
      .complete(request)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: 'network', code: 'network_error', status: undefined });
    expect((error as ChatApiError).message).toContain('ECONNREFUSED');
  });

  it('a ReferenceError (a global the page lacks, a bug in a fetch of its own) is thrown as it is, not retried as a network failure', async () => {
    const missing = new ReferenceError('TransformStream is not defined');
    const { fetch, calls } = fakeFetch(missing, jsonResponse(completion));
    const error = await client(fetch)
      .complete(request)
      .catch((caught: unknown) => caught);
    expect(error).toBe(missing);
    expect(calls).toHaveLength(1);
    // A network failure, a TypeError from fetch, is still retried.
    const retried = fakeFetch(new TypeError('fetch failed'), jsonResponse(completion));
    vi.useFakeTimers();
    const answer = client(retried.fetch).complete(request);
    await vi.runAllTimersAsync();
    expect((await answer).choices[0]!.message.content).toBe(completion.choices[0]!.message.content);
    expect(retried.calls).toHaveLength(2);
  });

  it('never puts the API key in an error message', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(
        { error: { code: 401, message: 'Incorrect API key provided: sk-or-123' } },
        { status: 401 },
      ),
    );
    const error = (await client(fetch, { apiKey: 'sk-or-123' })
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error.message).toBe('Incorrect API key provided: [redacted]');
    expect(error.status).toBe(401);
  });

  it('keeps the API key out of the error body and metadata too (they are shown and persisted)', async () => {
    const { fetch } = fakeFetch(
      jsonResponse(
        {
          error: {
            code: 502,
            message: 'Provider returned error',
            metadata: { provider_name: 'P', raw: 'upstream said: bad key sk-or-123 (sk-or-123)' },
          },
        },
        { status: 502 },
      ),
    );
    const error = (await client(fetch, { apiKey: 'sk-or-123', maxRetries: 0 })
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(JSON.stringify([error.message, error.metadata, error.body])).not.toContain('sk-or-123');
    expect(error.metadata).toEqual({
      provider_name: 'P',
      raw: 'upstream said: bad key [redacted] ([redacted])',
    });
    expect(error.status).toBe(502);
  });

  it('keeps the API key out of a mid-stream error and a 200 choice error, keeping the text', async () => {
    const failing = (text: string) =>
      sseResponse([
        event(textChunk('Partial ')),
        event({
          ...textChunk('', 'error'),
          error: { code: 'server_error', message: `Bad key ${text}`, metadata: { raw: `key=${text}` } },
        }),
      ]);
    const key = 'sk-or-123';
    const streamed = client(fakeFetch(failing(key)).fetch, { apiKey: key, maxRetries: 0 }).stream(request);
    const error = (await (async () => {
      for await (const _chunk of streamed);
    })().catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error.type).toBe('stream');
    expect(error.message).toBe('Bad key [redacted]: key=[redacted]');
    expect(error.metadata).toEqual({ raw: 'key=[redacted]' });
    expect(error.partial?.choices[0]?.message.content).toBe('Partial ');

    const choiceError = {
      ...failedCompletion,
      choices: [{ ...failedCompletion.choices[0]!, error: { code: 502, message: `Upstream: ${key}` } }],
    };
    const whole = (await client(fakeFetch(jsonResponse(choiceError)).fetch, { apiKey: key, maxRetries: 0 })
      .complete(request)
      .catch((caught: unknown) => caught)) as ChatApiError;
    expect(whole).toBeInstanceOf(ChatApiError);
    expect(whole.message).toBe('Upstream: [redacted]');
    expect(whole.partial?.choices[0]?.message.content).toBe('Hello');
    // The partial reply holds the choice's error too: no copy of the key there either.
    expect(JSON.stringify(whole.partial)).toContain('Upstream: [redacted]');
    expect(JSON.stringify([whole.partial, error.partial])).not.toContain(key);
  });

  it('keeps the API key out of errors that clip the text quoting it (all but its last characters)', async () => {
    const key = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;
    // Placed so that each clip (a message cut at 300 characters, a quoted body at 80, a quoted
    // chunk at 120) falls two characters before the key's end.
    const lead = (clip: number) => 'x'.repeat(clip - key.length + 2);
    const failures: [string, Response, boolean][] = [
      [
        'a text error body (and a header echoing the key)',
        new Response(`${lead(300)}${key}`, { status: 401, headers: { 'x-generation-id': `gen-${key}` } }),
        false,
      ],
      [
        'an HTML error page',
        new Response(`<html><title>${lead(300)}${key}</title></html>`, { status: 502 }),
        false,
      ],
      [
        'metadata.raw',
        jsonResponse(
          { error: { code: 400, message: 'Bad', metadata: { raw: `${lead(300)}${key}` } } },
          { status: 400 },
        ),
        false,
      ],
      ['a JSON reply without choices', jsonResponse({ x: `${lead(80 - 7)}${key}` }), false],
      [
        'a stream chunk that is not JSON',
        sseResponse([event(textChunk('Hi')), `data: ${lead(120)}${key}\n\n`]),
        true,
      ],
    ];
    for (const [name, response, streamed] of failures) {
      const chat = client(fakeFetch(response).fetch, { apiKey: key, maxRetries: 0 });
      const error = (await (streamed ? drain(chat.stream(request)) : chat.complete(request)).catch(
        (caught: unknown) => caught,
      )) as ChatApiError;
      expect(error, name).toBeInstanceOf(ChatApiError);
      expect(error.message, name).toContain('[redacted]');
      // Not even its first 12 characters (3 of its 64 secret digits) are left anywhere.
      const shown = JSON.stringify({ ...error, message: error.message });
      expect(shown, name).not.toContain(key.slice(0, 12));
    }
  });

  it('a key the platform refuses as a header value is reported without quoting it', async () => {
    const { fetch, mock } = fakeFetch();
    const error = (await client(fetch, { apiKey: 'sk-or-abc\ndef' })
      .complete(request)
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'Invalid Authorization header value (a line break or non-Latin-1 character?).',
    );
    expect(error.message).not.toContain('sk-or-abc');
    expect(mock).not.toHaveBeenCalled();
  });

  it('finish_reason "error" without an error object still fails the turn, keeping the text', async () => {
    const bare = {
      ...completion,
      choices: [{ ...completion.choices[0]!, finish_reason: 'error' }],
    };
    const { fetch } = fakeFetch(
      sseResponse([event(textChunk('Half an ')), event(textChunk('answer', 'error'))]),
      jsonResponse(bare),
    );
    const chat = client(fetch);
    const streamed = (await drain(chat.stream(request)).catch((caught: unknown) => caught)) as ChatApiError;
    expect(streamed).toBeInstanceOf(ChatApiError);
    expect(streamed).toMatchObject({ type: 'stream', code: 'server_error' });
    expect(streamed.partial!.choices[0]!.message.content).toBe('Half an answer');
    const whole = (await chat.complete(request).catch((caught: unknown) => caught)) as ChatApiError;
    expect(whole).toMatchObject({ type: 'http', status: 200, code: 'server_error' });
    expect(whole.partial!.choices[0]!.message.content).toBe('Hello');
  });
});

describe('createChatClient: timeouts and aborts', () => {
  it('times out waiting for the response: timeout', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = hangingFetch();
    const pending = client(fetch, { timeoutMs: 1000, maxRetries: 0 })
      .complete(request)
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls[0]!.init.signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ type: 'timeout', code: 'timeout' });
  });

  it('times out when the body stalls, keeping the partial', async () => {
    vi.useFakeTimers();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(event(textChunk('slow'))));
      },
    });
    const { fetch } = fakeFetch(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const stream = client(fetch, { timeoutMs: 500 }).stream(request);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value.choices[0].delta.content).toBe('slow');
    const next = iterator.next().catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(500);
    const error = (await next) as ChatApiError;
    expect(error).toMatchObject({ type: 'timeout', code: 'timeout' });
    expect(error.partial!.choices[0]!.message.content).toBe('slow');
  });

  it('without timeoutMs, a stream that went silent after its first bytes fails after 120 s, its text kept, not re-sent', async () => {
    // A half-open connection (the server gone, TCP still open) streamed forever until Stop.
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(silentAfterHalf(), sseResponse([event(textChunk('again', 'stop'))]));
    let settled = false;
    const pending = drain(client(fetch).stream(request))
      .catch((caught: unknown) => caught)
      .finally(() => {
        settled = true;
      });
    await vi.advanceTimersByTimeAsync(119_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await pending) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ type: 'timeout', code: 'timeout', retryable: true });
    expect(error.partial!.choices[0]!.message.content).toBe('half');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mock).toHaveBeenCalledTimes(1);
  });

  it('without timeoutMs, keep-alive comments keep a stream alive however long the wait, and nothing before its first byte is limited', async () => {
    vi.useFakeTimers();
    const { body, send, end } = writableBody();
    // The headers after 5 minutes, the body's first byte 5 minutes later: a long wait for a slow
    // model (or a proxy holding the response) is not cut, nor sent again.
    const fetch = vi.fn(
      () =>
        new Promise<Response>((resolve) =>
          setTimeout(
            () => resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } })),
            300_000,
          ),
        ),
    );
    const pending = drain(client(fetch as unknown as typeof globalThis.fetch).stream(request));
    await vi.advanceTimersByTimeAsync(600_000);
    send(event(textChunk('a')));
    // Then ten minutes of keep-alives 100 s apart (under the 120 s limit each), then the end.
    for (let index = 0; index < 6; index++) {
      await vi.advanceTimersByTimeAsync(100_000);
      send(': OPENROUTER PROCESSING\n\n');
    }
    await vi.advanceTimersByTimeAsync(100_000);
    send(event(textChunk('b', 'stop')));
    end();
    const chunks = await pending;
    expect(chunks.map((chunk) => chunk.choices[0]!.delta!.content)).toEqual(['a', 'b']);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('in Node, the deadline timers do not keep the process alive: a stream abandoned without return() holds no test or server open', async () => {
    // The 120 s idle limit set once a stream's body has begun, and `timeoutMs`, were ref'd timers:
    // a consumer dropping the iterator after a chunk kept the process up until they fired.
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const deadlines = (ms: number) =>
      setTimer.mock.calls.flatMap((call, index) =>
        call[1] === ms ? [setTimer.mock.results[index]!.value as NodeJS.Timeout] : [],
      );
    for (const options of [{}, { timeoutMs: 30_000 }]) {
      const { fetch } = fakeFetch(silentAfterHalf());
      const chunks = client(fetch, options).stream(request)[Symbol.asyncIterator]();
      expect((await chunks.next()).value).toMatchObject({ choices: [{ delta: { content: 'half' } }] });
      // Then waiting for the next chunk, and dropped.
      void chunks.next().catch(() => {});
    }
    const timers = [...deadlines(120_000), ...deadlines(30_000)];
    expect(timers.length).toBeGreaterThanOrEqual(2);
    expect(timers.map((timer) => timer.hasRef())).toEqual(timers.map(() => false));
    for (const timer of timers) clearTimeout(timer);
  });

  it('timeoutMs: 0 sets no limit at all, not even on a stream gone silent', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch(silentAfterHalf());
    const controller = new AbortController();
    let settled = false;
    const pending = drain(client(fetch, { timeoutMs: 0 }).stream(request, { signal: controller.signal }))
      .catch((caught: unknown) => caught)
      .finally(() => {
        settled = true;
      });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(settled).toBe(false);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
  });

  it('does not count the consumer’s time between chunks against timeoutMs', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch(sseResponse([event(textChunk('a')), event(textChunk('b', 'stop'))]));
    const iterator = client(fetch, { timeoutMs: 100 }).stream(request)[Symbol.asyncIterator]();
    await iterator.next();
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await iterator.next()).value.choices[0].delta.content).toBe('b');
  });

  it('restarts the deadline at every wait: steady bytes never time out, a stall after them does', async () => {
    vi.useFakeTimers();
    const { body, send } = writableBody();
    const { fetch } = fakeFetch(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const iterator = client(fetch, { timeoutMs: 100 }).stream(request)[Symbol.asyncIterator]();
    const received: string[] = [];
    // Ten chunks 60 ms apart: 600 ms in all, never 100 ms without bytes.
    for (let index = 0; index < 10; index++) {
      const next = iterator.next();
      await vi.advanceTimersByTimeAsync(60);
      send(event(textChunk(String(index))));
      received.push((await next).value.choices[0].delta.content);
    }
    expect(received.join('')).toBe('0123456789');
    const stalled = iterator.next().catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(99);
    let settled = false;
    void stalled.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await stalled) as ChatApiError;
    expect(error).toMatchObject({ type: 'timeout', code: 'timeout' });
    expect(error.partial!.choices[0]!.message.content).toBe('0123456789');
  });

  it('restarts the deadline at every read of a JSON body too, not only of a stream', async () => {
    // Headers after 80 ms, then the body in three reads 60 ms apart: never 100 ms without bytes.
    vi.useFakeTimers();
    const text = JSON.stringify(completion);
    const { body, send, end, fail } = writableBody();
    // Like a real fetch, an abort of its signal breaks the body off.
    const fetch = vi.fn((_url: string, init: RequestInit) => {
      init.signal!.addEventListener('abort', () => fail(init.signal!.reason));
      return new Promise<Response>((resolve) =>
        setTimeout(
          () => resolve(new Response(body, { headers: { 'content-type': 'application/json' } })),
          80,
        ),
      );
    });
    const pending = client(fetch as unknown as typeof globalThis.fetch, { timeoutMs: 100, maxRetries: 0 })
      .complete(request)
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(80);
    for (const part of [text.slice(0, 10), text.slice(10, 20), text.slice(20)]) {
      await vi.advanceTimersByTimeAsync(60);
      send(part);
    }
    end();
    const result = await pending;
    expect(result).not.toBeInstanceOf(Error);
    expect((result as ChatCompletion).choices[0]!.message.content).toBe('Hello');
  });

  it('caller abort before the response rejects with AbortError, not ChatApiError', async () => {
    const { fetch } = hangingFetch();
    const controller = new AbortController();
    const pending = client(fetch)
      .complete(request, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(ChatApiError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('an already aborted signal sends nothing', async () => {
    const { fetch, mock } = fakeFetch();
    await expect(
      client(fetch).complete(request, { signal: AbortSignal.abort('custom reason') }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(mock).not.toHaveBeenCalled();
  });

  it('caller abort mid-stream rejects with AbortError', async () => {
    const { fetch } = fakeFetch(
      sseResponse([event(textChunk('a')), event(textChunk('b')), event(textChunk('c', 'stop'))]),
    );
    const controller = new AbortController();
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of client(fetch).stream(request, { signal: controller.signal })) {
        seen.push(chunk.choices[0]!.delta!.content);
        controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['a']);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });
});

describe('createChatClient: retries', () => {
  const rateLimited = (retryAfter?: string) =>
    jsonResponse(
      { error: { code: 429, message: 'Rate limited' } },
      { status: 429, ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': retryAfter } }) },
    );

  it('honours Retry-After before retrying a 429', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(rateLimited('2'), jsonResponse(completion));
    const pending = client(fetch).complete(request);
    await vi.advanceTimersByTimeAsync(1999);
    expect(mock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mock).toHaveBeenCalledTimes(2);
    expect(await pending).toEqual(completion);
  });

  it('leaves no listener on the caller’s signal after waiting to retry', async () => {
    // One long-lived signal for many requests (Node warns past 10 listeners on one signal).
    const { fetch } = fakeFetch(rateLimited('0'), jsonResponse(completion));
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, 'addEventListener');
    const removed = vi.spyOn(signal, 'removeEventListener');
    expect(await client(fetch).complete(request, { signal })).toEqual(completion);
    const left = added.mock.calls.filter(
      ([, listener]) => !removed.mock.calls.some(([, gone]) => gone === listener),
    );
    expect(left).toEqual([]);
  });

  it('backs off exponentially with jitter for 5xx, 408 and network errors', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(
      new Response('busy', { status: 503 }),
      jsonResponse({ error: { code: 408, message: 'Timeout' } }, { status: 408 }),
      new TypeError('fetch failed'),
      jsonResponse(completion),
    );
    const pending = client(fetch, { maxRetries: 3 }).complete(request);
    // Attempt n waits between half and all of 500 ms * 2^n.
    await vi.advanceTimersByTimeAsync(249);
    expect(mock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(251);
    expect(mock).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(mock).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(mock).toHaveBeenCalledTimes(4);
    expect(await pending).toEqual(completion);
  });

  it('the jitter spans half to all of the delay (Math.random drives it)', async () => {
    vi.useFakeTimers();
    const random = vi.spyOn(Math, 'random');
    /** Calls made just before and just after `at` ms, with Math.random returning `value`. */
    const callsAround = async (value: number, at: number) => {
      random.mockReturnValue(value);
      const { fetch, mock } = fakeFetch(new Response('busy', { status: 503 }), jsonResponse(completion));
      const pending = client(fetch).complete(request);
      await vi.advanceTimersByTimeAsync(at - 2);
      const before = mock.mock.calls.length;
      await vi.advanceTimersByTimeAsync(3);
      const after = mock.mock.calls.length;
      await pending;
      return [before, after];
    };
    // 500 ms × (0.5 + random / 2): 250 ms with random 0, 495 ms with random 0.98.
    expect(await callsAround(0, 250)).toEqual([1, 2]);
    expect(await callsAround(0.98, 495)).toEqual([1, 2]);
  });

  it('caps the backoff at 8 s, so that a long run of retries keeps waiting instead of giving up', async () => {
    vi.useFakeTimers();
    // Jitter at its top: attempt n waits 500 ms * 2^n, up to 8 s (uncapped, attempt 7 would wait
    // over 60 s, which is never waited for).
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const busy = () => new Response('busy', { status: 503 });
    const { fetch, mock } = fakeFetch(...Array.from({ length: 8 }, busy), jsonResponse(completion));
    const pending = client(fetch, { maxRetries: 8 }).complete(request);
    await vi.advanceTimersByTimeAsync(250 + 500 + 1000 + 2000 + 4000);
    expect(mock).toHaveBeenCalledTimes(5);
    for (let attempt = 5; attempt < 9; attempt++) {
      await vi.advanceTimersByTimeAsync(8000);
      expect(mock).toHaveBeenCalledTimes(attempt + 1);
    }
    expect(await pending).toEqual(completion);
  });

  it('gives up after maxRetries (default 2) with the last error', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(
      new Response('a', { status: 500 }),
      new Response('b', { status: 502 }),
      new Response('c', { status: 503 }),
    );
    const pending = client(fetch)
      .complete(request)
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mock).toHaveBeenCalledTimes(3);
    expect(await pending).toMatchObject({ status: 503, message: 'HTTP 503: c' });
  });

  it('retries a 200 body holding a 5xx or 429 error (nothing was streamed yet)', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(
      jsonResponse({ error: { message: 'Internal Server Error', code: 500 } }),
      jsonResponse({ error: { message: 'Rate limited', code: 429 } }),
      sseResponse([event(textChunk('ok', 'stop'))]),
    );
    const pending = drain(client(fetch).stream(request));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).map((chunk) => chunk.choices[0]?.delta?.content)).toEqual(['ok']);
    expect(mock).toHaveBeenCalledTimes(3);
  });

  it('does not retry 400, 401, 402, 403 or 404', async () => {
    for (const status of [400, 401, 402, 403, 404]) {
      const { fetch, mock } = fakeFetch(jsonResponse({ error: { code: status, message: 'no' } }, { status }));
      await expect(client(fetch).complete(request)).rejects.toMatchObject({ status });
      expect(mock).toHaveBeenCalledTimes(1);
    }
  });

  it('retries a stream before its first byte, never after', async () => {
    vi.useFakeTimers();
    const first = fakeFetch(rateLimited('1'), sseResponse([event(textChunk('ok', 'stop'))]));
    const pending = drain(client(first.fetch).stream(request));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await pending)[0]!.choices[0]!.delta!.content).toBe('ok');
    expect(first.mock).toHaveBeenCalledTimes(2);

    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new TypeError('terminated'));
        else controller.enqueue(new TextEncoder().encode(event(textChunk('half'))));
        sent = true;
      },
    });
    const second = fakeFetch(new Response(broken, { headers: { 'content-type': 'text/event-stream' } }));
    const error = await drain(client(second.fetch).stream(request)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'network_error',
      partial: { choices: [{ message: { content: 'half' } }] },
    });
    expect(second.mock).toHaveBeenCalledTimes(1);
  });

  it('retries a timeout (no answer within timeoutMs) like a network error', async () => {
    vi.useFakeTimers();
    const hanging = hangingFetch();
    let calls = 0;
    const fetch = ((url: string, init: RequestInit) =>
      ++calls === 1
        ? hanging.fetch(url, init)
        : Promise.resolve(jsonResponse(completion))) as typeof globalThis.fetch;
    const pending = client(fetch, { timeoutMs: 1000 }).complete(request);
    await vi.advanceTimersByTimeAsync(1000);
    expect(hanging.calls[0]!.init.signal!.aborted).toBe(true);
    // The first retry waits 250–500 ms.
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(2);
    expect(await pending).toEqual(completion);
  });

  /** An SSE response whose body delivers `parts`, then breaks off (as a dropped connection does). */
  const broken = (...parts: string[]) =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const part = parts.shift();
          if (part === undefined) controller.error(new TypeError('terminated'));
          else controller.enqueue(new TextEncoder().encode(part));
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );

  /** An SSE response whose body never sends a byte and ignores the fetch's abort (a custom fetch). */
  const silent = () => {
    const state = { cancelled: false };
    const response = new Response(
      new ReadableStream<Uint8Array>({
        cancel() {
          state.cancelled = true;
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );
    return Object.assign(state, { response });
  };

  it('retries a stream whose body breaks off before its first byte; onResponse sees only the used response', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(
      broken(),
      sseResponse([event(textChunk('second try', 'stop'))], { headers: { 'x-generation-id': 'gen-2' } }),
    );
    const onResponse = vi.fn();
    const pending = drain(client(fetch).stream(request, { onResponse }));
    await vi.advanceTimersByTimeAsync(249);
    expect(mock).toHaveBeenCalledTimes(1);
    // The first retry waits 250–500 ms, as after a network error before the response.
    await vi.advanceTimersByTimeAsync(251);
    expect(mock).toHaveBeenCalledTimes(2);
    expect((await pending).map((chunk) => chunk.choices[0]!.delta!.content)).toEqual(['second try']);
    expect(onResponse).toHaveBeenCalledTimes(1);
    expect(onResponse.mock.calls[0]![0]).toMatchObject({ status: 200, generationId: 'gen-2' });
  });

  it('complete() retries an SSE reply whose body breaks off before its first byte too', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(broken(), sseResponse([event(textChunk('ok', 'stop'))]));
    const pending = client(fetch).complete({ ...request, stream: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(mock).toHaveBeenCalledTimes(2);
    expect((await pending).choices[0]!.message.content).toBe('ok');
  });

  it('never retries a stream once a byte of its body arrived, even a keep-alive comment alone', async () => {
    vi.useFakeTimers();
    for (const [parts, partial] of [
      [[': OPENROUTER PROCESSING\n\n'], undefined],
      [[event(textChunk('half')), 'data: {"id":'], 'half'],
    ] as const) {
      const { fetch, mock } = fakeFetch(broken(...parts), sseResponse([event(textChunk('again', 'stop'))]));
      const pending = drain(client(fetch).stream(request)).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(10_000);
      const error = (await pending) as ChatApiError;
      expect(error).toBeInstanceOf(ChatApiError);
      expect(error).toMatchObject({ code: 'network_error', retryable: true });
      expect(error.partial?.choices[0]?.message.content).toBe(partial);
      expect(mock).toHaveBeenCalledTimes(1);
    }
  });

  it('never re-sends a stream that failed after its text arrived, though its error is retryable', async () => {
    // Cut off, an error chunk (string or 5xx code), a bad chunk, a dropped connection: each may
    // succeed if sent again (`retryable`), and only the user's Retry sends it (the text shown
    // would repeat).
    vi.useFakeTimers();
    const errorChunk = (code: number | string) => ({
      ...textChunk('', 'error'),
      error: { code, message: 'Upstream failed' },
    });
    for (const [parts, code] of [
      [[event(textChunk('half'))], 'stream_truncated'],
      [[event(textChunk('half')), event(errorChunk('server_error'))], 'server_error'],
      [[event(textChunk('half')), event(errorChunk(502))], 502],
      [[event(textChunk('half')), 'data: {"id":\n\n'], 'invalid_chunk'],
    ] as const) {
      const { fetch, mock } = fakeFetch(sseResponse(parts), sseResponse([event(textChunk('again', 'stop'))]));
      const pending = drain(client(fetch).stream(request)).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(10_000);
      const error = (await pending) as ChatApiError;
      expect(error).toBeInstanceOf(ChatApiError);
      expect(error).toMatchObject({ type: 'stream', code, retryable: true });
      expect(error.partial?.choices[0]?.message.content).toBe('half');
      expect(mock).toHaveBeenCalledTimes(1);
    }
    // A stream that stalls after its text (timeoutMs) is not sent again either.
    const { fetch, mock } = fakeFetch(silentAfterHalf(), sseResponse([event(textChunk('again', 'stop'))]));
    const pending = drain(client(fetch, { timeoutMs: 1000 }).stream(request)).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await pending).toMatchObject({ type: 'timeout', retryable: true });
    expect(mock).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxRetries on bodies breaking off before their first byte, with the last error', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(broken(), broken(), broken(), sseResponse([event(textChunk('late'))]));
    const onResponse = vi.fn();
    const pending = drain(client(fetch).stream(request, { onResponse })).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = (await pending) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ type: 'network', code: 'network_error', partial: undefined });
    expect(mock).toHaveBeenCalledTimes(3);
    expect(onResponse).not.toHaveBeenCalled();
  });

  it('retries a stream whose first read times out (timeoutMs), cancelling the silent body', async () => {
    vi.useFakeTimers();
    const first = silent();
    const { fetch, mock } = fakeFetch(first.response, sseResponse([event(textChunk('ok', 'stop'))]));
    const pending = drain(client(fetch, { timeoutMs: 1000 }).stream(request));
    await vi.advanceTimersByTimeAsync(999);
    expect(first.cancelled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(mock).toHaveBeenCalledTimes(2);
    expect((await pending)[0]!.choices[0]!.delta!.content).toBe('ok');
  });

  it('can be aborted while waiting for a stream’s first byte, or to retry after it failed', async () => {
    vi.useFakeTimers();
    const waiting = silent();
    const first = fakeFetch(waiting.response);
    const controller = new AbortController();
    const pending = drain(client(first.fetch).stream(request, { signal: controller.signal })).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    expect(waiting.cancelled).toBe(true);

    const second = fakeFetch(broken(), sseResponse([event(textChunk('ok', 'stop'))]));
    const again = new AbortController();
    const retrying = drain(client(second.fetch).stream(request, { signal: again.signal })).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(100);
    again.abort('user left');
    expect(await retrying).toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(second.mock).toHaveBeenCalledTimes(1);
  });

  it('a fetch that answers after the timeout or the abort (ignoring its signal): the silent body is cancelled, not waited for', async () => {
    vi.useFakeTimers();
    /** A fetch that ignores its signal and answers after 2 s with a body that never sends a byte. */
    const late = () => {
      const body = silent();
      const answer = () => new Promise<Response>((resolve) => setTimeout(resolve, 2000, body.response));
      return { body, answer };
    };
    const timedOut = late();
    const { fetch, mock } = fakeFetch(timedOut.answer, sseResponse([event(textChunk('ok', 'stop'))]));
    const settled = vi.fn();
    const pending = drain(client(fetch, { timeoutMs: 1000 }).stream(request)).finally(settled);
    await vi.advanceTimersByTimeAsync(2000);
    // Timed out before the headers came: that response is dropped, and the request retried.
    expect(timedOut.body.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mock).toHaveBeenCalledTimes(2);
    expect(settled).toHaveBeenCalled();
    expect((await pending)[0]!.choices[0]!.delta!.content).toBe('ok');

    const aborted = late();
    const controller = new AbortController();
    const stopped = fakeFetch(aborted.answer);
    const result = drain(client(stopped.fetch).stream(request, { signal: controller.signal })).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(2000);
    expect(aborted.body.cancelled).toBe(true);
    expect(await result).toMatchObject({ name: 'AbortError' });
  });

  it('a fetch that never answers and ignores its signal: timeoutMs and an abort still end the request', async () => {
    vi.useFakeTimers();
    // A custom fetch (a polyfill, a wrapper) that drops the signal: its promise never settles.
    const never = () => new Promise<Response>(() => {});
    const timedOut = drain(
      client(fakeFetch(never).fetch, { timeoutMs: 1000, maxRetries: 0 }).stream(request),
    ).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await timedOut).toMatchObject({ type: 'timeout', code: 'timeout', retryable: true });

    const controller = new AbortController();
    const stopped = client(fakeFetch(never).fetch)
      .complete(request, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    expect(await stopped).toMatchObject({ name: 'AbortError' });

    // An error body that stops sending (and ignores the abort) times out too, and is retried.
    const stalled = new Response(
      new ReadableStream<Uint8Array>({
        start(body) {
          body.enqueue(new TextEncoder().encode('{"error":'));
        },
      }),
      { status: 503, headers: { 'content-type': 'application/json' } },
    );
    const { fetch, mock } = fakeFetch(stalled, jsonResponse(completion));
    const retried = client(fetch, { timeoutMs: 1000 }).complete(request);
    await vi.advanceTimersByTimeAsync(2000);
    expect(mock).toHaveBeenCalledTimes(2);
    expect((await retried).choices[0]!.message.content).toBe(completion.choices[0]!.message.content);
  });

  it('does not wait for a Retry-After beyond a minute', async () => {
    const { fetch, mock } = fakeFetch(rateLimited('3600'));
    await expect(client(fetch).complete(request)).rejects.toMatchObject({ status: 429, retryAfter: 3600 });
    expect(mock).toHaveBeenCalledTimes(1);
  });

  it('can be aborted while waiting to retry', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(rateLimited('30'), jsonResponse(completion));
    const controller = new AbortController();
    const pending = client(fetch)
      .complete(request, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(mock).toHaveBeenCalledTimes(1);
  });
});

describe('createChatClient: releasing the body', () => {
  it('cancels an unread SSE body when the consumer stops before the first chunk', async () => {
    let cancelled = false;
    // A keep-alive first: `onResponse` comes with the body's first bytes.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(': OPENROUTER PROCESSING\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { fetch } = fakeFetch(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const stream = client(fetch).stream(request, {
      onResponse: () => {
        throw new Error('consumer failed');
      },
    });
    await expect(drain(stream)).rejects.toThrow('consumer failed');
    expect(cancelled).toBe(true);
  });

  it('cancels a JSON body read whole that its fetch leaves open when the caller aborts, as a stream’s', async () => {
    let cancelled = false;
    // Half a reply, then nothing: a custom fetch whose body ignores the abort.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { fetch } = fakeFetch(new Response(body, { headers: { 'content-type': 'application/json' } }));
    const controller = new AbortController();
    const pending = client(fetch).complete(request, { signal: controller.signal });
    await vi.waitFor(() => expect(body.locked).toBe(true));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(cancelled).toBe(true);
  });
});
