import { useRef } from 'react';
import { useChatStore, useChatStoreApi } from '../../hooks/use-chat-store.js';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import type { ChatMessage, QueuedMessage as QueuedMessageData } from '../../store/types.js';
import { composerInputOf } from '../composer/composer-context.js';
import { ErrorNotice } from '../error/error-notice.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { getMessageText } from '../message/get-message-text.js';
import { UsageSummary } from '../usage/usage-summary.js';

/**
 * The chat's own error (one not already shown on a message, such as a failed tool run), with
 * Retry. A user message left without a reply while nothing runs (stopped before the first token;
 * or failed before it, its error gone with a reload or a thread switch) shows "No reply yet." with
 * Retry, not announced: the user ended the request, or its failure was announced when it happened.
 *
 * @example
 * <ChatErrorNotice />
 */
export function ChatErrorNotice() {
  // While idle: whether the last message is the user's, unanswered. After a failure: its error,
  // unless the last message shows it.
  const notice = useChatStore((state) => {
    const last = state.messages[state.ids.at(-1) ?? ''];
    if (state.status === 'idle') return last?.role === 'user';
    return (
      state.status === 'error' && !(last?.status === 'error' && last.error === state.error) && state.error
    );
  });
  const { retry, focus } = useChatActions();
  if (notice === true) {
    return retry ? (
      <div className="rcc-error rcc-chat-error" data-kind="unanswered">
        <p className="rcc-error-title">No reply yet.</p>
        <button
          type="button"
          className="rcc-error-retry"
          onClick={(event) => {
            void retry();
            focus(event);
          }}
        >
          Retry
        </button>
      </div>
    ) : null;
  }
  // Retry is the chat's action (the store's retry, or a `ChatActionsContext` handler).
  return notice ? <ErrorNotice className="rcc-chat-error" error={notice} /> : null;
}

/**
 * Says while the chat cannot be saved (`storageError`: the storage is full, or what it holds could
 * not be read), so the user knows a reload would lose it; nothing while saving works. An alert,
 * as the chat's errors are: it comes once, when saving starts to fail.
 *
 * @example
 * <ChatStorageNotice />
 */
export function ChatStorageNotice() {
  const failed = useChatStore((state) => state.storageError !== undefined);
  return failed ? (
    <p className="rcc-storage-error" role="alert">
      This chat cannot be saved in this browser now: a reload would lose it.
    </p>
  ) : null;
}

/**
 * Tokens and cost of the whole thread; nothing before the first reply. A total cost of 0 is not
 * shown: it is what the totals hold when the endpoint reports no cost (only the token counts).
 *
 * @example
 * <ChatThreadUsage />
 */
export function ChatThreadUsage() {
  const usage = useChatStore((state) => state.usage);
  if (usage.total_tokens === 0) return null;
  return (
    <UsageSummary
      className="rcc-thread-usage"
      label="Thread"
      usage={usage.cost ? usage : { ...usage, cost: undefined }}
    />
  );
}

/**
 * Messages waiting to be sent while a reply runs, each with Cancel; nothing when none wait.
 *
 * @example
 * <ChatQueue />
 */
export function ChatQueue() {
  const queue = useChatStore((state) => state.queue);
  if (!queue.length) return null;
  return (
    <ul className="rcc-queue" aria-label="Queued messages">
      {queue.map((queued) => (
        <QueuedMessage key={queued.id} queued={queued} />
      ))}
    </ul>
  );
}

function QueuedMessage({ queued }: { queued: QueuedMessageData }) {
  const store = useChatStoreApi();
  const cancel = useRef<HTMLButtonElement>(null);
  // The row leaves when its message is cancelled or goes out: a focused Cancel hands focus to the
  // composer instead of dropping it to the page. (Layout cleanup runs before the row is removed.)
  useIsomorphicLayoutEffect(
    () => () => {
      if (cancel.current?.contains(document.activeElement)) composerInputOf(store, cancel.current)?.focus();
    },
    [store],
  );
  // A user message's text depends on its content alone.
  const text = getMessageText({ role: 'user', content: queued.content } as ChatMessage) || 'Attachment';
  return (
    <li className="rcc-queued">
      <span className="rcc-queued-text">{text}</span>
      <button
        ref={cancel}
        type="button"
        className="rcc-queued-cancel"
        aria-label={`Cancel queued message “${text.slice(0, 40)}”`}
        onClick={() => {
          store.getState().cancelQueued(queued.id);
          // Also when a click did not focus the button (Safari).
          composerInputOf(store, cancel.current)?.focus();
        }}
      >
        Cancel
      </button>
    </li>
  );
}
