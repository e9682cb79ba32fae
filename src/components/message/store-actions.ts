import type { ChatStoreApi } from '../../store/index.js';
import type { ChatActionHandlers } from './chat-actions-context.js';

/** Chat actions that call `store` (read at call time, so they never go stale). */
export function createStoreActions(store: ChatStoreApi): ChatActionHandlers {
  return {
    regenerate: (messageId?: string) => store.getState().regenerate(messageId),
    edit: (messageId, content) => store.getState().edit(messageId, content),
    retry: () => store.getState().retry(),
    switchBranch: (messageId) => store.getState().switchBranch(messageId),
    approveToolCall: (toolCallId) => store.getState().approveToolCall(toolCallId),
    denyToolCall: (toolCallId, reason) => store.getState().denyToolCall(toolCallId, reason),
  };
}
