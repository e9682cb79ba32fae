import type { ButtonHTMLAttributes, ForwardedRef, MouseEvent, ReactElement, ReactNode } from 'react';
import { cx } from './class-names.js';
import { composeEventHandlers } from './compose-event-handlers.js';
import { Slot } from './slot.js';

/** Props of a button part: a button's attributes, `asChild` and the part's `data-state`. */
export interface ButtonPartProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
  'data-state'?: string;
}

/**
 * Renders a button part: a `type="button"` button (or the `asChild` child) with `defaults`
 * under the app's props, the part's class name before the app's, the app's `onClick` first and
 * `action` after unless it called `preventDefault()`, and `label` when the app gives no children.
 * One body for every button part, instead of a copy in each.
 */
export function renderButtonPart(
  { asChild, className, children, onClick, ...props }: ButtonPartProps,
  ref: ForwardedRef<HTMLButtonElement>,
  name: string,
  action: (event: MouseEvent<HTMLButtonElement>) => void,
  label: ReactNode,
  defaults?: ButtonPartProps,
): ReactElement {
  const Component = asChild ? Slot : 'button';
  return (
    <Component
      type="button"
      {...defaults}
      {...props}
      ref={ref}
      className={cx(name, className)}
      onClick={composeEventHandlers(onClick, action)}
    >
      {children ?? label}
    </Component>
  );
}
