import { type ForwardedRef, type HTMLAttributes, useId } from 'react';

/** Props of `ToolCallPanel.Arguments` and `ToolCallPanel.Result`. */
export interface ToolCallBlockProps extends HTMLAttributes<HTMLElement> {
  /** The caption ("Arguments", "Result"). */
  label?: string | undefined;
}

/** The figure both blocks render: a caption and the text in a keyboard-scrollable `<pre>`. */
export function ToolCallBlock({
  label,
  text,
  forwardedRef,
  ...props
}: ToolCallBlockProps & { label: string; text: string; forwardedRef: ForwardedRef<HTMLElement> }) {
  const captionId = useId();
  return (
    <figure aria-labelledby={captionId} {...props} ref={forwardedRef}>
      <figcaption id={captionId} className="rcc-tool-call-caption">
        {label}
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: long JSON scrolls, and scrollable content must be reachable by keyboard */}
      <pre tabIndex={0}>
        <code>{text}</code>
      </pre>
    </figure>
  );
}
