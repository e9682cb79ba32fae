import { createContext, useContext, useMemo } from 'react';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import { defined } from '../../store/defined.js';
import type { ChatActions } from '../../store/types.js';
import { composerInputOf } from '../composer/composer-context.js';

/**
 * The chat actions parts call when no handler prop is given. Parts inside a `ChatProvider` call
 * its store; a provider's handlers replace those it gives (one set to `undefined` is not given).
 */
export type ChatActionHandlers = {
  [Name in
    | 'regenerate'
    | 'edit'
    | 'retry'
    | 'switchBranch'
    | 'approveToolCall'
    | 'denyToolCall'
    | 'addToolResult']?:
    | (Name extends 'regenerate' ? (messageId?: string) => Promise<void> : ChatActions[Name])
    | undefined;
};

/** Chat actions for the parts below it (overrides the `ChatProvider` store's). */
export const ChatActionsContext = /* @__PURE__ */ createContext<ChatActionHandlers | undefined>(undefined);

/**
 * The chat actions of the nearest `ChatActionsContext` provider, each falling back to the nearest
 * `ChatProvider` store's (none outside one).
 */
export function useChatActions(): ChatActionHandlers {
  const provided = useContext(ChatActionsContext);
  const store = useContext(ChatStoreContext);
  return useMemo(() => {
    // Regenerate and Retry replace the reply (or the notice) holding their button: focus goes to
    // the chat's composer, where the conversation continues, instead of falling to the page.
    const thenFocusComposer = <T>(result: T): T => {
      composerInputOf(store)?.focus();
      return result;
    };
    // The store's actions, read at call time (so they never go stale).
    const fromStore: ChatActionHandlers = store
      ? {
          regenerate: (messageId?: string) => thenFocusComposer(store.getState().regenerate(messageId)),
          edit: (...args) => store.getState().edit(...args),
          retry: (messageId?: string) => thenFocusComposer(store.getState().retry(messageId)),
          switchBranch: (...args) => store.getState().switchBranch(...args),
          approveToolCall: (...args) => store.getState().approveToolCall(...args),
          denyToolCall: (...args) => store.getState().denyToolCall(...args),
          addToolResult: (...args) => store.getState().addToolResult(...args),
        }
      : {};
    return { ...fromStore, ...defined(provided) };
  }, [provided, store]);
}
