import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useMessageListContext } from './message-list-context.js';

/** Props of `MessageList.Empty`: those of its `div`; its children are what it shows. */
export type MessageListEmptyProps = HTMLAttributes<HTMLDivElement>;

/**
 * Shown instead of the rows while the thread has no messages.
 *
 * @example
 * <MessageList.Empty>Ask me anything.</MessageList.Empty>
 */
export const MessageListEmpty = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageListEmptyProps>(
  function MessageListEmpty({ className, ...props }, ref) {
    const { ids } = useMessageListContext('Empty');
    if (ids.length) return null;
    return <div {...props} ref={ref} className={cx('rcc-message-list-empty', className)} />;
  },
);
