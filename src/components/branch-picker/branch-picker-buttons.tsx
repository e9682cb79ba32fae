import type { ButtonHTMLAttributes, HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import { VisuallyHidden } from '../primitives/visually-hidden.js';
import { useBranchPickerContext } from './branch-picker-context.js';

/** Props of `BranchPicker.Previous` and `BranchPicker.Next`. */
export interface BranchPickerButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
}

/**
 * Shows the previous version; disabled on the first.
 *
 * @example
 * <BranchPicker.Previous />
 */
export const BranchPickerPrevious = /* @__PURE__ */ forwardRef<HTMLButtonElement, BranchPickerButtonProps>(
  function BranchPickerPrevious({ asChild, className, children, onClick, ...props }, ref) {
    const { index, select } = useBranchPickerContext('Previous');
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        aria-label="Previous version"
        disabled={index <= 0}
        {...props}
        ref={ref}
        className={cx('rcc-branch-picker-previous', className)}
        onClick={composeEventHandlers(onClick, function previous() {
          select(index - 1);
        })}
      >
        {children ?? <span aria-hidden="true">‹</span>}
      </Component>
    );
  },
);

/**
 * Shows the next version; disabled on the last.
 *
 * @example
 * <BranchPicker.Next />
 */
export const BranchPickerNext = /* @__PURE__ */ forwardRef<HTMLButtonElement, BranchPickerButtonProps>(
  function BranchPickerNext({ asChild, className, children, onClick, ...props }, ref) {
    const { index, count, select } = useBranchPickerContext('Next');
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        aria-label="Next version"
        disabled={index >= count - 1}
        {...props}
        ref={ref}
        className={cx('rcc-branch-picker-next', className)}
        onClick={composeEventHandlers(onClick, function next() {
          select(index + 1);
        })}
      >
        {children ?? <span aria-hidden="true">›</span>}
      </Component>
    );
  },
);

/**
 * "2 / 3", read out as "Version 2 of 3".
 *
 * @example
 * <BranchPicker.Count />
 */
export const BranchPickerCount = /* @__PURE__ */ forwardRef<HTMLSpanElement, HTMLAttributes<HTMLSpanElement>>(
  function BranchPickerCount({ className, ...props }, ref) {
    const { index, count } = useBranchPickerContext('Count');
    return (
      <span {...props} ref={ref} className={cx('rcc-branch-picker-count', className)}>
        <span aria-hidden="true">
          {index + 1} / {count}
        </span>
        <VisuallyHidden>
          Version {index + 1} of {count}
        </VisuallyHidden>
      </span>
    );
  },
);
