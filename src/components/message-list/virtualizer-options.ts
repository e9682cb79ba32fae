import type { Rect, Virtualizer } from '@tanstack/react-virtual';
import { measureElement } from '@tanstack/react-virtual';

/** Used when the page has no layout (jsdom, SSR-like tests) so rows still render. */
export const FALLBACK_RECT: Rect = { width: 800, height: 600 };

/**
 * Like the default, but without layout (`offsetParent` is null and the size 0, as in jsdom) the
 * row keeps its estimate, so the virtualizer never believes every row is empty and renders them all.
 */
export function measureWithFallback(
  element: HTMLDivElement,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, HTMLDivElement>,
): number {
  const size = measureElement(element, entry, instance);
  return size === 0 && element.offsetParent === null
    ? instance.options.estimateSize(instance.indexFromElement(element))
    : size;
}
