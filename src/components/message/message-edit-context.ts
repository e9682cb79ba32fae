import { createContext, useContext } from 'react';

/** Whether a message is being edited; provided by `MessageView.Root`. */
export interface MessageEditContextValue {
  editing: boolean;
  setEditing: (editing: boolean) => void;
}

export const MessageEditContext = /* @__PURE__ */ createContext<MessageEditContextValue | undefined>(
  undefined,
);

/** The edit state of the nearest `MessageView.Root`, if any. */
export function useMessageEdit(): MessageEditContextValue | undefined {
  return useContext(MessageEditContext);
}
