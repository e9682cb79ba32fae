import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { Slot } from '../primitives/slot.js';

/** Props of `ThreadList.Root`. */
export interface ThreadListRootProps extends HTMLAttributes<HTMLElement> {
  asChild?: boolean;
}

/**
 * The conversations of the nearest `ChatProvider` (a `nav` named "Conversations").
 *
 * @example
 * <ThreadList.Root><ThreadList.New /><ThreadList.Items /></ThreadList.Root>
 */
export const ThreadListRoot = /* @__PURE__ */ forwardRef<HTMLElement, ThreadListRootProps>(
  function ThreadListRoot({ asChild, className, ...props }, ref) {
    const Component = asChild ? Slot : 'nav';
    return (
      <Component
        aria-label="Conversations"
        {...props}
        ref={ref}
        className={cx('rcc-thread-list', className)}
      />
    );
  },
);
