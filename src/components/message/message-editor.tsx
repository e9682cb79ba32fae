import type { FormHTMLAttributes } from 'react';
import { forwardRef, useEffect, useRef, useState } from 'react';
import { isImeKey, isSendKey } from '../composer/is-send-key.js';
import { cx } from '../primitives/class-names.js';

/** Props of `MessageEditor`. */
export interface MessageEditorProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** The text to start from. */
  initialText: string;
  /** Called with the new text (Enter or Save). */
  onSave: (text: string) => unknown;
  /** Called on Cancel or Escape. */
  onCancel: () => unknown;
}

/**
 * Edits a sent message in place: Enter or Save sends the new version (a new branch), Escape or
 * Cancel keeps the old one (an input method's own Enter and Escape do neither). The textbox is
 * focused when it opens.
 *
 * @example
 * <MessageEditor initialText={text} onSave={(next) => chat.edit(message.id, next)} onCancel={close} />
 */
export const MessageEditor = /* @__PURE__ */ forwardRef<HTMLFormElement, MessageEditorProps>(
  function MessageEditor({ initialText, onSave, onCancel, className, ...props }, ref) {
    const [text, setText] = useState(initialText);
    const inputRef = useRef<HTMLTextAreaElement>(null);
    const composing = useRef(false);
    useEffect(() => {
      const input = inputRef.current;
      if (!input) return;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }, []);
    const canSave = text.trim() !== '';
    const save = () => {
      if (canSave) void onSave(text);
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
      >
        <textarea
          ref={inputRef}
          aria-label="Edit message"
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
            if (event.key === 'Escape' && !isImeKey(event, composing.current)) {
              event.preventDefault();
              void onCancel();
            } else if (isSendKey(event, composing.current)) {
              event.preventDefault();
              save();
            }
          }}
        />
        <div className="rcc-message-editor-actions">
          <button type="button" className="rcc-message-editor-cancel" onClick={() => void onCancel()}>
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
