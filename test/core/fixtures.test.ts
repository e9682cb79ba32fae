import { describe, expect, it } from 'vitest';
import { type ChatCompletion, parseToolArguments } from '../../src/core/index.js';
import {
  createRandom,
  type DecodeResult,
  decodeParts,
  fixtureNames,
  randomSplit,
  readFixture,
  splitAt,
  trickyOffsets,
} from './helpers.js';

const choice = (result: DecodeResult, index = 0) => result.completion!.choices[index]!;
const message = (result: DecodeResult, index = 0) => choice(result, index).message;
const ok = (result: DecodeResult) => expect(result.error).toBeUndefined();
const contentOf = (completion: unknown) => (completion as ChatCompletion).choices[0]!.message.content;

/** What each recorded stream must decode to. Every fixture in test/fixtures needs an entry. */
const expectations: Record<string, (result: DecodeResult) => void> = {
  'text.sse': (result) => {
    ok(result);
    expect(result.comments).toEqual(['OPENROUTER PROCESSING', 'OPENROUTER PROCESSING']);
    expect(result.chunks).toHaveLength(7);
    expect(result.completion).toEqual({
      id: 'gen-1764926476-text',
      object: 'chat.completion',
      created: 1739458867,
      model: 'openai/gpt-4o-mini',
      provider: 'OpenAI',
      system_fingerprint: 'fp_1',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          native_finish_reason: 'stop',
          message: { role: 'assistant', content: '亚洲 😀 café 𝄞é done.' },
        },
      ],
      usage: {
        prompt_tokens: 7,
        completion_tokens: 96,
        total_tokens: 103,
        cost: 0.0002915,
        is_byok: false,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  },
  'framing-lookalike.sse': (result) => {
    ok(result);
    expect(result.chunks).toHaveLength(3);
    expect(message(result).content).toBe(
      'data: [DONE]\n\n: not a comment\r\nevent: x\rid: 7\nretry: 5 data:{"a":1}',
    );
  },
  'reasoning.sse': (result) => {
    ok(result);
    expect(message(result)).toEqual({
      role: 'assistant',
      content: 'The answer is 4.',
      reasoning: 'Let me think.',
      reasoning_details: [
        {
          type: 'reasoning.text',
          text: 'Let me think.',
          format: 'anthropic-claude-v1',
          index: 0,
          signature: 'EqQBCkgIBxABGAIiQL2s==',
        },
      ],
    });
    expect(choice(result).native_finish_reason).toBe('end_turn');
    expect(result.completion!.usage!.completion_tokens_details).toEqual({ reasoning_tokens: 12 });
  },
  'reasoning-encrypted.sse': (result) => {
    ok(result);
    expect(message(result).reasoning).toBe('**Plan**\n');
    expect(message(result).reasoning_details).toEqual([
      {
        type: 'reasoning.summary',
        summary: '**Plan**\n',
        format: 'openai-responses-v1',
        index: 0,
        id: 'rs_1',
      },
      {
        type: 'reasoning.encrypted',
        data: 'gAAAAABo...==',
        format: 'openai-responses-v1',
        index: 0,
        id: 'rs_1',
      },
    ]);
    expect(message(result).content).toBe('Done.');
  },
  'tool-calls.sse': (result) => {
    ok(result);
    expect(message(result).content).toBeNull();
    expect(message(result).tool_calls).toEqual([
      { id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Oslo"}' } },
      { id: 'call_t', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
    ]);
    expect(choice(result).finish_reason).toBe('tool_calls');
  },
  'tool-calls-whole.sse': (result) => {
    ok(result);
    const calls = message(result).tool_calls!;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: 'tool_0_lookup',
      type: 'function',
      function: { name: 'lookup' },
      extra_content: { google: { thought_signature: 'CiQB==' } },
    });
    expect(parseToolArguments(calls[0]!.function.arguments)).toEqual({ ok: true, value: { q: 'sse' } });
    expect(choice(result).finish_reason).toBe('stop');
  },
  'tool-calls-index-zero.sse': (result) => {
    ok(result);
    expect(message(result).tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'add', arguments: '{"a":1}' } },
      { id: 'call_b', type: 'function', function: { name: 'add', arguments: '{"b":2}' } },
    ]);
  },
  'tool-calls-ids.sse': (result) => {
    ok(result);
    const calls = message(result).tool_calls!;
    expect(calls.map((call) => call.function.name)).toEqual(['now', 'echo', 'echo']);
    expect(calls[1]!.id).toBe('dup');
    expect(new Set(calls.map((call) => call.id)).size).toBe(3);
    expect(calls.every((call) => call.id.length > 0)).toBe(true);
    expect(calls[0]!.function.arguments).toBe('');
    expect(parseToolArguments(calls[0]!.function.arguments)).toEqual({ ok: true, value: {} });
    expect(calls.slice(1).map((call) => parseToolArguments(call.function.arguments))).toEqual([
      { ok: true, value: { x: 1 } },
      { ok: true, value: { x: 2 } },
    ]);
  },
  'images.sse': (result) => {
    ok(result);
    expect(message(result).content).toBe('Here it is.');
    expect(message(result).images!.map((image) => [image.index, image.image_url.url.slice(0, 22)])).toEqual([
      [0, 'data:image/png;base64,'],
      [1, 'data:image/webp;base64'],
    ]);
    expect(result.completion!.usage!.completion_tokens_details).toEqual({ image_tokens: 1290 });
  },
  'annotations.sse': (result) => {
    ok(result);
    const annotations = message(result).annotations!;
    expect(
      annotations.map((item) => (item.type === 'file' ? item.file.hash : item.url_citation.url)),
    ).toEqual(['https://html.spec.whatwg.org/', 'https://developer.mozilla.org/sse', 'abc123']);
    expect(annotations[0]).toMatchObject({ url_citation: { title: 'HTML', start_index: 18, end_index: 21 } });
    expect(annotations[2]).toMatchObject({ file: { content: [{ type: 'text', text: 'p1' }] } });
  },
  'audio.sse': (result) => {
    ok(result);
    expect(message(result).audio).toEqual({
      id: 'audio_abc',
      transcript: 'Hello',
      data: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEA',
      expires_at: 1729234747,
    });
    expect(message(result).content).toBeNull();
  },
  'logprobs.sse': (result) => {
    ok(result);
    expect(message(result).content).toBe('Hello,😀');
    expect(choice(result).logprobs!.content!.map((item) => item.token)).toEqual(['Hello', ',', '😀']);
    expect(choice(result).logprobs!.content![2]!.bytes).toEqual([240, 159, 152, 128]);
    expect(choice(result).logprobs!.refusal).toBeNull();
  },
  'multiple-choices.sse': (result) => {
    ok(result);
    expect(
      result.completion!.choices.map((item) => [item.index, item.message.content, item.finish_reason]),
    ).toEqual([
      [0, 'Ab', 'length'],
      [1, 'Ba', 'stop'],
    ]);
    expect(result.completion!.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  },
  'usage-repeated-final.sse': (result) => {
    ok(result);
    expect(result.chunks).toHaveLength(3);
    expect(message(result).content).toBe('Hi');
    expect(choice(result)).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'end_turn' });
    expect(result.completion!.usage).toMatchObject({ total_tokens: 11, cost: 0.00001 });
  },
  'usage-null-finish.sse': (result) => {
    ok(result);
    expect(choice(result).finish_reason).toBe('stop');
    expect(result.completion!.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
  },
  'crlf.sse': (result) => {
    ok(result);
    expect(result.comments).toEqual(['OPENROUTER PROCESSING']);
    expect(result.chunks).toHaveLength(2);
    expect(message(result).content).toBe('line endings 😀 CRLF');
  },
  'cr.sse': (result) => {
    ok(result);
    expect(result.comments).toEqual(['OPENROUTER PROCESSING']);
    expect(message(result).content).toBe('line endings 😀 CR');
  },
  'no-space.sse': (result) => {
    ok(result);
    expect(result.comments).toEqual(['keepalive']);
    expect(message(result).content).toBe('no space');
  },
  'multiline-data.sse': (result) => {
    ok(result);
    expect(result.chunks).toHaveLength(2);
    expect(message(result).content).toBe('multi-line data');
  },
  'done-no-blank-line.sse': (result) => {
    ok(result);
    expect(message(result).content).toBe('done without blank line');
  },
  'eof-after-finish.sse': (result) => {
    ok(result);
    expect(message(result).content).toBe('closed after finish');
    expect(result.completion!.usage!.total_tokens).toBe(4);
  },
  'eof-after-finish-no-blank-line.sse': (result) => {
    ok(result);
    expect(result.chunks).toHaveLength(2);
    expect(message(result).content).toBe('closed!');
  },
  'truncated.sse': (result) => {
    expect(result.chunks).toHaveLength(2);
    expect(result.error).toMatchObject({
      name: 'ChatApiError',
      type: 'stream',
      code: 'stream_truncated',
      status: undefined,
      generationId: 'gen-trunc',
    });
    expect(contentOf(result.error!.partial)).toBe('This reply was cut off');
  },
  'truncated-mid-line.sse': (result) => {
    expect(result.error).toMatchObject({ type: 'stream', code: 'stream_truncated' });
    expect(contentOf(result.error!.partial)).toBe('Kept');
  },
  'invalid-chunk.sse': (result) => {
    expect(result.chunks).toHaveLength(1);
    expect(result.error).toMatchObject({ type: 'stream', code: 'invalid_chunk', status: undefined });
    expect(result.error!.message).toContain('not JSON');
    expect(contentOf(result.error!.partial)).toBe('Before the bad chunk');
  },
  'mid-stream-error.sse': (result) => {
    expect(result.chunks).toHaveLength(2);
    expect(result.error).toMatchObject({
      type: 'stream',
      status: undefined,
      code: 'server_error',
      generationId: 'gen-midstream-error',
      metadata: { provider_name: 'OpenAI' },
    });
    expect(result.error!.message).toContain('Provider disconnected unexpectedly');
    expect(result.error!.message).toContain('upstream connect error');
    expect(contentOf(result.error!.partial)).toBe('The text before the error');
    expect((result.error!.partial as ChatCompletion).choices[0]!.finish_reason).toBe('error');
  },
  'error-first.sse': (result) => {
    expect(result.chunks).toHaveLength(0);
    expect(result.comments).toEqual(['OPENROUTER PROCESSING']);
    expect(result.error).toMatchObject({
      type: 'stream',
      status: undefined,
      code: 429,
      message: 'Rate limit exceeded upstream',
      metadata: { error_type: 'rate_limit_exceeded' },
    });
  },
  'debug.sse': (result) => {
    ok(result);
    expect(result.chunks[0]!.choices).toEqual([]);
    expect(result.completion!.debug).toMatchObject({ echo_upstream_body: { model: 'gpt-4o-mini' } });
    expect(result.completion!.choices).toHaveLength(1);
    expect(message(result).content).toBe('debugged');
  },
  'keep-alive.sse': (result) => {
    ok(result);
    expect(result.comments).toHaveLength(6);
    expect(message(result).content).toBe('slow reply');
  },
};

describe('recorded stream fixtures', () => {
  it('every fixture has expectations and every expectation a fixture', () => {
    expect(fixtureNames()).toEqual(Object.keys(expectations).sort());
  });

  it('the chunking tests split inside CRLF pairs and 4-byte UTF-8 characters', () => {
    const crlf = readFixture('crlf.sse');
    expect(trickyOffsets(crlf).some((at) => crlf[at - 1] === 0x0d && crlf[at] === 0x0a)).toBe(true);
    const text = readFixture('text.sse');
    expect(trickyOffsets(text).some((at) => text[at - 1]! >= 0xf0)).toBe(true);
  });

  describe.each(fixtureNames())('%s', (name) => {
    const bytes = readFixture(name);

    it('decodes to the expected chunks, comments, completion and error', async () => {
      expectations[name]!(await decodeParts([bytes]));
    });

    it('gives identical results whatever the chunking', async () => {
      const whole = await decodeParts([bytes]);
      const oneByte = splitAt(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      );
      expect(await decodeParts(oneByte)).toEqual(whole);
      expect(await decodeParts(splitAt(bytes, trickyOffsets(bytes)))).toEqual(whole);
      for (let seed = 1; seed <= 12; seed++) {
        expect(await decodeParts(randomSplit(bytes, createRandom(seed), seed * 8))).toEqual(whole);
      }
    });
  });
});
