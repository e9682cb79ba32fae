import { useCallback, useRef, useState } from 'react';
import { useLatest } from './use-latest.js';

/**
 * State that is controlled when `prop` (the controlled value) is defined and internal
 * (`defaultProp` first) when it is `undefined`; `onChange` is called on every change in both
 * modes (Radix's `useControllableState`), controlled ones measured against `prop`: a change the
 * owner did not make is asked for again.
 */
export function useControllableState<T>(
  prop: T | undefined,
  defaultProp: T,
  onChange: ((value: T) => void) | undefined,
): [T, (next: T) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultProp);
  const isControlled = prop !== undefined;
  const value = isControlled ? prop : uncontrolled;
  const onChangeRef = useLatest(onChange);
  const valueRef = useRef(value);
  valueRef.current = value;
  const setValue = useCallback(
    (next: T) => {
      if (Object.is(next, valueRef.current)) return;
      // Controlled, the value stays the owner's: a change it declines is asked for again.
      if (!isControlled) {
        valueRef.current = next;
        setUncontrolled(next);
      }
      onChangeRef.current?.(next);
    },
    [isControlled, onChangeRef],
  );
  return [value, setValue];
}
