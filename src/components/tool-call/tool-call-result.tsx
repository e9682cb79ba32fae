import { forwardRef, useId, useMemo } from 'react';
import { cx } from '../primitives/class-names.js';
import { formatJson } from './format-json.js';
import type { ToolCallBlockProps } from './tool-call-block-props.js';
import { useToolCallContext } from './tool-call-context.js';

/**
 * What the tool returned, as pretty JSON or text; nothing until there is a result.
 *
 * @example
 * <ToolCallPanel.Result />
 */
export const ToolCallResult = /* @__PURE__ */ forwardRef<HTMLElement, ToolCallBlockProps>(
  function ToolCallResult({ label, className, ...props }, ref) {
    const { status } = useToolCallContext('Result');
    const result = status?.result;
    const captionId = useId();
    const text = useMemo(() => formatJson(result), [result]);
    if (result === undefined) return null;
    return (
      <figure
        aria-labelledby={captionId}
        {...props}
        ref={ref}
        className={cx('rcc-tool-call-result', className)}
      >
        <figcaption id={captionId} className="rcc-tool-call-caption">
          {label ?? 'Result'}
        </figcaption>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: long JSON scrolls, and scrollable content must be reachable by keyboard */}
        <pre tabIndex={0}>
          <code>{text}</code>
        </pre>
      </figure>
    );
  },
);
