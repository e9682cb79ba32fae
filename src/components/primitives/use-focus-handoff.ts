import { composeEventHandlers } from '@radix-ui/primitive';
import type { HTMLAttributes } from 'react';
import { useRef } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';

/**
 * For a button that goes away (or is disabled) once it is no longer needed: when it had focus
 * then and focus fell to the page (the body, or a disabled element, which browsers drop focus
 * from; `activeElement` is null only in a document without an element, where nothing can take
 * focus), `handOff` moves focus where the user goes on. Returns the button's
 * props with focus handlers (the given ones composed in) that note whether it has focus.
 */
export function useFocusHandoff<Props extends HTMLAttributes<HTMLElement>>(
  gone: boolean,
  handOff: () => void,
  props: Props,
): Props {
  const focused = useRef(false);
  useIsomorphicLayoutEffect(() => {
    if (!gone || !focused.current) return;
    focused.current = false;
    if (
      document.activeElement === document.body ||
      (document.activeElement as HTMLButtonElement | null)?.disabled
    )
      handOff();
  }, [gone, handOff]);
  return {
    ...props,
    onFocus: composeEventHandlers(props.onFocus, () => {
      focused.current = true;
    }),
    onBlur: composeEventHandlers(props.onBlur, (event) => {
      // A blur from the button's own removal (some browsers send one) keeps the note.
      if (event.currentTarget.isConnected) focused.current = false;
    }),
  };
}
