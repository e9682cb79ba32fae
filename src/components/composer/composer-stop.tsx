import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Stop`. */
export interface ComposerStopProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
  /** Render even when idle (disabled). */
  forceMount?: boolean;
}

/**
 * The Stop button; shown while a reply is on its way.
 *
 * @example
 * <Composer.Stop />
 */
export const ComposerStop = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerStopProps>(
  function ComposerStop({ asChild, forceMount, className, children, onClick, ...props }, ref) {
    const { busy, stop, inputRef } = useComposerContext('Stop');
    if (!stop || (!busy && !forceMount)) return null;
    const Component = asChild ? Slot : 'button';
    return (
      <Component
        type="button"
        disabled={!busy}
        {...props}
        ref={ref}
        className={cx('rcc-composer-stop', className)}
        onClick={composeEventHandlers(onClick, function stopReply() {
          stop();
          inputRef.current?.focus();
        })}
      >
        {children ?? 'Stop'}
      </Component>
    );
  },
);
