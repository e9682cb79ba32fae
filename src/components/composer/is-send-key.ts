import type { KeyboardEvent } from 'react';

/**
 * Whether a key press should send: Enter without Shift, and not the Enter that confirms an input
 * method's candidate (`isComposing` in most browsers, keyCode 229 in Safari, or a composition the
 * caller tracked).
 */
export function isSendKey(event: KeyboardEvent, composing: boolean): boolean {
  if (event.key !== 'Enter' || event.shiftKey) return false;
  return !(event.nativeEvent.isComposing || event.keyCode === 229 || composing);
}
