import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import { useToolCallContext } from './tool-call-context.js';

/** Props of `ToolCallPanel.Approve` and `ToolCallPanel.Deny`. */
export interface ToolCallApprovalButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
}

/**
 * Approves a call that waits for approval; renders only in the `awaiting-approval` state.
 *
 * @example
 * <ToolCallPanel.Approve>Run it</ToolCallPanel.Approve>
 */
export const ToolCallApprove = /* @__PURE__ */ forwardRef<HTMLButtonElement, ToolCallApprovalButtonProps>(
  function ToolCallApprove({ asChild, className, children, onClick, ...props }, ref) {
    const { state, approve } = useToolCallContext('Approve');
    if (state !== 'awaiting-approval') return null;
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        disabled={!approve}
        {...props}
        ref={ref}
        className={cx('rcc-tool-call-approve', className)}
        onClick={composeEventHandlers(onClick, function approveCall() {
          approve?.();
        })}
      >
        {children ?? 'Approve'}
      </Component>
    );
  },
);

/**
 * Denies a call that waits for approval; renders only in the `awaiting-approval` state.
 *
 * @example
 * <ToolCallPanel.Deny>Don't</ToolCallPanel.Deny>
 */
export const ToolCallDeny = /* @__PURE__ */ forwardRef<HTMLButtonElement, ToolCallApprovalButtonProps>(
  function ToolCallDeny({ asChild, className, children, onClick, ...props }, ref) {
    const { state, deny } = useToolCallContext('Deny');
    if (state !== 'awaiting-approval') return null;
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        disabled={!deny}
        {...props}
        ref={ref}
        className={cx('rcc-tool-call-deny', className)}
        onClick={composeEventHandlers(onClick, function denyCall() {
          deny?.();
        })}
      >
        {children ?? 'Deny'}
      </Component>
    );
  },
);
