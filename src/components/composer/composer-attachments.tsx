import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { visuallyHiddenStyle } from '../primitives/visually-hidden.js';
import { renderAttachmentList } from './attachment-list.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Attachments`: those of its list (`ul`). */
export type ComposerAttachmentsProps = HTMLAttributes<HTMLUListElement>;

/**
 * The files waiting to be sent, each with a Remove button ("Remove photo.png"; files of one name
 * numbered, "Remove image.png (2)"); nothing when there are none.
 * `data-state` of each item is `reading` or `ready`. A visually hidden polite live region before
 * the list says what it holds ("Attached: photo.png, report.pdf."), so a screen reader hears a
 * file picked, pasted or dropped, and one removed.
 *
 * @example
 * <Composer.Attachments />
 */
export const ComposerAttachments = /* @__PURE__ */ forwardRef<HTMLUListElement, ComposerAttachmentsProps>(
  function ComposerAttachments(props, ref) {
    const { attachments: pending, removeAttachment, inputRef } = useComposerContext('Attachments');
    // Files of one name (two pasted screenshots are both "image.png") are numbered, so each Remove
    // button says which it takes: "image.png (1)", "image.png (2)".
    const attachments = pending.map((item) => {
      const same = pending.filter((other) => other.name === item.name);
      return same[1] ? { ...item, name: `${item.name} (${same.indexOf(item) + 1})` } : item;
    });
    return (
      <>
        {/* Always there: a live region added with its text is not read. Empty once sent. */}
        <span aria-live="polite" style={visuallyHiddenStyle}>
          {attachments[0] && `Attached: ${attachments.map((item) => item.name).join(', ')}.`}
        </span>
        {renderAttachmentList(
          attachments,
          (attachment) => removeAttachment(attachment.id),
          inputRef,
          props,
          ref,
        )}
      </>
    );
  },
);
