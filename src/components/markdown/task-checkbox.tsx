import type { InputHTMLAttributes } from 'react';

/**
 * A GFM task-list checkbox: read-only, with an accessible name saying whether the task is done.
 *
 * @example
 * <TaskCheckbox checked />
 */
export function TaskCheckbox({ checked }: InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input
      type="checkbox"
      className="rcc-task-checkbox"
      checked={checked === true}
      readOnly
      disabled
      aria-label={checked ? 'Done' : 'Not done'}
    />
  );
}
