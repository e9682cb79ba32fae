import { memo, useMemo } from 'react';
import type { ChatMessage } from '../../store/types.js';
import type { MarkdownComponents } from '../markdown/render-markdown.js';
import { useMessageContext } from '../message/message-context.js';
import { getReasoning, hasReasoning, isReasoningStreaming } from './get-reasoning.js';
import { ReasoningContent } from './reasoning-content.js';
import { ReasoningRoot } from './reasoning-root.js';
import { ReasoningText } from './reasoning-text.js';
import { ReasoningTrigger } from './reasoning-trigger.js';

/** Props of `Reasoning.Default`. */
export interface ReasoningPanelProps {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /** Controlled open state. */
  open?: boolean | undefined;
  /** Initial open state when uncontrolled (defaults to whether the reasoning is streaming). */
  defaultOpen?: boolean | undefined;
  /**
   * Called when the panel opens or closes, by the user or by streaming (it opens while reasoning streams and
   * closes when the answer starts).
   */
  onOpenChange?: ((open: boolean) => void) | undefined;
  /** Markdown element overrides for the reasoning text. */
  components?: MarkdownComponents | undefined;
  /** Class names for the panel, after `rcc-reasoning`. */
  className?: string | undefined;
}

/**
 * The messages whose panel is open (uncontrolled): a row the virtualized list unmounts while it
 * is out of view comes back as the user left it, not closed.
 */
const opened = new Set<string>();

/**
 * The ready-made reasoning panel of a message; renders nothing when the message has no reasoning.
 * Left uncontrolled, it stays open or closed as the user left it when its row is unmounted and
 * shown again (a long thread's list renders only the rows in view).
 *
 * @example
 * <Reasoning.Default message={message} />
 */
export const ReasoningPanel = /* @__PURE__ */ memo(function ReasoningPanel({
  message: messageProp,
  components,
  defaultOpen,
  onOpenChange,
  ...rootProps
}: ReasoningPanelProps) {
  const message = useMessageContext(messageProp, 'Reasoning.Default');
  const view = useMemo(() => getReasoning(message), [message]);
  if (!hasReasoning(view)) return null;
  return (
    <ReasoningRoot
      streaming={isReasoningStreaming(message)}
      {...rootProps}
      defaultOpen={defaultOpen ?? (opened.has(message.id) || undefined)}
      onOpenChange={(open) => {
        opened[open ? 'add' : 'delete'](message.id);
        onOpenChange?.(open);
      }}
    >
      <ReasoningTrigger />
      <ReasoningContent>
        <ReasoningText message={message} components={components} />
      </ReasoningContent>
    </ReasoningRoot>
  );
});
