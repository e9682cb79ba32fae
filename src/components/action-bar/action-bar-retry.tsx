import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { useMessageContext } from '../message/message-context.js';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Retry`. */
export interface ActionBarRetryProps extends ActionButtonProps {
  message?: ChatMessage;
  /** Defaults to the chat's `retry()`. */
  onRetry?: () => unknown;
}

/**
 * Retries a failed or cut-short reply; renders only for messages whose status is `error` or `incomplete`.
 *
 * @example
 * <ActionBar.Retry />
 */
export const ActionBarRetry = /* @__PURE__ */ forwardRef<HTMLButtonElement, ActionBarRetryProps>(
  function ActionBarRetry(
    { message: messageProp, onRetry, asChild, className, children, onClick, ...props },
    ref,
  ) {
    const message = useMessageContext(messageProp, 'ActionBar.Retry');
    const actions = useChatActions();
    const retry = onRetry ?? actions.retry;
    if ((message.status !== 'error' && message.status !== 'incomplete') || !retry) return null;
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        {...props}
        ref={ref}
        className={cx('rcc-action', 'rcc-action-retry', className)}
        onClick={composeEventHandlers(onClick, function retryReply() {
          void retry();
        })}
      >
        {children ?? 'Retry'}
      </Component>
    );
  },
);
