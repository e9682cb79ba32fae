import { expect, vi } from 'vitest';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatRequestOptions,
  ToolCallDelta,
  Usage,
} from '../../src/core/index.js';
import type { ChatClientLike, ChatState } from '../../src/store/index.js';

/** A stream chunk carrying `delta` for choice 0. */
export function deltaChunk(
  delta: Record<string, unknown>,
  extra: Partial<ChatCompletionChunk> = {},
): ChatCompletionChunk {
  return {
    id: 'gen-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'test/model',
    choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: null }],
    ...extra,
  };
}

export const textChunk = (content: string) => deltaChunk({ content });

export function finishChunk(reason = 'stop', usage?: Usage): ChatCompletionChunk {
  return {
    ...deltaChunk({ content: '' }),
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: reason }],
    ...(usage ? { usage } : {}),
  };
}

export const usage = (prompt: number, completion: number, cost?: number): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  ...(cost === undefined ? {} : { cost }),
});

export function toolCallChunks(calls: { id: string; name: string; args: string }[]): ChatCompletionChunk[] {
  const chunks: ChatCompletionChunk[] = [];
  calls.forEach((call, index) => {
    const first: ToolCallDelta = {
      index,
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: '' },
    };
    chunks.push(deltaChunk({ content: null, tool_calls: [first] }));
    for (let at = 0; at < call.args.length; at += 5) {
      chunks.push(
        deltaChunk({
          content: null,
          tool_calls: [{ index, function: { arguments: call.args.slice(at, at + 5) } }],
        }),
      );
    }
  });
  chunks.push(finishChunk('tool_calls'));
  return chunks;
}

/** A whole text reply as chunks, one per word, ending with `stop` and usage. */
export function textReply(text: string, replyUsage: Usage = usage(3, 4, 0.001)): ChatCompletionChunk[] {
  const words = text.split(/(?<= )/);
  return [deltaChunk({ content: '' }), ...words.map(textChunk), finishChunk('stop', replyUsage)];
}

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * A stream the test drives: `push` chunks, then `end` or `fail`. Honours the request's signal.
 * Knows whether its reader has taken everything pushed (`waiting`) or stopped (`closed`).
 */
export class ControlledStream implements AsyncIterable<ChatCompletionChunk> {
  protected readonly buffered: ChatCompletionChunk[] = [];
  protected ended = false;
  protected failure: unknown;
  /** Its reader waits for the next chunk (everything pushed was read). */
  waiting = false;
  /** Its reader stopped: the stream ended, failed, or was aborted or dropped. */
  closed = false;
  private wake: (() => void) | undefined;
  readonly signal: AbortSignal | undefined;

  constructor(signal: AbortSignal | undefined) {
    this.signal = signal;
    signal?.addEventListener('abort', () => this.wake?.());
  }

  /** Still answering: not ended or failed by the endpoint, not aborted or dropped by the store. */
  get live(): boolean {
    return !this.ended && this.failure === undefined && !this.closed && !this.signal?.aborted;
  }

  /** Nothing left for its reader to do until the test moves. */
  get quiet(): boolean {
    return this.closed || (this.waiting && this.buffered.length === 0);
  }

  /** Chunks pushed and not read yet. */
  get left(): number {
    return this.buffered.length;
  }

  push(...chunks: ChatCompletionChunk[]): void {
    this.buffered.push(...chunks);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(error: unknown): void {
    this.failure = error;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ChatCompletionChunk> {
    try {
      for (;;) {
        if (this.signal?.aborted) throw abortError();
        const next = this.buffered.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.ended) return;
        this.waiting = true;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.waiting = false;
        this.wake = undefined;
      }
    } finally {
      this.closed = true;
      this.waiting = false;
    }
  }
}

type Script = ChatCompletionChunk[] | Error | ((request: ChatCompletionRequest) => ChatCompletionChunk[]);

/**
 * A fake client recording every request. Each request takes the next scripted reply (chunks, or
 * an error thrown before the first chunk); with no script left it returns a `ControlledStream`.
 */
export function createFakeClient(...scripts: Script[]) {
  const requests: ChatCompletionRequest[] = [];
  const signals: AbortSignal[] = [];
  const streams: ControlledStream[] = [];
  const queue = [...scripts];
  const client: ChatClientLike = {
    stream(request, options?: ChatRequestOptions) {
      requests.push(structuredClone(request));
      if (options?.signal) signals.push(options.signal);
      const script = queue.shift();
      if (script === undefined) {
        const stream = new ControlledStream(options?.signal);
        streams.push(stream);
        return stream;
      }
      return (async function* () {
        await Promise.resolve();
        if (script instanceof Error) throw script;
        const chunks = typeof script === 'function' ? script(request) : script;
        for (const chunk of chunks) {
          if (options?.signal?.aborted) throw abortError();
          yield chunk;
        }
      })();
    },
    async complete(request, options) {
      requests.push(structuredClone(request));
      if (options?.signal) signals.push(options.signal);
      const script = queue.shift();
      if (script instanceof Error) throw script;
      const chunks = typeof script === 'function' ? script(request) : (script ?? textReply('ok'));
      const { accumulateChunk } = await import('../../src/core/index.js');
      let completion: ChatCompletion | undefined;
      for (const chunk of chunks) completion = accumulateChunk(completion, chunk);
      return completion as ChatCompletion;
    },
  };
  return {
    client,
    requests,
    signals,
    streams,
    script: (...more: Script[]) => queue.push(...more),
    /** The `ControlledStream` of the n-th unscripted request, once it exists. */
    async stream(index: number): Promise<ControlledStream> {
      for (let attempt = 0; attempt < 100 && !streams[index]; attempt++) await tick();
      const stream = streams[index];
      if (!stream) throw new Error(`No stream #${index} was requested.`);
      return stream;
    },
  };
}

/** Lets pending promises and zero-delay work run. */
export async function tick(times = 5): Promise<void> {
  for (let index = 0; index < times; index++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Waits until `condition` holds (a few hundred macrotasks at most). */
export async function until(condition: () => boolean, label = 'condition'): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`Timed out waiting for ${label}.`);
}

/**
 * Fake animation frames. As in a browser, a publication made inside a frame callback is painted by
 * that frame, and one made between frames by the next frame (`clock` tells which). `run()` runs the
 * frame and returns how many callbacks it ran. Undo with `vi.unstubAllGlobals()`.
 */
export function installFakeFrames() {
  let queue: FrameRequestCallback[] = [];
  const clock = { frame: 0, inFrame: false };
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    queue.push(callback);
    return queue.length;
  });
  vi.stubGlobal('cancelAnimationFrame', (handle: number) => {
    queue = queue.filter((_, index) => index !== handle - 1);
  });
  return {
    clock,
    pending: () => queue.length,
    run() {
      const callbacks = queue;
      queue = [];
      clock.frame++;
      clock.inFrame = true;
      for (const callback of callbacks) callback(clock.frame * 16);
      clock.inFrame = false;
      return callbacks.length;
    },
  };
}

/**
 * Every thread of `state` is a tree (each parent is one of its messages) and its active path runs
 * from a root down, parent to child.
 */
export function expectTrees(state: ChatState) {
  for (const thread of state.threads) {
    const data = thread.id === state.threadId ? state : state.threadData[thread.id];
    const messages = data?.messages ?? {};
    for (const message of Object.values(messages))
      if (message.parentId !== null)
        expect(messages[message.parentId], `parent of ${message.id}`).toBeDefined();
    const ids = data?.ids ?? [];
    for (const [index, id] of ids.entries()) expect(messages[id]?.parentId).toBe(ids[index - 1] ?? null);
  }
}
