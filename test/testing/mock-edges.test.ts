import { setupServer } from 'msw/node';
import type { ChatCompletion, JsonSchema } from '../../src/core/types.js';
import { createMockFetch } from '../../src/testing/index.js';
import { createMockHandlers } from '../../src/testing/msw.js';
import { startMockServer } from '../../src/testing/server.js';
import { BEHAVIOUR_REQUESTS, WEATHER_TOOLS } from './fixtures';
import {
  BASE_URL,
  chunksOf,
  contentOf,
  deltas,
  finishReasons,
  post,
  streamEvents,
  toolFragments,
} from './helpers';

async function completionOf(
  body: Parameters<typeof post>[0],
  options: Parameters<typeof post>[1] = {},
): Promise<ChatCompletion> {
  return (await (await post(body, options)).json()) as ChatCompletion;
}

/** Settles `promise` as its value or error, or as `'pending'` after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | unknown> {
  return Promise.race([
    promise.then(
      (value) => value,
      (error: unknown) => error,
    ),
    new Promise((resolve) => setTimeout(resolve, ms, 'pending')),
  ]);
}

const chatBody = (body: Record<string, unknown>) =>
  JSON.stringify({ messages: [{ role: 'user', content: 'Hello there' }], ...body });

describe('usage', () => {
  const cached = (text: string) => ({
    role: 'user' as const,
    content: [{ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } }],
  });

  test('the first turn reads nothing from the prompt cache; a later turn does', async () => {
    const first = await completionOf({ messages: [cached('Long context')] });
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const later = await completionOf({
      messages: [
        cached('Long context'),
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'And?' },
      ],
    });
    expect(later.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
  });

  test('total_tokens is prompt_tokens plus completion_tokens, reasoning included', async () => {
    for (const body of [{ model: 'mock/reasoning' }, { reasoning: { exclude: true } }]) {
      const usage = (await completionOf(body)).usage!;
      expect(usage.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    }
  });
});

describe('request options the mock honours', () => {
  test('structured output (README): a string or an object in replies scripts the JSON, as given (a broken one too), streamed or whole; mock/json keeps its own; max_completion_tokens cuts it with length', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { sentiment: { enum: ['positive', 'negative'] } },
      required: ['sentiment'],
    };
    const body = {
      model: 'openai/gpt-4o-mini',
      response_format: { type: 'json_schema', json_schema: { name: 'sentiment', schema } },
    } as const;
    const own = await completionOf(body);
    expect(JSON.parse(own.choices[0]?.message.content as string)).toEqual({ sentiment: 'positive' });
    for (const content of ['{"sentiment":"negative"}', '{"sentiment": "neg']) {
      for (const reply of [content, { content }]) {
        const scripted = await completionOf(body, { replies: [reply] });
        expect(scripted.choices[0]?.message.content).toBe(content);
        expect(scripted.choices[0]?.finish_reason).toBe('stop');
        expect(contentOf(chunksOf(await streamEvents(body, { replies: () => reply })))).toBe(content);
      }
      const jsonObject = { ...body, response_format: { type: 'json_object' } } as const;
      expect((await completionOf(jsonObject, { replies: [content] })).choices[0]?.message.content).toBe(
        content,
      );
    }
    // JSON cut at the token limit, scripted (README): the text as given, finish_reason length.
    const scriptedCut = { content: '{"sentiment": "neg', finish_reason: 'length' };
    expect((await completionOf(body, { replies: [scriptedCut] })).choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: '{"sentiment": "neg' },
    });
    // The answer to tool results is the JSON reply too; a tool call the prompt asks for stays one.
    const afterTools = { ...BEHAVIOUR_REQUESTS['auto tool results'], response_format: body.response_format };
    const answer = await completionOf(afterTools, { replies: ['{"sentiment":"negative"}'] });
    expect(answer.choices[0]?.message.content).toBe('{"sentiment":"negative"}');
    const toolsAsked = { ...BEHAVIOUR_REQUESTS['auto tools'], response_format: body.response_format };
    const call = await completionOf(toolsAsked, { replies: ['{"sentiment":"negative"}'] });
    expect(call.choices[0]?.finish_reason).toBe('tool_calls');
    const mockJson = await completionOf({ ...body, model: 'mock/json' }, { replies: ['not used'] });
    expect(JSON.parse(mockJson.choices[0]?.message.content as string)).toEqual({ sentiment: 'positive' });
    const cut = await completionOf({ ...body, max_completion_tokens: 2 });
    expect(cut.choices[0]?.finish_reason).toBe('length');
    expect(() => JSON.parse(cut.choices[0]?.message.content as string)).toThrow();
  });

  test('with logprobs, chunks that carry no text (reasoning, the role chunk) have null logprobs', async () => {
    const chunks = chunksOf(await streamEvents({ model: 'mock/reasoning', logprobs: true }));
    const withoutText = chunks.filter((chunk) => chunk.choices[0] && !chunk.choices[0].delta?.content);
    expect(withoutText.some((chunk) => chunk.choices[0]?.delta?.reasoning)).toBe(true);
    expect(withoutText.every((chunk) => (chunk.choices[0]?.logprobs ?? null) === null)).toBe(true);
  });

  test('a reply that fits max_completion_tokens exactly finishes with stop, not length', async () => {
    const replies = ['One two three four five six.'];
    const whole = await completionOf({ model: 'mock/text' }, { replies });
    const tokens = whole.usage!.completion_tokens;
    expect(tokens).toBeGreaterThan(1);
    const exact = await completionOf({ model: 'mock/text', max_completion_tokens: tokens }, { replies });
    expect(exact.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: replies[0] } });
    const short = await completionOf({ model: 'mock/text', max_completion_tokens: tokens - 1 }, { replies });
    expect(short.choices[0]?.finish_reason).toBe('length');
  });

  test('max_completion_tokens bounds completion_tokens, excluded (unstreamed) reasoning included', async () => {
    const replies = ['One two three four five six.'];
    const reasoning = { effort: 'high' as const, exclude: true };
    const whole = await completionOf({ model: 'mock/text', reasoning }, { replies });
    const hidden = whole.usage!.completion_tokens_details!.reasoning_tokens!;
    expect(hidden).toBeGreaterThan(10);
    // The reasoning comes first: what it leaves of the budget goes to the answer.
    const after = await completionOf(
      { model: 'mock/text', reasoning, max_completion_tokens: hidden + 2 },
      { replies },
    );
    expect(after.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'One two' } });
    expect(after.usage?.completion_tokens).toBe(hidden + 2);
    const within = await completionOf(
      { model: 'mock/text', reasoning, max_completion_tokens: 10 },
      { replies },
    );
    expect(within.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: null } });
    expect(within.usage).toMatchObject({
      completion_tokens: 10,
      completion_tokens_details: { reasoning_tokens: 10 },
    });
  });

  test('parallel_tool_calls: false gives one call even when the prompt asks for several tools', async () => {
    const messages = [
      { role: 'user' as const, content: 'Check the weather and search flights from Lyon to Oslo' },
    ];
    const parallel = chunksOf(await streamEvents({ messages, tools: WEATHER_TOOLS }));
    expect(new Set(toolFragments(parallel).map((fragment) => fragment.index)).size).toBe(2);
    const single = chunksOf(
      await streamEvents({ messages, tools: WEATHER_TOOLS, parallel_tool_calls: false }),
    );
    expect(new Set(toolFragments(single).map((fragment) => fragment.index))).toEqual(new Set([0]));
    expect(toolFragments(single).filter((fragment) => fragment.id)).toHaveLength(1);
  });

  test('a named tool_choice never calls another tool, even when the named one is not in tools', async () => {
    const chunks = chunksOf(
      await streamEvents({
        messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
        tools: WEATHER_TOOLS,
        tool_choice: { type: 'function', function: { name: 'book_hotel' } },
      }),
    );
    expect(toolFragments(chunks)).toHaveLength(0);
    expect(finishReasons(chunks)).toEqual(['stop']);
  });

  test('reasoning effort "none" turns reasoning off', async () => {
    const chunks = chunksOf(await streamEvents({ reasoning: { effort: 'none' } }));
    expect(deltas(chunks).some((delta) => delta.reasoning || delta.reasoning_details)).toBe(false);
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });
});

describe('json_schema replies follow the schema', () => {
  const reply = async (properties: Record<string, JsonSchema>) =>
    JSON.parse(
      contentOf(
        chunksOf(
          await streamEvents({
            response_format: {
              type: 'json_schema',
              json_schema: { name: 'answer', schema: { type: 'object', properties } },
            },
          }),
        ),
      ),
    ) as Record<string, unknown>;

  test('the answer to tool results follows response_format too', async () => {
    const { messages = [], tools = [] } = BEHAVIOUR_REQUESTS['auto tool results']!;
    const body = {
      messages,
      tools,
      response_format: {
        type: 'json_schema' as const,
        json_schema: {
          name: 'answer',
          schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    };
    expect(JSON.parse(contentOf(chunksOf(await streamEvents(body))))).toEqual({ city: expect.any(String) });
    const completion = await completionOf({ ...body, response_format: { type: 'json_object' } });
    expect(() => JSON.parse(completion.choices[0]!.message.content as string)).not.toThrow();
  });

  test('a property with both examples and a default takes its first examples entry', async () => {
    expect(await reply({ title: { type: 'string', examples: ['Crêpes'], default: 'Untitled' } })).toEqual({
      title: 'Crêpes',
    });
  });

  test('numbers respect maximum and minimum', async () => {
    const value = await reply({
      rating: { type: 'integer', minimum: 0, maximum: 2 },
      share: { type: 'number', maximum: 0.5 },
      floor: { type: 'integer', minimum: 10 },
    });
    expect(value.rating).toBeLessThanOrEqual(2);
    expect(value.share).toBeLessThanOrEqual(0.5);
    expect(value.floor).toBeGreaterThanOrEqual(10);
  });

  test('integers respect fractional bounds (the nearest integer inside them)', async () => {
    const value = await reply({
      low: { type: 'integer', maximum: 0.5 },
      high: { type: 'integer', minimum: 3.5 },
      negative: { type: 'integer', maximum: -2.5 },
    });
    expect(value).toEqual({ low: 0, high: 4, negative: -3 });
  });

  test("a string's format wins over what its property name suggests", async () => {
    const value = await reply({
      date: { type: 'string', format: 'email' },
      link: { type: 'string', format: 'date' },
      birthday: { type: 'string', format: 'uri' },
    });
    expect(value.date).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(value.link).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(value.birthday).toMatch(/^https?:\/\//);
  });

  test('numbers respect exclusiveMinimum, exclusiveMaximum and multipleOf', async () => {
    const value = await reply({
      below: { type: 'integer', exclusiveMaximum: 3 },
      above: { type: 'number', exclusiveMinimum: 0.75 },
      window: { type: 'number', exclusiveMinimum: 1, exclusiveMaximum: 2 },
      fives: { type: 'integer', multipleOf: 5 },
      tens: { type: 'integer', minimum: 11, maximum: 25, multipleOf: 10 },
    });
    expect(value.below).toBeLessThan(3);
    expect(Number.isInteger(value.below)).toBe(true);
    expect(value.above).toBeGreaterThan(0.75);
    expect(value.window).toBeGreaterThan(1);
    expect(value.window).toBeLessThan(2);
    expect((value.fives as number) % 5).toBe(0);
    expect(value.tens).toBe(20);
  });

  test('a required key that properties do not describe is there too', async () => {
    const body = await completionOf({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object', properties: {}, required: ['note'] } },
      },
    });
    expect(JSON.parse(body.choices[0]!.message.content as string)).toHaveProperty('note');
  });

  test('arrays hold at least minItems items', async () => {
    const value = await reply({ tags: { type: 'array', items: { type: 'string' }, minItems: 3 } });
    expect((value.tags as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  // What zod's `.min()`/`.max()` put in a schema (`z.array(z.string()).min(4)`, `z.string().max(8)`).
  test('arrays stay within minItems and maxItems, however far from the default of two', async () => {
    const value = await reply({
      many: { type: 'array', items: { type: 'string' }, minItems: 5 },
      one: { type: 'array', items: { type: 'number' }, maxItems: 1 },
      none: { type: 'array', items: { type: 'number' }, maxItems: 0 },
      range: { type: 'array', items: { type: 'integer' }, minItems: 4, maxItems: 6 },
    });
    expect(value.many).toHaveLength(5);
    expect(value.one).toHaveLength(1);
    expect(value.none).toEqual([]);
    expect((value.range as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect((value.range as unknown[]).length).toBeLessThanOrEqual(6);
  });

  test('strings stay within minLength and maxLength (counted in characters)', async () => {
    const value = await reply({
      name: { type: 'string', maxLength: 5 },
      title: { type: 'string', minLength: 3, maxLength: 8 },
      summary: { type: 'string', maxLength: 20 },
      code: { type: 'string', minLength: 40 },
      tag: { type: 'string', examples: ['a'], minLength: 1 },
    });
    const length = (key: string) => [...(value[key] as string)].length;
    expect(length('name')).toBeLessThanOrEqual(5);
    expect(length('name')).toBeGreaterThan(0);
    expect(length('title')).toBeGreaterThanOrEqual(3);
    expect(length('title')).toBeLessThanOrEqual(8);
    expect(length('summary')).toBeLessThanOrEqual(20);
    expect(length('code')).toBeGreaterThanOrEqual(40);
    expect(value.tag).toBe('a');
  });
});

// Each of these passes the endpoint's limits (though not the request types, hence raw JSON); the
// mock answers them over HTTP instead of rejecting the fetch with a TypeError of its own.
describe('odd requests within the limits get an HTTP answer', () => {
  const send = (body: Record<string, unknown>) =>
    createMockFetch({ tokenDelayMs: 0, seed: 7 })(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: chatBody(body),
    });
  const messageOf = async (body: Record<string, unknown>) => {
    const response = await send(body);
    expect(response.status).toBe(200);
    return ((await response.json()) as ChatCompletion).choices[0]!.message;
  };

  test('json_schema without its json_schema object: a 400 naming the field', async () => {
    const response = await send({ stream: true, response_format: { type: 'json_schema' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(400);
    expect(body.error.message).toMatch(/response_format\.json_schema: expected an object/);
  });

  test('a tool call in the history without arguments: the answer quotes the result', async () => {
    const message = await messageOf({
      model: 'mock/tools',
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    expect(message.content).toContain('**get_weather** returned: `sunny`');
  });

  test('boolean subschemas (`true` allows anything) in tool parameters and response_format', async () => {
    const schema = { type: 'object', properties: { city: true, extra: { type: 'string' } } };
    const call = await messageOf({
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: schema } }],
    });
    expect(JSON.parse(call.tool_calls?.[0]?.function.arguments ?? 'null')).toMatchObject({
      extra: expect.any(String),
    });
    const json = await messageOf({
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } },
    });
    expect(JSON.parse(String(json.content))).toMatchObject({ extra: expect.any(String) });
  });
});

describe('createMockFetch with a Request object', () => {
  test('honours the Request’s own signal', async () => {
    const controller = new AbortController();
    const mockFetch = createMockFetch({ tokenDelayMs: 0, firstTokenDelayMs: 5000 });
    const pending = mockFetch(
      new Request(`${BASE_URL}/chat/completions`, {
        method: 'POST',
        body: chatBody({ model: 'mock/text' }),
        signal: controller.signal,
      }),
    );
    controller.abort();
    expect(await within(pending, 1000)).toMatchObject({ name: 'AbortError' });
  });

  test('passes the Request’s headers and the normalised method to onRequest', async () => {
    const seen: { method: string; title: string | null }[] = [];
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      onRequest: (_body, request) =>
        seen.push({ method: request.method, title: request.headers.get('x-title') }),
    });
    await mockFetch(
      new Request(`${BASE_URL}/chat/completions`, {
        method: 'POST',
        headers: { 'X-Title': 'Demo' },
        body: chatBody({ model: 'mock/json' }),
      }),
    );
    await mockFetch(`${BASE_URL}/chat/completions`, {
      method: 'post',
      body: chatBody({ model: 'mock/json' }),
    });
    expect(seen).toEqual([
      { method: 'POST', title: 'Demo' },
      { method: 'POST', title: null },
    ]);
  });
});

describe('MSW handlers and aborts', () => {
  const server = setupServer(...createMockHandlers({ tokenDelayMs: 50, firstTokenDelayMs: 200, seed: 3 }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  test('aborting mid-stream stops emitting and errors the body with AbortError', async () => {
    const controller = new AbortController();
    const response = await fetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: chatBody({ model: 'mock/text', stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('startMockServer', () => {
  test('answers carry CORS headers that expose X-Generation-Id and Retry-After', async () => {
    const server = await startMockServer({ tokenDelayMs: 0 });
    try {
      for (const model of ['mock/error-429', 'mock/text']) {
        const response = await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          body: chatBody({ model }),
        });
        await response.text();
        expect(response.headers.get('access-control-allow-origin')).toBe('*');
        const exposed = (response.headers.get('access-control-expose-headers') ?? '')
          .split(',')
          .map((name) => name.trim().toLowerCase());
        expect(exposed).toEqual(expect.arrayContaining(['x-generation-id', 'retry-after']));
      }
    } finally {
      await server.close();
    }
  });

  test("the README's end-to-end example: a stream over HTTP ends in [DONE]", async () => {
    const mock = await startMockServer({ tokenDelayMs: 0 });
    try {
      const response = await fetch(`${mock.url}/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          model: 'mock/text',
          stream: true,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(await response.text()).toMatch(/data: \[DONE\]\n\n$/);
      // The readiness URL the README gives Playwright answers 200; the root does not.
      expect((await fetch(`${mock.url}/models`)).status).toBe(200);
      expect((await fetch(new URL('/', mock.url))).status).toBe(404);
    } finally {
      await mock.close();
    }
  });

  test('close() may be called again (a test closes it, then afterAll): each call resolves', async () => {
    const server = await startMockServer({ tokenDelayMs: 0 });
    const first = server.close();
    const again = server.close();
    await expect(first).resolves.toBeUndefined();
    await expect(again).resolves.toBeUndefined();
    await expect(server.close()).resolves.toBeUndefined();
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
  });

  test('close() drops a stream that is still open', async () => {
    const server = await startMockServer({ tokenDelayMs: 1000, firstTokenDelayMs: 0 });
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: chatBody({ model: 'mock/slow', stream: true }),
    });
    const reader = response.body!.getReader();
    try {
      expect((await reader.read()).done).toBe(false);
      expect(await within(server.close(), 2000)).toBeUndefined();
      expect(await within(reader.read(), 2000)).not.toBe('pending');
    } finally {
      await reader.cancel().catch(() => {});
    }
  });
});
