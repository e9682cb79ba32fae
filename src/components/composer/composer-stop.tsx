import { composeEventHandlers } from '@radix-ui/primitive';
import type { ButtonHTMLAttributes } from 'react';
import { forwardRef, useRef } from 'react';
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
 * The Stop button; shown while a reply is on its way. Clicked with a mouse or pressed with the
 * keyboard, it moves focus to the textbox; tapped on a touch screen or with a pen, it leaves the
 * textbox unfocused, so no on-screen keyboard covers the reply.
 *
 * @example
 * <Composer.Stop />
 */
export const ComposerStop = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerStopProps>(
  function ComposerStop({ forceMount, ...props }, ref) {
    const { busy, stop, inputRef } = useComposerContext('Stop');
    // What the last press on the button began with: `mouse`, `touch` or `pen`.
    const pointer = useRef('');
    // The reply ended while the keyboard rested on Stop: the button goes away (or, force-mounted,
    // is disabled, which browsers answer by dropping focus), and focus goes to the textbox
    // instead of falling to the page.
    const buttonProps = useFocusHandoff(!busy, () => inputRef.current?.focus(), {
      ...props,
      onPointerDown: composeEventHandlers(props.onPointerDown, (event) => {
        pointer.current = event.pointerType;
      }),
    });
    if (!stop || (!busy && !forceMount)) return null;
    return renderButtonPart(
      buttonProps,
      ref,
      'rcc-composer-stop',
      (event) => {
        stop();
        // Tapped (a pointer's click has a `detail`, the keyboard's none): focus in the textbox would
        // open the on-screen keyboard over the reply the user stopped to read. Blurred, the button
        // also hands nothing off as it goes away.
        if (event.detail && /^(touch|pen)$/.test(pointer.current)) event.currentTarget.blur();
        else inputRef.current?.focus();
      },
      'Stop',
      { disabled: !busy },
    );
  },
);
