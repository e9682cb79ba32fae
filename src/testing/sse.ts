import type { MockStreamEvent } from './types.js';

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

/**
 * A byte stream that emits the events over time, one per macrotask at least, each after its delay.
 * Aborting `signal` stops it and errors the body with the abort reason, as a real fetch does;
 * cancelling the body stops it too, clearing the pause in progress.
 */
export function createEventStream(
  events: readonly MockStreamEvent[],
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // Stops the pause in progress on abort or cancel, so neither leaves a timer behind.
  const stop = new AbortController();
  const onAbort = () => stop.abort(abortReason(signal as AbortSignal));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let index = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
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
