import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderButtonPart } from '../primitives/render-part.js';
import { useToolCallContext } from './tool-call-context.js';

/** Props of `ToolCallPanel.Approve` and `ToolCallPanel.Deny`. */
export interface ToolCallApprovalButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
}

/**
 * Approves a call that waits for approval; renders only in the `awaiting-approval` state.
 *
 * @example
 * <ToolCallPanel.Approve>Run it</ToolCallPanel.Approve>
 */
export const ToolCallApprove = /* @__PURE__ */ forwardRef<HTMLButtonElement, ToolCallApprovalButtonProps>(
  function ToolCallApprove(props, ref) {
    const [, , state, , approve] = useToolCallContext('Approve');
    if (state !== 'awaiting-approval') return null;
    return renderButtonPart(props, ref, 'rcc-tool-call-approve', () => approve?.(), 'Approve', {
      disabled: !approve,
    });
  },
);

/**
 * Denies a call that waits for approval; renders only in the `awaiting-approval` state.
 *
 * @example
 * <ToolCallPanel.Deny>Don't</ToolCallPanel.Deny>
 */
export const ToolCallDeny = /* @__PURE__ */ forwardRef<HTMLButtonElement, ToolCallApprovalButtonProps>(
  function ToolCallDeny(props, ref) {
    const [, , state, , , deny] = useToolCallContext('Deny');
    if (state !== 'awaiting-approval') return null;
    return renderButtonPart(props, ref, 'rcc-tool-call-deny', () => deny?.(), 'Deny', { disabled: !deny });
  },
);
