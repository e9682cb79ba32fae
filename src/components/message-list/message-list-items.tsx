import type { ComponentType, HTMLAttributes } from 'react';
import { forwardRef, memo } from 'react';
import type { MessageDefaultProps } from '../message/message-default.js';
import { MessageDefault } from '../message/message-default.js';
import { cx } from '../primitives/class-names.js';
import { useMessageListContext } from './message-list-context.js';

/** Props of `MessageList.Items`. */
export interface MessageListItemsProps extends HTMLAttributes<HTMLDivElement> {
  /** The component rendering one message by id (default `MessageView.Default`). Keep it stable. */
  components?:
    | {
        /** Renders one message, given its `messageId`. Default `MessageView.Default`. */
        Message?: ComponentType<MessageDefaultProps> | undefined;
      }
    | undefined;
}

interface RowProps {
  messageId: string;
  Message: ComponentType<MessageDefaultProps>;
}

/** Memoized by id, so rows whose message did not change never re-render. */
const Row = /* @__PURE__ */ memo(function Row({ messageId, Message }: RowProps) {
  return <Message messageId={messageId} />;
});

/**
 * The rows of the list: only the visible ones (plus overscan, and the one holding focus) are in
 * the DOM, in order, each measured as it renders. Each row subscribes to its own message.
 *
 * @example
 * <MessageList.Items components={{ Message: MyMessage }} />
 */
export const MessageListItems = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageListItemsProps>(
  function MessageListItems({ components, className, style, ...props }, ref) {
    const { ids, virtualizer } = useMessageListContext('Items');
    const Message = components?.Message ?? MessageDefault;
    const items = virtualizer.getVirtualItems();
    return (
      <div
        {...props}
        ref={ref}
        className={cx('rcc-message-list-items', className)}
        style={{ position: 'relative', width: '100%', height: virtualizer.getTotalSize(), ...style }}
      >
        {items.map((item) => {
          const id = ids[item.index];
          if (id === undefined) return null;
          return (
            <div
              key={item.key as string}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="rcc-message-list-row"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                transform: `translateY(${item.start}px)`,
              }}
            >
              <Row messageId={id} Message={Message} />
            </div>
          );
        })}
      </div>
    );
  },
);
