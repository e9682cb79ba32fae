import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useToolCallContext } from './tool-call-context.js';

/** Props of `ToolCallPanel.Name`: those of its `span`; children replace the name. */
export type ToolCallNameProps = HTMLAttributes<HTMLSpanElement>;

/**
 * The function name of the call.
 *
 * @example
 * <ToolCallPanel.Name />
 */
export const ToolCallName = /* @__PURE__ */ forwardRef<HTMLSpanElement, ToolCallNameProps>(
  function ToolCallName({ className, children, ...props }, ref) {
    const [toolCall] = useToolCallContext('Name');
    return (
      <span {...props} ref={ref} className={cx('rcc-tool-call-name', className)}>
        {children ?? toolCall.function.name}
      </span>
    );
  },
);
