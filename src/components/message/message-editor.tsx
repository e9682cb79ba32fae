import { composeEventHandlers } from '@radix-ui/primitive';
import type { FormHTMLAttributes } from 'react';
import { forwardRef, useContext, useEffect, useRef, useState } from 'react';
import type { ContentPart } from '../../core/types.js';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import { renderAttachmentList } from '../composer/attachment-list.js';
import { composerInputOf } from '../composer/composer-context.js';
import { isImeKey, isSendKey } from '../composer/is-send-key.js';
import { nameAttachments } from '../image/attachment-preview.js';
import { cx } from '../primitives/class-names.js';

/** Props of `MessageEditor`. */
export interface MessageEditorProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** The text to start from. */
  initialText: string;
  /**
   * The message's attachments (its non-text parts), listed with a Remove button each as the
   * composer lists its files; read when the editor opens, as `initialText` is. Default none.
   */
  attachments?: ContentPart[] | undefined;
  /** Called with the new text and the attachments not removed, in their order (Enter or Save). */
  onSave: (text: string, attachments: ContentPart[]) => unknown;
  /** Called on Cancel or Escape. */
  onCancel: () => unknown;
}

/**
 * Edits a sent message in place: Enter or Save sends the new version (a new branch), Escape
 * (from the textbox or any of the editor's buttons) or Cancel keeps the old one (an input
 * method's own Enter and Escape do neither; a phone's on-screen keyboard shows Enter as Send).
 * The textbox is focused when it opens; closed by a save, it puts focus in the composer of its
 * `ChatProvider`'s chat, as the new version replaces the message (a save `onSave` refuses, the
 * editor left open, leaves focus in it; a cancel hands it back through `MessageView.Root`, to the
 * message's Edit button). The message's attachments can be removed from the new
 * version (Remove puts focus back in the textbox); it saves when it keeps some text or an
 * attachment.
 *
 * @example
 * <MessageEditor
 *   initialText={getMessageText(message)}
 *   attachments={parts}
 *   onSave={(text, kept) => chat.edit(message.id, buildMessageContent(text, kept))}
 *   onCancel={close}
 * />
 */
export const MessageEditor = /* @__PURE__ */ forwardRef<HTMLFormElement, MessageEditorProps>(
  function MessageEditor(
    { initialText, attachments = [], onSave, onCancel, className, onKeyDown, ...props },
    ref,
  ) {
    const [text, setText] = useState(initialText);
    // The attachments kept, each named once: two images are "Image 1" and "Image 2",
    // so each Remove button says which it takes.
    const [kept, setKept] = useState(() => nameAttachments(attachments));
    const inputRef = useRef<HTMLTextAreaElement>(null);
    const composing = useRef(false);
    useEffect(() => {
      const input = inputRef.current;
      if (!input) return;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }, []);
    const canSave = text.trim() || kept.length;
    const store = useContext(ChatStoreContext);
    /** Whether the last of Save and Cancel was Save. */
    const saved = useRef(false);
    // Closed by a save, the edit is a new version: the message, its editor and its Edit button leave
    // the list, so focus, in the editor, goes where the conversation continues: this chat's
    // composer (wherever it is). A save the app refuses keeps the editor, and focus, where they are.
    // (Layout cleanup runs before the editor is removed.)
    useIsomorphicLayoutEffect(() => {
      // The textbox is always there, in the form.
      const form = inputRef.current!.form!;
      return () => {
        if (saved.current && form.contains(document.activeElement)) composerInputOf(store, form)?.focus();
      };
    }, [store]);
    const save = () => {
      saved.current = !!canSave;
      if (canSave)
        void onSave(
          text,
          kept.map((item) => item.part),
        );
    };
    const cancel = () => {
      saved.current = false;
      void onCancel();
    };
    return (
      <form
        {...props}
        ref={ref}
        className={cx('rcc-message-editor', className)}
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
        // Escape from anywhere in the editor (the textbox, Cancel, Save, a Remove button) cancels.
        onKeyDown={composeEventHandlers(onKeyDown, (event) => {
          if (event.key === 'Escape' && !isImeKey(event, composing.current)) {
            event.preventDefault();
            cancel();
          }
        })}
      >
        <textarea
          ref={inputRef}
          aria-label="Edit message"
          // Enter saves: the on-screen keyboard's Enter key says Send.
          enterKeyHint="send"
          className="rcc-message-editor-input"
          value={text}
          rows={Math.min(10, Math.max(2, text.split('\n').length))}
          onChange={(event) => setText(event.currentTarget.value)}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            composing.current = false;
          }}
          onKeyDown={(event) => {
            if (isSendKey(event, composing.current)) {
              event.preventDefault();
              save();
            }
          }}
        />
        {renderAttachmentList(kept, (item) => setKept(kept.filter((other) => other !== item)), inputRef)}
        <div className="rcc-message-editor-actions">
          <button type="button" className="rcc-message-editor-cancel" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="rcc-message-editor-save" disabled={!canSave}>
            Save
          </button>
        </div>
      </form>
    );
  },
);
