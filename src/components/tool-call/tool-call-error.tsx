import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useToolCallContext } from './tool-call-context.js';

/** Props of `ToolCallPanel.Error`: those of its paragraph; children replace its words. */
export type ToolCallErrorProps = HTMLAttributes<HTMLParagraphElement>;

/**
 * Why the call failed or was denied; nothing otherwise.
 *
 * @example
 * <ToolCallPanel.Error />
 */
export const ToolCallError = /* @__PURE__ */ forwardRef<HTMLParagraphElement, ToolCallErrorProps>(
  function ToolCallError({ className, children, ...props }, ref) {
    const [, status, state] = useToolCallContext('Error');
    if (state !== 'error' && state !== 'denied') return null;
    const reason = status?.error;
    const fallback = state === 'denied' ? 'The call was denied.' : 'The tool failed.';
    return (
      <p {...props} ref={ref} className={cx('rcc-tool-call-error', className)} data-state={state}>
        {children ?? (reason ? `${state === 'denied' ? 'Denied' : 'Error'}: ${reason}` : fallback)}
      </p>
    );
  },
);
