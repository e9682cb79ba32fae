import type { ReactNode } from 'react';
import { Component, memo } from 'react';
import { useChatStore } from '../../hooks/use-chat-store.js';
import { isResolved } from '../../store/tool-calls.js';
import type { ChatMessage } from '../../store/types.js';
import { ActionBarCopy } from '../action-bar/action-bar-copy.js';
import { ActionBarEdit } from '../action-bar/action-bar-edit.js';
import { ActionBarRegenerate } from '../action-bar/action-bar-regenerate.js';
import { ActionBarRoot } from '../action-bar/action-bar-root.js';
import { AudioPlayer } from '../audio/audio-player.js';
import { Citations } from '../citation/citations.js';
import { buildMessageContent } from '../composer/attachments.js';
import { getAttachments, MessageAttachments } from '../image/message-attachments.js';
import { MessageImages } from '../image/message-images.js';
import { VisuallyHidden, visuallyHiddenStyle } from '../primitives/visually-hidden.js';
import { getReasoning, hasReasoning } from '../reasoning/get-reasoning.js';
import { ReasoningPanel } from '../reasoning/reasoning-panel.js';
import { ToolCallList } from '../tool-call/tool-call-list.js';
import { MessageUsage } from '../usage/message-usage.js';
import { useChatActions } from './chat-actions-context.js';
import { getMessageText } from './get-message-text.js';
import { MessageBranchPicker } from './message-branch-picker.js';
import { MessageContent } from './message-content.js';
import { useMessageContext } from './message-context.js';
import { useMessageEdit } from './message-edit-context.js';
import { MessageEditor } from './message-editor.js';
import { MessageNotice } from './message-notice.js';
import { MessageRoot } from './message-root.js';

/** Props of `MessageView.Default`. */
export interface MessageDefaultProps {
  /** The message to show, read from the nearest `ChatProvider`. */
  messageId: string;
}

type AssistantChatMessage = Extract<ChatMessage, { role: 'assistant' }>;

function UserMessageBody({ message }: { message: ChatMessage }) {
  const edit = useMessageEdit();
  const actions = useChatActions();
  const editing = Boolean(edit?.editing && actions.edit);
  if (editing) {
    return (
      <MessageEditor
        initialText={getMessageText(message)}
        attachments={getAttachments(message)}
        onSave={(text, kept) => {
          edit!.setEditing(false);
          return actions.edit!(message.id, buildMessageContent(text, kept));
        }}
        onCancel={() => edit!.setEditing(false)}
      />
    );
  }
  return (
    <>
      {/* Each message a heading (visually hidden): screen readers jump from one to the next. */}
      <h3 style={visuallyHiddenStyle}>You said:</h3>
      <MessageAttachments />
      <MessageContent />
      <div className="rcc-message-footer">
        <MessageBranchPicker />
        <ActionBarRoot>
          <ActionBarCopy />
          {actions.edit && <ActionBarEdit />}
        </ActionBarRoot>
      </div>
    </>
  );
}

function AssistantMessageBody({ message }: { message: AssistantChatMessage }) {
  const settled = message.status !== 'streaming';
  return (
    <>
      <h3 style={visuallyHiddenStyle}>Assistant said:</h3>
      <ReasoningPanel />
      {!settled &&
        getMessageText(message) === '' &&
        !hasReasoning(getReasoning(message)) &&
        !message.tool_calls?.length &&
        !message.images?.length && (
          <span className="rcc-typing" data-state="waiting">
            <span aria-hidden className="rcc-typing-dots">
              <span />
              <span />
              <span />
            </span>
            <VisuallyHidden>Waiting for the reply…</VisuallyHidden>
          </span>
        )}
      <MessageContent />
      <ToolCallList />
      <MessageImages />
      {/* A spoken reply without text content shows its transcript as its text already. */}
      <AudioPlayer hideTranscript={getMessageText(message) === message.audio?.transcript} />
      <Citations />
      <MessageNotice />
      {settled && (
        <div className="rcc-message-footer">
          <MessageBranchPicker />
          <ActionBarRoot>
            <ActionBarCopy />
            <ActionBarRegenerate />
          </ActionBarRoot>
          <MessageUsage />
        </div>
      )}
    </>
  );
}

function OtherMessageBody({ message }: { message: ChatMessage }) {
  return (
    <details className="rcc-message-details">
      <summary>{message.role === 'tool' ? 'Tool result' : 'System prompt'}</summary>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long result scrolls, and scrollable regions must be reachable by keyboard */}
      <pre tabIndex={0} className="rcc-message-raw">
        {getMessageText(message)}
      </pre>
    </details>
  );
}

/**
 * Whether a tool message's result is shown already, in the panel of the call it answers (a
 * settled call of the reply before it): it then has no row of its own.
 */
function isShownInPanel(messages: Record<string, ChatMessage>, id: string): boolean {
  let message = messages[id];
  const callId = message?.role === 'tool' ? message.tool_call_id : undefined;
  // Up through the results before it to the reply; bounded, as ids given twice can make a cycle.
  for (let step = 0; message?.role === 'tool' && step < 1000; step++)
    message = message.parentId === null ? undefined : messages[message.parentId];
  return message?.role === 'assistant' && !!callId && isResolved(message.toolCalls?.[callId]);
}

interface BoundaryProps {
  message: ChatMessage;
  children: ReactNode;
}

/**
 * One message that fails to render (a field of an unexpected shape, a custom renderer that throws)
 * shows a line saying so instead of unmounting the whole chat; the next version of the message
 * (a streamed token, an edit) is tried again.
 */
interface BoundaryState {
  message?: ChatMessage;
  failed?: boolean;
}

class MessageErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  // Set from the props by getDerivedStateFromProps before the first render.
  override state: BoundaryState = {};

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState) {
    return props.message === state.message ? null : { message: props.message, failed: false };
  }

  override render() {
    return this.state.failed ? (
      <p className="rcc-message-unrenderable">This message could not be shown.</p>
    ) : (
      this.props.children
    );
  }
}

function MessageBody() {
  const message = useMessageContext(undefined, 'MessageView.Default');
  return (
    <MessageErrorBoundary message={message}>
      {message.role === 'user' ? (
        <UserMessageBody message={message} />
      ) : message.role === 'assistant' ? (
        <AssistantMessageBody message={message} />
      ) : (
        <OtherMessageBody message={message} />
      )}
    </MessageErrorBoundary>
  );
}

/**
 * The ready-made message, an article (`role="article"`) that starts with a visually hidden `h3`
 * saying who spoke ("You said:", "Assistant said:"): for users, attachments, text, versions, Copy and Edit (in-place editor);
 * for the assistant, reasoning, Markdown, tool panels, images, audio, sources, notices, versions,
 * Copy, Regenerate and usage; system prompts and tool results collapsed (a result its call's
 * panel shows has none). Memoized by id: a streamed token re-renders only the streaming message.
 *
 * @example
 * <MessageList.Root>
 *   <MessageList.Viewport><MessageList.Items components={{ Message: MessageView.Default }} /></MessageList.Viewport>
 * </MessageList.Root>
 */
export const MessageDefault = /* @__PURE__ */ memo(function MessageDefault({
  messageId,
}: MessageDefaultProps) {
  const inPanel = useChatStore((state) => isShownInPanel(state.messages, messageId));
  return inPanel ? null : (
    // An article: a screen reader says where each message starts and ends (and lists them).
    <MessageRoot messageId={messageId} role="article">
      <MessageBody />
    </MessageRoot>
  );
});
