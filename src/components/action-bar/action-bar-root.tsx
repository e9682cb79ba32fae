import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { Slot } from '../primitives/slot.js';

/** Props of `ActionBar.Root`. */
export interface ActionBarRootProps extends HTMLAttributes<HTMLDivElement> {
  asChild?: boolean;
}

/**
 * Groups the actions of one message (a `group` named "Message actions").
 *
 * @example
 * <ActionBar.Root><ActionBar.Copy /><ActionBar.Regenerate /></ActionBar.Root>
 */
export const ActionBarRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, ActionBarRootProps>(
  function ActionBarRoot({ asChild, className, ...props }, ref) {
    const Component = asChild ? Slot : 'div';
    return (
      <Component
        role="group"
        aria-label="Message actions"
        {...props}
        ref={ref}
        className={cx('rcc-action-bar', className)}
      />
    );
  },
);
