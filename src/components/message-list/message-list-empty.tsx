import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useMessageListContext } from './message-list-context.js';

/**
 * Shown instead of the rows while the thread has no messages.
 *
 * @example
 * <MessageList.Empty>Ask me anything.</MessageList.Empty>
 */
export const MessageListEmpty = /* @__PURE__ */ forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(
  function MessageListEmpty({ className, ...props }, ref) {
    const { ids } = useMessageListContext('Empty');
    if (ids.length) return null;
    return <div {...props} ref={ref} className={cx('rcc-message-list-empty', className)} />;
  },
);
