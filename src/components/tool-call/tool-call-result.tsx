import { forwardRef, useMemo } from 'react';
import { cx } from '../primitives/class-names.js';
import { formatJson } from './format-json.js';
import { ToolCallBlock, type ToolCallBlockProps } from './tool-call-block.js';
import { useToolCallContext } from './tool-call-context.js';

/**
 * What the tool returned, as pretty JSON or text; nothing until there is a result.
 *
 * @example
 * <ToolCallPanel.Result />
 */
export const ToolCallResult = /* @__PURE__ */ forwardRef<HTMLElement, ToolCallBlockProps>(
  function ToolCallResult({ label, className, ...props }, ref) {
    const [, status] = useToolCallContext('Result');
    const result = status?.result;
    const text = useMemo(() => formatJson(result), [result]);
    if (result === undefined) return null;
    return (
      <ToolCallBlock
        {...props}
        forwardedRef={ref}
        className={cx('rcc-tool-call-result', className)}
        label={label ?? 'Result'}
        text={text}
      />
    );
  },
);
