import type { ToolCall } from '../../core/types.js';
import type { ChatTool, InferToolArgs, InferToolResult } from '../../store/options.js';
import type { ChatMessage, ToolCallStatusOf, ToolResultOptions } from '../../store/types.js';
import { ToolCallApprove, ToolCallDeny } from './tool-call-approval.js';
import { ToolCallArguments } from './tool-call-arguments.js';
import { ToolCallError } from './tool-call-error.js';
import { ToolCallName } from './tool-call-name.js';
import { ToolCallResult } from './tool-call-result.js';
import { ToolCallRoot } from './tool-call-root.js';
import { ToolCallStateLabel } from './tool-call-status-label.js';

/**
 * What every panel renders from: the call, its state, its message (written out here, not picked
 * from `ToolCallPanelProps`, so that the props tables of the docs read their descriptions).
 */
interface ToolCallFields<Tool extends ChatTool> {
  /** The call as the assistant sent it (arguments grow while it streams). */
  toolCall: ToolCall;
  /** Its UI state from `message.toolCalls[id]`; `undefined` shows as `pending`. */
  status: ToolCallStatusOf<InferToolArgs<Tool>> | undefined;
  /** The assistant message holding the call. */
  message: ChatMessage;
}

/**
 * Props every tool panel receives from the chat (`ToolCallPanel.PanelProps`: those of
 * `ChatWindow`'s `toolComponents` and `toolFallback`, and of `ToolCallPanel.List`'s `components`
 * and `fallback`). `Tool`, the type of the panel's tool (`ToolCallPanel.PanelProps<typeof weather>`),
 * types `status.args` once the call is `pending`, `awaiting-approval` or `running` (see
 * `ToolCallStatusOf`) and the result `addResult` takes (`InferToolResult`); `ChatWindow`'s
 * `toolComponents` gives each panel its tool's. A panel that never calls `addResult` may take
 * `ToolCallPanel.DefaultProps` instead, and be rendered by hand without it too.
 *
 * @example
 * function PickDate({ status, addResult }: ToolCallPanel.PanelProps<typeof pickDate>) {
 *   if (status?.state !== 'pending') return null;
 *   return <button type="button" onClick={() => addResult({ date: '2026-12-01' })}>1 December</button>;
 * }
 */
export interface ToolCallPanelProps<Tool extends ChatTool = ChatTool> extends ToolCallFields<Tool> {
  // Methods (not function-typed properties), so that a panel typed for one tool's result still
  // fits where any panel goes (`fallback`, untyped `components`), as `status` lets it.
  /**
   * Answers this call with `result`, of the tool's `Result` type: the chat's
   * `addToolResult(toolCall.id, result, options)` (a `ChatActionsContext` handler of that name
   * when one is given; nothing outside a `ChatProvider`). For a tool without `execute`
   * (`pending`), or a call its reply left unrun; ignored once the call is settled.
   */
  addResult(result: InferToolResult<Tool>, options?: ToolResultOptions): void;
  /** Fails this call: `error` is any value, told to the model as a throwing `execute`'s is. */
  addResult(
    error: unknown,
    options: ToolResultOptions & {
      /** `error`: the call failed (see `ToolResultOptions`). */
      state: 'error';
    },
  ): void;
  /**
   * Answers or fails this call as `options.state` says, when that is not known statically
   * (`options: ToolResultOptions`): any value, as it may be a failure. Options known to answer
   * (`{ state: 'done' }`, `{}`) take the tool's `Result` (the first form).
   */
  addResult<Options extends ToolResultOptions>(
    value: unknown,
    options: Options & (Options extends { state?: 'done' | undefined } ? never : unknown),
  ): void;
}

/**
 * Props of `ToolCallPanel.Default` (`ToolCallPanel.DefaultProps`): a panel's, with `addResult`
 * optional, as the ready-made panel does not answer calls and renders from a call's fields alone.
 * A panel of one's own typed so fits wherever a panel goes (the chat gives it `addResult`) and
 * renders by hand without it (`<CallName toolCall={…} status={…} message={…} />`); one that calls
 * `addResult` takes `ToolCallPanel.PanelProps`.
 */
export interface ToolCallDefaultProps<Tool extends ChatTool = ChatTool> extends ToolCallFields<Tool> {
  /** The call's `addResult` when given (`ToolCallPanel.PanelProps`); `ToolCallPanel.Default` never calls it. */
  addResult?: ToolCallPanelProps<Tool>['addResult'] | undefined;
}

/**
 * The ready-made panel of one call: name, state, arguments, result or error, and Approve / Deny
 * for approval tools.
 *
 * @example
 * <ToolCallPanel.Default toolCall={call} status={message.toolCalls?.[call.id]} message={message} />
 */
export function ToolCallPanel({ toolCall, status, message }: ToolCallDefaultProps) {
  return (
    <ToolCallRoot toolCall={toolCall} status={status} message={message}>
      <div className="rcc-tool-call-header">
        <ToolCallName />
        <ToolCallStateLabel />
      </div>
      <ToolCallArguments />
      <ToolCallResult />
      <ToolCallError />
      {status?.state === 'awaiting-approval' && (
        <div className="rcc-tool-call-actions">
          <ToolCallApprove />
          <ToolCallDeny />
        </div>
      )}
    </ToolCallRoot>
  );
}
