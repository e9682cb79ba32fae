import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { useChatActions } from '../message/chat-actions-context.js';
import { cx } from '../primitives/class-names.js';
import { describeChatError } from './describe-error.js';

/** Props of `ErrorNotice`. */
export interface ErrorNoticeProps extends HTMLAttributes<HTMLDivElement> {
  /** The error (`ChatApiError`, `ChatRequestError` or any error). Nothing renders when absent. */
  error: unknown;
  /** Called by the Retry button (defaults to the chat's `retry`). No button when neither exists. */
  onRetry?: (() => unknown) | undefined;
  /** Label of the Retry button. Default `Retry`. */
  retryLabel?: string | undefined;
  /**
   * `role="alert"`, announced as it appears. Default `true`; `false` for a notice shown again
   * (a remounted row, a reloaded thread) whose error was announced when it happened.
   */
  announce?: boolean | undefined;
}

/**
 * A typed error in plain words with a Retry button (`role="alert"`). `data-kind` names the kind
 * (`out-of-credits`, `rate-limited`, `moderation`, `network`, `truncated`...). Retry shows for
 * every error, `retryable` or not: it asks again with the chat's settings of the moment, so after
 * a 401, 402, 403 or 404 the user fixes the key, adds credits or picks another model and retries
 * (editing the message is the other way on).
 *
 * @example
 * <ErrorNotice error={chat.error} onRetry={chat.retry} />
 */
export const ErrorNotice = /* @__PURE__ */ forwardRef<HTMLDivElement, ErrorNoticeProps>(function ErrorNotice(
  { error, onRetry, retryLabel = 'Retry', announce = true, className, ...props },
  ref,
) {
  const actions = useChatActions();
  const retry = onRetry ?? actions.retry;
  if (!error) return null;
  const description = describeChatError(error);
  return (
    <div
      {...props}
      ref={ref}
      role={announce ? 'alert' : undefined}
      className={cx('rcc-error', className)}
      data-kind={description.kind}
    >
      <p className="rcc-error-title">{description.title}</p>
      {description.detail && <p className="rcc-error-detail">{description.detail}</p>}
      {description.reasons && (
        <ul className="rcc-error-reasons" aria-label="Reasons">
          {description.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {retry && (
        <button
          type="button"
          className="rcc-error-retry"
          onClick={(event) => {
            void retry();
            actions.focus(event);
          }}
        >
          {retryLabel}
        </button>
      )}
    </div>
  );
});
