import type { RefObject } from 'react';
import { useLayoutEffect, useRef } from 'react';

/** A ref that always holds the latest value, so callbacks never go stale. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** `useLayoutEffect` in the browser, nothing on the server (no warning during SSR). */
export const useIsomorphicLayoutEffect: typeof useLayoutEffect =
  typeof document === 'undefined' ? () => {} : useLayoutEffect;
