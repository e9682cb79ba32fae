import type { StoreContext } from './context.js';
import type { Runner } from './runner.js';
import { callsOf, isResolved, setToolCall } from './tool-calls.js';
import type { ChatActions, ToolCallStatus } from './types.js';

/** The message on the active path holding a call, and the call's status. */
function findCall(
  context: StoreContext,
  callId: string,
): { messageId: string; status: ToolCallStatus } | undefined {
  const { ids, messages } = context.get();
  for (let index = ids.length - 1; index >= 0; index--) {
    const message = messages[ids[index] as string];
    const status = message?.toolCalls?.[callId];
    // A status (found on a message) has a state; what an object inherits (`constructor`,
    // `toString`) has none.
    if (status?.state) return { messageId: message!.id, status };
  }
  return undefined;
}

/** Tool actions: results for calls without `execute`, approval and denial. */
export function createToolActions(
  context: StoreContext,
  runner: Runner,
): Pick<ChatActions, 'addToolResult' | 'approveToolCall' | 'denyToolCall'> {
  /** Continues once the call's message has work to do: a call to run, or every call resolved. */
  const resume = (messageId: string) => {
    if (runner.isBusy()) return;
    const message = context.get().messages[messageId];
    const calls = callsOf(message);
    const states = calls.map((call) => message?.toolCalls?.[call.id]);
    if (states.some((status) => status?.state === 'running') || states.every(isResolved)) {
      void runner.start({ kind: 'tools', messageId });
    }
  };

  const runnableTool = (name: string) =>
    context.options.resolve().tools.find((tool) => tool.name === name && tool.execute !== undefined);

  return {
    addToolResult(callId, result) {
      const found = findCall(context, callId);
      // Only a call nothing else will settle: one waiting for it, or one of a reply that ended
      // without running its calls (failed, stopped). Not one still streaming or running.
      if (!found || isResolved(found.status) || (found.status.state !== 'pending' && runner.isBusy())) return;
      setToolCall(context, found.messageId, callId, { ...found.status, state: 'done', result });
      resume(found.messageId);
    },
    approveToolCall(callId) {
      const found = findCall(context, callId);
      if (found?.status.state !== 'awaiting-approval') return;
      const call = callsOf(context.get().messages[found.messageId]).find((item) => item.id === callId);
      const state = call && runnableTool(call.function.name) ? 'running' : 'pending';
      setToolCall(context, found.messageId, callId, { ...found.status, state });
      resume(found.messageId);
    },
    denyToolCall(callId, reason) {
      const found = findCall(context, callId);
      if (found?.status.state !== 'awaiting-approval') return;
      const { error: _previous, ...status } = found.status;
      setToolCall(context, found.messageId, callId, {
        ...status,
        state: 'denied',
        ...(reason !== undefined && { error: reason }),
      });
      resume(found.messageId);
    },
  };
}
