import type { HTMLAttributes, ReactNode } from 'react';
import { forwardRef } from 'react';
import { stripJsonFence } from '../../core/json.js';
import type { ChatMessage } from '../../store/types.js';
import { CodeBlock } from '../markdown/code-block.js';
import { MarkdownText } from '../markdown/markdown-text.js';
import type { MarkdownComponents } from '../markdown/render-markdown.js';
import { cx } from '../primitives/class-names.js';
import { getMessageText } from './get-message-text.js';
import { useMessageContext } from './message-context.js';
import { useMessageRendering } from './message-rendering-context.js';

/** Props of `MessageView.Content`. */
export interface MessageContentProps extends HTMLAttributes<HTMLDivElement> {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /**
   * Render the text yourself (defaults to the rendering context's, else Markdown for replies): it
   * gets every role's text, so check `message.role` to keep the user's as written.
   */
  renderText?: ((text: string, message: ChatMessage) => ReactNode) | undefined;
  /** Markdown element overrides. */
  components?: MarkdownComponents | undefined;
}

/**
 * The text of a message: assistant replies as Markdown (streaming-aware; a structured-output
 * reply as a JSON code block), user and tool text as written (line breaks kept, never parsed), a
 * refusal as a notice. Nothing when there is no text.
 *
 * @example
 * <MessageView.Content renderText={(text) => <MyMarkdown source={text} />} />
 */
export const MessageContent = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageContentProps>(
  function MessageContent({ message: messageProp, renderText, components, className, ...props }, ref) {
    const message = useMessageContext(messageProp, 'MessageView.Content');
    const rendering = useMessageRendering();
    const text = getMessageText(message);
    const refusal = message.role === 'assistant' ? message.refusal : undefined;
    // Empty only without a refusal too: a refusal is the text of a reply that has no other.
    if (text === '') return null;
    const render = renderText ?? rendering.renderText;
    let body: ReactNode;
    if (refusal && text === refusal) {
      body = <p className="rcc-refusal">{refusal}</p>;
    } else if (render) {
      body = render(text, message);
    } else if (message.role === 'assistant' && message.structured) {
      // Structured output (JSON asked for by `response_format`): a JSON code block, never parsed
      // as Markdown (a reply that is not JSON cannot break out of it).
      body = (
        <CodeBlock>
          <code className="language-json">{stripJsonFence(text).trim()}</code>
        </CodeBlock>
      );
    } else if (message.role === 'assistant') {
      body = (
        <MarkdownText
          text={text}
          streaming={message.status === 'streaming'}
          components={components ?? rendering.markdownComponents}
        />
      );
    } else {
      body = <p className="rcc-plain-text">{text}</p>;
    }
    return (
      <div {...props} ref={ref} className={cx('rcc-message-content', className)}>
        {body}
      </div>
    );
  },
);
