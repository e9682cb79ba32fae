import { createContext, useContext, useMemo } from 'react';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import type { ChatActions } from '../../store/types.js';
import { createStoreActions } from './store-actions.js';

/**
 * The chat actions parts call when no handler prop is given. Without a provider, parts inside a
 * `ChatProvider` call its store; provide your own to use the parts with another state source.
 */
export type ChatActionHandlers = Partial<
  Pick<ChatActions, 'regenerate' | 'edit' | 'retry' | 'switchBranch' | 'approveToolCall' | 'denyToolCall'>
>;

/** Chat actions for the parts below it (overrides the `ChatProvider` store's). */
export const ChatActionsContext = /* @__PURE__ */ createContext<ChatActionHandlers | undefined>(undefined);

const NO_ACTIONS: ChatActionHandlers = {};

/**
 * The chat actions of the nearest `ChatActionsContext` provider; else those of the nearest
 * `ChatProvider`'s store; else none (an empty object).
 */
export function useChatActions(): ChatActionHandlers {
  const provided = useContext(ChatActionsContext);
  const store = useContext(ChatStoreContext);
  const fromStore = useMemo(() => (store ? createStoreActions(store) : NO_ACTIONS), [store]);
  return provided ?? fromStore;
}
