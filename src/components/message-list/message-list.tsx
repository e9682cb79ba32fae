import type { ComponentType, ReactNode } from 'react';
import type { MessageDefaultProps } from '../message/message-default.js';
import { MessageListEmpty } from './message-list-empty.js';
import { MessageListItems } from './message-list-items.js';
import { MessageListJumpToLatest } from './message-list-jump.js';
import type { MessageListRootProps } from './message-list-root.js';
import { MessageListRoot } from './message-list-root.js';
import { MessageListViewport } from './message-list-viewport.js';

/**
 * Props of `MessageList.Default`: those of `MessageList.Root` but `children` (it renders its own
 * parts).
 */
export interface MessageListDefaultProps extends Omit<MessageListRootProps, 'children'> {
  /** Shown while the thread is empty. */
  empty?: ReactNode;
  /**
   * The component rendering one message by id (default `MessageView.Default`), passed to `MessageList.Items`.
   * Keep it stable.
   */
  components?:
    | {
        /** Renders one message, given its `messageId`. Default `MessageView.Default`. */
        Message?: ComponentType<MessageDefaultProps> | undefined;
      }
    | undefined;
  /** CSP nonce for the scroll area's style element. */
  nonce?: string | undefined;
}

/**
 * The ready-made list: virtualized rows, an empty state and "Jump to latest".
 *
 * @example
 * <ChatProvider clientOptions={{ baseUrl: '/api/chat' }}><MessageList.Default empty="Say hi" /></ChatProvider>
 */
export function MessageListDefault({ empty, components, nonce, ...props }: MessageListDefaultProps) {
  return (
    <MessageListRoot {...props}>
      <MessageListViewport nonce={nonce || undefined}>
        <MessageListEmpty>{empty}</MessageListEmpty>
        <MessageListItems components={components} />
      </MessageListViewport>
      <MessageListJumpToLatest />
    </MessageListRoot>
  );
}
