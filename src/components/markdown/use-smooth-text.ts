import { useEffect, useRef, useState } from 'react';

/** Options of `useSmoothText`. */
export interface SmoothTextOptions {
  /**
   * Whether the text is still streaming. Text that is not streaming when the hook first sees it
   * (history, a reload) shows whole at once; when streaming ends, what is left is shown within
   * `finishMs`. Default `true`.
   */
  streaming?: boolean | undefined;
  /** The steady pace, in characters per second. Default 80. */
  charsPerSecond?: number | undefined;
  /** How far the shown text may fall behind: a burst is caught up within this many ms. Default 500. */
  maxLagMs?: number | undefined;
  /** Once streaming has ended, the rest is shown within this many ms. Default 150. */
  finishMs?: number | undefined;
}

const reducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Length of the common beginning of two strings. */
function commonPrefix(a: string, b: string): number {
  let index = 0;
  while (index < a.length && index < b.length && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/**
 * Streamed text revealed at an even pace instead of in network bursts: one state update per
 * animation frame at most, never more than `maxLagMs` behind what has arrived, never half of a
 * surrogate pair. The store keeps the real text (callbacks, copy and persistence see all of it);
 * only the display is paced. Under `prefers-reduced-motion: reduce`, without
 * `requestAnimationFrame` (SSR) and for text that is not streaming, it returns the text as it is.
 *
 * @example
 * function SmoothReply({ message }: { message: ChatMessage }) {
 *   const streaming = message.status === 'streaming';
 *   const text = useSmoothText(getMessageText(message), { streaming });
 *   return <MarkdownText text={text} streaming={streaming} />;
 * }
 */
export function useSmoothText(text: string, options: SmoothTextOptions = {}): string {
  const { streaming = true, charsPerSecond = 80, maxLagMs = 500, finishMs = 150 } = options;
  // Read once per mount: `matchMedia` would otherwise run on every frame of a reveal.
  const [animate] = useState(() => typeof requestAnimationFrame === 'function' && !reducedMotion());
  // Text already there when the hook first sees it streaming is revealed from the start; text
  // that is not streaming shows whole.
  const [, setShown] = useState(0);
  const state = useRef({
    shown: animate && streaming ? 0 : text.length,
    text,
    streaming,
    frame: 0,
    last: 0,
    /** The length the deadline was set for, and when all of it must be shown. */
    arrived: 0,
    deadline: 0,
    pace: { charsPerSecond, maxLagMs, finishMs },
  });

  // `state` holds what the last render showed; this render works out what it shows now.
  const current = state.current;
  let count = current.shown;
  if (!text.startsWith(current.text.slice(0, count))) {
    // Not a continuation (an edit, another branch): start over from what the two texts share.
    count = streaming && animate ? commonPrefix(current.text, text) : text.length;
  }
  // Text that changes while nothing streams (and no reveal is finishing) shows at once.
  if (!animate || (!streaming && !current.streaming && !current.frame)) count = text.length;
  current.shown = Math.min(count, text.length);
  current.text = text;
  current.streaming = streaming;
  current.pace = { charsPerSecond, maxLagMs, finishMs };

  useEffect(() => {
    if (!animate || current.frame || current.shown >= current.text.length) return;
    const step = (time: number) => {
      const { text: target, streaming: live } = current;
      const { charsPerSecond: pace, maxLagMs: lag, finishMs: finish } = current.pace;
      const elapsed = current.last ? Math.min(time - current.last, 100) : 16;
      current.last = time;
      // What has arrived must all be shown by its deadline: `maxLagMs` after it came, or
      // `finishMs` once streaming has ended, whichever is sooner.
      if (target.length !== current.arrived) {
        current.arrived = target.length;
        current.deadline = time + lag;
      }
      if (!live) current.deadline = Math.min(current.deadline, time + finish);
      const backlog = target.length - current.shown;
      const rate = Math.max(pace, (backlog * 1000) / Math.max(current.deadline - time, elapsed));
      let next = Math.min(target.length, current.shown + Math.max(1, Math.ceil((rate * elapsed) / 1000)));
      // Never end on the first half of a surrogate pair.
      const code = target.charCodeAt(next - 1);
      if (code >= 0xd800 && code <= 0xdbff && next < target.length) next++;
      current.shown = next;
      setShown(next);
      current.frame = next < target.length ? requestAnimationFrame(step) : 0;
      if (!current.frame) current.last = 0;
    };
    current.frame = requestAnimationFrame(step);
  });

  useEffect(
    () => () => {
      if (state.current.frame) cancelAnimationFrame(state.current.frame);
      state.current.frame = 0;
    },
    [],
  );

  return current.shown >= text.length ? text : text.slice(0, current.shown);
}
