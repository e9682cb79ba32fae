import type { ReactNode } from 'react';
import { createElement, useEffect, useRef, useState } from 'react';

/** Where a copy action stands, for `data-state`. */
export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies text to the clipboard and reports `copied` (or `failed`) for 2 s, then `idle`.
 * The timer is cleared on unmount.
 */
export function useCopy(): [CopyState, (text: string) => Promise<void>] {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  // A plain function: the buttons call it on click, and nothing memoizes on it.
  const copy = async (text: string) => {
    let next: CopyState = 'copied';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      next = 'failed';
    }
    setState(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  };
  return [state, copy];
}

/**
 * A copy button's label: "Copied" for a moment after a copy, "Copy failed" when the clipboard
 * refused it (no permission, an insecure page), `label` otherwise. The first two are said by a
 * screen reader: they come in a polite live region that is always there (empty while idle), so
 * the change is announced, and going back to `label` is not.
 */
export const copyButtonLabel = (state: CopyState, label: string): ReactNode => [
  state === 'idle' && label,
  createElement(
    'span',
    { key: '', 'aria-live': 'polite' },
    state === 'idle' ? '' : state === 'copied' ? 'Copied' : 'Copy failed',
  ),
];
