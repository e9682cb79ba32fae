import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import type { ToolCallState } from '../../store/types.js';
import { cx } from '../primitives/class-names.js';
import { useToolCallContext } from './tool-call-context.js';

/** Default words for each tool-call state. */
export const toolCallStateLabels: Record<ToolCallState, string> = {
  streaming: 'Preparing…',
  pending: 'Pending',
  'awaiting-approval': 'Needs approval',
  running: 'Running…',
  done: 'Done',
  error: 'Failed',
  denied: 'Denied',
};

/** Props of `ToolCallPanel.State`. */
export interface ToolCallStateLabelProps extends HTMLAttributes<HTMLSpanElement> {
  labels?: { [State in ToolCallState]?: string | undefined } | undefined;
}

/**
 * The call's state in words ("Running…", "Needs approval"...).
 *
 * @example
 * <ToolCallPanel.State labels={{ running: 'Searching…' }} />
 */
export const ToolCallStateLabel = /* @__PURE__ */ forwardRef<HTMLSpanElement, ToolCallStateLabelProps>(
  function ToolCallStateLabel({ labels, className, ...props }, ref) {
    const { state } = useToolCallContext('State');
    return (
      <span {...props} ref={ref} className={cx('rcc-tool-call-state', className)} data-state={state}>
        {labels?.[state] ?? toolCallStateLabels[state]}
      </span>
    );
  },
);
