import type { ReactNode } from 'react';
import {
  AudioPlayer,
  type ChatMessage,
  Citations,
  ErrorNotice,
  getMessageText,
  MarkdownText,
  MessageImages,
  MessageUsage,
  Reasoning,
  ToolCallPanel,
} from '../../src/index';

/**
 * One message assembled from the parts, the way a custom message row would: reasoning, text,
 * tool calls, images, audio, citations, usage and the error. `data-role` and `data-status` follow
 * the ChatWindow's DOM contract so stories and tests can wait on them.
 */
export function ReplyView({ message, children }: { message: ChatMessage | undefined; children?: ReactNode }) {
  if (!message) return <p className="story-waiting">Waiting for the first token…</p>;
  const text = getMessageText(message);
  return (
    <article
      className="story-reply"
      data-role={message.role}
      data-status={message.status}
      // As in a ChatWindow's message: a long URL or inline code wraps instead of widening the page.
      style={{ overflowWrap: 'anywhere', minWidth: 0 }}
    >
      <Reasoning.Default message={message} />
      {text !== '' && <MarkdownText text={text} streaming={message.status === 'streaming'} />}
      <ToolCallPanel.List message={message} />
      <MessageImages message={message} />
      <AudioPlayer message={message} />
      <Citations message={message} />
      <MessageUsage message={message} />
      {message.error !== undefined && <ErrorNotice error={message.error} />}
      {children}
    </article>
  );
}

/** Every assistant message of a conversation (tool steps are replies of their own). */
export function AssistantReplies({ messages }: { messages: readonly ChatMessage[] }) {
  return (
    <div className="story-replies">
      {messages.map((message) =>
        message.role === 'assistant' ? <ReplyView key={message.id} message={message} /> : null,
      )}
    </div>
  );
}
