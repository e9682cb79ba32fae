import { setupServer } from 'msw/node';
import type { ChatCompletion } from '../../src/core/types.js';
import {
  createMockFetch,
  createMockReply,
  MOCK_ERROR_STATUSES,
  type MOCK_MODELS,
  type MockEndpointOptions,
  type MockScriptedReply,
} from '../../src/testing/index.js';
import { createMockHandlers } from '../../src/testing/msw.js';
import { startMockServer } from '../../src/testing/server.js';
import { urlHost } from '../../src/testing/url-host.js';
import { BASE_URL, collectUncaught, post } from './helpers';

interface ErrorBody {
  error: { code: number; message: string; metadata?: Record<string, unknown> };
  user_id?: string;
}

describe('mock/error-<status>', () => {
  test.each(MOCK_ERROR_STATUSES)(
    '%i: that status with a JSON error body, streaming or not',
    async (status) => {
      for (const stream of [false, true]) {
        const response = await post({ model: `mock/error-${status}`, stream });
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe('application/json');
        const body = (await response.json()) as ErrorBody;
        expect(body.error.code).toBe(status);
        expect(body.error.message.length).toBeGreaterThan(10);
        // WIRE.md: `{"error":{...},"user_id":"..."}`.
        expect(Object.keys(body)).toEqual(['error', 'user_id']);
        expect(body.user_id).toEqual(expect.any(String));
        expect(response.headers.has('retry-after')).toBe(status === 429 || status === 503);
      }
    },
  );

  test('403 carries moderation metadata; 502 a raw upstream error as a JSON string', async () => {
    const moderated = (await (await post({ model: 'mock/error-403' })).json()) as ErrorBody;
    expect(moderated.error.metadata).toMatchObject({
      reasons: ['harassment'],
      flagged_input: expect.any(String),
      provider_name: 'Mock',
      model_slug: 'mock/error-403',
    });
    const provider = (await (await post({ model: 'mock/error-502' })).json()) as ErrorBody;
    const raw = JSON.parse(String(provider.error.metadata?.raw)) as { error: { message: string } };
    expect(raw.error.message).toContain('upstream');
  });

  test('Retry-After is a number of seconds', async () => {
    const response = await post({ model: 'mock/error-503' });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('retryAfter sets the Retry-After of 429 and 503, through every transport; null sends none', async () => {
    const statuses = [429, 503] as const;
    const ask = async (fetchFn: typeof fetch, base: string, status: number) => {
      const response = await fetchFn(`${base}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: `mock/error-${status}`, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      const body = (await response.json()) as ErrorBody;
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
    };
    for (const [retryAfter, expected] of [
      [30, '30'],
      [0, '0'],
      [null, null],
    ] as const) {
      const options: MockEndpointOptions = { tokenDelayMs: 0, retryAfter };
      const server = startMockServer(options);
      const msw = setupServer(...createMockHandlers(options));
      msw.listen({ onUnhandledRequest: 'bypass' });
      try {
        for (const status of statuses) {
          for (const [fetchFn, base] of [
            [createMockFetch(options), BASE_URL],
            [fetch, 'https://msw.test/api/v1'],
            [fetch, (await server).url],
          ] as const) {
            const answer = await ask(fetchFn, base, status);
            expect(answer.status).toBe(status);
            expect(answer.retryAfter).toBe(expected);
            // Only the header says when: the body names no time that could disagree with it.
            expect(JSON.stringify(answer.body)).not.toMatch(/\d+ ?s(econds?)?\b|retry_after/i);
          }
          expect(createMockReply({ model: `mock/error-${status}`, messages: [] }, options)).toMatchObject({
            status,
            headers:
              expected === null
                ? expect.not.objectContaining({ 'Retry-After': expect.anything() })
                : { 'Retry-After': expected },
          });
        }
      } finally {
        msw.close();
        await (await server).close();
      }
    }
    // Left out: 2 s on a 429, 5 s on a 503; other statuses have none, whatever retryAfter says.
    expect((await post({ model: 'mock/error-429' })).headers.get('retry-after')).toBe('2');
    expect((await post({ model: 'mock/error-503' })).headers.get('retry-after')).toBe('5');
    expect((await post({ model: 'mock/error-500' }, { retryAfter: 9 })).headers.has('retry-after')).toBe(
      false,
    );
  });

  test('mock/error-html answers 502 with an HTML page', async () => {
    const response = await post({ model: 'mock/error-html', stream: true });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  test('a failing model falls back to the next of `models`, which is reported as the model', async () => {
    const response = await post({ model: 'mock/error-503', models: ['mock/error-429', 'mock/text'] });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { model: string }).model).toBe('mock/text');
    const last = await post({ model: 'mock/text', models: ['mock/error-429'] });
    expect(((await last.json()) as { model: string }).model).toBe('mock/text');
  });
});

describe('scenario as a function of the request', () => {
  test('a 429 for the first request only, then the model id decides; what it returns is checked', async () => {
    let calls = 0;
    const seen: string[] = [];
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      replies: ['After the retry'],
      scenario: (request) => {
        seen.push(request.model ?? '');
        return calls++ === 0 ? 'error-429' : undefined;
      },
    });
    const ask = () =>
      mockFetch(`${BASE_URL}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'mock/text', messages: [{ role: 'user', content: 'Hi' }] }),
      });
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    const answered = await ask();
    expect(((await answered.json()) as ChatCompletion).choices[0]?.message.content).toBe('After the retry');
    expect(seen).toEqual(['mock/text', 'mock/text']);

    const wrong = createMockFetch({ scenario: () => 'eror-429' as 'error-429' });
    const failed = wrong(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
    });
    await expect(failed).rejects.toBeInstanceOf(TypeError);
    await expect(failed).rejects.toThrow(/^Unknown mock scenario "eror-429"\. Use one of: auto, text/);
  });
});

describe('replies as a function of the request', () => {
  test('what it returns is checked per request: a reply the mock cannot send fails that request with a TypeError', async () => {
    let calls = 0;
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      replies: () =>
        calls++ === 0 ? ({ content: 'Hi', images: ['otter.png'] } as MockScriptedReply) : { content: 'Fine' },
    });
    const ask = () =>
      mockFetch(`${BASE_URL}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
      });
    const failed = ask();
    await expect(failed).rejects.toBeInstanceOf(TypeError);
    await expect(failed).rejects.toThrow(
      /^Mock replies\(request\)\.images\[0\] must be an image URL: .*, got "otter\.png"\.$/,
    );
    const answered = await ask();
    expect(((await answered.json()) as ChatCompletion).choices[0]?.message.content).toBe('Fine');
    const numbered = createMockFetch({ replies: () => 7 as unknown as string })(
      `${BASE_URL}/chat/completions`,
      {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
      },
    );
    await expect(numbered).rejects.toThrow(
      /^Mock replies\(request\) must be a string or a reply object \{ content\?, .* \}, or undefined, got 7\.$/,
    );
  });
});

describe('replies as a function: called for the requests whose reply it can script', () => {
  const bad = { content: 'Hi', images: ['otter.png'] } as MockScriptedReply;
  const ask = (model: string, extra: Record<string, unknown> = {}) => {
    const models: string[] = [];
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      replies: (request) => {
        models.push(request.model ?? '');
        return bad;
      },
    });
    const response = mockFetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], ...extra }),
    });
    return { response, models };
  };

  test.each([
    'mock/auto',
    'openai/gpt-4o',
    'mock/text',
    'mock/tools',
    'mock/reasoning',
    'mock/error-midstream',
    'mock/error-midstream-string',
    'mock/content-filter',
    'mock/truncated',
    'mock/invalid-chunk',
  ])('%s: called once, what it returns checked, failing the request', async (model) => {
    const { response, models } = ask(model);
    await expect(response).rejects.toThrow(/^Mock replies\(request\)\.images\[0\] must be an image URL/);
    expect(models).toEqual([model]);
  });

  test('mock/error-midstream-tools and mock/truncated-tools: called when no tool fits (their text cut)', async () => {
    for (const model of ['mock/error-midstream-tools', 'mock/truncated-tools']) {
      const { response, models } = ask(model, { tool_choice: 'none' });
      await expect(response).rejects.toBeInstanceOf(TypeError);
      expect(models).toEqual([model]);
      const withTools = ask(model);
      expect((await withTools.response).status).toBe(200);
      expect(withTools.models).toEqual([]);
    }
  });

  test.each([
    'mock/slow',
    'mock/image',
    'mock/json',
    'mock/citations',
    'mock/audio',
    'mock/xss',
    'mock/refusal',
    'mock/file-parser',
    'mock/error-429',
    'mock/error-in-body',
  ])('%s: not called (the reply is its own), so what it would return is not checked', async (model) => {
    const { response, models } = ask(model);
    await (await response).text();
    expect(models).toEqual([]);
  });
});

describe('invalid requests', () => {
  const mockFetch = createMockFetch({ tokenDelayMs: 0 });
  const send = (body: string) => mockFetch(`${BASE_URL}/chat/completions`, { method: 'POST', body });

  test.each([
    ['bad JSON', '{"messages": [', /Invalid JSON/],
    ['not an object', '[1,2]', /JSON object/],
    ['no messages', '{"model":"mock/text"}', /messages/],
    ['empty messages', '{"messages":[]}', /messages/],
    ['a message without a role', '{"messages":[{"content":"hi"}]}', /messages\[0\]\.role/],
    [
      'a field out of its limits (every limit of the endpoint is checked)',
      '{"messages":[{"role":"user","content":"hi"}],"temperature":5,"stop":["a","b","c","d","e"]}',
      /^Invalid chat completion request: temperature: expected a number from 0 to 2, got 5; stop: expected at most 4 stop sequences, got 5$/,
    ],
    [
      'a tool message without its call id',
      '{"messages":[{"role":"user","content":"hi"},{"role":"tool","content":"x"}]}',
      /: messages\[1\]\.tool_call_id: expected a non-empty string/,
    ],
    [
      'stream that is not a boolean',
      '{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}',
      /: stream: /,
    ],
    [
      'an unknown mock model',
      '{"model":"mock/nope","messages":[{"role":"user","content":"hi"}]}',
      /not a valid model/,
    ],
  ])('%s -> 400 with a JSON error', async (_name, body, message) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as ErrorBody;
    expect(error.error).toMatchObject({ code: 400, message: expect.stringMatching(message) });
  });
});

describe('routing', () => {
  const mockFetch = createMockFetch({ tokenDelayMs: 0 });

  test.each([
    ['GET', `${BASE_URL}/chat/completions`],
    ['POST', `${BASE_URL}/completions`],
    ['GET', `${BASE_URL}/generation?id=1`],
    ['DELETE', `${BASE_URL}/models`],
  ])('%s %s -> 404 JSON error', async (method, url) => {
    const response = await mockFetch(url, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe(404);
  });

  test('any base URL works, relative ones included, and a Request object is accepted', async () => {
    const body = JSON.stringify({ model: 'mock/text', messages: [{ role: 'user', content: 'hi' }] });
    for (const url of ['https://proxy.example/v1/chat/completions', '/api/v1/chat/completions']) {
      expect((await mockFetch(url, { method: 'POST', body })).status).toBe(200);
    }
    const request = new Request('http://127.0.0.1:9/openrouter/chat/completions', { method: 'POST', body });
    const completion = (await (await mockFetch(request)).json()) as { object: string };
    expect(completion.object).toBe('chat.completion');
  });

  test("the 404 says what was asked for, the root's path as /", async () => {
    const message = async (url: string) =>
      ((await (await mockFetch(url, { method: 'GET' })).json()) as ErrorBody).error.message;
    expect(await message('http://127.0.0.1:9/')).toMatch(/^Not found: GET \/\. /);
    expect(await message(`${BASE_URL}/generation/`)).toMatch(/^Not found: GET \/api\/v1\/generation\. /);
  });

  test('a trailing slash on the path is the same endpoint', async () => {
    const body = JSON.stringify({ model: 'mock/text', messages: [{ role: 'user', content: 'hi' }] });
    expect((await mockFetch(`${BASE_URL}/chat/completions/`, { method: 'POST', body })).status).toBe(200);
    expect((await mockFetch(`${BASE_URL}/models//`)).status).toBe(200);
  });

  test('GET /models lists every mock model with name, description, pricing and context length', async () => {
    const response = await mockFetch(new URL(`${BASE_URL}/models`));
    const { data } = (await response.json()) as { data: typeof MOCK_MODELS };
    const ids = data.map((model) => model.id);
    for (const scenario of [
      'auto',
      'text',
      'reasoning',
      'tools',
      'image',
      'citations',
      'audio',
      'json',
      'slow',
    ]) {
      expect(ids).toContain(`mock/${scenario}`);
    }
    for (const fault of [
      'error-html',
      'error-midstream',
      'error-midstream-tools',
      'truncated',
      'truncated-tools',
      'invalid-chunk',
      'xss',
    ]) {
      expect(ids).toContain(`mock/${fault}`);
    }
    for (const status of [400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 524, 529]) {
      expect(ids).toContain(`mock/error-${status}`);
    }
    for (const model of data) {
      expect(model).toMatchObject({
        name: expect.stringMatching(/^Mock: /),
        description: expect.any(String),
        context_length: expect.any(Number),
        pricing: { prompt: expect.any(String), completion: expect.any(String) },
        architecture: { input_modalities: expect.any(Array), output_modalities: expect.any(Array) },
      });
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('the API key is not checked: any key or none is taken; mock/error-401 answers 401 whatever the key', async () => {
    const body = JSON.stringify({ model: 'mock/text', messages: [{ role: 'user', content: 'hi' }] });
    for (const headers of [
      {},
      { Authorization: 'Bearer sk-or-v1-anything' },
      { Authorization: 'nonsense' },
    ]) {
      const response = await mockFetch(`${BASE_URL}/chat/completions`, { method: 'POST', headers, body });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    }
    const refused = await post(
      { model: 'mock/error-401' },
      {},
      { headers: { Authorization: 'Bearer good-key' } },
    );
    expect(refused.status).toBe(401);
  });

  test('onRequest receives the parsed body and the request headers', async () => {
    const seen: { model?: string | undefined; auth: string | null; title: string | null }[] = [];
    const spyFetch = createMockFetch({
      tokenDelayMs: 0,
      onRequest: (body, request) =>
        seen.push({
          model: body.model,
          auth: request.headers.get('authorization'),
          title: request.headers.get('x-title'),
        }),
    });
    await spyFetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test', 'X-Title': 'Demo' },
      body: JSON.stringify({ model: 'mock/json', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await spyFetch(`${BASE_URL}/chat/completions`, { method: 'POST', body: 'not json' });
    expect(seen).toEqual([{ model: 'mock/json', auth: 'Bearer sk-test', title: 'Demo' }]);
  });

  test('what onRequest throws (a failing expect) fails the request and is thrown again, uncaught, for the test runner', async () => {
    // Uncaught errors of microtasks are collected here, not left to fail this run.
    const { uncaught, restore } = collectUncaught();
    const failure = new Error('expected another model');
    const options = {
      tokenDelayMs: 0,
      onRequest: () => {
        throw failure;
      },
    };
    const init = {
      method: 'POST',
      body: JSON.stringify({ model: 'mock/json', messages: [{ role: 'user', content: 'hi' }] }),
    };
    // MSW logs what a handler throws.
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await startMockServer(options);
    const msw = setupServer(...createMockHandlers(options));
    try {
      // createMockFetch: the fetch rejects with the very error.
      await expect(createMockFetch(options)(`${BASE_URL}/chat/completions`, init)).rejects.toBe(failure);
      // The Node server answers a 500; MSW answers a throw in a handler with one too.
      expect((await fetch(`${server.url}/chat/completions`, init)).status).toBe(500);
      msw.listen({ onUnhandledRequest: 'bypass' });
      expect((await fetch('http://msw.test/api/v1/chat/completions', init)).status).toBe(500);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(uncaught).toEqual([failure, failure, failure]);
    } finally {
      restore();
      log.mockRestore();
      msw.close();
      await server.close();
    }
  });
});

// Options as they arrive from a URL or a config file (JSON), which the types cannot check.
describe('options the mock cannot use fail at once, saying what to use', () => {
  test.each([
    [
      'a misspelt scenario',
      '{"scenario":"txt"}',
      /^Unknown mock scenario "txt"\. Use one of: auto, text, .*error-429.*mock\/<scenario>/,
    ],
    ['an error status the mock lacks', '{"scenario":"error-418"}', /^Unknown mock scenario "error-418"/],
    [
      'an unknown usage shape',
      '{"usageShape":"last"}',
      /^Unknown mock usageShape "last"\. Use one of: empty-choices, repeat-finish, null-finish\.$/,
    ],
    [
      'an unknown reasoning format',
      '{"reasoningFormat":"redacted"}',
      /^Unknown mock reasoningFormat "redacted"\. Use one of: text, summary, encrypted\.$/,
    ],
    [
      'an unknown fingerprint form',
      '{"systemFingerprint":"missing"}',
      /^Unknown mock systemFingerprint "missing"\. Use one of: present, null, absent\.$/,
    ],
    [
      'replies as one string',
      '{"replies":"Hello"}',
      /^Mock replies must be an array \(one per assistant turn\)/,
    ],
    [
      'a scripted tool call without a name',
      '{"replies":[{"tool_calls":[{"arguments":{}}]}]}',
      /^Mock replies\[0\]\.tool_calls\[0\] must be \{ name: string, arguments\?: unknown, id\?: string \}, got \{"arguments":\{\}\}\.$/,
    ],
    [
      'a scripted tool call with args for arguments',
      '{"replies":[{"tool_calls":[{"name":"get_weather","args":{"city":"Paris"}}]}]}',
      /^Mock replies\[0\]\.tool_calls\[0\] has no field "args" \(arguments\?\): its fields are name, arguments, id\.$/,
    ],
    [
      'a scripted tool call with a camelCase field after a good one',
      '{"replies":[{"tool_calls":[{"name":"a"},{"name":"b","toolCallId":"x"}]}]}',
      /^Mock replies\[0\]\.tool_calls\[1\] has no field "toolCallId": its fields are name, arguments, id\.$/,
    ],
    [
      'a scripted tool call in the wire form',
      '{"replies":[{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}]}',
      /^Mock replies\[0\]\.tool_calls\[0\] has no field "type": its fields are name, arguments, id\.$/,
    ],
    [
      'a scripted reply that is neither a string nor an object',
      '{"replies":["a",42]}',
      /^Mock replies\[1\] must be a string or a reply object \{ content\?, reasoning\?, refusal\?, images\?, annotations\?, tool_calls\?, finish_reason\?, error\?, usage\? \}, got 42\.$/,
    ],
    [
      'a scripted field in camelCase',
      '{"replies":[{"content":"a","finishReason":"length"}]}',
      /^Mock replies\[0\] has no field "finishReason" \(finish_reason\?\): its fields are content, reasoning, refusal, images, annotations, tool_calls, finish_reason, error, usage\.$/,
    ],
    [
      'scripted images as one string',
      '{"replies":[{"images":"data:image/png;base64,iVBOR"}]}',
      /^Mock replies\[0\]\.images must be an array of image URLs, got "data:image\/png;base64,iVBOR"\.$/,
    ],
    [
      'a scripted image as a file name',
      '{"replies":[{"images":["https://example.com/a.png","otter.png"]}]}',
      /^Mock replies\[0\]\.images\[1\] must be an image URL: a data: URL \(createGradientPngDataUrl\(\) makes a PNG one\) or an https: URL, got "otter\.png"\.$/,
    ],
    [
      'a scripted image as base64 without its data: prefix (quoted cut short)',
      `{"replies":[{"images":["iVBORw0KGgo${'A'.repeat(200)}"]}]}`,
      /^Mock replies\[0\]\.images\[0\] must be an image URL: .*, got "iVBORw0KGgoA{65}…\.$/,
    ],
    [
      'a scripted image in the wire form',
      '{"replies":[{"images":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}',
      /^Mock replies\[0\]\.images\[0\] must be an image URL: .*, got \{"type":"image_url","image_url":\{"url":"https:\/\/example\.com\/a\.png"\}\}\.$/,
    ],
    [
      'a scripted citation without a url',
      '{"replies":[{"annotations":[{"title":"Otters"}]}]}',
      /^Mock replies\[0\]\.annotations\[0\]\.url must be an absolute URL \(https:\/\/…\), got undefined\.$/,
    ],
    [
      'a scripted citation in the wire form',
      '{"replies":[{"annotations":[{"type":"url_citation","url_citation":{"url":"https://example.com"}}]}]}',
      /^Mock replies\[0\]\.annotations\[0\] has no field "type": its fields are url, title, content, start_index, end_index\.$/,
    ],
    [
      'a scripted citation ending before it starts',
      '{"replies":[{"annotations":[{"url":"https://example.com","start_index":5,"end_index":2}]}]}',
      /^Mock replies\[0\]\.annotations\[0\]\.end_index must be start_index \(5\) or more, got 2\.$/,
    ],
    [
      'a scripted finish_reason "error"',
      '{"replies":[{"finish_reason":"error"}]}',
      /^Mock replies\[0\]\.finish_reason must be another reason: for an error, give error, got "error"\.$/,
    ],
    [
      'a scripted finish_reason with an error',
      '{"replies":[{"finish_reason":"length","error":true}]}',
      /^Mock replies\[0\]\.finish_reason must be left out with error/,
    ],
    [
      'a scripted usage with an error',
      '{"replies":[{"content":"a","error":true,"usage":{"completion_tokens":5}}]}',
      /^Mock replies\[0\]\.usage must be left out with error \(a stream ending in an error chunk has no usage; a reply without stream counts its own\), got \{"completion_tokens":5\}\.$/,
    ],
    [
      'a scripted error as a string',
      '{"replies":[{"error":"Provider down"}]}',
      /^Mock replies\[0\]\.error must be true \(the mock’s own\) or \{ code: number \| string, message: string, metadata\?: object \}, got "Provider down"\.$/,
    ],
    [
      'a scripted error without a message',
      '{"replies":[{"error":{"code":502}}]}',
      /^Mock replies\[0\]\.error\.message must be a string, got undefined\.$/,
    ],
    [
      'a scripted refusal that is not text',
      '{"replies":[{"refusal":true}]}',
      /^Mock replies\[0\]\.refusal must be a string, got true\.$/,
    ],
    [
      'a scripted total_tokens',
      '{"replies":[{"usage":{"total_tokens":30}}]}',
      /^Mock replies\[0\]\.usage\.total_tokens must be left out: it is prompt_tokens plus completion_tokens, set those, got 30\.$/,
    ],
    [
      'a scripted token count that is not whole',
      '{"replies":[{"usage":{"completion_tokens_details":{"reasoning_tokens":1.5}}}]}',
      /^Mock replies\[0\]\.usage\.completion_tokens_details\.reasoning_tokens must be a whole number of tokens \(0 or more\), got 1\.5\.$/,
    ],
    [
      'scripted completion details over the completion_tokens given',
      '{"replies":[{"usage":{"completion_tokens":234,"completion_tokens_details":{"reasoning_tokens":200,"image_tokens":100}}}]}',
      /^Mock replies\[0\]\.usage\.completion_tokens_details must have reasoning_tokens plus image_tokens at most completion_tokens \(234\), got \{"reasoning_tokens":200,"image_tokens":100\}\.$/,
    ],
    [
      'scripted cache reads and writes over the prompt_tokens given',
      '{"replies":[{"usage":{"prompt_tokens":100,"prompt_tokens_details":{"cached_tokens":80,"cache_write_tokens":30}}}]}',
      /^Mock replies\[0\]\.usage\.prompt_tokens_details must have cached_tokens plus cache_write_tokens at most prompt_tokens \(100\), got \{"cached_tokens":80,"cache_write_tokens":30\}\.$/,
    ],
    [
      'scripted audio tokens over the prompt_tokens given',
      '{"replies":[{"usage":{"prompt_tokens":100,"prompt_tokens_details":{"audio_tokens":150}}}]}',
      /^Mock replies\[0\]\.usage\.prompt_tokens_details must have audio_tokens at most prompt_tokens \(100\), got \{"audio_tokens":150\}\.$/,
    ],
    [
      'a delay as text',
      '{"tokenDelayMs":"fast"}',
      /^Mock tokenDelayMs must be a number of milliseconds \(0 or more\), got "fast"\.$/,
    ],
    [
      'a negative first-token delay',
      '{"firstTokenDelayMs":-5}',
      /^Mock firstTokenDelayMs must be .*, got -5\.$/,
    ],
    ['a seed as text', '{"seed":"42"}', /^Mock seed must be a number, got "42"\.$/],
    [
      'a retryAfter in milliseconds as text',
      '{"retryAfter":"30"}',
      /^Mock retryAfter must be a whole number of seconds \(0 or more\), or null for no Retry-After, got "30"\.$/,
    ],
    [
      'a fractional retryAfter',
      '{"retryAfter":1.5}',
      /^Mock retryAfter must be a whole number of seconds .*, got 1\.5\.$/,
    ],
    ['a negative retryAfter', '{"retryAfter":-1}', /^Mock retryAfter must be .*, got -1\.$/],
  ])('%s: every entry point throws a TypeError', async (_name, json, message) => {
    const options: MockEndpointOptions = JSON.parse(json);
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(() => createMockFetch(options)).toThrow(TypeError);
    expect(() => createMockFetch(options)).toThrow(message);
    expect(() => createMockHandlers(options)).toThrow(message);
    expect(() => createMockReply(request, options)).toThrow(message);
    let thrown: unknown;
    try {
      await (await startMockServer(options)).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
  });

  test('startMockServer: a port that is not a port number fails at once, saying what to use', async () => {
    for (const port of ['x', 1.5, -1, 70000]) {
      await expect(startMockServer({ port: port as number })).rejects.toThrow(
        new TypeError(
          `startMockServer: port must be an integer from 0 to 65535 (0: a free port), got ${JSON.stringify(port)}.`,
        ),
      );
    }
  });

  test("startMockServer's url names loopback for a server on every address, which browsers can open", () => {
    // Listening on 0.0.0.0 itself is not done here: tests use loopback only.
    expect(urlHost('0.0.0.0')).toBe('127.0.0.1');
    expect(urlHost('::')).toBe('[::1]');
    expect(urlHost('[::]')).toBe('[::1]');
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('[::1]')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('localhost')).toBe('localhost');
  });

  test('valid options are accepted', () => {
    const options: MockEndpointOptions = JSON.parse(
      '{"scenario":"error-429","usageShape":"null-finish","systemFingerprint":"absent","replies":["a","b"],"tokenDelayMs":0,"firstTokenDelayMs":2.5,"seed":-3,"retryAfter":null}',
    );
    expect(() => createMockFetch(options)).not.toThrow();
    expect(() => createMockFetch({ replies: () => undefined })).not.toThrow();
    expect(() =>
      createMockFetch({
        replies: ['a', { content: 'b', tool_calls: [{ name: 'c', arguments: 1, id: 'd' }] }],
      }),
    ).not.toThrow();
    expect(() =>
      createMockFetch({
        replies: [
          {
            refusal: 'No.',
            images: ['data:image/png;base64,iVBOR', 'https://example.com/a.png', 'javascript:alert(1)'],
            annotations: [
              { url: 'https://example.com', title: 't', content: 'c', start_index: 0, end_index: 0 },
            ],
            finish_reason: 'unknown_reason',
            usage: { prompt_tokens: 0, completion_tokens_details: { image_tokens: 3 } },
          },
          { error: true },
          { error: { code: 'server_error', message: 'm', metadata: null } },
          // Details that fill their totals exactly.
          {
            usage: {
              prompt_tokens: 100,
              completion_tokens: 5,
              prompt_tokens_details: { cached_tokens: 60, cache_write_tokens: 40, audio_tokens: 100 },
              completion_tokens_details: { reasoning_tokens: 2, image_tokens: 3 },
            },
          },
          { content: undefined, error: undefined, finish_reason: undefined, usage: undefined },
        ],
      }),
    ).not.toThrow();
  });
});
