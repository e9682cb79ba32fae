import { useComposedRefs } from '@radix-ui/react-compose-refs';
import type { HTMLAttributes } from 'react';
import { forwardRef, useContext, useMemo, useRef } from 'react';
import type { ToolCall } from '../../core/types.js';
import type { ChatMessage, ToolCallState, ToolCallStatus } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { MessageContext } from '../message/message-context.js';
import { renderPart } from '../primitives/render-part.js';
import type { ToolCallContextValue } from './tool-call-context.js';
import { ToolCallContext } from './tool-call-context.js';

/** Props of `ToolCallPanel.Root`. */
export interface ToolCallRootProps extends HTMLAttributes<HTMLDivElement> {
  /** The call as the assistant sent it (arguments grow while it streams). */
  toolCall: ToolCall;
  /** Its UI state from `message.toolCalls[id]`. */
  status?: ToolCallStatus | undefined;
  /**
   * The message holding the call (defaults to the nearest `MessageView.Root`'s). A call still
   * `streaming` on a reply that failed (`error`) or was cut (`incomplete`) never finished: it is
   * marked `data-cut-off` and `ToolCallPanel.State` says "Not run".
   */
  message?: ChatMessage | undefined;
  /** Approve an approval tool (defaults to the chat's `approveToolCall`). */
  onApprove?: ((toolCallId: string) => unknown) | undefined;
  /** Deny an approval tool (defaults to the chat's `denyToolCall`). */
  onDeny?: ((toolCallId: string, reason?: string) => unknown) | undefined;
  /** Render the call as its single child element (props and ref merged into it) instead of a `div`. */
  asChild?: boolean | undefined;
}

/**
 * One tool call. `data-state` is the call's state (`streaming`, `pending`, `awaiting-approval`,
 * `running`, `done`, `error`, `denied`) and `data-tool-name` its function name; `data-cut-off` marks a
 * call whose arguments a failed reply cut (still `streaming`, but nothing streams any more). It is
 * a group named by the function name (`aria-label` or `aria-labelledby` names it otherwise), so
 * focus landing on it after Approve or Deny says which call it is.
 *
 * @example
 * <ToolCallPanel.Root toolCall={call} status={message.toolCalls?.[call.id]}>
 *   <ToolCallPanel.Name /> <ToolCallPanel.Arguments /> <ToolCallPanel.Result />
 * </ToolCallPanel.Root>
 */
export const ToolCallRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, ToolCallRootProps>(
  function ToolCallRoot({ toolCall, status, message, onApprove, onDeny, ...props }, ref) {
    const actions = useChatActions();
    const fromContext = useContext(MessageContext);
    const messageStatus = (message ?? fromContext)?.status;
    const approveHandler = onApprove ?? actions.approveToolCall;
    const denyHandler = onDeny ?? actions.denyToolCall;
    const state: ToolCallState = status?.state ?? 'pending';
    // The store leaves a failed reply's calls `streaming` (they may still be answered).
    const cutOff = state === 'streaming' && (messageStatus === 'error' || messageStatus === 'incomplete');
    const rootRef = useRef<HTMLDivElement>(null);
    const composedRef = useComposedRefs(ref, rootRef);
    // Approve and Deny leave with the decision: focus stays on the panel, which shows what follows.
    const value = useMemo<ToolCallContextValue>(
      () => [
        toolCall,
        status,
        state,
        cutOff,
        approveHandler
          ? () => {
              void approveHandler(toolCall.id);
              rootRef.current?.focus();
            }
          : undefined,
        denyHandler
          ? (reason?: string) => {
              void denyHandler(toolCall.id, reason);
              rootRef.current?.focus();
            }
          : undefined,
      ],
      [toolCall, status, state, cutOff, approveHandler, denyHandler],
    );
    return (
      <ToolCallContext.Provider value={value}>
        {renderPart(
          'div',
          props,
          composedRef,
          'rcc-tool-call',
          // A group, not a region: one landmark per call would crowd the page's landmarks.
          { tabIndex: -1, role: 'group', 'aria-label': toolCall.function.name },
          {
            'data-state': state,
            'data-tool-name': toolCall.function.name,
            'data-cut-off': cutOff ? '' : undefined,
          },
        )}
      </ToolCallContext.Provider>
    );
  },
);
