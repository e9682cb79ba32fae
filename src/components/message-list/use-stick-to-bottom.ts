import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Whether the list follows the latest message. Following stops only on a sign of the user's
 * intent to read back (wheel or touch scrolling up, Up/Page Up/Home/Shift+Space, grabbing the
 * scrollbar, moving keyboard focus into an earlier message or onto a tool panel), never on the
 * list's own scroll corrections, and resumes whenever the view reaches the end again (scrolling
 * down, or the scrollbar let go there: not in the first frames of an animated scroll up). A
 * list that overflows by no more than the threshold is always at its end, unless focus was put
 * on a tool panel (an answer is coming below it). Returns a tuple, as `useState` does: whether it
 * follows, a ref to the latest value (for callbacks that outlive a render), and the setter.
 */
export function useStickToBottom(viewport: HTMLElement | null, threshold: number) {
  const followingRef = useRef(true);
  const [following, setFollowingState] = useState(true);
  const setFollowing = useCallback((value: boolean) => {
    followingRef.current = value;
    setFollowingState(value);
  }, []);

  useEffect(() => {
    if (!viewport) return;
    const atEnd = () => viewport.scrollHeight - viewport.clientHeight - viewport.scrollTop <= threshold;
    // Only a list that can be scrolled farther from its end than the threshold stops following
    // (no scroll would follow again in one that cannot); focus on an earlier message pauses it
    // in any list that overflows (`slack` 0).
    const stop = (slack = threshold) => {
      if (followingRef.current && viewport.scrollHeight - viewport.clientHeight > slack) setFollowing(false);
      // From where the user was: the list's own last scroll (to the end of a grown reply) may
      // come in one scroll event with the first frame of theirs.
      lastTop = viewport.scrollTop;
    };
    let lastTop = viewport.scrollTop;
    // At the end (within the threshold): follow again. Not on a scroll up: the first frames of an
    // animated one (Page Up, Up, a smooth wheel) are still that close.
    const onScroll = () => {
      if (atEnd()) {
        if (!followingRef.current && viewport.scrollTop >= lastTop) setFollowing(true);
      } else if (followingRef.current && viewport.scrollTop < lastTop - 1 && userIntent) {
        setFollowing(false);
      }
      lastTop = viewport.scrollTop;
    };
    // Set by gestures whose direction is only known from the scroll they cause.
    let userIntent = false;
    let touchY: number | undefined;
    const listeners: [EventTarget, Record<string, (event: never) => void>][] = [
      [
        viewport,
        {
          scroll: onScroll,
          wheel(event: WheelEvent) {
            if (event.deltaY < 0) stop();
          },
          keydown(event: KeyboardEvent) {
            if (['ArrowUp', 'PageUp', 'Home'].includes(event.key) || (event.key === ' ' && event.shiftKey))
              stop();
          },
          // Tabbing to a control of an earlier message scrolls it into view: following would snap
          // the list back to the end and hide what has focus. Rows are in order, the latest one last.
          // Only keyboard focus (`:focus-visible`): a click on Copy is no sign of reading back.
          // Focus put on an element (`tabIndex` -1: the tool panel after Approve or Deny) pauses it
          // in the latest message too, and before the list overflows: the answer that comes next
          // would scroll the panel away.
          focusin(event: FocusEvent) {
            const target = event.target as HTMLElement;
            const row = target.closest?.('.rcc-message-list-row');
            if (row && viewport.contains(row) && target.matches(':focus-visible')) {
              if (target.tabIndex < 0) stop(-1);
              else if (row.nextElementSibling) stop(0);
              // The latest message: the browser has scrolled the control into view already, its
              // scroll event comes a frame later. Handled now, it follows again at the end, so
              // "Jump to latest" cannot take the next Tab press and go away under it (focus back
              // to the list).
              else onScroll();
            }
          },
          touchstart(event: TouchEvent) {
            touchY = event.touches[0]?.clientY;
            userIntent = true;
          },
          touchmove(event: TouchEvent) {
            const y = event.touches[0]?.clientY;
            // Without a touch point either side the comparison is false (undefined and NaN compare false).
            if (y! > touchY! + 4) stop();
            touchY = y;
          },
          touchend() {
            userIntent = false;
          },
        },
      ],
      [
        viewport.parentElement ?? viewport, // the scroll area's root
        {
          // The scrollbar sits beside the viewport; dragging it is reading back (or forward: the
          // end check re-arms following).
          pointerdown(event: PointerEvent) {
            if (!viewport.contains(event.target as Node)) {
              userIntent = true;
              stop();
            }
          },
          // Let go at the end (the thumb grabbed, not moved): no scroll comes to follow again.
          pointerup() {
            if (userIntent && atEnd()) setFollowing(true);
            userIntent = false;
          },
        },
      ],
    ];
    // Passive throughout: no handler here calls `preventDefault`.
    for (const [target, handlers] of listeners) {
      for (const type in handlers)
        target.addEventListener(type, handlers[type] as EventListener, { passive: true });
    }
    return () => {
      for (const [target, handlers] of listeners)
        for (const type in handlers) target.removeEventListener(type, handlers[type] as EventListener);
    };
  }, [viewport, threshold, setFollowing]);

  return [following, followingRef, setFollowing] as const;
}
