/** Coalesces streamed updates into at most one publication per frame (or per `throttleMs`). */
export interface Publisher {
  /**
   * Marks new data; publishes at the next frame or tick (`throttleMs: 0`: now). `soon` (the first
   * token): now, unless a publication waits to be painted; then at the next frame that may publish.
   */
  schedule(soon?: boolean): void;
  /** Drops pending data without publishing. */
  cancel(): void;
  /**
   * Records a publication made at once, outside the publisher (the user's message that starts the
   * request). The next animation frame paints it, so that frame publishes nothing and pending data
   * waits one more frame: one publication per painted frame.
   */
  publishedNow(): void;
}

type Cancel = () => void;

const hasFrames = (): boolean => typeof globalThis.requestAnimationFrame === 'function';

/** Calls `callback` after `ms`, or at the next animation frame without it (16 ms where there are none). */
function later(callback: () => void, ms?: number): Cancel {
  if (ms === undefined && hasFrames()) {
    const handle = globalThis.requestAnimationFrame(callback);
    return () => globalThis.cancelAnimationFrame?.(handle);
  }
  const timer = setTimeout(callback, ms ?? 16);
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
  // A publication made between frames is painted by the next frame: that frame must not add one.
  let skipFrame = false;
  const run = () => {
    cancelPending = undefined;
    if (!dirty) return;
    dirty = false;
    publish();
  };
  const onFrame = () => {
    if (!skipFrame) return run();
    skipFrame = false;
    cancelPending = dirty ? later(onFrame) : undefined;
  };
  const publishedNow = () => {
    // Timers count from the schedule, after this publication; only frames need the skip. The
    // frame is asked for now, so the skip ends with it even when nothing is scheduled.
    if (throttleMs === undefined && hasFrames()) {
      skipFrame = true;
      cancelPending ??= later(onFrame);
    }
  };
  return {
    schedule(soon) {
      dirty = true;
      if (throttleMs === 0) return run();
      if (soon && !skipFrame) {
        run();
        return publishedNow();
      }
      if (cancelPending) return;
      // With `throttleMs`, no frame is skipped (`publishedNow`): `onFrame` just runs.
      cancelPending = later(onFrame, throttleMs);
    },
    cancel() {
      cancelPending?.();
      cancelPending = undefined;
      dirty = false;
    },
    publishedNow,
  };
}
