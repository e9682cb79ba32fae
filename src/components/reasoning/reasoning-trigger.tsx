import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import { useReasoningContext } from './reasoning-context.js';

/** Props of `Reasoning.Trigger`. */
export interface ReasoningTriggerProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
}

/**
 * The button that opens and closes the reasoning. Defaults to "Thinking…" while reasoning streams
 * and "Reasoning" after.
 *
 * @example
 * <Reasoning.Trigger>Show thoughts</Reasoning.Trigger>
 */
export const ReasoningTrigger = /* @__PURE__ */ forwardRef<HTMLButtonElement, ReasoningTriggerProps>(
  function ReasoningTrigger({ asChild, className, children, onClick, ...props }, ref) {
    const { open, setOpen, streaming, triggerId, contentId } = useReasoningContext('Trigger');
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        id={triggerId}
        aria-expanded={open}
        aria-controls={open ? contentId : undefined}
        data-state={open ? 'open' : 'closed'}
        {...props}
        ref={ref}
        className={cx('rcc-reasoning-trigger', className)}
        onClick={composeEventHandlers(onClick, function toggle() {
          setOpen(!open);
        })}
      >
        {children ?? (streaming ? 'Thinking…' : 'Reasoning')}
      </Component>
    );
  },
);
