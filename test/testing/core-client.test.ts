import type { ChatCompletion, ChatCompletionRequest } from '../../src/core/index.js';
import { ChatApiError, createChatClient } from '../../src/core/index.js';
import { createMockFetch, MOCK_MODELS } from '../../src/testing/index.js';
import { BEHAVIOUR_REQUESTS } from './fixtures';

// The library's own client and decoder against the mock: a streamed reply, accumulated by the core,
// must equal the mock's non-streaming completion of the same request.

const client = createChatClient({
  baseUrl: 'http://127.0.0.1:9/api/v1',
  apiKey: 'test',
  maxRetries: 0,
  fetch: createMockFetch({ tokenDelayMs: 0, seed: 5, now: () => 1_762_000_000_000 }),
});

function request(body: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { messages: [{ role: 'user', content: 'What is the weather in Paris and Tokyo?' }], ...body };
}

async function streamed(body: ChatCompletionRequest): Promise<ChatCompletion> {
  const stream = client.stream(body);
  for await (const _chunk of stream) {
    // drain
  }
  return stream.completion!;
}

function essentials(completion: ChatCompletion) {
  const choice = completion.choices[0]!;
  const { message } = choice;
  return {
    id: completion.id,
    model: completion.model,
    finish_reason: choice.finish_reason,
    content: message.content || null,
    refusal: message.refusal || null,
    reasoning: message.reasoning ?? null,
    reasoning_details: message.reasoning_details ?? [],
    tool_calls: (message.tool_calls ?? []).map((call) => ({
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    })),
    images: (message.images ?? []).map((image) => image.image_url.url),
    annotations: message.annotations ?? [],
    audio: message.audio ? { data: message.audio.data, transcript: message.audio.transcript } : null,
    usage: completion.usage,
  };
}

const models = MOCK_MODELS.map((model) => model.id).filter(
  (id) => !/^mock\/(error-.*|truncated(-tools)?|invalid-chunk)$/.test(id),
);

test.each(models)('%s: the core accumulates the stream into the mock’s own completion', async (model) => {
  const body = request({
    model,
    ...(model === 'mock/tools' ? { tools: BEHAVIOUR_REQUESTS['auto tools']!.tools! } : {}),
  });
  expect(essentials(await streamed(body))).toEqual(essentials(await client.complete(body)));
});

test.each(Object.entries(BEHAVIOUR_REQUESTS).filter(([name]) => name !== 'auto debug'))(
  'request %s: stream and JSON agree',
  async (_name, body) => {
    const full = request(body);
    expect(essentials(await streamed(full))).toEqual(essentials(await client.complete(full)));
  },
);

async function failure(model: string): Promise<ChatApiError> {
  const error = await streamed(request({ model })).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ChatApiError);
  return error as ChatApiError;
}

test('error statuses, the HTML page and stream faults become the right ChatApiError', async () => {
  expect(await failure('mock/error-429')).toMatchObject({ type: 'http', status: 429, retryAfter: 2 });
  expect(await failure('mock/error-402')).toMatchObject({ type: 'http', status: 402, code: 402 });
  expect(await failure('mock/error-html')).toMatchObject({ type: 'http', status: 502 });
  const midstream = await failure('mock/error-midstream');
  expect(midstream).toMatchObject({ type: 'stream', code: 502 });
  expect(midstream.partial?.choices[0]?.message.content).toBeTruthy();
  const truncated = await failure('mock/truncated');
  expect(truncated).toMatchObject({ type: 'stream', code: 'stream_truncated' });
  expect(truncated.partial?.choices[0]?.message.content).toBeTruthy();
  expect(await failure('mock/invalid-chunk')).toMatchObject({ type: 'stream', code: 'invalid_chunk' });
  // Cut in a tool call's arguments: the partial keeps the call as far as it came.
  for (const [model, code] of [
    ['mock/error-midstream-tools', 502],
    ['mock/truncated-tools', 'stream_truncated'],
  ] as const) {
    const cut = await failure(model);
    expect(cut).toMatchObject({ type: 'stream', code });
    const [call] = cut.partial?.choices[0]?.message.tool_calls ?? [];
    expect(call?.function.name).toBe('get_weather');
    expect(call?.function.arguments).toMatch(/^\{/);
    expect(() => JSON.parse(call?.function.arguments ?? '')).toThrow();
  }
});

test('the error in a 200 body and the string mid-stream code become ChatApiErrors, streamed or not', async () => {
  const inBody = { type: 'http', status: 200, code: 500, message: 'Internal Server Error' };
  expect(await failure('mock/error-in-body')).toMatchObject(inBody);
  await expect(client.complete(request({ model: 'mock/error-in-body' }))).rejects.toMatchObject(inBody);
  const midstream = await failure('mock/error-midstream-string');
  expect(midstream).toMatchObject({
    type: 'stream',
    code: 'server_error',
    metadata: { provider_name: 'Mock' },
  });
  expect(midstream.partial?.choices[0]?.message.content).toBeTruthy();
  const whole = await client
    .complete(request({ model: 'mock/error-midstream-string' }))
    .catch((caught) => caught);
  expect(whole).toMatchObject({ type: 'http', status: 200, code: 'server_error' });
  expect((whole as ChatApiError).partial?.choices[0]?.message.content).toBeTruthy();
});

test('models() reads the mock list', async () => {
  const { data } = await client.models();
  expect(data.map((model) => model.id)).toContain('mock/auto');
});
