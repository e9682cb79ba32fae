import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { Slot } from '../primitives/slot.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Send`. */
export interface ComposerSendProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
}

/**
 * The Send button (a submit button); disabled while there is nothing to send or a reply is on
 * its way.
 *
 * @example
 * <Composer.Send />
 */
export const ComposerSend = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerSendProps>(
  function ComposerSend({ asChild, className, children, ...props }, ref) {
    const { canSend } = useComposerContext('Send');
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="submit"
        disabled={!canSend}
        {...props}
        ref={ref}
        className={cx('rcc-composer-send', className)}
        data-state={canSend ? 'ready' : 'disabled'}
      >
        {children ?? 'Send'}
      </Component>
    );
  },
);
