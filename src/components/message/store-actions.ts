import type { ChatStoreApi } from '../../store/index.js';
import { composerInputOf } from '../composer/composer-context.js';
import type { ChatActionHandlers } from './chat-actions-context.js';

/** Chat actions that call `store` (read at call time, so they never go stale). */
export function createStoreActions(store: ChatStoreApi): ChatActionHandlers {
  // Regenerate and Retry replace the reply (or the notice) holding their button: focus goes to
  // the chat's composer, where the conversation continues, instead of falling to the page.
  const thenFocusComposer = <T>(result: T): T => {
    composerInputOf(store)?.focus();
    return result;
  };
  return {
    regenerate: (messageId?: string) => thenFocusComposer(store.getState().regenerate(messageId)),
    edit: (messageId, content) => store.getState().edit(messageId, content),
    retry: (messageId?: string) => thenFocusComposer(store.getState().retry(messageId)),
    switchBranch: (messageId) => store.getState().switchBranch(messageId),
    approveToolCall: (toolCallId) => store.getState().approveToolCall(toolCallId),
    denyToolCall: (toolCallId, reason) => store.getState().denyToolCall(toolCallId, reason),
  };
}
