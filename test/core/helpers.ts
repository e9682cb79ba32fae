import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChatApiError,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type DecodeChatStreamOptions,
  decodeChatStream,
} from '../../src/core/index.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.sse'))
    .sort();

export const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** Seeded PRNG (mulberry32), so random chunkings are reproducible. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `bytes` at the given offsets. */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.filter((offset) => offset > 0 && offset < bytes.length))].sort(
    (a, b) => a - b,
  );
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(bytes.slice(start, cut));
    start = cut;
  }
  return parts.filter((part) => part.length > 0);
}

/** Random piece sizes from 1 to `max` bytes. */
export function randomSplit(bytes: Uint8Array, random: () => number, max = 64): Uint8Array[] {
  const offsets: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    at += 1 + Math.floor(random() * max);
    offsets.push(at);
  }
  return splitAt(bytes, offsets);
}

/** Offsets inside `\r\n` pairs and inside multi-byte UTF-8 characters (before continuation bytes). */
export function trickyOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80 || (bytes[i - 1] === 0x0d && byte === 0x0a)) offsets.push(i);
  }
  return offsets;
}

/** A body that delivers `parts` one read at a time; `cancelled` tells whether it was cancelled. */
export function bodyFrom(parts: readonly (Uint8Array | string)[]) {
  const encoder = new TextEncoder();
  const state = { cancelled: false, reads: 0 };
  let index = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const part = parts[index++];
        state.reads++;
        if (part === undefined) controller.close();
        else controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(state, { body });
}

export interface DecodeResult {
  chunks: ChatCompletionChunk[];
  comments: string[];
  completion: ChatCompletion | undefined;
  error: Record<string, unknown> | undefined;
}

/** A comparable summary of a `ChatApiError`. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof ChatApiError)) return { thrown: String(error) };
  return {
    name: error.name,
    type: error.type,
    code: error.code,
    status: error.status,
    message: error.message,
    generationId: error.generationId,
    metadata: error.metadata,
    partial: error.partial && JSON.parse(JSON.stringify(error.partial)),
  };
}

/** Decodes parts through `decodeChatStream`, recording chunks, comments, the accumulation and the error. */
export async function decodeParts(
  parts: readonly (Uint8Array | string)[],
  options: DecodeChatStreamOptions = {},
): Promise<DecodeResult> {
  const result: DecodeResult = { chunks: [], comments: [], completion: undefined, error: undefined };
  try {
    for await (const chunk of decodeChatStream(bodyFrom(parts).body, {
      ...options,
      onComment: (comment) => result.comments.push(comment),
      onCompletion: (completion) => {
        result.completion = completion;
      },
    })) {
      result.chunks.push(chunk);
    }
  } catch (error) {
    result.error = describeError(error);
  }
  result.completion = result.completion && JSON.parse(JSON.stringify(result.completion));
  return result;
}

/** An SSE `Response`. */
export function sseResponse(parts: readonly (Uint8Array | string)[], init: ResponseInit = {}): Response {
  return new Response(bodyFrom(parts).body, {
    status: 200,
    ...init,
    headers: { 'content-type': 'text/event-stream', ...(init.headers as Record<string, string>) },
  });
}

/** A JSON `Response`. */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
}

/** One SSE event line for a chunk. */
/** The request the client tests send: a model and one user message. */
export const request: ChatCompletionRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hi' }],
};

export const event = (chunk: unknown): string => `data: ${JSON.stringify(chunk)}\n\n`;

/** A minimal chunk for choice 0. */
export function textChunk(content: string, finish: string | null = null, id = 'gen-x'): ChatCompletionChunk {
  return {
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
  };
}

/** A whole JSON completion (`stream: false`): "Hello", finished. */
export const completion: ChatCompletion = {
  id: 'gen-json',
  object: 'chat.completion',
  created: 1,
  model: 'openai/gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello' } }],
};
