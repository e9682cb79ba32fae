import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderPart } from '../primitives/render-part.js';
import { useReasoningContext } from './reasoning-context.js';

/** Props of `Reasoning.Content`. */
export interface ReasoningContentProps extends HTMLAttributes<HTMLDivElement> {
  /** Keep the content mounted (hidden) while closed, e.g. for CSS animations. */
  forceMount?: boolean | undefined;
  /** Render the content as its single child element (props and ref merged into it) instead of a `div`. */
  asChild?: boolean | undefined;
}

/**
 * The reasoning itself, shown while the panel is open: a group named by the trigger.
 *
 * @example
 * <Reasoning.Content><Reasoning.Text message={message} /></Reasoning.Content>
 */
export const ReasoningContent = /* @__PURE__ */ forwardRef<HTMLDivElement, ReasoningContentProps>(
  function ReasoningContent({ forceMount, ...props }, ref) {
    const [open, , , triggerId, contentId] = useReasoningContext('Content');
    if (!open && !forceMount) return null;
    return renderPart(
      'div',
      props,
      ref,
      'rcc-reasoning-content',
      // A group, not a region: each reply has its panel, and open ones would be landmarks of one name.
      { role: 'group', 'aria-labelledby': triggerId, id: contentId, hidden: !open },
      { 'data-state': open ? 'open' : 'closed' },
    );
  },
);
