import type { ContentPart } from '../../core/types.js';
import type { ChatStatus } from '../../store/types.js';
import type { AttachmentOptions } from './attachments.js';
import { ComposerAttach } from './composer-attach.js';
import { ComposerAttachmentError } from './composer-attachment-error.js';
import { ComposerAttachments } from './composer-attachments.js';
import { ComposerInput } from './composer-input.js';
import { ComposerRoot } from './composer-root.js';
import { ComposerSend } from './composer-send.js';
import { ComposerStop } from './composer-stop.js';

/** Props of `Composer.Default`. */
export interface ComposerDefaultProps {
  /**
   * Called with the message content: the text, or a text part plus attachment parts (e.g. the chat's `send`).
   */
  onSend: (content: string | ContentPart[]) => unknown;
  /** Stops the reply; the Stop button shows only while busy and when this is given. */
  onStop?: (() => unknown) | undefined;
  /** The chat's status; `submitted` and `streaming` make the composer busy. Default `idle`. */
  status?: ChatStatus | undefined;
  /** Let Send work while busy (when the chat queues messages). Default `false`. */
  allowSendWhileBusy?: boolean | undefined;
  /** Turns the composer off: no typing, sending or attaching (picker, paste or drop). */
  disabled?: boolean | undefined;
  /** The textbox's placeholder. Default `Message`. */
  placeholder?: string | undefined;
  /**
   * Which files may be attached (`defaultAttachmentPolicy` for what is left out); `false` turns attachments
   * off and hides the Attach button.
   */
  attachments?: AttachmentOptions | false | undefined;
  /** Class names for the form, after `rcc-composer`. */
  className?: string | undefined;
}

/**
 * The ready-made composer: attachments, textbox, Send and Stop.
 *
 * @example
 * <Composer.Default onSend={chat.send} onStop={chat.stop} status={chat.status} />
 */
export function ComposerDefault({ placeholder = 'Message', attachments, ...props }: ComposerDefaultProps) {
  return (
    <ComposerRoot {...props} attachments={attachments}>
      <ComposerAttachments />
      <ComposerAttachmentError />
      <div className="rcc-composer-row">
        {attachments !== false && <ComposerAttach />}
        <ComposerInput placeholder={placeholder} />
        <ComposerStop />
        <ComposerSend />
      </div>
    </ComposerRoot>
  );
}
