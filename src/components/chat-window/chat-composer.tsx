import type { Ref } from 'react';
import { useChatStore, useChatStoreApi } from '../../hooks/use-chat-store.js';
import type { AttachmentOptions } from '../composer/attachments.js';
import { ComposerAttach } from '../composer/composer-attach.js';
import { ComposerAttachmentError } from '../composer/composer-attachment-error.js';
import { ComposerAttachments } from '../composer/composer-attachments.js';
import { ComposerInput } from '../composer/composer-input.js';
import { ComposerRoot } from '../composer/composer-root.js';
import { ComposerSend } from '../composer/composer-send.js';
import { ComposerStop } from '../composer/composer-stop.js';

/** Props of `ChatComposer`. */
export interface ChatComposerProps {
  /** The textbox's placeholder. Default `Message`. */
  placeholder?: string | undefined;
  /**
   * Which files may be attached (`defaultAttachmentPolicy` for what is left out); `false` turns attachments
   * off and hides the Attach button.
   */
  attachments?: AttachmentOptions | false | undefined;
  /**
   * Send with Enter (Shift+Enter adds a line). Default `true`; `false` makes Enter add a line and
   * Send send, as phone users, whose on-screen keyboard has no Shift+Enter, may expect.
   */
  submitOnEnter?: boolean | undefined;
  /** Focus the textbox when it mounts. */
  autoFocus?: boolean | undefined;
  /** A ref to the textbox, to focus it from outside. */
  inputRef?: Ref<HTMLTextAreaElement> | undefined;
  /**
   * Whether Send stays enabled while a reply runs. Default: unless the chat's `whenBusy` is
   * `'reject'`, as it was at this component's last render (pass it when `whenBusy` changes).
   */
  allowSendWhileBusy?: boolean | undefined;
  /** Class names for the form, after `rcc-composer`. */
  className?: string | undefined;
}

/**
 * The composer wired to the nearest `ChatProvider`: sends with `send` (queued while a reply runs
 * unless the chat's `whenBusy` is `'reject'`), stops with `stop`.
 *
 * @example
 * <ChatProvider clientOptions={{ baseUrl: '/api/chat' }}><ChatComposer placeholder="Ask anything" /></ChatProvider>
 */
export function ChatComposer({
  placeholder = 'Message',
  attachments,
  submitOnEnter,
  autoFocus,
  inputRef,
  allowSendWhileBusy,
  className,
}: ChatComposerProps) {
  const store = useChatStoreApi();
  const status = useChatStore((state) => state.status);
  return (
    <ComposerRoot
      // The store's own actions: stable functions, as useChatControls hands them out.
      onSend={store.getState().send}
      onStop={store.getState().stop}
      status={status}
      allowSendWhileBusy={allowSendWhileBusy ?? store.getOptions().whenBusy !== 'reject'}
      attachments={attachments}
      className={className}
    >
      <ComposerAttachments />
      <ComposerAttachmentError />
      <div className="rcc-composer-row">
        {attachments !== false && <ComposerAttach />}
        <ComposerInput
          placeholder={placeholder}
          submitOnEnter={submitOnEnter}
          autoFocus={autoFocus}
          ref={inputRef}
        />
        <ComposerStop />
        <ComposerSend />
      </div>
    </ComposerRoot>
  );
}
