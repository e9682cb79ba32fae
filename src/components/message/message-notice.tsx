import type { HTMLAttributes } from 'react';
import { forwardRef, useContext, useEffect, useMemo } from 'react';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import type { ChatMessage } from '../../store/types.js';
import { describeFinishReason } from '../error/describe-error.js';
import { ErrorNotice } from '../error/error-notice.js';
import { cx } from '../primitives/class-names.js';
import { useChatActions } from './chat-actions-context.js';
import { useMessageContext } from './message-context.js';

/** Failures whose notice has alerted (by error object, or the message when it has none). */
const alerted = new WeakSet<object>();

/** Props of `MessageView.Notice`. */
export interface MessageNoticeProps extends HTMLAttributes<HTMLDivElement> {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
  /** Label of a failed reply's Retry button. Default `Retry`. */
  retryLabel?: string | undefined;
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
  function MessageNotice({ message: messageProp, className, retryLabel, ...props }, ref) {
    const message = useMessageContext(messageProp, 'MessageView.Notice');
    const store = useContext(ChatStoreContext);
    const { retry } = useChatActions();
    const failure = message.status === 'error' ? (message.error ?? message) : undefined;
    // An alert once, when the reply fails: the failure is the chat's current error and no notice
    // has alerted it yet. Not again when a virtualized row or a thread switch mounts the notice
    // anew, nor for failures restored from storage or passed in as initial messages.
    const announce = useMemo(
      () => !!failure && !alerted.has(failure) && (!store || store.getState().error === failure),
      [failure, store],
    );
    useEffect(() => {
      if (announce) alerted.add(failure!);
    }, [announce, failure]);
    if (failure) {
      return (
        <ErrorNotice
          {...props}
          ref={ref}
          announce={announce}
          className={className}
          retryLabel={retryLabel}
          error={message.error ?? new Error('The reply failed.')}
          // This reply's Retry, even when the user has gone on since it failed.
          onRetry={retry && (() => retry(message.id))}
        />
      );
    }
    if (message.status !== 'incomplete') return null;
    return (
      <div
        {...props}
        ref={ref}
        className={cx('rcc-message-notice', className)}
        data-finish-reason={message.finishReason}
      >
        {describeFinishReason(message.finishReason)}
      </div>
    );
  },
);
