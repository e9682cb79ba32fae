import type { Ref, RefCallback } from 'react';
import { useCallback } from 'react';

type PossibleRef<T> = Ref<T> | undefined;

function setRef<T>(ref: PossibleRef<T>, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}

/** Merges several refs into one callback ref. */
export function composeRefs<T>(...refs: PossibleRef<T>[]): RefCallback<T> {
  return (node: T | null) => {
    for (const ref of refs) setRef(ref, node);
  };
}

/** `composeRefs` memoized on its inputs, so React does not detach and reattach the ref each render. */
export function useComposedRefs<T>(...refs: PossibleRef<T>[]): RefCallback<T> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the refs themselves are the dependencies
  return useCallback(composeRefs(...refs), refs);
}
