import { createContext, useContext, useMemo } from 'react';
import type { ContentPart } from '../../core/index.js';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import { defined } from '../../store/defined.js';
import type { ChatActions } from '../../store/types.js';
import { composerInputOf } from '../composer/composer-context.js';

/**
 * The chat actions parts call when no handler prop is given. Parts inside a `ChatProvider` call
 * its store; a provider's handlers replace those it gives (one set to `undefined` is not given).
 * What `regenerate`, `edit` and `retry` resolve with is not read (the store's resolve with the
 * reply, a handler of your own with anything).
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
    | (Name extends 'regenerate' | 'retry'
        ? (messageId?: string) => Promise<unknown>
        : Name extends 'edit'
          ? (messageId: string, content: string | ContentPart[]) => Promise<unknown>
          : ChatActions[Name])
    | undefined;
};

/** The store's actions the parts call, by name: one string, split (shorter in the bundle). */
const ACTIONS =
  /* @__PURE__ */ 'regenerate edit retry switchBranch approveToolCall denyToolCall addToolResult'.split(
    ' ',
  ) as (keyof ChatActions)[];

/** Chat actions for the parts below it (overrides the `ChatProvider` store's). */
export const ChatActionsContext = /* @__PURE__ */ createContext<ChatActionHandlers | undefined>(undefined);

/**
 * The chat actions of the nearest `ChatActionsContext` provider, each falling back to the nearest
 * `ChatProvider` store's (none outside one), and `focus`, which moves focus to that chat's
 * composer (the one nearest the button of `event`, where the user acted): Retry and Regenerate
 * replace the reply (or the notice) holding their button, so they call it after their action
 * (the chat's, a handler's or their own prop's), and focus goes where the conversation continues
 * instead of falling to the page; not after a tap (the click a touch or pen sent), whose focus in
 * the textbox would bring up an on-screen keyboard over the reply.
 */
export function useChatActions(): ChatActionHandlers & {
  focus: (event?: { currentTarget: Element; nativeEvent?: Event }) => void;
} {
  const provided = useContext(ChatActionsContext);
  const store = useContext(ChatStoreContext);
  return useMemo(() => {
    // The store's actions, read at call time (so they never go stale).
    const fromStore: Record<string, unknown> = {};
    if (store)
      for (const name of ACTIONS)
        fromStore[name] = (...args: unknown[]) =>
          (store.getState()[name] as (...args: unknown[]) => unknown)(...args);
    return {
      ...fromStore,
      ...defined(provided),
      // Not after a tap (a touch or pen click): focus in the textbox would open the on-screen
      // keyboard over the reply the user asked for, as Stop avoids. No pointer type (a keyboard's
      // click, a MouseEvent) tests as "undefined" or "": focus.
      focus: (event) =>
        /^(touch|pen)$/.test((event?.nativeEvent as PointerEvent | undefined)?.pointerType as string) ||
        composerInputOf(store, event?.currentTarget)?.focus(),
    };
  }, [provided, store]);
}
