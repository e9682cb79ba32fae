import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderPart } from '../primitives/render-part.js';

/** Props of `ActionBar.Root`. */
export interface ActionBarRootProps extends HTMLAttributes<HTMLDivElement> {
  /** Render the group as its single child element (props and ref merged into it) instead of a `div`. */
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
