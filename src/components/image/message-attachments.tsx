import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { isArray } from '../../core/dict.js';
import type { ContentPart } from '../../core/types.js';
import type { ChatMessage } from '../../store/types.js';
import { useMessageContext } from '../message/message-context.js';
import { cx } from '../primitives/class-names.js';
import { AttachmentPreview, nameAttachments } from './attachment-preview.js';

/** Props of `MessageAttachments`. */
export interface MessageAttachmentsProps extends HTMLAttributes<HTMLUListElement> {
  /** The message (defaults to the one of the nearest `MessageView.Root`). */
  message?: ChatMessage | undefined;
}

/** The non-text content parts of a message (images, files, audio, video). */
export function getAttachments(message: ChatMessage): ContentPart[] {
  const content = message.content;
  if (!isArray(content)) return [];
  return (content as ContentPart[]).filter((part) => part.type !== 'text');
}

/**
 * The attachments a user sent with a message, as thumbnails; nothing when there are none.
 *
 * @example
 * <MessageAttachments message={message} />
 */
export const MessageAttachments = /* @__PURE__ */ forwardRef<HTMLUListElement, MessageAttachmentsProps>(
  function MessageAttachments({ message: messageProp, className, ...props }, ref) {
    const message = useMessageContext(messageProp, 'MessageAttachments');
    const attachments = getAttachments(message);
    if (!attachments.length) return null;
    return (
      <ul aria-label="Attachments" {...props} ref={ref} className={cx('rcc-attachments', className)}>
        {/* Named as the message editor names them: two images are "Image 1" and "Image 2". */}
        {nameAttachments(attachments).map(({ id, part, name }) => (
          // The key is the part's position: a sent message's parts never move.
          <li key={id}>
            <AttachmentPreview attachment={part} name={name} />
          </li>
        ))}
      </ul>
    );
  },
);
