import type { KeyboardEvent } from 'react';

/**
 * Whether a key press belongs to an input method (Japanese, Chinese, Korean...): the Enter that
 * confirms a candidate or the Escape that cancels one (`isComposing` in most browsers, keyCode
 * 229 in Safari, or a composition the caller tracked). Such keys never send, save or cancel.
 */
// `composing` absent reads as false (the result is only ever negated).
export const isImeKey = (event: KeyboardEvent, composing?: boolean): boolean | undefined =>
  event.nativeEvent.isComposing || event.keyCode === 229 || composing;

/** Whether a key press should send: Enter without Shift, and not an input method's (`isImeKey`). */
export function isSendKey(event: KeyboardEvent, composing: boolean): boolean {
  return event.key === 'Enter' && !event.shiftKey && !isImeKey(event, composing);
}
