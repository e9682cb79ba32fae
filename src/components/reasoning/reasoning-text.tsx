import type { HTMLAttributes } from 'react';
import { forwardRef, useMemo } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { MarkdownText } from '../markdown/markdown-text.js';
import type { MarkdownComponents } from '../markdown/render-markdown.js';
import { useMessageContext } from '../message/message-context.js';
import { useMessageRendering } from '../message/message-rendering-context.js';
import { cx } from '../primitives/class-names.js';
import { getReasoning } from './get-reasoning.js';

/** Props of `Reasoning.Text`. */
export interface ReasoningTextProps extends HTMLAttributes<HTMLDivElement> {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /**
   * Markdown element overrides (defaults to the `markdownComponents` of the nearest
   * `MessageRenderingContext`, `ChatWindow`'s prop, as the message text's).
   */
  components?: MarkdownComponents | undefined;
  /** Text shown for encrypted reasoning. */
  redactedLabel?: string | undefined;
}

/**
 * The reasoning of a message: its text as Markdown, its summaries, and a "redacted" notice for
 * encrypted reasoning.
 *
 * @example
 * <Reasoning.Text message={message} />
 */
export const ReasoningText = /* @__PURE__ */ forwardRef<HTMLDivElement, ReasoningTextProps>(
  function ReasoningText(
    {
      message: messageProp,
      components,
      redactedLabel = 'Reasoning redacted by the provider.',
      className,
      ...props
    },
    ref,
  ) {
    const message = useMessageContext(messageProp, 'Reasoning.Text');
    const rendering = useMessageRendering();
    const view = useMemo(() => getReasoning(message), [message]);
    return (
      <div {...props} ref={ref} className={cx('rcc-reasoning-text', className)}>
        {view.text !== '' && (
          <MarkdownText
            text={view.text}
            streaming={message.status === 'streaming'}
            components={components ?? rendering.markdownComponents}
          />
        )}
        {view.summaries.length > 0 && (
          <ul className="rcc-reasoning-summaries" aria-label="Reasoning summary">
            {view.summaries.map((summary, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: summaries only grow
              <li key={index}>{summary}</li>
            ))}
          </ul>
        )}
        {view.redacted && (
          <p className="rcc-reasoning-redacted" data-redacted="">
            {redactedLabel}
          </p>
        )}
      </div>
    );
  },
);
