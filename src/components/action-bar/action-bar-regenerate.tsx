import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { useMessageContext } from '../message/message-context.js';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Regenerate`. */
export interface ActionBarRegenerateProps extends ActionButtonProps {
  message?: ChatMessage;
  /** Defaults to the chat's `regenerate(message.id)`. */
  onRegenerate?: (messageId: string) => unknown;
}

/**
 * Asks for another version of an assistant reply (kept as a branch); renders only for assistant
 * messages, disabled while the reply streams.
 *
 * @example
 * <ActionBar.Regenerate />
 */
export const ActionBarRegenerate = /* @__PURE__ */ forwardRef<HTMLButtonElement, ActionBarRegenerateProps>(
  function ActionBarRegenerate(
    { message: messageProp, onRegenerate, asChild, className, children, onClick, ...props },
    ref,
  ) {
    const message = useMessageContext(messageProp, 'ActionBar.Regenerate');
    const actions = useChatActions();
    const regenerate = onRegenerate ?? actions.regenerate;
    if (message.role !== 'assistant' || !regenerate) return null;
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        disabled={message.status === 'streaming'}
        {...props}
        ref={ref}
        className={cx('rcc-action', 'rcc-action-regenerate', className)}
        onClick={composeEventHandlers(onClick, function regenerateReply() {
          void regenerate(message.id);
        })}
      >
        {children ?? 'Regenerate'}
      </Component>
    );
  },
);
