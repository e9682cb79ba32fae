import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderButtonPart } from '../primitives/render-part.js';
import { useMessageListContext } from './message-list-context.js';

/** Props of `MessageList.JumpToLatest`. */
export interface MessageListJumpToLatestProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
}

/**
 * "Jump to latest": shown while the user is scrolled away from the latest message; scrolls
 * there, follows the reply again and moves focus to the list.
 *
 * @example
 * <MessageList.JumpToLatest>↓ Latest</MessageList.JumpToLatest>
 */
export const MessageListJumpToLatest = /* @__PURE__ */ forwardRef<
  HTMLButtonElement,
  MessageListJumpToLatestProps
>(function MessageListJumpToLatest(props, ref) {
  const { atBottom, ids, scrollToBottom } = useMessageListContext('JumpToLatest');
  if (atBottom || ids.length === 0) return null;
  return renderButtonPart(
    props,
    ref,
    'rcc-jump-to-latest',
    () => scrollToBottom({ focus: true }),
    'Jump to latest',
  );
});
