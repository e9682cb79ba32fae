import { useCallback, useRef, useState } from 'react';
import { useLatest } from './use-latest.js';

interface ControllableStateOptions<T> {
  /** The controlled value; `undefined` means uncontrolled. */
  prop: T | undefined;
  defaultProp: T;
  onChange?: ((value: T) => void) | undefined;
}

/**
 * State that is controlled when `prop` is defined and internal otherwise; `onChange` is called
 * on every change in both modes (Radix's `useControllableState`).
 */
export function useControllableState<T>({
  prop,
  defaultProp,
  onChange,
}: ControllableStateOptions<T>): [T, (next: T) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultProp);
  const isControlled = prop !== undefined;
  const value = isControlled ? prop : uncontrolled;
  const onChangeRef = useLatest(onChange);
  const valueRef = useRef(value);
  valueRef.current = value;
  const setValue = useCallback(
    (next: T) => {
      if (Object.is(next, valueRef.current)) return;
      valueRef.current = next;
      if (!isControlled) setUncontrolled(next);
      onChangeRef.current?.(next);
    },
    [isControlled, onChangeRef],
  );
  return [value, setValue];
}
