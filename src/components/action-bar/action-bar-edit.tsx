import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useMessageContext } from '../message/message-context.js';
import { useMessageEdit } from '../message/message-edit-context.js';
import { renderButtonPart } from '../primitives/render-part.js';
import type { ActionButtonProps } from './action-button.js';

/** Props of `ActionBar.Edit`. */
export interface ActionBarEditProps extends ActionButtonProps {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /** Start editing (defaults to the edit mode of the nearest `MessageView.Root`). */
  onEdit?: ((messageId: string) => unknown) | undefined;
}

/**
 * Starts editing a user message; renders only for user messages.
 *
 * @example
 * <ActionBar.Edit />
 */
export const ActionBarEdit = /* @__PURE__ */ forwardRef<HTMLButtonElement, ActionBarEditProps>(
  function ActionBarEdit({ message: messageProp, onEdit, ...props }, ref) {
    const message = useMessageContext(messageProp, 'ActionBar.Edit');
    const edit = useMessageEdit();
    if (message.role !== 'user' || (!onEdit && !edit)) return null;
    return renderButtonPart(
      props,
      ref,
      'rcc-action rcc-action-edit',
      () => {
        if (onEdit) void onEdit(message.id);
        else edit?.setEditing(true);
      },
      'Edit',
    );
  },
);
