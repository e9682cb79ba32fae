import { composeEventHandlers } from '@radix-ui/primitive';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import * as ScrollArea from '@radix-ui/react-scroll-area';
import type { HTMLAttributes, KeyboardEvent } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useMessageListContext } from './message-list-context.js';

/** Props of `MessageList.Viewport`. */
export interface MessageListViewportProps extends HTMLAttributes<HTMLDivElement> {
  /** CSP nonce for the scroll area's style element. */
  nonce?: string | undefined;
}

/**
 * The scrolling element: `role="log"` named "Messages", focusable so the keyboard scrolls it
 * (arrows, Page Up/Down, Home/End). Its own live announcements are off (`aria-live="off"`): the
 * list announces completed replies in a separate region instead of every token.
 *
 * @example
 * <MessageList.Viewport><MessageList.Items /></MessageList.Viewport>
 */
export const MessageListViewport = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageListViewportProps>(
  function MessageListViewport({ className, onKeyDown, ...props }, forwardedRef) {
    const { setViewport, scrollToBottom, virtualizer } = useMessageListContext('Viewport');
    const ref = useComposedRefs(forwardedRef, setViewport);
    return (
      <ScrollArea.Viewport
        role="log"
        aria-label="Messages"
        aria-live="off"
        // Focusable: the log scrolls, and scrollable regions must be reachable by keyboard.
        tabIndex={0}
        {...props}
        ref={ref}
        className={cx('rcc-message-list-viewport', className)}
        onKeyDown={composeEventHandlers(onKeyDown, (event: KeyboardEvent<HTMLDivElement>) => {
          if (event.target !== event.currentTarget) return;
          // Virtualized rows are not all in the DOM, so Home/End go through the virtualizer.
          if (event.key === 'End') {
            event.preventDefault();
            scrollToBottom();
          } else if (event.key === 'Home') {
            event.preventDefault();
            virtualizer.scrollToOffset(0);
          }
        })}
      />
    );
  },
);
