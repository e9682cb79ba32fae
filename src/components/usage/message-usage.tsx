import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { useMessageContext } from '../message/message-context.js';
import type { UsageSummaryProps } from './usage-summary.js';
import { UsageSummary } from './usage-summary.js';

/** Props of `MessageUsage`. */
export interface MessageUsageProps extends Omit<UsageSummaryProps, 'usage'> {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
}

/**
 * The tokens and cost of one reply (its `usage`); nothing until usage arrives.
 *
 * @example
 * <MessageUsage message={message} />
 */
export const MessageUsage = /* @__PURE__ */ forwardRef<HTMLParagraphElement, MessageUsageProps>(
  function MessageUsage({ message: messageProp, ...props }, ref) {
    const message = useMessageContext(messageProp, 'MessageUsage');
    return <UsageSummary {...props} ref={ref} usage={message.usage} />;
  },
);
