import { describeIssues } from '../core/errors.js';
import { parseToolArguments, type ToolCall, type ToolMessage } from '../core/index.js';
import { checkJsonSchema } from '../core/json.js';
import type { StoreContext } from './context.js';
import type { ChatTool, ResolvedChatOptions } from './options.js';
import { toWireMessage } from './request.js';
import { addToPath, pathTo, withEntry } from './tree.js';
import type { ChatMessage, ThreadData, ToolCallState, ToolCallStatus } from './types.js';

const RESOLVED: readonly (ToolCallState | undefined)[] = ['done', 'error', 'denied'];

/** Whether a call has its final state (a result, an error or a denial the model will see). */
export const isResolved = (status: ToolCallStatus | undefined): boolean => RESOLVED.includes(status?.state);

/** The calls of an assistant message, in order. */
export const callsOf = (message: ChatMessage | undefined): ToolCall[] =>
  message?.role === 'assistant' ? (message.tool_calls ?? []) : [];

/** The statuses of a message's calls, in call order (`undefined` for a call without one). */
export const statusesOf = (message: ChatMessage | undefined): (ToolCallStatus | undefined)[] =>
  callsOf(message).map((call) => message?.toolCalls?.[call.id]);

/**
 * While a store runs tools (`executeToolCalls`), what starts the calls that become `running`
 * meanwhile (approved while another call runs): they start at once, not once the others end.
 */
const wakers = new WeakMap<StoreContext, () => void>();

/** Sets one call's status (a new message object; every other message keeps its identity). */
export function setToolCall(
  context: StoreContext,
  messageId: string,
  callId: string,
  status: ToolCallStatus,
) {
  try {
    JSON.stringify(status.result);
  } catch {
    // A result JSON can't write (a BigInt, a cycle) is kept as the text the model gets: as it
    // is, it would make every later save of the chat fail.
    status = { ...status, result: String(status.result) };
  }
  context.set((state) => {
    const message = state.messages[messageId];
    if (!message) return {};
    return {
      messages: withEntry(state.messages, messageId, {
        ...message,
        toolCalls: { ...message.toolCalls, [callId]: status },
      }),
    };
  });
  wakers.get(context)?.();
}

/**
 * `status` failed with `error`, as when `execute` throws it (or `addToolResult` is given it): its
 * `error` is an `Error`'s message; another value (`throw { code: 42 }`) is told as a result is,
 * its JSON saying more than "[object Object]" (its `String()` text when JSON fails).
 */
export const failed = (status: Omit<ToolCallStatus, 'state'>, error: unknown): ToolCallStatus => ({
  ...status,
  state: 'error',
  error: error instanceof Error ? error.message : toolResultContent({ state: 'done', result: error }),
});

/** The `tool` message content the model sees for a resolved call. */
export function toolResultContent(status: ToolCallStatus): string {
  if (status.state === 'denied') {
    return `The user denied this tool call${status.error ? `: ${status.error}` : '.'}`;
  }
  if (status.state === 'error') return `Error: ${status.error || 'the tool failed'}`;
  if (typeof status.result === 'string') return status.result;
  try {
    // What JSON has no text for (`undefined`, a function, a symbol) answers `null`: a tool
    // message without content would make every later request of the thread invalid.
    return JSON.stringify(status.result) ?? 'null';
  } catch {
    return String(status.result);
  }
}

/**
 * Rejects once `signal` aborts (with nothing useful: a stopped run never reads it). Raced against
 * an app's promise (`execute`, `onToolCall`, `needsApproval`), so one that never settles does not
 * keep a stopped run, and the `send` awaiting it, waiting.
 */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) =>
    signal.aborted ? reject() : signal.addEventListener('abort', reject),
  );

async function needsApproval(tool: ChatTool, args: unknown): Promise<boolean> {
  if (typeof tool.needsApproval === 'function') return Boolean(await tool.needsApproval(args));
  return tool.needsApproval === true;
}

/**
 * Gives every call of a finished reply its first state: arguments parsed (invalid JSON or an
 * unknown tool -> `error`, which the model is told), then `awaiting-approval`, `running` (has
 * `execute`), `done` (`onToolCall` returned a result) or `pending` (waits for `addToolResult`).
 */
export async function triageToolCalls(
  context: StoreContext,
  options: ResolvedChatOptions,
  messageId: string,
  signal: AbortSignal,
): Promise<void> {
  const message = context.get().messages[messageId];
  const requestTools = options.request.tools ?? [];
  const triage = Promise.all(
    callsOf(message).map(async (call) => {
      const parsed = parseToolArguments(call.function.arguments ?? '');
      if (!parsed.ok)
        return setToolCall(context, messageId, call.id, { state: 'error', error: parsed.error });
      const args = parsed.value;
      const { name } = call.function;
      const tool = options.tools.find((item) => item.name === name);
      const wireTool = requestTools.find((item) => item.function.name === name);
      if (!tool && !wireTool) {
        return setToolCall(context, messageId, call.id, {
          state: 'error',
          args,
          error: `Unknown tool "${name}". Available tools: ${
            options.tools.map((item) => item.name).join(', ') || 'none'
          }.`,
        });
      }
      // Arguments that break the tool's schema (a required field missing, a wrong type) are an
      // error the model is told about, so it can call again; neither `execute` nor the app sees them.
      const schema = tool ? tool.parameters : wireTool?.function.parameters;
      const issues = schema ? checkJsonSchema(args, schema) : [];
      if (issues.length) {
        return setToolCall(context, messageId, call.id, {
          state: 'error',
          args,
          error: `Invalid arguments for "${name}": ${describeIssues(issues)}.`,
        });
      }
      // Every layer's `onToolCall` is told (one that throws is logged); the first value one
      // returns is the call's result.
      let answer: unknown;
      for (const layer of options.callbacks) {
        if (!layer.onToolCall) continue;
        try {
          const value = await layer.onToolCall({ toolCall: call, toolName: name, args });
          if (answer === undefined) answer = value;
        } catch (error) {
          console.error('[react-chat-completions] onToolCall threw:', error);
        }
      }
      // A check that throws asks the user (the call must not run unchecked, nor stay streaming).
      const approval = tool && (await needsApproval(tool, args).catch(() => true));
      // Stopped (or unmounted, or the thread left) while an app callback answered: the stop
      // has resolved this call already; nothing more is written.
      if (signal.aborted) return;
      if (approval) return setToolCall(context, messageId, call.id, { state: 'awaiting-approval', args });
      if (tool?.execute) return setToolCall(context, messageId, call.id, { state: 'running', args });
      if (answer !== undefined)
        return setToolCall(context, messageId, call.id, { state: 'done', args, result: answer });
      setToolCall(context, messageId, call.id, { state: 'pending', args });
    }),
  );
  await Promise.race([triage, untilAborted(signal)]);
}

/**
 * Runs every call in state `running` that is not already running, until none is left: a call
 * approved meanwhile starts at once. Results and errors are written unless the run was stopped.
 */
export function executeToolCalls(
  context: StoreContext,
  options: ResolvedChatOptions,
  messageId: string,
  signal: AbortSignal,
  inFlight: Set<string>,
): Promise<void> {
  return new Promise((resolve) => {
    let running = 0;
    const run = async (call: ToolCall, args: unknown) => {
      const tool = options.tools.find((item) => item.name === call.function.name);
      const messages = pathTo(context.get(), messageId).map((id) =>
        toWireMessage(context.get().messages[id] as ChatMessage),
      );
      try {
        if (!tool?.execute) throw new Error(`Tool "${call.function.name}" has no execute function.`);
        // A tool that ignores the signal must not keep a stopped run waiting.
        const result = await Promise.race([
          tool.execute(args, { signal, messages, toolCallId: call.id }),
          untilAborted(signal),
        ]);
        if (!signal.aborted) setToolCall(context, messageId, call.id, { state: 'done', args, result });
      } catch (error) {
        if (signal.aborted) return;
        setToolCall(context, messageId, call.id, failed({ args }, error));
      }
    };
    const start = () => {
      const message = context.get().messages[messageId];
      for (const call of callsOf(message)) {
        const status = message?.toolCalls?.[call.id];
        if (signal.aborted || status?.state !== 'running' || inFlight.has(call.id)) continue;
        running++;
        inFlight.add(call.id);
        void run(call, status.args).finally(() => {
          inFlight.delete(call.id);
          if (!--running) start();
        });
      }
      if (running) return;
      if (wakers.get(context) === start) wakers.delete(context);
      resolve();
    };
    wakers.set(context, start);
    start();
  });
}

/** Why a call that a stop ended did not run (the model reads it as the call's result). */
export const STOPPED = 'Stopped by the user.';

/**
 * Marks the unresolved calls of a message with `state` (stop, moving on) so the model is told,
 * and answers them once every call is resolved (`appendToolMessages`).
 */
export function resolveOpenCalls(
  context: StoreContext,
  messageId: string,
  which: readonly ToolCallState[],
  state: 'error' | 'denied',
  error: string,
): void {
  const message = context.get().messages[messageId];
  for (const call of callsOf(message)) {
    const status = message?.toolCalls?.[call.id];
    if (status && which.includes(status.state)) {
      setToolCall(context, messageId, call.id, { ...status, state, error });
    }
  }
  appendToolMessages(context, messageId);
}

/**
 * Once every call of the message is resolved, appends one `tool` message per call (in call
 * order) to the active path and returns the last one's id; `undefined` while some call waits.
 */
export function appendToolMessages(context: StoreContext, messageId: string): string | undefined {
  const state = context.get();
  // Asserted: a missing message has no calls (`callsOf`), so nothing of it is read.
  const message = state.messages[messageId]!;
  if (!statusesOf(message).every(isResolved)) return undefined;
  // The messages after it on the active path: `tool` messages (a conversation given with some of
  // its calls answered) answer their calls, and the others' answers follow them. Another message
  // (it is not the last reply), or a `tool` message under the last (another tab's, the path
  // ending before it), leaves it as it is.
  const after = state.ids
    .slice(state.ids.indexOf(messageId) + 1)
    .map((id) => state.messages[id] as ChatMessage);
  // A reply cut short (stopped, failed, reloaded) may end with a call whose arguments never
  // finished: it gets no answer, so requests leave it out (`toWireConversation`) instead of
  // sending the endpoint arguments that are not JSON.
  const open = callsOf(message).filter(
    (call) =>
      (message.status === 'done' || parseToolArguments(call.function.arguments ?? '').ok) &&
      !after.some((item) => (item as ToolMessage).tool_call_id === call.id),
  );
  if (
    !open.length ||
    after.some((item) => item.role !== 'tool') ||
    state.children[state.ids.at(-1) as string]?.some((id) => state.messages[id]?.role === 'tool')
  )
    return undefined;
  // Each answer ends the active path (`addToPath`), under the one before (the path's last message).
  let data: Pick<ThreadData, 'ids' | 'messages' | 'children'> = state;
  for (const call of open) {
    data = addToPath(data, {
      role: 'tool',
      tool_call_id: call.id,
      content: toolResultContent(message.toolCalls?.[call.id] as ToolCallStatus),
      id: context.createId('msg'),
      parentId: data.ids.at(-1) as string,
      createdAt: Date.now(),
      status: 'done',
    });
  }
  context.set(data);
  return data.ids.at(-1);
}
