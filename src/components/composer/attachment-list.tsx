import type { ForwardedRef, HTMLAttributes, RefObject } from 'react';
import type { ContentPart } from '../../core/types.js';
import { AttachmentPreview } from '../image/attachment-preview.js';
import { cx } from '../primitives/class-names.js';

/** One attachment of an `AttachmentList`. */
export interface RemovableAttachment {
  /** The item's key. */
  id: string | number;
  /** The name shown and read out ("Remove photo.png"). */
  name: string;
  /** The content part; none while the file is read. */
  part?: ContentPart | undefined;
  /** The file's MIME type: the kind shown while it is read. */
  type?: string | undefined;
}

/**
 * The attachments list (`rcc-composer-attachments`), each item with a Remove button that puts
 * focus back in the textbox, as the composer shows the files waiting to be sent and the message
 * editor the files a message keeps; nothing when there are none. `data-state` of each item is
 * `reading` or `ready`.
 */
export function renderAttachmentList<Item extends RemovableAttachment>(
  items: Item[],
  remove: (item: Item) => void,
  inputRef: RefObject<HTMLTextAreaElement | null>,
  { className, ...props }: HTMLAttributes<HTMLUListElement> = {},
  ref?: ForwardedRef<HTMLUListElement>,
) {
  if (!items.length) return null;
  return (
    <ul aria-label="Attachments" {...props} ref={ref} className={cx('rcc-composer-attachments', className)}>
      {items.map((item) => (
        <li key={item.id} className="rcc-composer-attachment" data-state={item.part ? 'ready' : 'reading'}>
          {item.part ? (
            <AttachmentPreview attachment={item.part} title={item.name} />
          ) : (
            <span
              className="rcc-attachment"
              data-kind={item.type === 'application/pdf' ? 'file' : 'image_url'}
            >
              <span className="rcc-attachment-name">{item.name}</span>
            </span>
          )}
          <button
            type="button"
            className="rcc-composer-attachment-remove"
            aria-label={`Remove ${item.name}`}
            onClick={() => {
              remove(item);
              inputRef.current?.focus();
            }}
          >
            <span aria-hidden>×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
