import { createParser } from 'eventsource-parser';
import { vi } from 'vitest';
import type { ChatCompletionChunk, ChatCompletionRequest, ToolCallDelta } from '../../src/core/types.js';
import { createMockFetch, type MockEndpointOptions } from '../../src/testing/index.js';

/** One parsed SSE event of a mock stream. */
export type ParsedEvent = { type: 'comment'; comment: string } | { type: 'data'; data: string };

/** Reads a whole SSE body with eventsource-parser, keeping comments and data in order. */
export async function readSse(response: Response): Promise<ParsedEvent[]> {
  const events: ParsedEvent[] = [];
  const parser = createParser({
    onEvent: (event) => events.push({ type: 'data', data: event.data }),
    onComment: (comment) => events.push({ type: 'comment', comment: comment.trim() }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  return events;
}

/** The JSON chunks of a stream (skipping comments, `[DONE]` and lines that are not JSON). */
export function chunksOf(events: readonly ParsedEvent[]): ChatCompletionChunk[] {
  const chunks: ChatCompletionChunk[] = [];
  for (const event of events) {
    if (event.type !== 'data' || event.data === '[DONE]') continue;
    try {
      chunks.push(JSON.parse(event.data) as ChatCompletionChunk);
    } catch {
      // the invalid-chunk scenario's line
    }
  }
  return chunks;
}

export const BASE_URL = 'http://127.0.0.1:9/api/v1';

/** POSTs a chat request to a mock fetch. */
export function post(
  body: Partial<ChatCompletionRequest>,
  options: MockEndpointOptions = {},
  init: RequestInit = {},
): Promise<Response> {
  const mockFetch = createMockFetch({ tokenDelayMs: 0, seed: 7, now: () => 1_760_000_000_000, ...options });
  return mockFetch(`${BASE_URL}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer test' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello there' }], ...body }),
    ...init,
  });
}

/** Streams a request and returns its parsed events. */
export async function streamEvents(
  body: Partial<ChatCompletionRequest>,
  options: MockEndpointOptions = {},
): Promise<ParsedEvent[]> {
  return readSse(await post({ ...body, stream: true }, options));
}

/** The text content a stream carries. */
export function contentOf(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
}

/** The first choice's delta of each chunk that has one. */
export function deltas(chunks: readonly ChatCompletionChunk[]) {
  return chunks.flatMap((chunk) => (chunk.choices[0]?.delta ? [chunk.choices[0].delta] : []));
}

/** Every tool-call fragment of the first choice, in order. */
export function toolFragments(chunks: readonly ChatCompletionChunk[]): ToolCallDelta[] {
  return deltas(chunks).flatMap((delta) => delta.tool_calls ?? []);
}

/** The finish reasons the chunks carry, in order (nulls left out). */
export function finishReasons(chunks: readonly ChatCompletionChunk[]): (string | null | undefined)[] {
  return chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter((reason) => reason);
}

/**
 * Collects what microtasks throw (uncaught, the test runner would report it and fail the run)
 * until `restore()`: for a test of the mock throwing `onRequest`'s failure again.
 */
export function collectUncaught(): { uncaught: unknown[]; restore: () => void } {
  const uncaught: unknown[] = [];
  const queue = globalThis.queueMicrotask;
  const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) =>
    queue(() => {
      try {
        callback();
      } catch (error) {
        uncaught.push(error);
      }
    }),
  );
  return { uncaught, restore: () => spy.mockRestore() };
}
