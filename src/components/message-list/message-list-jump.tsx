import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import { useMessageListContext } from './message-list-context.js';

/** Props of `MessageList.JumpToLatest`. */
export interface MessageListJumpToLatestProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
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
>(function MessageListJumpToLatest({ asChild, className, children, onClick, ...props }, ref) {
  const { atBottom, ids, scrollToBottom } = useMessageListContext('JumpToLatest');
  if (atBottom || ids.length === 0) return null;
  const Component = asChild ? Slot : 'button';
  return (
    <Component
      type="button"
      {...props}
      ref={ref}
      className={cx('rcc-jump-to-latest', className)}
      onClick={composeEventHandlers(onClick, function jump() {
        scrollToBottom({ focus: true });
      })}
    >
      {children ?? 'Jump to latest'}
    </Component>
  );
});
