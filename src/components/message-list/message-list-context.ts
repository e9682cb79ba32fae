import type { Virtualizer } from '@tanstack/react-virtual';
import { createContext, useContext } from 'react';
import { useRequiredContext } from '../primitives/use-required-context.js';

/** What the parts of one message list share. */
export interface MessageListContextValue {
  /** The ids of the active path. */
  ids: string[];
  /** The TanStack virtualizer of the rows (`MessageList.Items` renders its virtual items). */
  virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  /** Whether the view is at the latest message (it then follows a streaming reply). */
  atBottom: boolean;
  /** Scrolls to the latest message and follows again. */
  scrollToBottom: (options?: {
    /** Also move focus to the scrolling element (without scrolling it again). Default `false`. */
    focus?: boolean | undefined;
    /** How to scroll: `auto` jumps, `smooth` animates. Default `auto`. */
    behavior?: 'auto' | 'smooth' | undefined;
  }) => void;
  /** The scrolling element, once `MessageList.Viewport` has registered it. */
  viewport: HTMLDivElement | null;
  /** Registers the scrolling element (done by `MessageList.Viewport`). */
  setViewport: (element: HTMLDivElement | null) => void;
}

export const MessageListContext = /* @__PURE__ */ createContext<MessageListContextValue | undefined>(
  undefined,
);

/** The nearest `MessageList.Root`; throws when there is none. */
export function useMessageListContext(part: string): MessageListContextValue {
  return useRequiredContext(MessageListContext, 'MessageList', part);
}

/**
 * The state of the nearest `MessageList.Root` (the ids shown, whether the view is at the latest
 * message, `scrollToBottom`, the virtualizer...), for a part of one's own inside a message list
 * layout. Throws outside a `MessageList.Root`.
 *
 * @example
 * function MessageCount() {
 *   const { ids } = MessageList.useMessageList();
 *   return <small>{ids.length} messages</small>;
 * }
 */
export function useMessageList(): MessageListContextValue {
  const value = useContext(MessageListContext);
  if (!value) throw new Error('MessageList.useMessageList() must be called inside <MessageList.Root>.');
  return value;
}
