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
  onSend: (content: string | ContentPart[]) => unknown;
  onStop?: (() => unknown) | undefined;
  status?: ChatStatus | undefined;
  allowSendWhileBusy?: boolean | undefined;
  disabled?: boolean | undefined;
  placeholder?: string | undefined;
  attachments?: AttachmentOptions | false | undefined;
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
