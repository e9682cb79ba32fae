import type { StoreContext } from './context.js';
import type { Runner } from './runner.js';
import { callsOf, failed, isResolved, setToolCall, statusesOf } from './tool-calls.js';
import type { ChatActions, ChatMessage, ToolCallStatus } from './types.js';

/** Tool actions: results for calls without `execute`, approval and denial. */
export function createToolActions(
  context: StoreContext,
  runner: Runner,
): Pick<ChatActions, 'addToolResult' | 'approveToolCall' | 'denyToolCall'> {
  /**
   * Gives the call the status `update` makes of its own (none: the action does nothing), then
   * continues once the call's message has work to do: a call to run, or every call resolved.
   */
  const settle = (
    callId: string,
    update: (status: ToolCallStatus, message: ChatMessage) => ToolCallStatus | false | undefined,
  ) => {
    // The message on the active path holding the call: the last with a status for it (a status
    // has a state; what an object inherits, `constructor` or `toString`, has none).
    const { ids, messages } = context.get();
    const holder = ids.findLast((id) => messages[id]?.toolCalls?.[callId]?.state);
    const found = holder === undefined ? undefined : messages[holder];
    const status = found && update(found.toolCalls?.[callId] as ToolCallStatus, found);
    if (!status) return;
    setToolCall(context, found.id, callId, status);
    if (runner.isBusy()) return;
    const states = statusesOf(context.get().messages[found.id]);
    if (states.some((item) => item?.state === 'running') || states.every(isResolved)) {
      void runner.start(found.id, true);
    }
  };

  return {
    addToolResult(callId, result, options) {
      // Only a call nothing else will settle: one waiting for it, or one of a reply that ended
      // without running its calls (failed, stopped). Not one still streaming or running, nor one
      // awaiting approval (the user's decision comes first). A failure is kept, and told, as a
      // throwing `execute`'s is.
      settle(
        callId,
        (status) =>
          (status.state === 'pending' || (status.state === 'streaming' && !runner.isBusy())) &&
          (options?.state === 'error' ? failed(status, result) : { ...status, state: 'done', result }),
      );
    },
    approveToolCall(callId) {
      settle(callId, (status, message) => {
        if (status.state !== 'awaiting-approval') return undefined;
        const call = callsOf(message).find((item) => item.id === callId);
        const { tools } = context.options();
        return {
          ...status,
          // Run here when the tool has an `execute`; else the app answers it (pending).
          state:
            call && tools.some((tool) => tool.name === call.function.name && tool.execute !== undefined)
              ? 'running'
              : 'pending',
        };
      });
    },
    denyToolCall(callId, reason) {
      settle(
        callId,
        ({ error: _previous, ...status }) =>
          status.state === 'awaiting-approval' && {
            ...status,
            state: 'denied',
            ...(reason !== undefined && { error: reason }),
          },
      );
    },
  };
}
