import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import type { ContentPart } from '../../core/types.js';
import { cx } from '../primitives/class-names.js';
import { isSafeImageUrl } from '../safe-url/safe-url.js';

/** Props of `AttachmentPreview`. */
export interface AttachmentPreviewProps extends HTMLAttributes<HTMLSpanElement> {
  /** A non-text input content part. */
  attachment: ContentPart;
  /** The name shown or read out (an image's `alt`); default `attachmentLabel(attachment)`. */
  name?: string | undefined;
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
 * Each attachment with its position (`id`) and name (`attachmentLabel`), the names that repeat
 * numbered in order: two images are "Image 1" and "Image 2", so a screen reader tells them apart.
 */
export function nameAttachments(parts: ContentPart[]) {
  const labels = parts.map(attachmentLabel);
  return parts.map((part, index) => {
    const label = labels[index] as string;
    const count = (end?: number) => labels.slice(0, end).filter((other) => other === label).length;
    return { id: index, part, name: count() > 1 ? `${label} ${count(index + 1)}` : label };
  });
}

/**
 * A thumbnail of an input attachment: images as a small picture (only `https:` and raster
 * `data:` sources), files, audio and video as a labelled chip. `data-kind` tells which; a chip's
 * name carries its extension as `data-extension` ("pdf" for "report.pdf").
 *
 * @example
 * <AttachmentPreview attachment={{ type: 'file', file: { filename: 'report.pdf', file_data } }} />
 */
export const AttachmentPreview = /* @__PURE__ */ forwardRef<HTMLSpanElement, AttachmentPreviewProps>(
  function AttachmentPreview(
    { attachment: part, name: label = attachmentLabel(part), className, ...props },
    ref,
  ) {
    const url = part.type === 'image_url' ? part.image_url.url : undefined;
    return (
      <span {...props} ref={ref} className={cx('rcc-attachment', className)} data-kind={part.type}>
        {isSafeImageUrl(url) ? (
          <img src={url} alt={label} className="rcc-attachment-thumbnail" referrerPolicy="no-referrer" />
        ) : (
          // The name's extension, for a theme's type badge (`attr(data-extension)`): "report.pdf" is
          // "pdf", "notes.txt 2" (a name repeated) "txt"; none without a dot.
          <span className="rcc-attachment-name" data-extension={/.*\.(\w+)/.exec(label)?.[1]}>
            {label}
          </span>
        )}
      </span>
    );
  },
);
