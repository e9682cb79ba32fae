import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { getMessageText } from '../message/get-message-text.js';
import { useMessageContext } from '../message/message-context.js';
import { renderButtonPart } from '../primitives/render-part.js';
import { copyButtonLabel, useCopy } from '../primitives/use-copy.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Copy`. */
export interface ActionBarCopyProps extends ActionButtonProps {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
}

/**
 * Copies the message's text (its Markdown source). `data-state` is `idle`, `copied` or `failed`;
 * the label says "Copied" (or "Copy failed", when the clipboard refused it) for a moment.
 *
 * @example
 * <ActionBar.Copy />
 */
export const ActionBarCopy = /* @__PURE__ */ forwardRef<HTMLButtonElement, ActionBarCopyProps>(
  function ActionBarCopy({ message: messageProp, ...props }, ref) {
    const message = useMessageContext(messageProp, 'ActionBar.Copy');
    const [state, copy] = useCopy();
    const text = getMessageText(message);
    if (text === '') return null;
    return renderButtonPart(
      { ...props, 'data-state': state },
      ref,
      'rcc-action rcc-action-copy',
      () => void copy(text),
      copyButtonLabel(state, 'Copy'),
    );
  },
);
