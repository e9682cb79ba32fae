import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { Slot } from '../primitives/slot.js';
import { useReasoningContext } from './reasoning-context.js';

/** Props of `Reasoning.Content`. */
export interface ReasoningContentProps extends HTMLAttributes<HTMLDivElement> {
  /** Keep the content mounted (hidden) while closed, e.g. for CSS animations. */
  forceMount?: boolean;
  asChild?: boolean;
}

/**
 * The reasoning itself, shown while the panel is open.
 *
 * @example
 * <Reasoning.Content><Reasoning.Text message={message} /></Reasoning.Content>
 */
export const ReasoningContent = /* @__PURE__ */ forwardRef<HTMLDivElement, ReasoningContentProps>(
  function ReasoningContent({ forceMount, asChild, className, ...props }, ref) {
    const { open, triggerId, contentId } = useReasoningContext('Content');
    if (!open && !forceMount) return null;
    const Component = asChild ? Slot : 'div';
    return (
      <Component
        role="region"
        aria-labelledby={triggerId}
        id={contentId}
        hidden={!open}
        {...props}
        ref={ref}
        className={cx('rcc-reasoning-content', className)}
        data-state={open ? 'open' : 'closed'}
      />
    );
  },
);
