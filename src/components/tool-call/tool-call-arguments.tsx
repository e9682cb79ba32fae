import { forwardRef, useMemo } from 'react';
import { cx } from '../primitives/class-names.js';
import { formatJson } from './format-json.js';
import { ToolCallBlock, type ToolCallBlockProps } from './tool-call-block.js';
import { useToolCallContext } from './tool-call-context.js';

/**
 * The call's arguments as pretty JSON; while they stream, the raw JSON grows as it arrives.
 * Always text: HTML in arguments is shown, never rendered.
 *
 * @example
 * <ToolCallPanel.Arguments />
 */
export const ToolCallArguments = /* @__PURE__ */ forwardRef<HTMLElement, ToolCallBlockProps>(
  function ToolCallArguments({ label, className, ...props }, ref) {
    const [toolCall, status, state] = useToolCallContext('Arguments');
    const raw = toolCall.function.arguments;
    const text = useMemo(() => {
      if (state === 'streaming') return raw;
      if (status?.args !== undefined) return formatJson(status.args);
      return raw.trim() === '' ? '{}' : formatJson(raw);
    }, [raw, status?.args, state]);
    return (
      <ToolCallBlock
        {...props}
        forwardedRef={ref}
        className={cx('rcc-tool-call-arguments', className)}
        label={label ?? 'Arguments'}
        text={text}
      />
    );
  },
);
