import { createContext, useContext } from 'react';
import type { ChatMessage } from '../../store/types.js';

/** The message a subtree renders; provided by `MessageView.Root`. */
export const MessageContext = /* @__PURE__ */ createContext<ChatMessage | undefined>(undefined);

/**
 * The message from the `message` prop, else from the nearest `MessageView.Root`. Throws with a
 * hint when neither is there.
 */
export function useMessageContext(explicit: ChatMessage | undefined, part: string): ChatMessage {
  const fromContext = useContext(MessageContext);
  const message = explicit ?? fromContext;
  if (!message) {
    throw new Error(
      `${part} needs a message: pass the \`message\` prop or render it inside <MessageView.Root>.`,
    );
  }
  return message;
}

/**
 * The message of the nearest `MessageView.Root`, for a part of one's own inside a message layout
 * (`useMessage(id)`, outside the namespace, reads one from the store by id). Throws outside a
 * `MessageView.Root`.
 *
 * @example
 * function Model() {
 *   const message = MessageView.useMessage();
 *   return message.role === 'assistant' ? <small>{message.model}</small> : null;
 * }
 */
export function useMessageViewMessage(): ChatMessage {
  const message = useContext(MessageContext);
  if (!message) throw new Error('MessageView.useMessage() must be called inside <MessageView.Root>.');
  return message;
}
