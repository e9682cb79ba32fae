import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  accumulateChunk,
  ChatApiError,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionDelta,
  createChatClient,
  decodeChatStream,
  describeWireError,
  type JsonSchema,
  validateRequest,
} from '../../src/core/index.js';
import { checkJsonSchema, parseJson } from '../../src/core/json.js';
import { bodyFrom, completion, event, jsonResponse, request, sseResponse, textChunk } from './helpers.js';

function chunk(delta: ChatCompletionDelta, extra: Record<string, unknown> = {}): ChatCompletionChunk {
  return {
    id: 'gen-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: null, ...extra }],
  };
}

function accumulate(chunks: ChatCompletionChunk[]): ChatCompletion {
  let result: ChatCompletion | undefined;
  for (const item of chunks) result = accumulateChunk(result, item);
  return result!;
}

/** A fetch that answers with the given responses in turn. */
function fakeFetch(...responses: Response[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const mock = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const next = responses.shift();
    if (!next) throw new Error('unexpected fetch');
    return next;
  });
  return { fetch: mock as unknown as typeof globalThis.fetch, calls, mock };
}

const rateLimited = (retryAfter: string) =>
  jsonResponse(
    { error: { code: 429, message: 'Rate limited' } },
    { status: 429, headers: { 'Retry-After': retryAfter } },
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('accumulateChunk: wire edge cases', () => {
  it('gives each call a distinct generated id when a provider sends every call at index 0 without ids', () => {
    const result = accumulate([
      chunk({
        tool_calls: [{ index: 0, type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      }),
      chunk({
        tool_calls: [{ index: 0, type: 'function', function: { name: 'get_time', arguments: '{}' } }],
      }),
    ]);
    const calls = result.choices[0]!.message.tool_calls!;
    expect(calls.map((call) => call.function.name)).toEqual(['get_weather', 'get_time']);
    expect(calls.every((call) => typeof call.id === 'string' && call.id !== '')).toBe(true);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  it('keeps text streamed before content parts as a leading text part', () => {
    const result = accumulate([
      chunk({ content: 'Here is ' }),
      chunk({ content: [{ type: 'text', text: 'the rest' }] }),
    ]);
    expect(result.choices[0]!.message.content).toEqual([
      { type: 'text', text: 'Here is ' },
      { type: 'text', text: 'the rest' },
    ]);
  });

  it('concatenates logprobs.refusal lists like logprobs.content', () => {
    const token = (text: string) => ({ token: text, logprob: -0.1, bytes: null });
    const result = accumulate([
      chunk({ refusal: 'I' }, { logprobs: { content: null, refusal: [token('I')] } }),
      chunk({ refusal: ' cannot' }, { logprobs: { content: null, refusal: [token(' cannot')] } }),
    ]);
    const logprobs = result.choices[0]!.logprobs!;
    expect(logprobs.refusal!.map((entry) => entry.token)).toEqual(['I', ' cannot']);
    expect(result.choices[0]!.message.refusal).toBe('I cannot');
  });

  it('treats an empty tool_calls array in a delta as no change', () => {
    const first = accumulate([chunk({ content: 'Hi' })]);
    const next = accumulateChunk(first, chunk({ tool_calls: [] }));
    expect(next).toBe(first);
    expect(next.choices[0]!.message).not.toHaveProperty('tool_calls');
  });
});

describe('decodeChatStream: clean-up and abort reasons', () => {
  it('removes its abort listener from the signal once the stream ends', async () => {
    const controller = new AbortController();
    const before = getEventListeners(controller.signal, 'abort').length;
    const { body } = bodyFrom([event(textChunk('Hi', 'stop')), 'data: [DONE]\n\n']);
    const seen: ChatCompletionChunk[] = [];
    for await (const item of decodeChatStream(body, { signal: controller.signal })) seen.push(item);
    expect(seen).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(before);
  });

  it('a ChatApiError abort reason is thrown with the partial added and its cause kept', async () => {
    const controller = new AbortController();
    const cause = new Error('user pressed stop');
    const reason = new ChatApiError({ type: 'stream', code: 'stopped', message: 'Stopped', cause });
    const stream = decodeChatStream(sseResponse([event(textChunk('Half'))]).body!, {
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta?.content).toBe('Half');
    controller.abort(reason);
    const error = (await iterator.next().catch((caught: unknown) => caught)) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ code: 'stopped', message: 'Stopped' });
    expect(error.partial!.choices[0]!.message.content).toBe('Half');
    expect(error.cause).toBe(cause);
  });
});

describe('createChatClient: headers, content types, Retry-After', () => {
  it('per-request headers win over the client’s headers', async () => {
    for (const headers of [{ 'X-Tenant': 'client' }, () => ({ 'X-Tenant': 'client' })]) {
      const { fetch, calls } = fakeFetch(jsonResponse(completion));
      await createChatClient({ fetch, headers }).complete(request, { headers: { 'X-Tenant': 'request' } });
      expect(new Headers(calls[0]!.init.headers).get('x-tenant')).toBe('request');
    }
  });

  it('decodes a streamed reply whose proxy labels the SSE body as text/plain', async () => {
    const body = `${event(textChunk('Hello', 'stop'))}data: [DONE]\n\n`;
    const { fetch } = fakeFetch(
      new Response(body, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    );
    const chunks: ChatCompletionChunk[] = [];
    for await (const item of createChatClient({ fetch }).stream(request)) chunks.push(item);
    expect(chunks.map((item) => item.choices[0]?.delta?.content)).toEqual(['Hello']);
  });

  it('waits for a Retry-After of exactly 60 seconds (only longer ones are not waited for)', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(rateLimited('60'), jsonResponse(completion));
    const pending = createChatClient({ fetch }).complete(request);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(mock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mock).toHaveBeenCalledTimes(2);
    expect(await pending).toEqual(completion);
  });

  it('retries at once on Retry-After: 0 instead of backing off', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(rateLimited('0'), jsonResponse(completion));
    const pending = createChatClient({ fetch }).complete(request);
    await vi.advanceTimersByTimeAsync(1);
    expect(mock).toHaveBeenCalledTimes(2);
    expect(await pending).toEqual(completion);
  });

  it('aborting the wait before a retry leaves no timer pending', async () => {
    vi.useFakeTimers();
    const { fetch, mock } = fakeFetch(rateLimited('30'), jsonResponse(completion));
    const controller = new AbortController();
    const pending = createChatClient({ fetch })
      .complete(request, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
    expect(mock).toHaveBeenCalledTimes(1);
  });
});

describe('describeWireError: provider name', () => {
  it('adds the provider only when the message does not already name it', () => {
    const moderation = {
      code: 403,
      message: 'openai/gpt-4o requires moderation on Mock. Your input was flagged for "harassment".',
      metadata: { reasons: ['harassment'], provider_name: 'Mock' },
    };
    expect(describeWireError(moderation, 'x')).toBe(`${moderation.message} (reasons: harassment)`);
    expect(
      describeWireError(
        { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Mock' } },
        'x',
      ),
    ).toBe('Provider returned error (Mock)');
  });
});

describe('validateRequest: developer messages', () => {
  it('developer messages take text parts only, like system messages', () => {
    const issues = validateRequest({
      messages: [
        {
          role: 'developer',
          content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }],
        },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(['messages[0].content[0].type']);
  });
});

describe('checkJsonSchema and parseJson: more keywords', () => {
  it('checks each item of a tuple-form items list against its own schema', () => {
    const schema: JsonSchema = { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] };
    expect(checkJsonSchema(['Paris', 3], schema)).toEqual([]);
    expect(checkJsonSchema([3, 'Paris'], schema).map((issue) => issue.path)).toEqual(['$[0]', '$[1]']);
  });

  it('checks properties not listed in properties against an additionalProperties schema', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { name: { type: 'string' } },
      additionalProperties: { type: 'number' },
    };
    expect(checkJsonSchema({ name: 'a', score: 2 }, schema)).toEqual([]);
    expect(checkJsonSchema({ name: 'a', score: 'high' }, schema)).toEqual([
      { path: '$.score', message: 'expected number, got string' },
    ]);
  });

  it('keeps triple backticks inside a fenced JSON document’s strings', () => {
    const value = { snippet: '```js\nlet a = 1;\n```' };
    const text = `\`\`\`json\n${JSON.stringify(value)}\n\`\`\``;
    expect(parseJson(text)).toEqual({ ok: true, value });
  });
});
