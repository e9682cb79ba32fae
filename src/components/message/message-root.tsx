import { useComposedRefs } from '@radix-ui/react-compose-refs';
import type { HTMLAttributes } from 'react';
import { forwardRef, useMemo, useRef, useState } from 'react';
import { useMessage } from '../../hooks/use-chat-store.js';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import type { ChatMessage } from '../../store/types.js';
import { renderPart } from '../primitives/render-part.js';
import { MessageContext } from './message-context.js';
import { MessageEditContext } from './message-edit-context.js';

/** Props of `MessageView.Root`: give the message itself, or its id to read it from the chat store. */
export interface MessageRootProps extends HTMLAttributes<HTMLDivElement> {
  /** Read the message from the nearest `ChatProvider` by id (re-renders only when it changes). */
  messageId?: string | undefined;
  /** Or give the message directly. */
  message?: ChatMessage | undefined;
  /** Render the message as its single child element (props and ref merged into it) instead of a `div`. */
  asChild?: boolean | undefined;
}

interface MessageRootViewProps extends Omit<MessageRootProps, 'messageId' | 'message'> {
  message: ChatMessage;
}

const MessageRootView = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageRootViewProps>(
  function MessageRootView({ message, ...props }, ref) {
    const [editing, setEditing] = useState(false);
    const edit = useMemo(() => ({ editing, setEditing }), [editing]);
    const root = useRef<HTMLDivElement>(null);
    const wasEditing = useRef(false);
    // An editor closed without a save (Cancel, Escape) leaves the message as it was: focus, fallen
    // to the page with the editor (to the body: `activeElement` is null only in a document without
    // an element, where none of the message's can take focus), goes back to its Edit button. (A
    // save replaces the message, and the editor puts focus in the composer.)
    useIsomorphicLayoutEffect(() => {
      if (wasEditing.current && !editing && document.activeElement === document.body)
        root.current?.querySelector<HTMLElement>('.rcc-action-edit')?.focus();
      wasEditing.current = editing;
    }, [editing]);
    return (
      <MessageContext.Provider value={message}>
        <MessageEditContext.Provider value={edit}>
          {renderPart('div', props, useComposedRefs(ref, root), 'rcc-message', undefined, {
            'data-role': message.role,
            'data-status': message.status,
            'data-message-id': message.id,
            'data-editing': editing ? '' : undefined,
          })}
        </MessageEditContext.Provider>
      </MessageContext.Provider>
    );
  },
);

type MessageRootByIdProps = Omit<MessageRootViewProps, 'message'> & { messageId: string };

const MessageRootById = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageRootByIdProps>(
  function MessageRootById({ messageId, ...props }, ref) {
    const message = useMessage(messageId);
    if (!message) return null;
    return <MessageRootView {...props} ref={ref} message={message} />;
  },
);

/**
 * One message. Its element carries `data-role` (`user`, `assistant`, `tool`, `system`),
 * `data-status` (`streaming`, `done`, `incomplete`, `error`) and `data-message-id`, and it
 * provides the message (and its edit state) to the parts inside. When its edit mode closes and
 * focus fell to the page with the editor (Cancel, Escape), focus goes back to its `ActionBar.Edit`.
 *
 * @example
 * <MessageView.Root messageId={id}>
 *   <MessageView.Content />
 *   <ActionBar.Root><ActionBar.Copy /></ActionBar.Root>
 * </MessageView.Root>
 */
export const MessageRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageRootProps>(function MessageRoot(
  { messageId, message, ...props },
  ref,
) {
  if (message) return <MessageRootView {...props} ref={ref} message={message} />;
  if (messageId === undefined) throw new Error('<MessageView.Root> needs a `messageId` or a `message`.');
  return <MessageRootById {...props} ref={ref} messageId={messageId} />;
});
