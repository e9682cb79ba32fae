import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderButtonPart } from '../primitives/render-part.js';
import { useFocusHandoff } from '../primitives/use-focus-handoff.js';
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
 * there, follows the reply again and moves focus to the list. When the list gets there another
 * way while the button has focus (the wheel, a control scrolled into view), focus moves to the
 * list too, not to the page.
 *
 * @example
 * <MessageList.JumpToLatest>↓ Latest</MessageList.JumpToLatest>
 */
export const MessageListJumpToLatest = /* @__PURE__ */ forwardRef<
  HTMLButtonElement,
  MessageListJumpToLatestProps
>(function MessageListJumpToLatest(props, ref) {
  const { atBottom, ids, scrollToBottom, viewport } = useMessageListContext('JumpToLatest');
  const hidden = atBottom || ids.length === 0;
  // Focus on the button when it goes moves to the list, not to the page (see above).
  const buttonProps = useFocusHandoff(hidden, () => viewport?.focus({ preventScroll: true }), props);
  if (hidden) return null;
  return renderButtonPart(
    buttonProps,
    ref,
    'rcc-jump-to-latest',
    () => scrollToBottom({ focus: true }),
    'Jump to latest',
  );
});
