import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useToolCallContext } from './tool-call-context.js';

/**
 * The function name of the call.
 *
 * @example
 * <ToolCallPanel.Name />
 */
export const ToolCallName = /* @__PURE__ */ forwardRef<HTMLSpanElement, HTMLAttributes<HTMLSpanElement>>(
  function ToolCallName({ className, children, ...props }, ref) {
    const [toolCall] = useToolCallContext('Name');
    return (
      <span {...props} ref={ref} className={cx('rcc-tool-call-name', className)}>
        {children ?? toolCall.function.name}
      </span>
    );
  },
);
