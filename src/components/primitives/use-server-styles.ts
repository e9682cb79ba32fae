import type { RefObject } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';

/**
 * Applies, once mounted, the server-rendered `style` attributes under `ref` (its element
 * included) that the browser left unapplied: a Content Security Policy whose `style-src` has a
 * nonce and no `'unsafe-inline'` (Next.js's recommended one) blocks style attributes in the HTML,
 * and hydration never sets them again, so the message list's rows would overlap and the text
 * for screen readers would show. Set through the CSSOM, as React sets styles in the browser,
 * they are allowed. Elements whose styles apply (no such policy, a client render) are left as
 * they are.
 */
export function useServerStyles(ref: RefObject<HTMLElement | null>): void {
  useIsomorphicLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    for (const element of [root, ...root.querySelectorAll<HTMLElement>('[style]')]) {
      const css = element.getAttribute('style');
      if (css && !element.style.length) element.style.cssText = css;
    }
  }, []);
}
