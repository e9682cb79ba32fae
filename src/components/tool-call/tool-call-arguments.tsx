import { forwardRef, useId, useMemo } from 'react';
import { cx } from '../primitives/class-names.js';
import { formatJson } from './format-json.js';
import type { ToolCallBlockProps } from './tool-call-block-props.js';
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
    const { toolCall, status, state } = useToolCallContext('Arguments');
    const raw = toolCall.function.arguments;
    const captionId = useId();
    const text = useMemo(() => {
      if (state === 'streaming') return raw;
      if (status?.args !== undefined) return formatJson(status.args);
      return raw.trim() === '' ? '{}' : formatJson(raw);
    }, [raw, status?.args, state]);
    return (
      <figure
        aria-labelledby={captionId}
        {...props}
        ref={ref}
        className={cx('rcc-tool-call-arguments', className)}
      >
        <figcaption id={captionId} className="rcc-tool-call-caption">
          {label ?? 'Arguments'}
        </figcaption>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: long JSON scrolls, and scrollable content must be reachable by keyboard */}
        <pre tabIndex={0}>
          <code>{text}</code>
        </pre>
      </figure>
    );
  },
);
