import type { MockHold, MockStreamEvent } from './types.js';

/** One event as SSE text: `: comment`, `data: {...}`, or `data: [DONE]`, each ending in a blank line. */
export function formatSseEvent(event: MockStreamEvent): string {
  switch (event.type) {
    case 'comment':
      return `: ${event.comment}\n\n`;
    case 'chunk':
      return `data: ${JSON.stringify(event.chunk)}\n\n`;
    case 'raw':
      return `data: ${event.data}\n\n`;
    case 'done':
      return 'data: [DONE]\n\n';
  }
}

/** The error a fetch rejects with when its signal aborts. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

interface ImmediateGlobals {
  setImmediate?: (callback: () => void) => unknown;
  clearImmediate?: (handle: unknown) => void;
}

/** Runs `callback` after `ms` in a later macrotask; returns a canceller. */
function schedule(ms: number, callback: () => void): () => void {
  const { setImmediate, clearImmediate } = globalThis as ImmediateGlobals;
  // Node clamps setTimeout(0) to 1 ms; setImmediate keeps zero-delay test streams fast.
  if (ms <= 0 && setImmediate && clearImmediate) {
    const handle = setImmediate(callback);
    return () => clearImmediate(handle);
  }
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
}

/** Resolves after `ms` (always in a later macrotask); rejects with the abort reason on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      cancel();
      reject(abortReason(signal as AbortSignal));
    };
    const cancel = schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Whether an event ends the reply: a chunk with a finish reason or an error. */
function isEnding(event: MockStreamEvent): boolean {
  if (event.type !== 'chunk') return false;
  const { chunk } = event;
  return chunk.error !== undefined || chunk.choices.some((choice) => choice.finish_reason != null);
}

/**
 * The index of the event a stream waits before under `hold`: after its first `afterChunks` data
 * events, at most before the one that ends it (or, with none, before it closes).
 */
export function holdIndex(events: readonly MockStreamEvent[], afterChunks?: number): number {
  let end = events.findIndex(isEnding);
  if (end < 0) end = events.findIndex((event) => event.type === 'done');
  if (end < 0) end = events.length;
  if (afterChunks === undefined) return end;
  let sent = 0;
  for (let index = 0; index < end; index++) {
    if (sent >= afterChunks) return index;
    if (events[index]?.type !== 'comment') sent++;
  }
  return end;
}

/** Waits for `hold`, or rejects with the abort reason as soon as `signal` aborts. */
function waitAtHold(hold: MockHold, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (done: () => void) => {
      signal.removeEventListener('abort', onAbort);
      done();
    };
    new Promise<void>((inner) => inner(hold.wait(signal))).then(
      () => settle(resolve),
      (reason: unknown) => settle(() => reject(reason)),
    );
  });
}

/**
 * A byte stream that emits the events over time, one per macrotask at least, each after its delay.
 * Aborting `signal` stops it and errors the body with the abort reason, as a real fetch does;
 * cancelling the body stops it too, clearing the pause in progress. With a `hold` (the option), it
 * waits at the hold's point until `hold.wait` resolves; an abort or cancel ends that wait too.
 */
export function createEventStream(
  events: readonly MockStreamEvent[],
  signal?: AbortSignal,
  hold?: MockHold,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // Stops the pause in progress on abort or cancel, so neither leaves a timer behind.
  const stop = new AbortController();
  const onAbort = () => stop.abort(abortReason(signal as AbortSignal));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let index = 0;
  let cancelled = false;
  const heldAt = hold ? holdIndex(events, hold.afterChunks) : -1;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (hold && index === heldAt) {
          try {
            await waitAtHold(hold, stop.signal);
          } catch (reason) {
            signal?.removeEventListener('abort', onAbort);
            if (!cancelled) controller.error(reason);
            return;
          }
        }
        const event = events[index++];
        if (!event) {
          signal?.removeEventListener('abort', onAbort);
          controller.close();
          return;
        }
        try {
          await sleep(event.delayMs, stop.signal);
        } catch (reason) {
          if (!cancelled) controller.error(reason);
          return;
        }
        if (!cancelled) controller.enqueue(encoder.encode(formatSseEvent(event)));
      },
      cancel() {
        cancelled = true;
        signal?.removeEventListener('abort', onAbort);
        stop.abort();
      },
    },
    { highWaterMark: 0 },
  );
}
