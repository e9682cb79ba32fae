import type { ToolCall } from '../../core/types.js';
import type { ChatTool, InferToolArgs } from '../../store/options.js';
import type { ChatMessage, ToolCallStatusOf } from '../../store/types.js';
import { ToolCallApprove, ToolCallDeny } from './tool-call-approval.js';
import { ToolCallArguments } from './tool-call-arguments.js';
import { ToolCallError } from './tool-call-error.js';
import { ToolCallName } from './tool-call-name.js';
import { ToolCallResult } from './tool-call-result.js';
import { ToolCallRoot } from './tool-call-root.js';
import { ToolCallStateLabel } from './tool-call-status-label.js';

/**
 * Props every tool panel receives (the default one and those of `ToolCallPanel.List`'s
 * `components`). `Tool`, the type of the panel's tool (`ToolCallPanelProps<typeof weather>`),
 * types `status.args` once the call is `pending`, `awaiting-approval` or `running` (see
 * `ToolCallStatusOf`); `ChatWindow`'s `toolComponents` gives each panel its tool's.
 */
export interface ToolCallPanelProps<Tool extends ChatTool = ChatTool> {
  /** The call as the assistant sent it (arguments grow while it streams). */
  toolCall: ToolCall;
  /** Its UI state from `message.toolCalls[id]`; `undefined` shows as `pending`. */
  status: ToolCallStatusOf<InferToolArgs<Tool>> | undefined;
  /** The assistant message holding the call. */
  message: ChatMessage;
}

/**
 * The ready-made panel of one call: name, state, arguments, result or error, and Approve / Deny
 * for approval tools.
 *
 * @example
 * <ToolCallPanel.Default toolCall={call} status={message.toolCalls?.[call.id]} message={message} />
 */
export function ToolCallPanel({ toolCall, status, message }: ToolCallPanelProps) {
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
