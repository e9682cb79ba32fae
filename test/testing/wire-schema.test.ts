import {
  BadGatewayResponseErrorData$inboundSchema,
  ChatResult$inboundSchema,
  ChatStreamChunk$inboundSchema,
  ModelsListResponse$inboundSchema,
} from '@openrouter/sdk/models';
import type { ChatCompletion } from '../../src/core/types.js';
import {
  createGradientPngDataUrl,
  createMockFetch,
  MOCK_MODELS,
  type MockReasoningFormat,
  type MockUsageShape,
} from '../../src/testing/index.js';
import { BEHAVIOUR_REQUESTS } from './fixtures';
import { BASE_URL, chunksOf, post, streamEvents } from './helpers';

// Checked against the vendor's own zod schemas from @openrouter/sdk/models:
// ChatStreamChunk$inboundSchema (stream chunks), ChatResult$inboundSchema (JSON completions),
// ModelsListResponse$inboundSchema (GET /models), BadGatewayResponseErrorData$inboundSchema (error.*).

// `mock/error-midstream-string` sends a string `error.code`, which WIRE.md gives ("code number or
// string") and the SDK's chunk schema types as a number only: checked below with the number put back.
const streamingModels = MOCK_MODELS.map((model) => model.id).filter(
  (id) => !/^mock\/error-(\d+|html|in-body|midstream-string)$/.test(id),
);
const jsonModels = [
  ...streamingModels.filter((id) => !/^mock\/(truncated(-tools)?|invalid-chunk)$/.test(id)),
  'mock/error-midstream-string',
];
const errorModels = MOCK_MODELS.map((model) => model.id).filter((id) =>
  /^mock\/error-(\d+|in-body)$/.test(id),
);

function expectChunksValid(chunks: readonly unknown[]): void {
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    const parsed = ChatStreamChunk$inboundSchema.safeParse(chunk);
    if (!parsed.success) throw new Error(`${JSON.stringify(chunk).slice(0, 300)}\n${parsed.error.message}`);
  }
}

function expectCompletionValid(body: unknown): void {
  const parsed = ChatResult$inboundSchema.safeParse(body);
  if (!parsed.success) throw new Error(`${JSON.stringify(body).slice(0, 300)}\n${parsed.error.message}`);
}

describe('every chunk parses with ChatStreamChunk$inboundSchema', () => {
  test.each(streamingModels)('%s', async (model) => {
    const tools = model === 'mock/tools' ? BEHAVIOUR_REQUESTS['auto tools']!.tools : undefined;
    expectChunksValid(chunksOf(await streamEvents({ model, ...(tools ? { tools } : {}) })));
  });

  test.each(Object.entries(BEHAVIOUR_REQUESTS))('request: %s', async (_name, body) => {
    expectChunksValid(chunksOf(await streamEvents(body)));
  });

  test('mock/error-midstream-string: every chunk but the string error code', async () => {
    const chunks = chunksOf(await streamEvents({ model: 'mock/error-midstream-string' }));
    expect(chunks.at(-1)?.error?.code).toBe('server_error');
    expectChunksValid(
      chunks.map((chunk) => (chunk.error ? { ...chunk, error: { ...chunk.error, code: 500 } } : chunk)),
    );
  });

  test.each<MockReasoningFormat>(['text', 'summary', 'encrypted'])(
    'reasoning format %s',
    async (reasoningFormat) => {
      expectChunksValid(chunksOf(await streamEvents({ model: 'mock/reasoning' }, { reasoningFormat })));
      expectCompletionValid(await (await post({ model: 'mock/reasoning' }, { reasoningFormat })).json());
    },
  );

  test.each<MockUsageShape>(['empty-choices', 'repeat-finish', 'null-finish'])(
    'usage shape %s',
    async (usageShape) => {
      expectChunksValid(chunksOf(await streamEvents({ model: 'mock/text' }, { usageShape })));
    },
  );
});

test('a scripted reply with every field (a finish reason, or an error) parses with both schemas', async () => {
  const reply = {
    reasoning: 'Otters first.',
    content: 'Otters hold hands.',
    refusal: 'Not about rivers.',
    images: [createGradientPngDataUrl()],
    annotations: [{ url: 'https://example.com/otters', title: 'Otters', start_index: 0, end_index: 6 }],
    tool_calls: [{ name: 'lookup', arguments: { animal: 'otter' } }],
  };
  const usage = {
    prompt_tokens: 10,
    completion_tokens: 20,
    completion_tokens_details: { reasoning_tokens: 3 },
  };
  for (const script of [
    { ...reply, finish_reason: 'length', usage },
    // The completion's details counted.
    { ...reply, finish_reason: 'length', usage: { prompt_tokens: 10 } },
    // No usage with an error (the error chunk has none).
    { ...reply, error: true as const },
    {
      ...reply,
      error: { code: 429, message: 'Slow down.', metadata: { error_type: 'rate_limit_exceeded' } },
    },
  ]) {
    const chunks = chunksOf(await streamEvents({}, { replies: [script] }));
    expect(chunks.flatMap((chunk) => chunk.choices[0]?.delta?.images ?? [])).toHaveLength(1);
    expectChunksValid(chunks);
    const completion = (await (await post({}, { replies: [script] })).json()) as ChatCompletion;
    expect(completion.choices[0]?.message.annotations).toHaveLength(1);
    expectCompletionValid(completion);
  }
});

describe('every JSON completion parses with ChatResult$inboundSchema', () => {
  test.each(jsonModels)('%s', async (model) => {
    const response = await post({ model });
    expect(response.headers.get('content-type')).toBe('application/json');
    expectCompletionValid(await response.json());
  });

  // `debug` works only when streaming: without `stream` the endpoint refuses it (tested below).
  const jsonRequests = Object.entries(BEHAVIOUR_REQUESTS).filter(([, body]) => !('debug' in body));
  test.each(jsonRequests)('request: %s', async (_name, body) => {
    expectCompletionValid(await (await post(body)).json());
  });

  test('debug without stream: a 400 whose error parses with the SDK error-data schema', async () => {
    const response = await post(BEHAVIOUR_REQUESTS['auto debug']!);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/: debug: expected stream: true/);
    expect(BadGatewayResponseErrorData$inboundSchema.safeParse(body.error).success).toBe(true);
  });
});

test.each(errorModels)('%s: error body parses with the SDK error-data schema', async (model) => {
  const body = (await (await post({ model })).json()) as { error: unknown };
  expect(BadGatewayResponseErrorData$inboundSchema.safeParse(body.error).success).toBe(true);
});

test('GET /models parses with ModelsListResponse$inboundSchema', async () => {
  const response = await createMockFetch()(`${BASE_URL}/models`);
  const parsed = ModelsListResponse$inboundSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(parsed.error.message);
  expect(parsed.data.data.map((model) => model.id)).toEqual(MOCK_MODELS.map((model) => model.id));
});

test('the schemas are strict enough to catch a malformed chunk', () => {
  expect(ChatStreamChunk$inboundSchema.safeParse({ id: 'x', choices: [] }).success).toBe(false);
  expect(
    ChatResult$inboundSchema.safeParse({ id: 'x', object: 'chat.completion', choices: [] }).success,
  ).toBe(false);
});
