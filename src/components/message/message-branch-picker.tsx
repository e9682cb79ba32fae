import { useChatStore } from '../../hooks/use-chat-store.js';
import { selectSiblings } from '../../store/selectors.js';
import type { ChatMessage } from '../../store/types.js';
import {
  BranchPickerCount,
  BranchPickerNext,
  BranchPickerPrevious,
} from '../branch-picker/branch-picker-buttons.js';
import type { BranchPickerRootProps } from '../branch-picker/branch-picker-root.js';
import { BranchPickerRoot } from '../branch-picker/branch-picker-root.js';
import { useChatActions } from './chat-actions-context.js';
import { useMessageContext } from './message-context.js';

/** Props of `MessageView.BranchPicker`. */
export interface MessageBranchPickerProps
  extends Omit<BranchPickerRootProps, 'index' | 'count' | 'onIndexChange'> {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
}

/**
 * The branch picker of a message in a `ChatProvider`: `< 2 / 3 >` over the versions of its turn;
 * choosing one switches the active path (through `ChatActionsContext` when it gives
 * `switchBranch`). Nothing for a single version.
 *
 * @example
 * <MessageView.BranchPicker />
 */
export function MessageBranchPicker({ message: messageProp, children, ...props }: MessageBranchPickerProps) {
  const message = useMessageContext(messageProp, 'MessageView.BranchPicker');
  const { switchBranch } = useChatActions();
  const siblings = useChatStore((state) => selectSiblings(state, message.id));
  return (
    <BranchPickerRoot
      {...props}
      index={Math.max(0, siblings.index)}
      count={siblings.ids.length}
      // The root calls this only for an index in range (and reads the latest one).
      onIndexChange={(index) => switchBranch?.(siblings.ids[index]!)}
    >
      {children ?? (
        <>
          <BranchPickerPrevious />
          <BranchPickerCount />
          <BranchPickerNext />
        </>
      )}
    </BranchPickerRoot>
  );
}
