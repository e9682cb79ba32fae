import { setupServer } from 'msw/node';
import OpenAI from 'openai';
import type { ChatCompletionRequest } from '../../src/core/types.js';
import { createMockFetch, type MockEndpointOptions } from '../../src/testing/index.js';
import { createMockHandlers } from '../../src/testing/msw.js';
import { type MockServer, startMockServer } from '../../src/testing/server.js';
import { WEATHER_TOOLS } from './fixtures';
import { chunksOf, readSse } from './helpers';

const OPTIONS: MockEndpointOptions = { tokenDelayMs: 0, seed: 11, now: () => 1_761_000_000_000 };

interface Snapshot {
  status: number;
  contentType: string | null;
  generationId: string | null;
  retryAfter: string | null;
  body: string;
}

const CASES: [string, 'GET' | 'POST', string, Partial<ChatCompletionRequest>?][] = [
  ['stream text', 'POST', '/chat/completions', { model: 'mock/text', stream: true }],
  ['stream tools', 'POST', '/chat/completions', { model: 'mock/tools', tools: WEATHER_TOOLS, stream: true }],
  ['stream image', 'POST', '/chat/completions', { model: 'mock/image', stream: true }],
  ['json reasoning', 'POST', '/chat/completions', { model: 'mock/reasoning' }],
  ['error 429', 'POST', '/chat/completions', { model: 'mock/error-429', stream: true }],
  ['html 502', 'POST', '/chat/completions', { model: 'mock/error-html' }],
  ['truncated', 'POST', '/chat/completions', { model: 'mock/truncated', stream: true }],
  ['models', 'GET', '/models'],
  ['not found', 'GET', '/nope'],
];

async function snapshot(
  fetchFn: typeof fetch,
  base: string,
  method: string,
  path: string,
  body?: Partial<ChatCompletionRequest>,
): Promise<Snapshot> {
  const response = await fetchFn(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body
      ? { body: JSON.stringify({ messages: [{ role: 'user', content: 'Weather in Oslo?' }], ...body }) }
      : {}),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    generationId: response.headers.get('x-generation-id'),
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
  };
}

const direct = createMockFetch(OPTIONS);

describe('MSW handlers give the same output as createMockFetch', () => {
  const server = setupServer(...createMockHandlers(OPTIONS));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  test.each(CASES.filter(([name]) => name !== 'not found'))('%s', async (_name, method, path, body) => {
    const expected = await snapshot(direct, 'http://127.0.0.1:9/api/v1', method, path, body);
    const actual = await snapshot(fetch, 'http://127.0.0.1:9/api/v1', method, path, body);
    expect(actual).toEqual(expected);
  });
});

describe('the Node server gives the same output as createMockFetch', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer(OPTIONS);
  });
  afterAll(() => server.close());

  test('listens on 127.0.0.1 under /api/v1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/api/v1`);
    expect(server.port).toBeGreaterThan(0);
  });

  test.each(CASES)('%s', async (_name, method, path, body) => {
    const expected = await snapshot(direct, 'http://127.0.0.1:9/api/v1', method, path, body);
    const actual = await snapshot(fetch, server.url, method, path, body);
    expect(actual).toEqual(expected);
  });

  test('streams arrive in several network reads, not one buffered body', async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mock/slow', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const reader = response.body!.getReader();
    let reads = 0;
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      reads++;
    }
    expect(reads).toBeGreaterThan(10);
  });

  test('answers CORS preflights', async () => {
    const response = await fetch(`${server.url}/chat/completions`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  test("CORS preflights allow Authorization by name (the Fetch standard's * does not cover it)", async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Headers': 'authorization, content-type, x-title' },
    });
    const allowed = (response.headers.get('access-control-allow-headers') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase());
    expect(allowed).toContain('authorization');
    expect(allowed).toContain('*');
  });

  test('a client disconnect mid-stream leaves the server serving', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mock/slow', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    const next = await snapshot(fetch, server.url, 'GET', '/models');
    expect(next.status).toBe(200);
  });

  test('the openai client reads a stream from the server', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: server.url, maxRetries: 0 });
    const completion = await client.chat.completions
      .stream({ model: 'mock/text', messages: [{ role: 'user', content: 'Over HTTP' }] })
      .finalChatCompletion();
    expect(completion.choices[0]!.message.content).toContain('Over HTTP');
  });

  test('a separate server honours its own options (port 0 picks a free port)', async () => {
    const other = await startMockServer({ tokenDelayMs: 0, scenario: 'json' });
    try {
      expect(other.port).not.toBe(server.port);
      const events = await readSse(
        await fetch(`${other.url}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'x' }] }),
        }),
      );
      const text = chunksOf(events)
        .map((chunk) => chunk.choices[0]?.delta?.content ?? '')
        .join('');
      expect(JSON.parse(text)).toMatchObject({ answer: expect.any(String) });
    } finally {
      await other.close();
    }
  });
});
