import { composeEventHandlers } from '@radix-ui/primitive';
import type { ButtonHTMLAttributes } from 'react';
import { forwardRef, useRef } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import { renderButtonPart } from '../primitives/render-part.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Stop`. */
export interface ComposerStopProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
  /** Render even when idle (disabled). */
  forceMount?: boolean | undefined;
}

/**
 * The Stop button; shown while a reply is on its way.
 *
 * @example
 * <Composer.Stop />
 */
export const ComposerStop = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerStopProps>(
  function ComposerStop({ forceMount, onFocus, onBlur, ...props }, ref) {
    const { busy, stop, inputRef } = useComposerContext('Stop');
    const focused = useRef(false);
    // The reply ended while the keyboard rested on Stop: the button goes away (or, force-mounted,
    // is disabled, which browsers answer by dropping focus), and focus goes to the textbox
    // instead of falling to the page.
    useIsomorphicLayoutEffect(() => {
      if (busy || !focused.current) return;
      focused.current = false;
      const active = document.activeElement as HTMLButtonElement | null;
      if (active === null || active === document.body || active.disabled) inputRef.current?.focus();
    }, [busy, inputRef]);
    if (!stop || (!busy && !forceMount)) return null;
    return renderButtonPart(
      {
        ...props,
        onFocus: composeEventHandlers(onFocus, () => {
          focused.current = true;
        }),
        onBlur: composeEventHandlers(onBlur, (event) => {
          // A blur from the button's own removal (some browsers send one) keeps the note.
          if (event.currentTarget.isConnected) focused.current = false;
        }),
      },
      ref,
      'rcc-composer-stop',
      () => {
        stop();
        inputRef.current?.focus();
      },
      'Stop',
      { disabled: !busy },
    );
  },
);
