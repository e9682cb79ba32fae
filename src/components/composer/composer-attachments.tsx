import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useComposerContext } from './composer-context.js';
import { RemovableAttachment } from './removable-attachment.js';

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
        <RemovableAttachment
          key={attachment.id}
          {...attachment}
          onRemove={() => {
            removeAttachment(attachment.id);
            inputRef.current?.focus();
          }}
        />
      ))}
    </ul>
  );
});
