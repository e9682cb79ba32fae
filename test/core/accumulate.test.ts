import { describe, expect, it } from 'vitest';
import {
  accumulateChunk,
  ChatApiError,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionChunkChoice,
  type ChatCompletionDelta,
  collectCompletion,
  createAccumulator,
  parseToolArguments,
} from '../../src/core/index.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const meta = {
  id: 'gen-1',
  object: 'chat.completion.chunk',
  created: 100,
  model: 'm/x',
  provider: 'P',
} as const;

function chunk(
  delta: ChatCompletionDelta,
  extra: Partial<ChatCompletionChunkChoice> = {},
): ChatCompletionChunk {
  return {
    ...meta,
    choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: null, ...extra }],
  };
}

/** Accumulates with every input frozen, so any mutation throws. */
function run(chunks: ChatCompletionChunk[]): ChatCompletion {
  let completion: ChatCompletion | undefined;
  for (const item of chunks) completion = deepFreeze(accumulateChunk(completion, deepFreeze(item)));
  if (!completion) throw new Error('no chunks');
  return JSON.parse(JSON.stringify(completion));
}

const message = (completion: ChatCompletion, index = 0) => completion.choices[index]!.message;

describe('accumulateChunk: basics', () => {
  it('builds a chat.completion with the chunk metadata', () => {
    const result = run([chunk({ content: 'Hi' }), chunk({ content: '' }, { finish_reason: 'stop' })]);
    expect(result).toEqual({
      id: 'gen-1',
      object: 'chat.completion',
      created: 100,
      model: 'm/x',
      provider: 'P',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi' } }],
    });
  });

  it('concatenates content, ignoring null and empty fragments', () => {
    const result = run([
      chunk({ content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: null }),
      chunk({}),
      chunk({ content: 'lo 亚😀' }),
    ]);
    expect(message(result).content).toBe('Hello 亚😀');
  });

  it('joins a character whose two UTF-16 halves arrive in two chunks (as JSON escapes)', () => {
    const [high, low] = JSON.parse('["\\ud83d", "\\ude00"]') as [string, string];
    const result = run([
      chunk({ content: `a${high}` }),
      chunk({ reasoning: high }),
      chunk({ content: low }),
      chunk({ reasoning: low }),
    ]);
    expect(message(result).content).toBe('a😀');
    expect(message(result).reasoning).toBe('😀');
  });

  it('keeps content null when only empty strings arrived (tool-only replies)', () => {
    expect(
      message(run([chunk({ content: '' }), chunk({ content: '' }, { finish_reason: 'stop' })])).content,
    ).toBe(null);
  });

  it('concatenates refusal', () => {
    const result = run([
      chunk({ refusal: "I can't" }),
      chunk({ refusal: null }),
      chunk({ refusal: ' help.' }),
    ]);
    expect(message(result).refusal).toBe("I can't help.");
  });

  it('never downgrades a finish reason to null and keeps native_finish_reason', () => {
    const result = run([
      chunk({ content: 'a' }),
      chunk({}, { finish_reason: 'stop', native_finish_reason: 'end_turn' }),
      chunk({}, { finish_reason: null, native_finish_reason: null }),
    ]);
    expect(result.choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'end_turn' });
  });

  it('accepts unknown finish reasons', () => {
    expect(run([chunk({ content: 'a' }, { finish_reason: 'SAFETY_CHECK' })]).choices[0]!.finish_reason).toBe(
      'SAFETY_CHECK',
    );
  });

  it('keeps unknown keys at every level', () => {
    const result = run([
      {
        ...meta,
        system_fingerprint: 'fp_1',
        extra_top: 1,
        choices: [{ index: 0, delta: { content: 'a', extra_delta: 'x' }, extra_choice: true }],
      },
    ]);
    expect(result).toMatchObject({ system_fingerprint: 'fp_1', extra_top: 1 });
    expect(result.choices[0]).toMatchObject({ extra_choice: true, message: { extra_delta: 'x' } });
  });

  it('takes keys named like Object.prototype members as unknown keys, at every level', () => {
    const odd = { constructor: 'c', toString: 't', hasOwnProperty: 1 };
    const result = run([
      JSON.parse(
        JSON.stringify({
          ...meta,
          ...odd,
          choices: [
            {
              index: 0,
              ...odd,
              delta: {
                content: 'a',
                ...odd,
                reasoning_details: [{ type: 'reasoning.text', text: 'r', index: 0, ...odd }],
                tool_calls: [
                  { index: 0, id: 'call_1', ...odd, function: { name: 'f', arguments: '{', ...odd } },
                ],
              },
            },
          ],
        }),
      ),
      chunk({
        content: 'b',
        reasoning_details: [{ type: 'reasoning.text', text: 's', index: 0, constructor: 'd' } as never],
        tool_calls: [{ index: 0, function: { arguments: '}' } }],
      }),
    ]);
    expect(result).toMatchObject(odd);
    expect(result.choices[0]).toMatchObject(odd);
    expect(message(result)).toMatchObject({ ...odd, content: 'ab' });
    expect(message(result).reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'rs', index: 0, ...odd, constructor: 'd' },
    ]);
    expect(message(result).tool_calls).toEqual([
      {
        id: 'call_1',
        type: 'function',
        ...odd,
        function: { name: 'f', arguments: '{}', ...odd },
      },
    ]);
  });

  it('does not copy the chunk-only keys (object, error) onto the completion', () => {
    const result = run([
      chunk({ content: 'a' }),
      { ...chunk({ content: 'b' }), error: { code: 502, message: 'Upstream failed' } },
    ]);
    expect(result.object).toBe('chat.completion');
    expect('error' in result).toBe(false);
    expect(message(result).content).toBe('ab');
  });

  it("ignores a choice's message in a chunk: only deltas build the message", () => {
    const first = accumulateChunk(undefined, chunk({ content: 'a' }));
    const stray = {
      ...meta,
      choices: [
        { index: 0, delta: {}, message: { role: 'assistant', content: 'other' }, finish_reason: null },
      ],
    } as ChatCompletionChunk;
    // Nothing changed: the completion itself comes back.
    expect(accumulateChunk(first, stray)).toBe(first);
    expect(
      message(
        accumulateChunk(first, { ...stray, choices: [{ ...stray.choices[0]!, delta: { content: 'b' } }] }),
      ).content,
    ).toBe('ab');
  });

  it('an empty text fragment after content parts changes nothing', () => {
    const parts = accumulateChunk(undefined, chunk({ content: [{ type: 'text', text: 'p' }] }));
    expect(accumulateChunk(parts, chunk({ content: '' }))).toBe(parts);
    expect(message(accumulateChunk(parts, chunk({ content: 'q' }))).content).toEqual([
      { type: 'text', text: 'p' },
      { type: 'text', text: 'q' },
    ]);
  });

  it('keeps a debug chunk (choices: []) as metadata without creating a choice', () => {
    const result = run([
      { ...meta, choices: [], debug: { echo_upstream_body: { model: 'x' } } },
      chunk({ content: 'a' }),
    ]);
    expect(result.debug).toEqual({ echo_upstream_body: { model: 'x' } });
    expect(result.choices).toHaveLength(1);
  });
});

describe('accumulateChunk: structural sharing', () => {
  it('returns the same completion when a chunk changes nothing', () => {
    const first = accumulateChunk(undefined, chunk({ content: 'a' }));
    expect(accumulateChunk(first, chunk({ content: '' }))).toBe(first);
    expect(accumulateChunk(first, chunk({ content: null }, { finish_reason: null }))).toBe(first);
    expect(accumulateChunk(first, { ...meta, choices: [] })).toBe(first);
  });

  it('keeps unchanged choices, messages and tool calls by identity', () => {
    let completion = accumulateChunk(undefined, {
      ...meta,
      choices: [
        { index: 0, delta: { content: 'zero' } },
        {
          index: 1,
          delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{' } }] },
        },
      ],
    });
    const [zero, one] = completion.choices;
    const firstCall = one!.message.tool_calls![0];
    completion = accumulateChunk(completion, {
      ...meta,
      choices: [{ index: 1, delta: { tool_calls: [{ index: 1, id: 'c2', function: { name: 'g' } }] } }],
    });
    expect(completion.choices[0]).toBe(zero);
    expect(completion.choices[1]).not.toBe(one);
    expect(completion.choices[1]!.message.tool_calls![0]).toBe(firstCall);
    const before = completion;
    completion = accumulateChunk(completion, { ...meta, choices: [{ index: 0, delta: { content: '!' } }] });
    expect(completion.choices[1]).toBe(before.choices[1]);
    expect(completion.choices[0]!.message.content).toBe('zero!');
  });

  it('never mutates its inputs', () => {
    const previous = deepFreeze(accumulateChunk(undefined, chunk({ content: 'a', reasoning: 'r' })));
    const snapshot = JSON.stringify(previous);
    const next = accumulateChunk(previous, deepFreeze(chunk({ content: 'b', reasoning: 's' })));
    expect(JSON.stringify(previous)).toBe(snapshot);
    expect(message(next).content).toBe('ab');
  });
});

describe('accumulateChunk: reasoning', () => {
  it('keeps reasoning and reasoning_details side by side without merging one into the other', () => {
    const result = run([
      chunk({ reasoning: 'Think', reasoning_details: [{ type: 'reasoning.text', text: 'Think', index: 0 }] }),
      chunk({ reasoning: 'ing', reasoning_details: [{ type: 'reasoning.text', text: 'ing', index: 0 }] }),
      chunk({ content: 'Answer' }),
    ]);
    expect(message(result).reasoning).toBe('Thinking');
    expect(message(result).reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'Thinking', index: 0 },
    ]);
    expect(message(result).content).toBe('Answer');
  });

  it('merges a late signature and keeps the first non-null id and format', () => {
    const result = run([
      chunk({
        reasoning_details: [{ type: 'reasoning.text', text: 'a', id: null, format: 'anthropic', index: 0 }],
      }),
      chunk({
        reasoning_details: [{ type: 'reasoning.text', text: 'b', id: 'r1', format: 'other', index: 0 }],
      }),
      chunk({ reasoning_details: [{ type: 'reasoning.text', text: '', signature: 'sig==', index: 0 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.text', signature: 'later', id: 'r2', index: 0 }] }),
    ]);
    expect(message(result).reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'ab', id: 'r1', format: 'anthropic', signature: 'sig==', index: 0 },
    ]);
  });

  it('starts a new item for a new index and appends summary and encrypted items whole', () => {
    const result = run([
      chunk({ reasoning_details: [{ type: 'reasoning.summary', summary: 'S1', index: 0 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.summary', summary: 'S2', index: 0 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.text', text: 'x', index: 1 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.text', text: 'y', index: 2 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.encrypted', data: 'enc', index: 2 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.text', text: 'z', index: 2 }] }),
    ]);
    expect(message(result).reasoning_details).toEqual([
      { type: 'reasoning.summary', summary: 'S1', index: 0 },
      { type: 'reasoning.summary', summary: 'S2', index: 0 },
      { type: 'reasoning.text', text: 'x', index: 1 },
      { type: 'reasoning.text', text: 'y', index: 2 },
      { type: 'reasoning.encrypted', data: 'enc', index: 2 },
      { type: 'reasoning.text', text: 'z', index: 2 },
    ]);
  });
});

describe('accumulateChunk: tool calls', () => {
  const call = (
    index: number | undefined,
    id: string | undefined,
    name: string | undefined,
    args?: string,
  ) => ({
    ...(index === undefined ? {} : { index }),
    ...(id === undefined ? {} : { id, type: 'function' as const }),
    function: { ...(name === undefined ? {} : { name }), ...(args === undefined ? {} : { arguments: args }) },
  });

  it('assembles parallel calls by index, setting id and name once and concatenating arguments', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'call_a', 'weather', '')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '{"city":')] }),
      chunk({ tool_calls: [call(1, 'call_b', 'time', '{}')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '"Oslo"}')] }),
      chunk({}, { finish_reason: 'tool_calls' }),
    ]);
    expect(message(result).tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
      { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } },
    ]);
  });

  it('tolerates a whole call followed by whitespace-only fragments', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'c', 'f', '{"a":1}')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, ' ')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '\n')] }),
    ]);
    expect(message(result).tool_calls).toHaveLength(1);
    expect(JSON.parse(message(result).tool_calls![0]!.function.arguments)).toEqual({ a: 1 });
  });

  it('keeps a zero-argument call streamed as "" only', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'c', 'now', '')] }),
      chunk({}, { finish_reason: 'stop' }),
    ]);
    expect(message(result).tool_calls).toEqual([
      { id: 'c', type: 'function', function: { name: 'now', arguments: '' } },
    ]);
    expect(result.choices[0]!.finish_reason).toBe('stop');
  });

  it('treats an id and name repeated on every fragment as the same call', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'c', 'f', '{"x"')] }),
      chunk({ tool_calls: [call(0, 'c', 'f', ':1}')] }),
    ]);
    expect(message(result).tool_calls).toEqual([
      { id: 'c', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
    ]);
  });

  it('joins arguments split inside a \\u escape and between the escaped halves of a surrogate pair', () => {
    const pieces = ['{"city":"Z\\u', '00fc', 'rich \\ud83d', '\\ude00", "n": 1', '}'];
    const result = run(
      pieces.map((piece, i) => chunk({ tool_calls: [call(0, i ? undefined : 'c', 'f', piece)] })),
    );
    const { arguments: args } = message(result).tool_calls![0]!.function;
    expect(args).toBe(pieces.join(''));
    expect(parseToolArguments(args)).toEqual({ ok: true, value: { city: 'Zürich 😀', n: 1 } });
  });

  it('orders calls by index, whatever order they start streaming in', () => {
    const result = run([
      chunk({ tool_calls: [call(2, 'c', 'h', '{"n":')] }),
      chunk({ tool_calls: [call(0, 'a', 'f', '{"n":')] }),
      chunk({ tool_calls: [call(2, undefined, undefined, '3}')] }),
      chunk({ tool_calls: [call(1, 'b', 'g', '{"n":2}')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '1}')] }),
      chunk({ tool_calls: [call(3, 'd', 'k', '{"n":4}')] }),
    ]);
    expect(message(result).tool_calls!.map((item) => [item.id, item.function.arguments])).toEqual([
      ['a', '{"n":1}'],
      ['b', '{"n":2}'],
      ['c', '{"n":3}'],
      ['d', '{"n":4}'],
    ]);
  });

  it('keeps calls sharing an index in arrival order, before the calls of higher indexes', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'a', 'f', '{')] }),
      chunk({ tool_calls: [call(1, 'c', 'h', '{')] }),
      chunk({ tool_calls: [call(0, 'b', 'g', '{')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '}')] }),
      chunk({ tool_calls: [call(1, undefined, undefined, '}')] }),
      chunk({ tool_calls: [call(0, 'a', 'f', '}')] }),
    ]);
    expect(message(result).tool_calls!.map((item) => [item.id, item.function.arguments])).toEqual([
      ['a', '{}'],
      ['b', '{}'],
      ['c', '{}'],
    ]);
  });

  it('a call moved up by a lower index keeps its identity and gets its own fragments', () => {
    const first = accumulateChunk(undefined, chunk({ tool_calls: [call(1, 'b', 'g', '{')] }));
    const moved = first.choices[0]!.message.tool_calls![0];
    const second = accumulateChunk(first, chunk({ tool_calls: [call(0, 'a', 'f', '{}')] }));
    expect(second.choices[0]!.message.tool_calls![1]).toBe(moved);
    const third = accumulateChunk(second, chunk({ tool_calls: [call(1, undefined, undefined, '}')] }));
    const calls = third.choices[0]!.message.tool_calls!;
    expect(calls[0]).toBe(second.choices[0]!.message.tool_calls![0]);
    expect(calls.map((item) => [item.id, item.function.arguments])).toEqual([
      ['a', '{}'],
      ['b', '{}'],
    ]);
  });

  it('stays pure when results fork: a call moved up in one keeps its place in the other', () => {
    const start = accumulateChunk(
      undefined,
      chunk({ tool_calls: [call(0, 'a', 'f', '{'), call(1, 'c', 'h', '{')] }),
    );
    // One result moves `c` up with a new call at index 0; another is given a fragment changing nothing.
    const moved = accumulateChunk(start, chunk({ tool_calls: [call(0, 'b', 'g', '{}')] }));
    const same = accumulateChunk(start, chunk({ tool_calls: [call(1, undefined, undefined, '')] }));
    expect(message(same).tool_calls![1]).toBe(message(start).tool_calls![1]);
    const next = accumulateChunk(moved, chunk({ tool_calls: [call(1, undefined, undefined, '}')] }));
    expect(message(next).tool_calls!.map((item) => [item.id, item.function.arguments])).toEqual([
      ['a', '{'],
      ['b', '{}'],
      ['c', '{}'],
    ]);
  });

  it('uses the array position when index is missing', () => {
    const result = run([
      chunk({ tool_calls: [call(undefined, 'a', 'f', '{"n":1}'), call(undefined, 'b', 'g', '{"n":2}')] }),
    ]);
    expect(message(result).tool_calls!.map((item) => [item.id, item.function.name])).toEqual([
      ['a', 'f'],
      ['b', 'g'],
    ]);
  });

  it('starts a new call when a new id arrives at an index already in use', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'a', 'f', '{"n":')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '1}')] }),
      chunk({ tool_calls: [call(0, 'b', 'f', '{"n":')] }),
      chunk({ tool_calls: [call(0, undefined, undefined, '2}')] }),
    ]);
    expect(message(result).tool_calls!.map((item) => [item.id, item.function.arguments])).toEqual([
      ['a', '{"n":1}'],
      ['b', '{"n":2}'],
    ]);
  });

  // WIRE.md tolerates ids repeated on every fragment and every call sent at index 0; only a *new*
  // id starts a new call there. A repeated id goes on with its own call, even when the fragments
  // of two calls at index 0 interleave.
  it('an id repeated at an index shared by several calls goes on with its own call', () => {
    const result = run([
      chunk({ tool_calls: [call(0, 'a', 'f', '{"x"')] }),
      chunk({ tool_calls: [call(0, 'b', 'g', '{"y"')] }),
      chunk({ tool_calls: [call(0, 'a', 'f', ':1}')] }),
      chunk({ tool_calls: [call(0, 'b', 'g', ':2}')] }),
    ]);
    expect(message(result).tool_calls).toEqual([
      { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
      { id: 'b', type: 'function', function: { name: 'g', arguments: '{"y":2}' } },
    ]);
  });

  it('generates unique ids for missing and duplicate ids, deterministically', () => {
    const chunks = [
      chunk({ tool_calls: [call(0, undefined, 'f', '{}')] }),
      chunk({ tool_calls: [call(1, 'dup', 'g', '{}')] }),
      chunk({ tool_calls: [call(2, 'dup', 'h', '{}')] }),
    ];
    const result = run(chunks);
    const ids = message(result).tool_calls!.map((item) => item.id);
    expect(ids[1]).toBe('dup');
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(run(chunks)).toEqual(result);
  });

  it('builds a generated id from the generation id, also when the first chunk carries the call', () => {
    // Ids must not repeat across replies: the next request sends both replies' calls back.
    const idOf = (id: string) =>
      message(run([{ ...chunk({ tool_calls: [call(0, undefined, 'f', '{}')] }), id }])).tool_calls![0]!.id;
    expect(idOf('gen-a')).toContain('gen-a');
    expect(idOf('gen-b')).toContain('gen-b');
  });

  it('takes a real id arriving after a generated one', () => {
    const result = run([
      chunk({ tool_calls: [call(0, undefined, 'f', '{')] }),
      chunk({ tool_calls: [call(0, 'real', undefined, '}')] }),
    ]);
    expect(message(result).tool_calls).toEqual([
      { id: 'real', type: 'function', function: { name: 'f', arguments: '{}' } },
    ]);
  });

  it('keeps unknown keys of calls (thought signatures) for the round trip', () => {
    const result = run([
      chunk({
        tool_calls: [{ ...call(0, 'c', 'f', '{}'), extra_content: { google: { thought_signature: 'ts' } } }],
      }),
    ]);
    expect(message(result).tool_calls![0]).toMatchObject({
      extra_content: { google: { thought_signature: 'ts' } },
    });
    expect(message(result).tool_calls![0]).not.toHaveProperty('index');
  });
});

describe('accumulateChunk: images, annotations, audio', () => {
  it('appends images', () => {
    const image = (url: string) => ({ type: 'image_url' as const, image_url: { url } });
    const result = run([
      chunk({ images: [image('data:image/png;base64,AA')] }),
      chunk({ images: [image('https://x/y.png')] }),
    ]);
    expect(message(result).images!.map((item) => item.image_url.url)).toEqual([
      'data:image/png;base64,AA',
      'https://x/y.png',
    ]);
  });

  it('appends annotations, deduplicating by url and file hash', () => {
    const cite = (url: string, title: string) => ({
      type: 'url_citation' as const,
      url_citation: { url, title },
    });
    const file = (hash: string) => ({ type: 'file' as const, file: { hash, name: `${hash}.pdf` } });
    const result = run([
      chunk({ annotations: [cite('https://a', 'A'), cite('https://b', 'B')] }),
      chunk({ annotations: [cite('https://a', 'A again'), file('h1')] }),
      chunk({ annotations: [file('h1'), cite('https://c', 'C')] }),
    ]);
    expect(
      message(result).annotations!.map((item) =>
        item.type === 'file' ? item.file.hash : item.url_citation.url,
      ),
    ).toEqual(['https://a', 'https://b', 'h1', 'https://c']);
    expect(message(result).annotations![0]).toMatchObject({ url_citation: { title: 'A' } });
  });

  it('a chunk with only duplicate annotations changes nothing', () => {
    const first = accumulateChunk(
      undefined,
      chunk({ annotations: [{ type: 'url_citation', url_citation: { url: 'u' } }] }),
    );
    expect(
      accumulateChunk(first, chunk({ annotations: [{ type: 'url_citation', url_citation: { url: 'u' } }] })),
    ).toBe(first);
  });

  it('concatenates audio data and transcript and keeps the id', () => {
    const result = run([
      chunk({ audio: { id: 'audio_1', data: 'UklG', transcript: 'Hel' } }),
      chunk({ audio: { data: 'RiQA', transcript: null } }),
      chunk({ audio: { data: null, transcript: 'lo', expires_at: 123 } }),
    ]);
    expect(message(result).audio).toEqual({
      id: 'audio_1',
      data: 'UklGRiQA',
      transcript: 'Hello',
      expires_at: 123,
    });
  });
});

describe('accumulateChunk: logprobs', () => {
  const token = (text: string) => ({
    token: text,
    logprob: -0.1,
    bytes: [text.charCodeAt(0)],
    top_logprobs: [],
  });

  it('concatenates logprobs.content and keeps earlier results unchanged', () => {
    const first = accumulateChunk(
      undefined,
      chunk({ content: 'a' }, { logprobs: { content: [token('a')], refusal: null } }),
    );
    const second = accumulateChunk(
      first,
      chunk({ content: 'b' }, { logprobs: { content: [token('b')], refusal: null } }),
    );
    const third = accumulateChunk(
      second,
      chunk({ content: 'c' }, { logprobs: { content: [token('c'), token('d')] } }),
    );
    expect(third.choices[0]!.logprobs!.content!.map((item) => item.token)).toEqual(['a', 'b', 'c', 'd']);
    expect(second.choices[0]!.logprobs!.content!.map((item) => item.token)).toEqual(['a', 'b']);
    expect(first.choices[0]!.logprobs!.content!.map((item) => item.token)).toEqual(['a']);
    expect(JSON.parse(JSON.stringify(third.choices[0]!.logprobs))).toEqual({
      content: [token('a'), token('b'), token('c'), token('d')],
      refusal: null,
    });
    expect(structuredClone(third.choices[0]!.logprobs!.content)).toHaveLength(4);
  });

  it('keeps a received logprobs field when a later chunk sends it as null', () => {
    const first = accumulateChunk(
      undefined,
      chunk({ content: 'a' }, { logprobs: { content: [token('a')], provider_extra: 'x' } as never }),
    );
    const second = accumulateChunk(
      first,
      chunk({ content: 'b' }, { logprobs: { content: [token('b')], provider_extra: null } as never }),
    );
    expect(JSON.parse(JSON.stringify(second.choices[0]!.logprobs))).toEqual({
      content: [token('a'), token('b')],
      provider_extra: 'x',
    });
  });

  it('stays correct over many chunks, whichever version is read first', () => {
    let completion: ChatCompletion | undefined;
    const versions: ChatCompletion[] = [];
    for (let i = 0; i < 5000; i++) {
      completion = accumulateChunk(
        completion,
        chunk({ content: 'x' }, { logprobs: { content: [token(String(i))] } }),
      );
      if (i % 1000 === 999) versions.push(completion);
    }
    expect(completion!.choices[0]!.logprobs!.content).toHaveLength(5000);
    expect(completion!.choices[0]!.logprobs!.content![4999]!.token).toBe('4999');
    expect(versions.map((version) => version.choices[0]!.logprobs!.content!.length)).toEqual([
      1000, 2000, 3000, 4000, 5000,
    ]);
    expect(message(completion!).content).toHaveLength(5000);
  });
});

describe('accumulateChunk: choices and usage', () => {
  it('accumulates several choices by index, in index order', () => {
    const result = run([
      { ...meta, choices: [{ index: 1, delta: { content: 'B1' } }] },
      { ...meta, choices: [{ index: 0, delta: { content: 'A1' } }] },
      {
        ...meta,
        choices: [
          { index: 0, delta: { content: 'A2' }, finish_reason: 'stop' },
          { index: 1, delta: { content: 'B2' }, finish_reason: 'length' },
        ],
      },
    ]);
    expect(
      result.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason]),
    ).toEqual([
      [0, 'A1A2', 'stop'],
      [1, 'B1B2', 'length'],
    ]);
  });

  const usage = { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10, cost: 0.001 };

  it('takes usage from a final chunk with choices: []', () => {
    const result = run([chunk({ content: 'a' }, { finish_reason: 'stop' }), { ...meta, choices: [], usage }]);
    expect(result.usage).toEqual(usage);
    expect(result.choices[0]!.finish_reason).toBe('stop');
  });

  it('takes usage from a repeated final choice', () => {
    const result = run([
      chunk({ content: 'a' }, { finish_reason: 'stop' }),
      { ...chunk({ content: '' }, { finish_reason: 'stop' }), usage },
    ]);
    expect(result.usage).toEqual(usage);
    expect(message(result).content).toBe('a');
  });

  it('takes usage from a choice with finish_reason null after an earlier stop', () => {
    const result = run([
      chunk({ content: 'a' }, { finish_reason: 'stop' }),
      { ...chunk({ content: '' }, { finish_reason: null }), usage },
    ]);
    expect(result.usage).toEqual(usage);
    expect(result.choices[0]!.finish_reason).toBe('stop');
  });

  it('ignores usage: null', () => {
    const result = run([chunk({ content: 'a' }), { ...chunk({}), usage: null }]);
    expect(result).not.toHaveProperty('usage');
  });
});

describe('createAccumulator and collectCompletion', () => {
  it('createAccumulator tracks the latest completion', () => {
    const accumulator = createAccumulator();
    expect(accumulator.completion).toBeUndefined();
    accumulator.push(chunk({ content: 'a' }));
    const latest = accumulator.push(chunk({ content: 'b' }));
    expect(accumulator.completion).toBe(latest);
    expect(message(latest).content).toBe('ab');
  });

  it('collects sync and async iterables into a completion', async () => {
    const chunks = [chunk({ content: 'a' }), chunk({ content: 'b' }, { finish_reason: 'stop' })];
    async function* generate() {
      yield* chunks;
    }
    expect(message(await collectCompletion(chunks)).content).toBe('ab');
    expect(await collectCompletion(generate())).toEqual(await collectCompletion(chunks));
  });

  it('throws the error of an error chunk with the partial completion', async () => {
    const error = await collectCompletion([
      chunk({ content: 'Partial' }),
      {
        ...chunk({ content: '' }, { finish_reason: 'error' }),
        error: { code: 'server_error', message: 'Upstream died', metadata: { provider_name: 'P' } },
      },
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({
      type: 'stream',
      status: undefined,
      code: 'server_error',
      generationId: 'gen-1',
    });
    expect((error as ChatApiError).message).toContain('Upstream died');
    expect((error as ChatApiError).partial?.choices[0]).toMatchObject({
      finish_reason: 'error',
      message: { content: 'Partial' },
    });
  });

  it('throws for a choice-level error with finish_reason "error"', async () => {
    const error = await collectCompletion([
      chunk({ content: 'x' }, { finish_reason: 'error', error: { code: 502, message: 'Provider failed' } }),
    ]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 502, message: 'Provider failed' });
  });

  it('throws stream_truncated when there are no chunks', async () => {
    await expect(collectCompletion([])).rejects.toMatchObject({ code: 'stream_truncated' });
  });
});
