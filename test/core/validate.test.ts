import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/core/index.js';

const messages = [{ role: 'user', content: 'Hi' }];
const valid = (extra: Record<string, unknown>) => validateRequest({ messages, ...extra });
const paths = (extra: Record<string, unknown>) => valid(extra).map((issue) => issue.path);

describe('validateRequest', () => {
  it('accepts a minimal request and unknown extra keys', () => {
    expect(valid({})).toEqual([]);
    expect(valid({ model: 'x', some_future_field: { a: 1 }, provider: { brand_new: true } })).toEqual([]);
  });

  it('rejects what is not an object', () => {
    for (const value of [null, 'hi', [], 42, undefined]) {
      expect(validateRequest(value)).toEqual([
        { path: '', message: expect.stringMatching(/^expected a request object, got/) },
      ]);
    }
  });

  it('says what was expected and what came', () => {
    expect(valid({ temperature: 3 })).toEqual([
      { path: 'temperature', message: 'expected a number from 0 to 2, got 3' },
    ]);
    expect(validateRequest({})).toEqual([
      { path: 'messages', message: 'expected an array of messages, got nothing' },
    ]);
    expect(validateRequest({ messages: [] })).toEqual([
      { path: 'messages', message: 'expected at least one message, got an array of 0' },
    ]);
  });

  it('quotes a string that came whole up to 40 characters, clipped after them', () => {
    const forty = 'x'.repeat(40);
    expect(valid({ modalities: [forty, `${forty}yz`] })).toEqual([
      { path: 'modalities[0]', message: `expected one of "text", "image", "audio", got "${forty}"` },
      { path: 'modalities[1]', message: `expected one of "text", "image", "audio", got "${forty}…"` },
    ]);
  });

  describe.each([
    ['temperature', 0, 2],
    ['top_p', 0, 1],
    ['frequency_penalty', -2, 2],
    ['presence_penalty', -2, 2],
    ['top_logprobs', 0, 20],
  ] as const)('%s', (key, min, max) => {
    it('accepts the boundaries and null', () => {
      expect(valid({ [key]: min })).toEqual([]);
      expect(valid({ [key]: max })).toEqual([]);
      expect(valid({ [key]: null })).toEqual([]);
    });
    it('rejects values out of range, non-numbers and non-finite numbers', () => {
      for (const value of [min - 0.5, max + 0.5, '1', Number.NaN, Number.POSITIVE_INFINITY, true]) {
        expect(paths({ [key]: value })).toEqual([key]);
      }
    });
  });

  it.each(['max_completion_tokens', 'max_tokens'])(
    '%s is a number >= 1 or null (the spec says number)',
    (key) => {
      expect(valid({ [key]: 1 })).toEqual([]);
      expect(valid({ [key]: 100_000 })).toEqual([]);
      expect(valid({ [key]: 16.5 })).toEqual([]);
      expect(valid({ [key]: null })).toEqual([]);
      expect(valid({ [key]: 0 })).toEqual([{ path: key, message: 'expected a number >= 1, got 0' }]);
      expect(paths({ [key]: 0.5 })).toEqual([key]);
      expect(paths({ [key]: '16' })).toEqual([key]);
    },
  );

  it('top_logprobs and reasoning.max_tokens take any number in range, not only integers', () => {
    expect(valid({ top_logprobs: 2.5, reasoning: { max_tokens: 1000.5 } })).toEqual([]);
    expect(paths({ reasoning: { max_tokens: -1 } })).toEqual(['reasoning.max_tokens']);
  });

  it('seed is an integer or null', () => {
    expect(valid({ seed: -5 })).toEqual([]);
    expect(valid({ seed: null })).toEqual([]);
    expect(valid({ seed: 1.5 })).toEqual([{ path: 'seed', message: 'expected an integer, got 1.5' }]);
  });

  it('stop takes at most 4 sequences', () => {
    expect(valid({ stop: 'END' })).toEqual([]);
    expect(valid({ stop: null })).toEqual([]);
    expect(valid({ stop: ['a', 'b', 'c', 'd'] })).toEqual([]);
    expect(paths({ stop: ['a', 'b', 'c', 'd', 'e'] })).toEqual(['stop']);
    // "string, list of strings, or other": other items are the endpoint's to judge.
    expect(valid({ stop: ['a', 3] })).toEqual([]);
  });

  it('metadata: at most 16 string pairs, keys <= 64, values <= 512 characters', () => {
    const pairs = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
    expect(valid({ metadata: pairs(16) })).toEqual([]);
    expect(valid({ metadata: pairs(17) })).toEqual([
      { path: 'metadata', message: 'expected at most 16 key-value pairs, got 17' },
    ]);
    expect(valid({ metadata: { ['k'.repeat(64)]: 'v'.repeat(512) } })).toEqual([]);
    expect(valid({ metadata: { ['k'.repeat(65)]: 'v' } })).toEqual([
      { path: `metadata.${'k'.repeat(65)}`, message: 'expected at most 64 characters in a key, got 65' },
    ]);
    expect(valid({ metadata: { k: 'v'.repeat(513) } })).toEqual([
      { path: 'metadata.k', message: 'expected at most 512 characters in a value, got 513' },
    ]);
    expect(paths({ metadata: { k: 1 } })).toEqual(['metadata.k']);
    expect(paths({ metadata: ['x'] })).toEqual(['metadata']);
  });

  it('session_id: at most 128 characters', () => {
    expect(valid({ session_id: 's'.repeat(128) })).toEqual([]);
    expect(valid({ session_id: 's'.repeat(129) })).toEqual([
      { path: 'session_id', message: 'expected at most 128 characters, got 129' },
    ]);
    expect(paths({ session_id: 5 })).toEqual(['session_id']);
  });

  it('counts characters, not UTF-16 units: 128 emoji are a valid session_id, 129 are not', () => {
    expect(valid({ session_id: '😀'.repeat(128) })).toEqual([]);
    expect(valid({ session_id: '😀'.repeat(129) })).toEqual([
      { path: 'session_id', message: 'expected at most 128 characters, got 129' },
    ]);
    expect(valid({ metadata: { ['🔑'.repeat(64)]: '🌍'.repeat(512) } })).toEqual([]);
    expect(valid({ metadata: { ['🔑'.repeat(65)]: '🌍'.repeat(513) } })).toEqual([
      { path: `metadata.${'🔑'.repeat(65)}`, message: 'expected at most 64 characters in a key, got 65' },
      { path: `metadata.${'🔑'.repeat(65)}`, message: 'expected at most 512 characters in a value, got 513' },
    ]);
  });

  it('stream and stream_options take no null (the spec allows null only where it says so)', () => {
    expect(valid({ stream: false, stream_options: { include_usage: true } })).toEqual([]);
    expect(paths({ stream: null })).toEqual(['stream']);
    expect(paths({ stream_options: null })).toEqual(['stream_options']);
    expect(paths({ stream: 'yes' })).toEqual(['stream']);
  });

  it('modalities: text, image, audio', () => {
    expect(valid({ modalities: ['image', 'text', 'audio'] })).toEqual([]);
    expect(valid({ modalities: ['video'] })).toEqual([
      { path: 'modalities[0]', message: 'expected one of "text", "image", "audio", got "video"' },
    ]);
    expect(paths({ modalities: 'text' })).toEqual(['modalities']);
  });

  it('debug only when streaming', () => {
    expect(valid({ stream: true, debug: { echo_upstream_body: true } })).toEqual([]);
    expect(paths({ debug: { echo_upstream_body: true } })).toEqual(['debug']);
    expect(paths({ stream: false, debug: { echo_upstream_body: true } })).toEqual(['debug']);
  });

  it('checks the types of the other fields, allowing null where the endpoint does', () => {
    expect(
      valid({
        model: 'a/b',
        models: ['a/b', 'c/d'],
        user: 'u1',
        provider: null,
        logit_bias: null,
        logprobs: null,
        parallel_tool_calls: null,
        trace: { trace_id: 't', custom: 1 },
        plugins: [
          { id: 'web', max_results: 3 },
          { id: 'file-parser', pdf: { engine: 'pdf-text' } },
        ],
        reasoning: { effort: 'high', exclude: false },
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'x', strict: true, schema: { type: 'object' } },
        },
        image_config: { aspect_ratio: '16:9', n: 2, sizes: [1] },
        cache_control: { type: 'ephemeral', ttl: '1h' },
      }),
    ).toEqual([]);
    expect(
      paths({
        model: 5,
        models: ['a', 1],
        user: {},
        provider: { order: 'a', allow_fallbacks: 'yes', data_collection: 'maybe', sort: 3 },
        logit_bias: { 50256: 'x' },
        logprobs: 'yes',
        plugins: [{ max_results: 3 }],
        trace: 'x',
        reasoning: { effort: 5, max_tokens: -1 },
        response_format: { type: 'json_schema', json_schema: { strict: true } },
        image_config: { aspect_ratio: {} },
        cache_control: { type: 'persistent' },
        stream: 'yes',
      }),
    ).toEqual([
      'model',
      'models',
      'user',
      'provider.order',
      'provider.allow_fallbacks',
      'provider.data_collection',
      'provider.sort',
      'trace',
      'logprobs',
      'reasoning.effort',
      'reasoning.max_tokens',
      'response_format.json_schema.name',
      'stream',
      'cache_control.type',
      'plugins[0].id',
      'logit_bias.50256',
      'image_config.aspect_ratio',
    ]);
  });

  // WIRE.md: `{type: "json_object"}` or `{type: "json_schema", json_schema: {name, strict, schema}}`:
  // the json_schema form comes with its object (the request types require it too).
  it('response_format of type json_schema needs its json_schema object', () => {
    expect(valid({ response_format: { type: 'json_object' } })).toEqual([]);
    expect(valid({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } })).toEqual([]);
    expect(valid({ response_format: { type: 'json_schema' } })).toEqual([
      { path: 'response_format.json_schema', message: 'expected an object, got nothing' },
    ]);
    expect(paths({ response_format: { type: 'json_schema', json_schema: 'x' } })).toEqual([
      'response_format.json_schema',
    ]);
  });

  it('tools and tool_choice', () => {
    const tool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
    expect(valid({ tools: [tool], tool_choice: 'auto' })).toEqual([]);
    expect(
      valid({ tools: [tool], tool_choice: { type: 'function', function: { name: 'get_weather' } } }),
    ).toEqual([]);
    expect(paths({ tool_choice: 'sometimes' })).toEqual(['tool_choice']);
    expect(
      paths({ tools: [{ type: 'function', function: { name: '' } }, { type: 'other', function: {} }, 'x'] }),
    ).toEqual(['tools[0].function.name', 'tools[1].type', 'tools[1].function.name', 'tools[2]']);
    // A tool forced by a name no tool can have, as a tool's own name may not be empty.
    expect(valid({ tool_choice: { type: 'function', function: { name: '' } } })).toEqual([
      { path: 'tool_choice.function.name', message: 'expected a non-empty string, got ""' },
    ]);
  });
});

describe('validateRequest: messages', () => {
  const check = (...list: unknown[]) => validateRequest({ messages: list });

  it('accepts every role with its content shapes', () => {
    expect(
      check(
        { role: 'system', content: 'Be brief.' },
        {
          role: 'developer',
          content: [{ type: 'text', text: 'Rules', cache_control: { type: 'ephemeral' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } },
            { type: 'input_audio', input_audio: { data: 'UklG', format: 'wav' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,AA' } },
            { type: 'video_url', video_url: { url: 'https://x/v.mp4' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          reasoning_details: [{ type: 'reasoning.text', text: 't', signature: 's' }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"ok":true}' },
        { role: 'assistant', content: 'Done.' },
      ),
    ).toEqual([]);
  });

  it('rejects unknown roles and non-object messages', () => {
    expect(check({ role: 'bot', content: 'x' }, 'hello', { content: 'no role' })).toEqual([
      {
        path: 'messages[0].role',
        message: 'expected one of "system", "developer", "user", "assistant", "tool", got "bot"',
      },
      { path: 'messages[1]', message: 'expected an object, got "hello"' },
      {
        path: 'messages[2].role',
        message: 'expected one of "system", "developer", "user", "assistant", "tool", got nothing',
      },
    ]);
  });

  it('tool messages carry tool_call_id', () => {
    expect(check({ role: 'user', content: 'x' }, { role: 'tool', content: 'result' })).toEqual([
      {
        path: 'messages[1].tool_call_id',
        message: 'expected a non-empty string, got nothing',
      },
    ]);
    expect(check({ role: 'tool', tool_call_id: '', content: 'r' })[0]!.path).toBe('messages[0].tool_call_id');
  });

  it('checks content by role', () => {
    const issues = check(
      { role: 'user' },
      { role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] },
      {
        role: 'user',
        content: [{ type: 'text' }, { type: 'image_url', image_url: {} }, { type: 'image_url' }, 5],
      },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'u', detail: 'ultra' } }] },
      { role: 'assistant', content: 5 },
      { role: 'assistant', content: 'x', tool_calls: [{ id: 1, function: { name: 'f', arguments: {} } }] },
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      'messages[0].content',
      'messages[1].content[0].type',
      'messages[2].content[0].text',
      'messages[2].content[1].image_url.url',
      'messages[2].content[2].image_url',
      'messages[2].content[3]',
      'messages[3].content[0].image_url.detail',
      'messages[4].content',
      'messages[5].tool_calls[0].id',
      'messages[5].tool_calls[0].function.arguments',
    ]);
    expect(issues[1]!.message).toBe('expected "text" (system messages take text only), got "image_url"');
  });

  // WIRE.md: `{type: "input_audio", input_audio: {data: <base64>, format: "wav"|"mp3"|...}}`, where
  // the parts' optional keys carry a `?` (`detail?`, `cache_control?`): the format is required.
  it('input audio parts need their data and format', () => {
    const audio = (input_audio: unknown) => ({
      role: 'user',
      content: [{ type: 'input_audio', input_audio }],
    });
    expect(check(audio({ data: 'UklG', format: 'mp3' }), audio({ data: 'UklG', format: 'flac' }))).toEqual(
      [],
    );
    expect(
      check(audio({ data: 'UklG' }), audio({ format: 'wav' }), audio({ data: 'UklG', format: 3 })),
    ).toEqual([
      { path: 'messages[0].content[0].input_audio.format', message: 'expected a string, got nothing' },
      { path: 'messages[1].content[0].input_audio.data', message: 'expected a string, got nothing' },
      { path: 'messages[2].content[0].input_audio.format', message: 'expected a string, got 3' },
    ]);
  });

  // WIRE.md: `{type: "text", text, cache_control?}`, and `cache_control: {type: "ephemeral", ttl?}`:
  // a part's breakpoint is held to the shape the request's own is.
  it("a text part's cache_control is an ephemeral breakpoint, as the request's is", () => {
    const part = (cache_control: unknown) => ({
      role: 'user',
      content: [{ type: 'text', text: 'x', cache_control }],
    });
    expect(check(part({ type: 'ephemeral' }), part({ type: 'ephemeral', ttl: '1h' }))).toEqual([]);
    expect(check(part({ type: 'persistent' }), part('ephemeral'), part({}))).toEqual([
      {
        path: 'messages[0].content[0].cache_control.type',
        message: 'expected one of "ephemeral", got "persistent"',
      },
      { path: 'messages[1].content[0].cache_control', message: 'expected an object, got "ephemeral"' },
      {
        path: 'messages[2].content[0].cache_control.type',
        message: 'expected one of "ephemeral", got nothing',
      },
    ]);
  });

  it('finds the one bad message of a 10,000-message request, and each call reports only its own', () => {
    const thread: unknown[] = Array.from({ length: 10_000 }, (_, i) =>
      i % 2
        ? { role: 'assistant', content: `answer ${i}` }
        : { role: 'user', content: [{ type: 'text', text: `question ${i}` }] },
    );
    thread[9_876] = { role: 'user', content: [{ type: 'text', text: 7 }] };
    expect(validateRequest({ messages: thread })).toEqual([
      { path: 'messages[9876].content[0].text', message: 'expected a string, got 7' },
    ]);
    // The rules are parsed once and reused: nothing of the first call leaks into the next.
    expect(validateRequest({ messages: thread.slice(0, 9_876) })).toEqual([]);
    expect(check({ role: 'user', content: [{ type: 'text' }] })).toEqual([
      { path: 'messages[0].content[0].text', message: 'expected a string, got nothing' },
    ]);
  });

  it('allows unknown content part types and extra message keys', () => {
    expect(check({ role: 'user', content: [{ type: 'future_part', data: 1 }], extra: true })).toEqual([]);
  });

  it('finds no rules for part types named like object members or rule paths', () => {
    const parts = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'image_url.url', 'text:s'].map(
      (type) => ({ type }),
    );
    expect(check({ role: 'user', content: parts })).toEqual([]);
    expect(check({ role: 'tool', tool_call_id: 'c', content: parts })).toEqual([]);
  });
});
