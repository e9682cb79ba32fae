import { composeEventHandlers } from '@radix-ui/primitive';
import { Slot } from '@radix-ui/react-slot';
import type {
  AllHTMLAttributes,
  ButtonHTMLAttributes,
  ForwardedRef,
  MouseEvent,
  ReactElement,
  ReactNode,
  Ref,
} from 'react';
import { defined } from '../../store/defined.js';
import { cx } from './class-names.js';

/** Attributes a part sets: any HTML attribute, and `data-*` state attributes. */
type Attributes<T> = AllHTMLAttributes<T> & { [data: `data-${string}`]: string | undefined };

/**
 * Renders a part's element (`tag`, or the `asChild` child): `defaults` under the app's props (a
 * prop set to `undefined` keeps the default), the part's class name before the app's, and `own`
 * (state attributes, handlers, children) over them. One body for the parts, instead of a copy in
 * each.
 */
export function renderPart<T extends HTMLElement>(
  tag: string,
  { asChild, className, ...props }: { asChild?: boolean | undefined; className?: string | undefined },
  ref: Ref<T>,
  name: string,
  defaults?: Attributes<T>,
  own?: Attributes<T>,
): ReactElement {
  const Component = asChild ? Slot : tag;
  return <Component {...defaults} {...defined(props)} ref={ref} className={cx(name, className)} {...own} />;
}

/** Props of a button part: a button's attributes, `asChild` and the part's `data-state`. */
export interface ButtonPartProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean | undefined;
  'data-state'?: string | undefined;
}

/**
 * Renders a button part: a `type="button"` button with `defaults` under the app's props, the
 * app's `onClick` first and `action` after unless it called `preventDefault()`, and `label` when
 * the app gives no children.
 */
export function renderButtonPart(
  { children, onClick, ...props }: ButtonPartProps,
  ref: ForwardedRef<HTMLButtonElement>,
  name: string,
  action: (event: MouseEvent<HTMLButtonElement>) => void,
  label: ReactNode,
  defaults?: ButtonPartProps,
): ReactElement {
  return renderPart(
    'button',
    props,
    ref,
    name,
    { type: 'button', ...defaults },
    {
      onClick: composeEventHandlers(onClick, action),
      children: children ?? label,
    },
  );
}
