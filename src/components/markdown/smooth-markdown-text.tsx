import { forwardRef } from 'react';
import { MarkdownText, type MarkdownTextProps } from './markdown-text.js';
import { type SmoothTextOptions, useSmoothText } from './use-smooth-text.js';

/** Props of `SmoothMarkdownText`: those of `MarkdownText` plus the pacing of `useSmoothText`. */
export interface SmoothMarkdownTextProps extends MarkdownTextProps, Omit<SmoothTextOptions, 'streaming'> {}

/**
 * `MarkdownText` whose streamed text is revealed at an even pace (`useSmoothText`) instead of
 * in network bursts. Opt-in: nothing of it is bundled unless you import it. In `ChatWindow`,
 * pass it through `renderText` (which gets every role's text: keep the user's as written).
 *
 * @example
 * <ChatWindow
 *   renderText={(text, message) =>
 *     message.role === 'assistant' ? (
 *       <SmoothMarkdownText text={text} streaming={message.status === 'streaming'} />
 *     ) : (
 *       <p className="rcc-plain-text">{text}</p>
 *     )
 *   }
 * />
 */
export const SmoothMarkdownText = /* @__PURE__ */ forwardRef<HTMLDivElement, SmoothMarkdownTextProps>(
  function SmoothMarkdownText(
    { text, streaming = false, charsPerSecond, maxLagMs, finishMs, ...props },
    ref,
  ) {
    const shown = useSmoothText(text, { streaming, charsPerSecond, maxLagMs, finishMs });
    // Still catching up after the stream ended: the last block stays in its streaming form.
    return (
      <MarkdownText {...props} ref={ref} text={shown} streaming={streaming || shown.length < text.length} />
    );
  },
);
