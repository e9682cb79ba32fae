import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderPart } from '../primitives/render-part.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Send`. */
export interface ComposerSendProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Render the button as its single child element (props and ref merged into it) instead of a `button`. */
  asChild?: boolean | undefined;
}

/**
 * The Send button (a submit button); disabled while there is nothing to send (blank text and no
 * file), a file is still being read, the composer is disabled, or a reply is on its way (unless
 * `allowSendWhileBusy`). `data-state` is `ready` or `disabled`.
 *
 * @example
 * <Composer.Send />
 */
export const ComposerSend = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerSendProps>(
  function ComposerSend({ children, ...props }, ref) {
    const { canSend } = useComposerContext('Send');
    return renderPart(
      'button',
      props,
      ref,
      'rcc-composer-send',
      { type: 'submit', disabled: !canSend },
      { 'data-state': canSend ? 'ready' : 'disabled', children: children ?? 'Send' },
    );
  },
);
