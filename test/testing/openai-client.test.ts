import OpenAI, { APIError } from 'openai';
import { createMockFetch, type MockEndpointOptions } from '../../src/testing/index.js';
import { RECIPE_FORMAT, WEATHER_TOOLS } from './fixtures';
import { BASE_URL } from './helpers';

function clientFor(options: MockEndpointOptions = {}): OpenAI {
  return new OpenAI({
    apiKey: 'test-key',
    baseURL: BASE_URL,
    maxRetries: 0,
    fetch: createMockFetch({ tokenDelayMs: 0, seed: 3, ...options }),
  });
}

test('create({ stream: true }) iterates chunks through to the finish reason and usage', async () => {
  const stream = await clientFor().chat.completions.create({
    model: 'mock/text',
    messages: [{ role: 'user', content: 'Explain streaming' }],
    stream: true,
  });
  let text = '';
  const finishes: string[] = [];
  let cost: unknown;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
    if (chunk.usage) cost = (chunk.usage as { cost?: number }).cost;
  }
  expect(text).toContain('Explain streaming');
  expect(text).toMatch(/^## /);
  expect(finishes).toEqual(['stop']);
  expect(cost).toBeGreaterThan(0);
});

test('.stream().finalChatCompletion() assembles parallel tool calls', async () => {
  const runner = clientFor().chat.completions.stream({
    model: 'openai/gpt-4o',
    messages: [{ role: 'user', content: 'What is the weather in Paris and Tokyo?' }],
    tools: WEATHER_TOOLS as OpenAI.Chat.ChatCompletionTool[],
  });
  const completion = await runner.finalChatCompletion();
  const choice = completion.choices[0]!;
  expect(choice.finish_reason).toBe('tool_calls');
  const calls = choice.message.tool_calls ?? [];
  expect(calls).toHaveLength(2);
  const args = calls.map((call) => (call.type === 'function' ? JSON.parse(call.function.arguments) : null));
  expect(args).toEqual([
    { city: 'Paris', unit: 'celsius' },
    { city: 'Tokyo', unit: 'celsius' },
  ]);
  expect(new Set(calls.map((call) => call.id)).size).toBe(2);
});

test('.stream().finalChatCompletion() reads reasoning, JSON and length-limited replies', async () => {
  const client = clientFor();
  const json = await client.chat.completions
    .stream({
      model: 'mock/json',
      messages: [{ role: 'user', content: 'A recipe' }],
      response_format: RECIPE_FORMAT as OpenAI.ResponseFormatJSONSchema,
    })
    .finalChatCompletion();
  expect(JSON.parse(json.choices[0]!.message.content ?? '')).toMatchObject({ difficulty: 'easy' });

  const limited = await client.chat.completions
    .stream({ model: 'mock/text', messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 5 })
    .finalChatCompletion();
  expect(limited.choices[0]!.finish_reason).toBe('length');

  const reasoning = await client.chat.completions
    .stream({ model: 'mock/reasoning', messages: [{ role: 'user', content: 'Think' }] })
    .finalChatCompletion();
  expect(reasoning.choices[0]!.message.content).toContain('Think');
});

test('non-streaming create() returns the JSON completion', async () => {
  const completion = await clientFor().chat.completions.create({
    model: 'mock/citations',
    messages: [{ role: 'user', content: 'Server-sent events' }],
  });
  expect(completion.object).toBe('chat.completion');
  expect(completion.choices[0]!.message.content).toContain('[1]');
  expect((completion.choices[0]!.message as { annotations?: unknown[] }).annotations).toHaveLength(3);
});

test('an error status becomes an APIError with the status and message', async () => {
  const error = await clientFor()
    .chat.completions.create({ model: 'mock/error-429', messages: [{ role: 'user', content: 'Hi' }] })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(429);
  expect((error as APIError).headers?.get('retry-after')).toBe('2');
});

test('a mid-stream error chunk makes the iteration throw after the partial text', async () => {
  const stream = await clientFor().chat.completions.create({
    model: 'mock/error-midstream',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  let text = '';
  const error = await (async () => {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  })().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).message).toContain('Provider disconnected');
  expect(text.length).toBeGreaterThan(10);
});
