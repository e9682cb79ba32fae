import { composeEventHandlers } from '@radix-ui/primitive';
import type { ButtonHTMLAttributes } from 'react';
import { forwardRef, useRef } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
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
>(function MessageListJumpToLatest({ onFocus, onBlur, ...props }, ref) {
  const { atBottom, ids, scrollToBottom, viewport } = useMessageListContext('JumpToLatest');
  const hidden = atBottom || ids.length === 0;
  const focused = useRef(false);
  useIsomorphicLayoutEffect(() => {
    if (!hidden || !focused.current) return;
    focused.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body) viewport?.focus({ preventScroll: true });
  }, [hidden, viewport]);
  if (hidden) return null;
  return renderButtonPart(
    {
      ...props,
      onFocus: composeEventHandlers(onFocus, () => {
        focused.current = true;
      }),
      onBlur: composeEventHandlers(onBlur, (event) => {
        // A blur from the button's own removal (some browsers send one) keeps the note.
        if (event.currentTarget.isConnected) focused.current = false;
      }),
    },
    ref,
    'rcc-jump-to-latest',
    () => scrollToBottom({ focus: true }),
    'Jump to latest',
  );
});
