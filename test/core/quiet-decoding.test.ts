import { describe, expect, it } from 'vitest';
import { accumulateChunk, type ChatCompletion } from '../../src/core/index.js';
// The quiet mode is internal (what `collectCompletion` uses on a client stream), so it is reached
// through the module rather than the public entry.
import { type DecodeOptions, decodeChatStream } from '../../src/core/sse.js';
import {
  bodyFrom,
  createRandom,
  decodeParts,
  event,
  fixtureNames,
  randomSplit,
  readFixture,
  textChunk,
} from './helpers.js';

/** Decodes quietly, keeping every completion reported together with its JSON at that moment. */
async function decodeQuietly(parts: readonly (Uint8Array | string)[]) {
  const seen: { completion: ChatCompletion; json: string }[] = [];
  let latest: ChatCompletion | undefined;
  const keep = () => latest && seen.push({ completion: latest, json: JSON.stringify(latest) });
  const options: DecodeOptions = {
    quiet: true,
    onCompletion: (completion) => {
      latest = completion;
    },
    // Between reads and at a comment, code outside may hold the completion: it must not change,
    // and accumulating onto it there is the pure accumulation (the JSON kept above must hold).
    onWait: (waiting) => {
      if (waiting && keep()) accumulateChunk(latest, textChunk('!'));
    },
    onComment: keep,
  };
  let yielded = 0;
  let error: unknown;
  try {
    for await (const _ of decodeChatStream(bodyFrom(parts).body, options)) yielded++;
  } catch (caught) {
    error = caught;
  }
  keep();
  return { seen, latest, yielded, error };
}

describe('quiet decoding (collectCompletion over a client stream)', () => {
  it('yields nothing and reports the same completion as chunk-by-chunk decoding', async () => {
    const parts = [event(textChunk('a')), event(textChunk('b')) + event(textChunk('c', 'stop'))];
    const quiet = await decodeQuietly(parts);
    const loud = await decodeParts(parts);
    expect(quiet.yielded).toBe(0);
    expect(JSON.parse(JSON.stringify(quiet.latest))).toEqual(loud.completion);
  });

  it('never changes a completion after a read or a comment has exposed it', async () => {
    // One read holding a comment between chunks, then more reads.
    const parts = [
      `${event(textChunk('a'))}: keep-alive\n\n${event(textChunk('b'))}${event(textChunk('c'))}`,
      event(textChunk('d')) + event(textChunk('e')),
      event(textChunk('f', 'stop')),
    ];
    const { seen, latest } = await decodeQuietly(parts);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (const { completion, json } of seen) expect(JSON.stringify(completion)).toBe(json);
    expect(latest!.choices[0]!.message.content).toBe('abcdef');
    // Each exposure is its own object: later reads built new ones instead of editing it.
    const exposed = seen.slice(0, -1).map((item) => item.completion);
    expect(new Set(exposed).size).toBe(new Set(exposed.map((item) => JSON.stringify(item))).size);
  });

  it.each(fixtureNames())('%s: same completion or error as chunk-by-chunk decoding', async (name) => {
    const bytes = readFixture(name);
    for (let seed = 1; seed <= 4; seed++) {
      const parts = randomSplit(bytes, createRandom(seed), seed * 24);
      const quiet = await decodeQuietly(parts);
      const loud = await decodeParts(parts);
      for (const { completion, json } of quiet.seen) expect(JSON.stringify(completion)).toBe(json);
      if (loud.error) expect(quiet.error).toMatchObject({ code: loud.error.code, type: loud.error.type });
      else expect(quiet.error).toBeUndefined();
      expect(quiet.latest && JSON.parse(JSON.stringify(quiet.latest))).toEqual(loud.completion);
    }
  });
});
