import type { KeyboardEvent } from 'react';
import { memo, useEffect, useRef, useState } from 'react';
import { useChatStoreApi } from '../../hooks/use-chat-store.js';
import type { ThreadSummary } from '../../store/types.js';
import { composerInputOf } from '../composer/composer-context.js';
import { isImeKey } from '../composer/is-send-key.js';

/** Props of `ThreadList.Item` (and of a custom item component). */
export interface ThreadListItemProps {
  /** The conversation (`id`, `title`, `createdAt`, `updatedAt`). */
  thread: ThreadSummary;
  /** Whether it is the conversation shown (`aria-current="page"`). */
  active: boolean;
}

/**
 * One conversation: a button to show it (`aria-current="page"` when shown), Rename (an inline
 * field: Enter saves, Escape cancels, neither while an input method is composing) and Delete.
 * Tab reaches Rename and Delete of the conversation shown only (`tabIndex` -1 on the others):
 * a long list is one Tab stop per conversation, not three.
 *
 * @example
 * <ThreadList.Items components={{ Item: ThreadList.Item }} />
 */
export const ThreadListItem = /* @__PURE__ */ memo(function ThreadListItem({
  thread,
  active,
}: ThreadListItemProps) {
  const store = useChatStoreApi();
  const [renaming, setRenaming] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  // Whether a rename is open as the handlers see it: `false` once Enter or Escape closed it (focus
  // then returns to Rename), `null` before the first and once leaving the field closed it (focus
  // stays where the user took it: Tab, a click elsewhere). Enter and Escape close it at once: a
  // blur that follows (the page moving focus on Escape, the field leaving the page) neither saves
  // again nor saves what Escape cancelled.
  const open = useRef<boolean | null>(null);

  useEffect(() => {
    // Focused first: `select()` does not focus by the spec (jsdom follows it; Chromium focuses anyway).
    if (renaming) {
      inputRef.current?.focus();
      inputRef.current?.select();
    } else if (open.current === false) renameRef.current?.focus();
  }, [renaming]);

  /** Closes the field: Enter (`true`) and leaving it (`null`) save, Escape (`false`) does not. */
  function finish(save: boolean | null) {
    if (!open.current) return;
    // `false` returns focus to Rename (the field took it away); `null` (the field was left) does not.
    open.current = save && false;
    const next = inputRef.current?.value.trim();
    if (save !== false && next && next !== thread.title) store.getState().renameThread(thread.id, next);
    setRenaming(false);
  }

  return (
    <li className="rcc-thread" data-state={active ? 'active' : 'inactive'}>
      {renaming ? (
        <input
          ref={inputRef}
          className="rcc-thread-rename-input"
          aria-label={`Rename “${thread.title}”`}
          defaultValue={thread.title}
          onBlur={() => finish(null)}
          onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
            // Enter saves, Escape cancels; an input method's own Enter and Escape do neither.
            const enter = event.key === 'Enter';
            if ((enter || event.key === 'Escape') && !isImeKey(event)) {
              event.preventDefault();
              finish(enter);
            }
          }}
        />
      ) : (
        <button
          type="button"
          className="rcc-thread-switch"
          aria-current={active ? 'page' : undefined}
          onClick={() => {
            if (!active) store.getState().switchThread(thread.id);
          }}
        >
          {thread.title}
        </button>
      )}
      <button
        ref={renameRef}
        type="button"
        className="rcc-thread-rename"
        aria-label={`Rename “${thread.title}”`}
        tabIndex={active ? undefined : -1}
        hidden={renaming}
        onClick={() => {
          open.current = true;
          setRenaming(true);
        }}
      >
        <span aria-hidden>✎</span>
      </button>
      <button
        type="button"
        className="rcc-thread-delete"
        aria-label={`Delete “${thread.title}”`}
        tabIndex={active ? undefined : -1}
        onClick={(event) => {
          // The row goes away: focus moves to the neighbouring conversation, not to the page;
          // without one (a new empty chat replaces the last), to the composer.
          // This row's `li`, the button's parent.
          const item = event.currentTarget.closest('li')!;
          const neighbor = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector('button');
          store.getState().deleteThread(thread.id);
          (neighbor ?? composerInputOf(store, item))?.focus();
        }}
      >
        <span aria-hidden>×</span>
      </button>
    </li>
  );
});
