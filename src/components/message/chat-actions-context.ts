import { createContext, useContext } from 'react';
import type { ChatActions } from '../../store/types.js';

/**
 * The chat actions parts call when no handler prop is given. `ChatWindow` and `MessageList`
 * provide them from the store; provide your own to use the parts with another state source.
 */
export type ChatActionHandlers = Partial<
  Pick<ChatActions, 'regenerate' | 'edit' | 'retry' | 'switchBranch' | 'approveToolCall' | 'denyToolCall'>
>;

/** Chat actions for the parts below it. */
export const ChatActionsContext = /* @__PURE__ */ createContext<ChatActionHandlers>({});

/** The chat actions of the nearest provider (an empty object when there is none). */
export function useChatActions(): ChatActionHandlers {
  return useContext(ChatActionsContext);
}
