import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { useMessageContext } from '../message/message-context.js';
import { renderButtonPart } from '../primitives/render-part.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Regenerate`. */
export interface ActionBarRegenerateProps extends ActionButtonProps {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /** Defaults to the chat's `regenerate(message.id)`. */
  onRegenerate?: ((messageId: string) => unknown) | undefined;
}

/**
 * Asks for another version of an assistant reply (kept as a branch); renders only for assistant
 * messages, disabled while the reply streams.
 *
 * @example
 * <ActionBar.Regenerate />
 */
export const ActionBarRegenerate = /* @__PURE__ */ forwardRef<HTMLButtonElement, ActionBarRegenerateProps>(
  function ActionBarRegenerate({ message: messageProp, onRegenerate, ...props }, ref) {
    const message = useMessageContext(messageProp, 'ActionBar.Regenerate');
    const actions = useChatActions();
    const regenerate = onRegenerate ?? actions.regenerate;
    if (message.role !== 'assistant' || !regenerate) return null;
    return renderButtonPart(
      props,
      ref,
      'rcc-action rcc-action-regenerate',
      (event) => {
        void regenerate(message.id);
        actions.focus(event);
      },
      'Regenerate',
      { disabled: message.status === 'streaming' },
    );
  },
);
