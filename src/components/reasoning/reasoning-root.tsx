import type { HTMLAttributes } from 'react';
import { forwardRef, useId, useMemo, useRef } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import { renderPart } from '../primitives/render-part.js';
import { useControllableState } from '../primitives/use-controllable-state.js';
import { ReasoningContext, type ReasoningContextValue } from './reasoning-context.js';

/** Props of `Reasoning.Root`. */
export interface ReasoningRootProps extends HTMLAttributes<HTMLDivElement> {
  /** Controlled open state. */
  open?: boolean | undefined;
  /** Initial open state when uncontrolled (defaults to `streaming`). */
  defaultOpen?: boolean | undefined;
  /** Called when the panel opens or closes, by the user or by streaming. */
  onOpenChange?: ((open: boolean) => void) | undefined;
  /** Whether the reasoning is streaming now. The panel opens when it starts and closes when it stops. */
  streaming?: boolean | undefined;
  /** Render the panel as its single child element (props and ref merged into it) instead of a `div`. */
  asChild?: boolean | undefined;
}

/**
 * A collapsible reasoning panel. It opens while reasoning streams and collapses when the answer
 * starts; the user can toggle it any time. `data-state` is `open` or `closed`; `data-streaming`
 * is present while reasoning streams.
 *
 * @example
 * // Only for a message with reasoning (else the trigger opens nothing); `Reasoning.Default` checks for you.
 * hasReasoning(getReasoning(message)) && (
 *   <Reasoning.Root streaming={isReasoningStreaming(message)}>
 *     <Reasoning.Trigger />
 *     <Reasoning.Content><Reasoning.Text message={message} /></Reasoning.Content>
 *   </Reasoning.Root>
 * )
 */
export const ReasoningRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, ReasoningRootProps>(
  function ReasoningRoot({ open: openProp, defaultOpen, onOpenChange, streaming = false, ...props }, ref) {
    const [open, setOpen] = useControllableState(openProp, defaultOpen ?? streaming, onOpenChange);
    const wasStreaming = useRef(streaming);
    const id = useId();
    useIsomorphicLayoutEffect(() => {
      if (wasStreaming.current === streaming) return;
      wasStreaming.current = streaming;
      // Closing takes the content away: focus in it (a link, a code block) goes to the trigger.
      if (document.getElementById(`${id}content`)?.contains(document.activeElement))
        document.getElementById(`${id}trigger`)?.focus();
      setOpen(streaming);
    }, [streaming, setOpen, id]);
    const value = useMemo(
      (): ReasoningContextValue => [open, setOpen, streaming, `${id}trigger`, `${id}content`],
      [open, setOpen, streaming, id],
    );
    return (
      <ReasoningContext.Provider value={value}>
        {renderPart('div', props, ref, 'rcc-reasoning', undefined, {
          'data-state': open ? 'open' : 'closed',
          'data-streaming': streaming ? '' : undefined,
        })}
      </ReasoningContext.Provider>
    );
  },
);
