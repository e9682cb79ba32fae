import type { ButtonHTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderButtonPart } from '../primitives/render-part.js';
import { useFocusHandoff } from '../primitives/use-focus-handoff.js';
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
  function ComposerStop({ forceMount, ...props }, ref) {
    const { busy, stop, inputRef } = useComposerContext('Stop');
    // The reply ended while the keyboard rested on Stop: the button goes away (or, force-mounted,
    // is disabled, which browsers answer by dropping focus), and focus goes to the textbox
    // instead of falling to the page.
    const buttonProps = useFocusHandoff(!busy, () => inputRef.current?.focus(), props);
    if (!stop || (!busy && !forceMount)) return null;
    return renderButtonPart(
      buttonProps,
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
