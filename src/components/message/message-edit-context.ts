import { createContext, useContext } from 'react';

/** Whether a message is being edited; provided by `MessageView.Root`. */
export interface MessageEditContextValue {
  /** Whether the message is being edited (`ActionBar.Edit` turns it on; `data-editing` on the root). */
  editing: boolean;
  /** Opens or closes the editor (close it when the edit is saved or cancelled). */
  setEditing: (editing: boolean) => void;
}

export const MessageEditContext = /* @__PURE__ */ createContext<MessageEditContextValue | undefined>(
  undefined,
);

/**
 * The edit state of the nearest `MessageView.Root` (`undefined` outside one): a layout of its own
 * shows its editor while `editing`, as `MessageView.Default` does.
 *
 * @example
 * const edit = MessageView.useEdit();
 * if (edit?.editing) return <MessageView.Editor initialText={text} onSave={save} onCancel={() => edit.setEditing(false)} />;
 */
export function useMessageEdit(): MessageEditContextValue | undefined {
  return useContext(MessageEditContext);
}
