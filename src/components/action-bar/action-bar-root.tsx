import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderPart } from '../primitives/render-part.js';

/** Props of `ActionBar.Root`. */
export interface ActionBarRootProps extends HTMLAttributes<HTMLDivElement> {
  asChild?: boolean | undefined;
}

/**
 * Groups the actions of one message (a `group` named "Message actions").
 *
 * @example
 * <ActionBar.Root><ActionBar.Copy /><ActionBar.Regenerate /></ActionBar.Root>
 */
export const ActionBarRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, ActionBarRootProps>(
  function ActionBarRoot(props, ref) {
    return renderPart('div', props, ref, 'rcc-action-bar', {
      role: 'group',
      'aria-label': 'Message actions',
    });
  },
);
