import type { HTMLAttributes } from 'react';
import { forwardRef, useState } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { describeFinishReason } from '../error/describe-error.js';
import { ErrorNotice } from '../error/error-notice.js';
import { cx } from '../primitives/class-names.js';
import { useMessageContext } from './message-context.js';

/** Props of `MessageView.Notice`. */
export interface MessageNoticeProps extends HTMLAttributes<HTMLDivElement> {
  message?: ChatMessage;
}

/**
 * Why a reply is not complete: an error in plain words with Retry (status `error`; the partial
 * text stays above it), or the reason it stopped early (status `incomplete`: length limit, content
 * filter, stopped).
 *
 * @example
 * <MessageView.Notice />
 */
export const MessageNotice = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageNoticeProps>(
  function MessageNotice({ message: messageProp, className, ...props }, ref) {
    const message = useMessageContext(messageProp, 'MessageView.Notice');
    // An alert when the reply fails while shown; not each time a virtualized row, a thread switch
    // or a reload mounts it again with the error it already had.
    const [failedBeforeMount] = useState(message.status === 'error');
    if (message.status === 'error') {
      return (
        <ErrorNotice
          {...props}
          ref={ref}
          announce={!failedBeforeMount}
          className={className}
          error={message.error ?? new Error('The reply failed.')}
        />
      );
    }
    if (message.status !== 'incomplete') return null;
    return (
      <div
        {...props}
        ref={ref}
        className={cx('rcc-message-notice', className)}
        data-finish-reason={message.finishReason ?? undefined}
      >
        {describeFinishReason(message.finishReason)}
      </div>
    );
  },
);
