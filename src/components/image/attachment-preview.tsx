import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import type { ContentPart } from '../../core/types.js';
import { cx } from '../primitives/class-names.js';
import { isSafeImageUrl } from '../safe-url/safe-url.js';

/** Props of `AttachmentPreview`. */
export interface AttachmentPreviewProps extends HTMLAttributes<HTMLSpanElement> {
  /** A non-text input content part. */
  attachment: ContentPart;
}

/** A short name for an attachment: its file name, or its kind. */
export function attachmentLabel(part: ContentPart): string {
  return part.type === 'image_url'
    ? 'Image'
    : part.type === 'file'
      ? (part.file.filename ?? 'File')
      : part.type === 'input_audio'
        ? `Audio (${part.input_audio.format})`
        : part.type === 'video_url'
          ? 'Video'
          : 'Attachment';
}

/**
 * A thumbnail of an input attachment: images as a small picture (only `https:` and raster
 * `data:` sources), files, audio and video as a labelled chip. `data-kind` tells which.
 *
 * @example
 * <AttachmentPreview attachment={{ type: 'file', file: { filename: 'report.pdf', file_data } }} />
 */
export const AttachmentPreview = /* @__PURE__ */ forwardRef<HTMLSpanElement, AttachmentPreviewProps>(
  function AttachmentPreview({ attachment: part, className, ...props }, ref) {
    const label = attachmentLabel(part);
    const url = part.type === 'image_url' ? part.image_url.url : undefined;
    return (
      <span {...props} ref={ref} className={cx('rcc-attachment', className)} data-kind={part.type}>
        {isSafeImageUrl(url) ? (
          <img src={url} alt={label} className="rcc-attachment-thumbnail" referrerPolicy="no-referrer" />
        ) : (
          <span className="rcc-attachment-name">{label}</span>
        )}
      </span>
    );
  },
);
