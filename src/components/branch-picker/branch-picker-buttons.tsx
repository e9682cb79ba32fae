import type { ButtonHTMLAttributes, HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { renderButtonPart } from '../primitives/render-part.js';
import { VisuallyHidden } from '../primitives/visually-hidden.js';
import { useBranchPickerContext } from './branch-picker-context.js';

/** Props of `BranchPicker.Previous` and `BranchPicker.Next`. */
export interface BranchPickerButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
}

/**
 * Shows the previous version; disabled on the first.
 *
 * @example
 * <BranchPicker.Previous />
 */
export const BranchPickerPrevious = /* @__PURE__ */ forwardRef<HTMLButtonElement, BranchPickerButtonProps>(
  function BranchPickerPrevious(props, ref) {
    const [index, , select] = useBranchPickerContext('Previous');
    return renderButtonPart(
      props,
      ref,
      'rcc-branch-picker-previous',
      () => select(index - 1),
      <span aria-hidden>‹</span>,
      { 'aria-label': 'Previous version', disabled: index <= 0 },
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
  function BranchPickerNext(props, ref) {
    const [index, count, select] = useBranchPickerContext('Next');
    return renderButtonPart(
      props,
      ref,
      'rcc-branch-picker-next',
      () => select(index + 1),
      <span aria-hidden>›</span>,
      { 'aria-label': 'Next version', disabled: index >= count - 1 },
    );
  },
);

/** Props of `BranchPicker.Count`: those of its `span`. */
export type BranchPickerCountProps = HTMLAttributes<HTMLSpanElement>;

/**
 * "2 / 3", read out as "Version 2 of 3".
 *
 * @example
 * <BranchPicker.Count />
 */
export const BranchPickerCount = /* @__PURE__ */ forwardRef<HTMLSpanElement, BranchPickerCountProps>(
  function BranchPickerCount({ className, ...props }, ref) {
    const [index, count] = useBranchPickerContext('Count');
    return (
      <span {...props} ref={ref} className={cx('rcc-branch-picker-count', className)}>
        <span aria-hidden>
          {index + 1} / {count}
        </span>
        <VisuallyHidden>
          Version {index + 1} of {count}
        </VisuallyHidden>
      </span>
    );
  },
);
