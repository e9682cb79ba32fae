import type { HTMLAttributes, ReactElement, ReactNode, Ref } from 'react';
import { Children, cloneElement, forwardRef, version } from 'react';
import { composeRefs } from './compose-refs.js';

/** Props of `Slot`: any HTML attributes, merged into the single child element. */
export interface SlotProps extends HTMLAttributes<HTMLElement> {
  children?: ReactNode;
}

type AnyProps = Record<string, unknown>;

const isReact19 = Number.parseInt(version, 10) >= 19;

function getElementRef(element: ReactElement): Ref<unknown> | undefined {
  // React 19 moved `ref` into props and warns on `element.ref`; React 18 keeps it on the element.
  if (isReact19) return (element.props as { ref?: Ref<unknown> }).ref;
  return (element as unknown as { ref?: Ref<unknown> }).ref;
}

function mergeProps(slotProps: AnyProps, childProps: AnyProps): AnyProps {
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const name of Object.keys(childProps)) {
    const slotValue = slotProps[name];
    const childValue = childProps[name];
    if (/^on[A-Z]/.test(name) && typeof slotValue === 'function' && typeof childValue === 'function') {
      merged[name] = (...args: unknown[]) => {
        const result = (childValue as (...a: unknown[]) => unknown)(...args);
        const event = args[0] as { defaultPrevented?: boolean } | undefined;
        if (!event?.defaultPrevented) (slotValue as (...a: unknown[]) => unknown)(...args);
        return result;
      };
    } else if (name === 'style' && slotValue && childValue) {
      merged[name] = { ...(slotValue as object), ...(childValue as object) };
    } else if (name === 'className' && slotValue && childValue) {
      merged[name] = `${slotValue as string} ${childValue as string}`;
    } else if (childValue === undefined && slotValue !== undefined) {
      merged[name] = slotValue;
    }
  }
  return merged;
}

/**
 * Renders its only child with the slot's props merged in (handlers composed, class names joined,
 * refs composed). Powers the `asChild` prop of every part.
 *
 * @example
 * <Composer.Send asChild><MyButton>Send</MyButton></Composer.Send>
 */
export const Slot = /* @__PURE__ */ forwardRef<HTMLElement, SlotProps>(function Slot(
  { children, ...slotProps },
  forwardedRef,
) {
  // Throws unless `children` is one element.
  const child = Children.only(children) as ReactElement;
  const childRef = getElementRef(child);
  const props = mergeProps(slotProps as AnyProps, child.props as AnyProps);
  props.ref = forwardedRef ? composeRefs(forwardedRef, childRef as Ref<HTMLElement>) : childRef;
  return cloneElement(child, props);
});
