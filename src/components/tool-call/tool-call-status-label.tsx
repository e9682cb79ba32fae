import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import type { ToolCallState } from '../../store/types.js';
import { cx } from '../primitives/class-names.js';
import { useToolCallContext } from './tool-call-context.js';

/** Default words for each tool-call state, and for a call a failed reply cut off (`cut-off`). */
export const toolCallStateLabels: Record<ToolCallState | 'cut-off', string> = {
  streaming: 'Preparing…',
  'cut-off': 'Not run',
  pending: 'Pending',
  'awaiting-approval': 'Needs approval',
  running: 'Running…',
  done: 'Done',
  error: 'Failed',
  denied: 'Denied',
};

/** Props of `ToolCallPanel.State`. */
export interface ToolCallStateLabelProps extends HTMLAttributes<HTMLSpanElement> {
  /** Words by state; `cut-off` is for a call still `streaming` on a reply that failed. */
  labels?: { [State in ToolCallState | 'cut-off']?: string | undefined } | undefined;
}

/**
 * The call's state in words ("Running…", "Needs approval"...); "Not run" for a call whose arguments a
 * failed reply cut (its root has `data-cut-off`).
 *
 * @example
 * <ToolCallPanel.State labels={{ running: 'Searching…' }} />
 */
export const ToolCallStateLabel = /* @__PURE__ */ forwardRef<HTMLSpanElement, ToolCallStateLabelProps>(
  function ToolCallStateLabel({ labels, className, ...props }, ref) {
    const [, , state, cutOff] = useToolCallContext('State');
    const key = cutOff ? 'cut-off' : state;
    return (
      <span {...props} ref={ref} className={cx('rcc-tool-call-state', className)} data-state={state}>
        {labels?.[key] ?? toolCallStateLabels[key]}
      </span>
    );
  },
);
