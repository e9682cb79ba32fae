import type { ContentPart } from '../../core/types.js';
import { AttachmentPreview } from '../image/attachment-preview.js';

/** Props of `RemovableAttachment`. */
export interface RemovableAttachmentProps {
  /** The name shown and read out ("Remove photo.png"). */
  name: string;
  /** The content part; none while the file is read. */
  part?: ContentPart | undefined;
  /** The file's MIME type: the kind shown while it is read. */
  type?: string | undefined;
  /** Called by the Remove button. */
  onRemove: () => void;
}

/**
 * One attachment of a list (`rcc-composer-attachments`) with its Remove button, as the composer
 * shows the files waiting to be sent and the message editor the files a message keeps.
 * `data-state` is `reading` or `ready`.
 */
export function RemovableAttachment({ name, part, type, onRemove }: RemovableAttachmentProps) {
  return (
    <li className="rcc-composer-attachment" data-state={part ? 'ready' : 'reading'}>
      {part ? (
        <AttachmentPreview attachment={part} title={name} />
      ) : (
        <span className="rcc-attachment" data-kind={type === 'application/pdf' ? 'file' : 'image_url'}>
          <span className="rcc-attachment-name">{name}</span>
        </span>
      )}
      <button
        type="button"
        className="rcc-composer-attachment-remove"
        aria-label={`Remove ${name}`}
        onClick={onRemove}
      >
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}
