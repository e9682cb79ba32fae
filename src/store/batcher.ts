/** Coalesces streamed updates into at most one publication per frame (or per `throttleMs`). */
export interface Publisher {
  /** Marks new data; publishes now, or at the next frame or tick. */
  schedule(): void;
  /** Publishes pending data now. */
  flush(): void;
  /** Drops pending data without publishing. */
  cancel(): void;
}

type Cancel = () => void;

function nextFrame(callback: () => void): Cancel {
  const request = globalThis.requestAnimationFrame;
  if (typeof request === 'function') {
    const handle = request(callback);
    return () => globalThis.cancelAnimationFrame?.(handle);
  }
  const timer = setTimeout(callback, 16);
  return () => clearTimeout(timer);
}

function after(ms: number, callback: () => void): Cancel {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
}

/**
 * Creates a publisher. `throttleMs`: `undefined` = one publication per animation frame
 * (`requestAnimationFrame`, or a 16 ms timer where there is none), `0` = every update,
 * `n` = at most one per `n` ms.
 */
export function createPublisher(publish: () => void, throttleMs: number | undefined): Publisher {
  let dirty = false;
  let cancelPending: Cancel | undefined;
  const run = () => {
    cancelPending = undefined;
    if (!dirty) return;
    dirty = false;
    publish();
  };
  return {
    schedule() {
      dirty = true;
      if (throttleMs === 0) return run();
      if (cancelPending) return;
      cancelPending = throttleMs === undefined ? nextFrame(run) : after(throttleMs, run);
    },
    flush() {
      cancelPending?.();
      cancelPending = undefined;
      run();
    },
    cancel() {
      cancelPending?.();
      cancelPending = undefined;
      dirty = false;
    },
  };
}
