import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { useMessageContext } from '../message/message-context.js';
import { renderButtonPart } from '../primitives/render-part.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Retry`. */
export interface ActionBarRetryProps extends ActionButtonProps {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /** Called with the message's id. Defaults to the chat's `retry(messageId)`. */
  onRetry?: ((messageId: string) => unknown) | undefined;
}

/**
 * Retries a failed or cut-short reply; renders only for messages whose status is `error` or `incomplete`.
 *
 * @example
 * <ActionBar.Retry />
 */
export const ActionBarRetry = /* @__PURE__ */ forwardRef<HTMLButtonElement, ActionBarRetryProps>(
  function ActionBarRetry({ message: messageProp, onRetry, ...props }, ref) {
    const message = useMessageContext(messageProp, 'ActionBar.Retry');
    const actions = useChatActions();
    const retry = onRetry ?? actions.retry;
    if ((message.status !== 'error' && message.status !== 'incomplete') || !retry) return null;
    return renderButtonPart(
      props,
      ref,
      'rcc-action rcc-action-retry',
      (event) => {
        // With the message's id: a reply the user went on after is asked for again, not the last.
        void retry(message.id);
        actions.focus(event);
      },
      'Retry',
    );
  },
);
