import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { AttachmentPreview } from '../image/attachment-preview.js';
import { cx } from '../primitives/class-names.js';
import { useComposerContext } from './composer-context.js';

/**
 * The files waiting to be sent, each with a Remove button; nothing when there are none.
 * `data-state` of each item is `reading` or `ready`.
 *
 * @example
 * <Composer.Attachments />
 */
export const ComposerAttachments = /* @__PURE__ */ forwardRef<
  HTMLUListElement,
  HTMLAttributes<HTMLUListElement>
>(function ComposerAttachments({ className, ...props }, ref) {
  const { attachments, removeAttachment, inputRef } = useComposerContext('Attachments');
  if (attachments.length === 0) return null;
  return (
    <ul aria-label="Attachments" {...props} ref={ref} className={cx('rcc-composer-attachments', className)}>
      {attachments.map((attachment) => (
        <li
          key={attachment.id}
          className="rcc-composer-attachment"
          data-state={attachment.part ? 'ready' : 'reading'}
        >
          {attachment.part?.type === 'image_url' ? (
            <AttachmentPreview attachment={attachment.part} title={attachment.name} />
          ) : (
            <span
              className="rcc-attachment"
              data-kind={attachment.type === 'application/pdf' ? 'file' : 'image_url'}
            >
              <span className="rcc-attachment-name">{attachment.name}</span>
            </span>
          )}
          <button
            type="button"
            className="rcc-composer-attachment-remove"
            aria-label={`Remove ${attachment.name}`}
            onClick={() => {
              removeAttachment(attachment.id);
              inputRef.current?.focus();
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
});
