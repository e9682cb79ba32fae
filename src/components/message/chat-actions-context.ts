import { createContext, useContext, useMemo } from 'react';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import { defined } from '../../store/defined.js';
import type { ChatActions } from '../../store/types.js';
import { createStoreActions } from './store-actions.js';

/**
 * The chat actions parts call when no handler prop is given. Parts inside a `ChatProvider` call
 * its store; a provider's handlers replace those it gives (one set to `undefined` is not given).
 */
export type ChatActionHandlers = {
  [Name in 'regenerate' | 'edit' | 'retry' | 'switchBranch' | 'approveToolCall' | 'denyToolCall']?:
    | (Name extends 'regenerate' ? (messageId?: string) => Promise<void> : ChatActions[Name])
    | undefined;
};

/** Chat actions for the parts below it (overrides the `ChatProvider` store's). */
export const ChatActionsContext = /* @__PURE__ */ createContext<ChatActionHandlers | undefined>(undefined);

const NO_ACTIONS: ChatActionHandlers = {};

/**
 * The chat actions of the nearest `ChatActionsContext` provider, each falling back to the nearest
 * `ChatProvider` store's (none outside one).
 */
export function useChatActions(): ChatActionHandlers {
  const provided = useContext(ChatActionsContext);
  const store = useContext(ChatStoreContext);
  return useMemo(() => {
    const fromStore = store ? createStoreActions(store) : NO_ACTIONS;
    return provided ? { ...fromStore, ...defined(provided) } : fromStore;
  }, [provided, store]);
}
