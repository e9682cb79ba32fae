import type { MockHold } from './types.js';

/** Options of `createMockGate`. */
export interface MockGateOptions {
  /**
   * Where each stream waits: after its first `afterChunks` `data:` chunks (the empty role chunk is
   * the first). Default: before the chunk that ends the reply, its text all sent.
   */
  afterChunks?: number | undefined;
}

/** A `hold` a test opens by hand: streams wait at it until `release()` or `releaseAll()`. */
export interface MockGate extends MockHold {
  /** How many streams wait at the gate now (one the client aborted no longer does). */
  readonly held: number;
  /** Resolves once `count` streams (default 1) wait at the gate at the same time; at once if they do. */
  whenHeld(count?: number): Promise<void>;
  /** Lets the stream that has waited longest go on; `false` when none waits. */
  release(): boolean;
  /**
   * Lets every stream waiting now go on (in an `afterEach`: nothing is left pending); returns
   * how many. Streams that get there later wait as before.
   */
  releaseAll(): number;
}

/** Throws a `TypeError` unless `value` is a whole number of chunks, 0 or more (or left out). */
export function assertAfterChunks(value: unknown, name: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
    throw new TypeError(
      `Mock ${name} must be a whole number of chunks (0 or more), or left out to hold before the reply's end, got ${JSON.stringify(value)}.`,
    );
  }
}

/**
 * A gate for the `hold` option: each streamed reply stops at it (by default just before its end,
 * its text all sent) until the test releases it, so a test sees the reply streaming, or stops
 * it, without `tokenDelayMs` or fake timers. A held stream the client aborts ends at once and
 * leaves the gate; the gate has no timer.
 *
 * @example
 * const gate = createMockGate();
 * const mockFetch = createMockFetch({ tokenDelayMs: 0, hold: gate });
 * // … send a message, then:
 * await gate.whenHeld(); // the reply's text is in, its end is not
 * gate.release(); // the reply ends
 */
export function createMockGate(options: MockGateOptions = {}): MockGate {
  assertAfterChunks(options.afterChunks, 'createMockGate afterChunks');
  const waiting: (() => void)[] = [];
  const watchers: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const watcher of [...watchers]) {
      if (waiting.length >= watcher.count) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  const release = () => {
    const next = waiting[0];
    next?.();
    return next !== undefined;
  };
  return {
    afterChunks: options.afterChunks,
    wait: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const leave = () => {
          const index = waiting.indexOf(go);
          if (index >= 0) waiting.splice(index, 1);
          signal.removeEventListener('abort', onAbort);
        };
        const go = () => {
          leave();
          resolve();
        };
        const onAbort = () => {
          leave();
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.push(go);
        notify();
      }),
    get held() {
      return waiting.length;
    },
    whenHeld: (count = 1) =>
      new Promise<void>((resolve) => {
        watchers.push({ count, resolve });
        notify();
      }),
    release,
    releaseAll: () => {
      const count = waiting.length;
      for (let index = 0; index < count; index++) release();
      return count;
    },
  };
}
