import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { useChatStoreApi } from '../../hooks/use-chat-store.js';
import { renderButtonPart } from '../primitives/render-part.js';

/** Props of `ThreadList.New`. */
export interface ThreadListNewProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
  /** Called with the new thread's id (e.g. to focus the composer). */
  onCreate?: ((threadId: string) => void) | undefined;
}

/**
 * Starts a new conversation and switches to it; while the open one is still empty, that one is
 * the new conversation (no second empty thread).
 *
 * @example
 * <ThreadList.New>New chat</ThreadList.New>
 */
export const ThreadListNew = /* @__PURE__ */ forwardRef<HTMLButtonElement, ThreadListNewProps>(
  function ThreadListNew({ onCreate, ...props }, ref) {
    const store = useChatStoreApi();
    return renderButtonPart(
      props,
      ref,
      'rcc-thread-list-new',
      () => {
        // The open conversation is still empty: it is the new chat (no second empty one).
        const { ids, queue, status, threadId, createThread } = store.getState();
        const empty = ids.length === 0 && queue.length === 0 && status === 'idle';
        // Created first: `onCreate?.(...)` skips evaluating its argument without an `onCreate`.
        const id = empty ? threadId : createThread();
        onCreate?.(id);
      },
      'New chat',
    );
  },
);
