import { describe, expect, it, vi } from 'vitest';
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  collectCompletion,
  createChatClient,
} from '../../src/core/index.js';
import {
  bodyFrom,
  createRandom,
  decodeParts,
  describeError,
  event,
  fixtureNames,
  randomSplit,
  readFixture,
  request,
  splitAt,
  textChunk,
  trickyOffsets,
} from './helpers.js';

/** A client whose every request answers with an SSE body delivering `parts` one read at a time. */
function clientFor(parts: readonly (Uint8Array | string)[]) {
  const source = bodyFrom(parts);
  const fetch = vi.fn(
    async () => new Response(source.body, { headers: { 'content-type': 'text/event-stream' } }),
  );
  return { client: createChatClient({ fetch: fetch as unknown as typeof globalThis.fetch }), source, fetch };
}

/** The completion or the error, comparable with `toEqual`. */
async function settle(run: () => Promise<ChatCompletion>) {
  try {
    return { completion: JSON.parse(JSON.stringify(await run())) as unknown };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** Whole, byte by byte, split inside CRLF and UTF-8 characters, and in random sizes. */
function chunkings(bytes: Uint8Array): Uint8Array[][] {
  const out = [
    [bytes],
    splitAt(
      bytes,
      Array.from({ length: bytes.length }, (_, i) => i),
    ),
    splitAt(bytes, trickyOffsets(bytes)),
  ];
  for (let seed = 1; seed <= 6; seed++) out.push(randomSplit(bytes, createRandom(seed), seed * 16));
  return out;
}

describe('collectCompletion over a client stream', () => {
  it('returns the completion the stream accumulated, not a second accumulation of its chunks', async () => {
    const { client } = clientFor([
      event(textChunk('Hel')),
      event(textChunk('lo', 'stop')),
      'data: [DONE]\n\n',
    ]);
    const stream = client.stream(request);
    const completion = await collectCompletion(stream);
    expect(completion).toBe(stream.completion);
    expect(completion.choices[0]!.message.content).toBe('Hello');
  });

  it('keeps its public behaviour for plain iterables (accumulates them itself)', async () => {
    const chunks: ChatCompletionChunk[] = [textChunk('a'), textChunk('b', 'stop')];
    const completion = await collectCompletion(chunks);
    expect(completion.choices[0]!.message.content).toBe('ab');
    await expect(collectCompletion([])).rejects.toMatchObject({ code: 'stream_truncated' });
  });

  it('reports the response, the comments and releases the body and the caller’s signal', async () => {
    const { client, source } = clientFor([
      ': OPENROUTER PROCESSING\n\n',
      event(textChunk('a')),
      event(textChunk('b', 'stop')),
      'data: [DONE]\n\n',
      'never read',
    ]);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const onResponse = vi.fn();
    const comments: string[] = [];
    const completion = await collectCompletion(
      client.stream(request, {
        signal: controller.signal,
        onResponse,
        onComment: (comment) => comments.push(comment),
      }),
    );
    expect(completion.choices[0]!.message.content).toBe('ab');
    expect(onResponse).toHaveBeenCalledTimes(1);
    expect(comments).toEqual(['OPENROUTER PROCESSING']);
    expect(source.cancelled).toBe(true);
    const added = add.mock.calls.filter(([type]) => type === 'abort').map(([, listener]) => listener);
    expect(added.length).toBeGreaterThan(0);
    for (const listener of added) expect(remove).toHaveBeenCalledWith('abort', listener);
  });

  it('a client stream can still be collected only once', async () => {
    const { client } = clientFor([event(textChunk('a', 'stop'))]);
    const stream = client.stream(request);
    await collectCompletion(stream);
    await expect(collectCompletion(stream)).rejects.toThrow(/once/);
  });

  it('keeps a call whose id came after its first fragment apart from the next call at its index', async () => {
    // All in one read: a provider that names the call late, then starts another at index 0.
    const calls = (toolCalls: unknown[], finish: string | null = null) =>
      event({
        id: 'gen-t',
        choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: finish }],
      });
    const body =
      calls([{ index: 0, type: 'function', function: { name: 'add', arguments: '{"a":1}' } }]) +
      calls([{ index: 0, id: 'call_a' }]) +
      calls([{ index: 0, id: 'call_b', type: 'function', function: { name: 'add', arguments: '{"b":2}' } }]) +
      calls([], 'tool_calls');
    const expected = [
      { id: 'call_a', type: 'function', function: { name: 'add', arguments: '{"a":1}' } },
      { id: 'call_b', type: 'function', function: { name: 'add', arguments: '{"b":2}' } },
    ];
    expect((await decodeParts([body])).completion!.choices[0]!.message.tool_calls).toEqual(expected);
    const completion = await collectCompletion(clientFor([body]).client.stream(request));
    expect(completion.choices[0]!.message.tool_calls).toEqual(expected);
  });

  describe.each(fixtureNames())('%s', (name) => {
    const bytes = readFixture(name);

    it('gives what decoding and collecting the chunks gives, in every chunking', async () => {
      const decoded = await decodeParts([bytes]);
      const expected = decoded.error
        ? { error: decoded.error }
        : await settle(() => collectCompletion(decoded.chunks));
      for (const parts of chunkings(bytes)) {
        const { client } = clientFor(parts);
        expect(await settle(() => collectCompletion(client.stream(request)))).toEqual(expected);
      }
    });

    it('yields the decoder’s chunks when iterated, with the same completion', async () => {
      const decoded = await decodeParts([bytes]);
      for (const parts of chunkings(bytes).slice(0, 4)) {
        const { client } = clientFor(parts);
        const stream = client.stream(request);
        const chunks: ChatCompletionChunk[] = [];
        const outcome = await settle(async () => {
          for await (const chunk of stream) chunks.push(chunk);
          return stream.completion!;
        });
        expect(chunks).toEqual(decoded.chunks);
        if (decoded.error) expect(outcome).toEqual({ error: decoded.error });
        else expect(stream.completion).toEqual(decoded.completion);
      }
    });
  });
});
