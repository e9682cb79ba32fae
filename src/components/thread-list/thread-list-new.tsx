import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { useChatStoreApi } from '../../hooks/use-chat-store.js';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';

/** Props of `ThreadList.New`. */
export interface ThreadListNewProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
  /** Called with the new thread's id (e.g. to focus the composer). */
  onCreate?: (threadId: string) => void;
}

/**
 * Starts a new conversation and switches to it; while the open one is still empty, that one is
 * the new conversation (no second empty thread).
 *
 * @example
 * <ThreadList.New>New chat</ThreadList.New>
 */
export const ThreadListNew = /* @__PURE__ */ forwardRef<HTMLButtonElement, ThreadListNewProps>(
  function ThreadListNew({ asChild, onCreate, className, children, onClick, ...props }, ref) {
    const store = useChatStoreApi();
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        {...props}
        ref={ref}
        className={cx('rcc-thread-list-new', className)}
        onClick={composeEventHandlers(onClick, function createThread() {
          // The open conversation is still empty: it is the new chat (no second empty one).
          const { ids, queue, status, threadId, createThread } = store.getState();
          const empty = ids.length === 0 && queue.length === 0 && status === 'idle';
          // Created first: `onCreate?.(...)` skips evaluating its argument without an `onCreate`.
          const id = empty ? threadId : createThread();
          onCreate?.(id);
        })}
      >
        {children ?? 'New chat'}
      </Component>
    );
  },
);
