import { ThreadListItems } from './thread-list-items.js';
import { ThreadListNew } from './thread-list-new.js';
import type { ThreadListRootProps } from './thread-list-root.js';
import { ThreadListRoot } from './thread-list-root.js';

/**
 * Props of `ThreadList.Default`: those of `ThreadList.Root` but `asChild` and `children` (it
 * renders its own parts).
 */
export interface ThreadListDefaultProps extends Omit<ThreadListRootProps, 'asChild' | 'children'> {
  /** Called with a new thread's id. */
  onCreate?: ((threadId: string) => void) | undefined;
}

/**
 * The ready-made thread list: New chat, then every conversation with switch, rename and delete.
 *
 * @example
 * <ChatProvider storeOptions={{ persist: { key: 'chat' } }}><ThreadList.Default /></ChatProvider>
 */
export function ThreadListDefault({ onCreate, ...props }: ThreadListDefaultProps) {
  return (
    <ThreadListRoot {...props}>
      <ThreadListNew onCreate={onCreate} />
      <ThreadListItems />
    </ThreadListRoot>
  );
}
