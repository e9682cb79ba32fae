import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderAttachmentList } from './attachment-list.js';
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
>(function ComposerAttachments(props, ref) {
  const { attachments, removeAttachment, inputRef } = useComposerContext('Attachments');
  return renderAttachmentList(
    attachments,
    (attachment) => removeAttachment(attachment.id),
    inputRef,
    props,
    ref,
  );
});
