import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { useMessageContext } from '../message/message-context.js';
import { renderButtonPart } from '../primitives/render-part.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Retry`. */
export interface ActionBarRetryProps extends ActionButtonProps {
  message?: ChatMessage | undefined;
  /** Defaults to the chat's `retry()`. */
  onRetry?: (() => unknown) | undefined;
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
      () => {
        void retry();
      },
      'Retry',
    );
  },
);
