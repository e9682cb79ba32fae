import type { ComponentType, HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { useChatStore } from '../../hooks/use-chat-store.js';
import { cx } from '../primitives/class-names.js';
import type { ThreadListItemProps } from './thread-list-item.js';
import { ThreadListItem } from './thread-list-item.js';

/** Props of `ThreadList.Items`. */
export interface ThreadListItemsProps extends HTMLAttributes<HTMLUListElement> {
  /** The component rendering each conversation (default `ThreadList.Item`), given `thread` and `active`. */
  components?:
    | {
        /** Renders one conversation, given `thread` and `active`. Default `ThreadList.Item`. */
        Item?: ComponentType<ThreadListItemProps> | undefined;
      }
    | undefined;
}

/**
 * The list of conversations, as the store keeps them: the newest created first (a thread used
 * again does not move up).
 *
 * @example
 * <ThreadList.Items />
 */
export const ThreadListItems = /* @__PURE__ */ forwardRef<HTMLUListElement, ThreadListItemsProps>(
  function ThreadListItems({ components, className, ...props }, ref) {
    const threads = useChatStore((state) => state.threads);
    const activeId = useChatStore((state) => state.threadId);
    const Item = components?.Item ?? ThreadListItem;
    return (
      <ul {...props} ref={ref} className={cx('rcc-thread-list-items', className)}>
        {threads.map((thread) => (
          <Item key={thread.id} thread={thread} active={thread.id === activeId} />
        ))}
      </ul>
    );
  },
);
