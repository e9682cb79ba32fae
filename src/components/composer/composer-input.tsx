import { composeEventHandlers } from '@radix-ui/primitive';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import type { ClipboardEvent, KeyboardEvent, TextareaHTMLAttributes } from 'react';
import { forwardRef, useEffect, useRef, useState } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import { cx } from '../primitives/class-names.js';
import { useComposerContext } from './composer-context.js';
import { isSendKey } from './is-send-key.js';

/** Props of `Composer.Input`. */
export interface ComposerInputProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value'> {
  /** Send with Enter (Shift+Enter makes a newline). Default `true`. */
  submitOnEnter?: boolean | undefined;
  /** Grow with the text up to this many pixels (then scroll). Default 240. */
  maxHeight?: number | undefined;
}

/**
 * The message textbox (accessible name "Message"; to name it by a visible label instead, point
 * `aria-labelledby` at it, as `aria-label` outranks a `<label>`). It grows with its text; Enter
 * sends, Shift+Enter makes a newline, and Enter while an input method is composing (Japanese,
 * Chinese, Korean...) never sends. A phone's on-screen keyboard shows its Enter key as Send
 * (`enterKeyHint`) while Enter sends. Pasted files become attachments.
 *
 * @example
 * <Composer.Input placeholder="Ask anything" />
 */
export const ComposerInput = /* @__PURE__ */ forwardRef<HTMLTextAreaElement, ComposerInputProps>(
  function ComposerInput(
    {
      submitOnEnter = true,
      maxHeight = 240,
      className,
      onChange,
      onKeyDown,
      onPaste,
      onCompositionStart,
      onCompositionEnd,
      rows = 1,
      'aria-label': label = 'Message',
      disabled: disabledProp,
      ...props
    },
    forwardedRef,
  ) {
    const { value, setValue, submit, addFiles, inputRef, disabled } = useComposerContext('Input');
    const ref = useComposedRefs(forwardedRef, inputRef);
    const composing = useRef(false);
    // The width, so the height follows the text rewrapping in a narrower or wider box (a phone
    // turned, a window resized): kept, the draft's last lines were cut off, with no scrollbar.
    const [width, setWidth] = useState(0);
    useEffect(() => {
      const element = inputRef.current;
      if (!element || typeof ResizeObserver === 'undefined') return;
      // The border box: a scrollbar coming or going leaves it as it is.
      const observer = new ResizeObserver(() => setWidth(element.offsetWidth));
      observer.observe(element);
      return () => observer.disconnect();
    }, [inputRef]);

    useIsomorphicLayoutEffect(() => {
      const element = inputRef.current;
      if (!element) return;
      element.style.height = 'auto';
      // Empty, it keeps its rows' natural height: browsers count a long placeholder's wrapped
      // lines in `scrollHeight`, which would leave it several lines tall after a send.
      // jsdom and hidden elements report 0: leave the natural height alone then too.
      if (value !== '' && element.scrollHeight > 0)
        element.style.height = `${Math.min(element.scrollHeight, maxHeight)}px`;
      // A stylesheet's `max-height` may hold it lower than `maxHeight` (none: NaN, no limit).
      const limit = Math.min(maxHeight, Number.parseFloat(getComputedStyle(element).maxHeight) || maxHeight);
      element.style.overflowY = element.scrollHeight > limit ? 'auto' : 'hidden';
    }, [value, maxHeight, inputRef, width]);

    return (
      <textarea
        aria-label={label}
        rows={rows}
        // The on-screen keyboard labels its Enter key by what it does.
        enterKeyHint={submitOnEnter ? 'send' : undefined}
        disabled={disabledProp ?? disabled}
        {...props}
        ref={ref}
        value={value}
        className={cx('rcc-composer-input', className)}
        onChange={composeEventHandlers(onChange, (event) => {
          setValue(event.currentTarget.value);
        })}
        onCompositionStart={composeEventHandlers(onCompositionStart, () => {
          composing.current = true;
        })}
        onCompositionEnd={composeEventHandlers(onCompositionEnd, () => {
          composing.current = false;
        })}
        onKeyDown={composeEventHandlers(onKeyDown, (event: KeyboardEvent<HTMLTextAreaElement>) => {
          if (!submitOnEnter || !isSendKey(event, composing.current)) return;
          event.preventDefault();
          submit();
        })}
        onPaste={composeEventHandlers(onPaste, (event: ClipboardEvent<HTMLTextAreaElement>) => {
          const data = event.clipboardData;
          const files = Array.from(data?.files ?? []);
          // Office apps copy text with a picture of it (and RTF): that pastes as the text. With
          // attachments off, the paste stays the browser's too.
          if (
            files.length &&
            !(data.types?.includes('text/rtf') && data.getData('text/plain').trim()) &&
            addFiles(files)
          )
            event.preventDefault();
        })}
      />
    );
  },
);
