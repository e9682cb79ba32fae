import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderButtonPart } from '../primitives/render-part.js';
import { useReasoningContext } from './reasoning-context.js';

/** Props of `Reasoning.Trigger`. */
export interface ReasoningTriggerProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
}

/**
 * The button that opens and closes the reasoning. Defaults to "Thinking…" while reasoning streams
 * and "Reasoning" after.
 *
 * @example
 * <Reasoning.Trigger>Show thoughts</Reasoning.Trigger>
 */
export const ReasoningTrigger = /* @__PURE__ */ forwardRef<HTMLButtonElement, ReasoningTriggerProps>(
  function ReasoningTrigger(props, ref) {
    const [open, setOpen, streaming, triggerId, contentId] = useReasoningContext('Trigger');
    return renderButtonPart(
      props,
      ref,
      'rcc-reasoning-trigger',
      () => setOpen(!open),
      streaming ? 'Thinking…' : 'Reasoning',
      {
        id: triggerId,
        'aria-expanded': open,
        'aria-controls': open ? contentId : undefined,
        'data-state': open ? 'open' : 'closed',
      },
    );
  },
);
