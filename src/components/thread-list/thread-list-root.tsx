import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { renderPart } from '../primitives/render-part.js';

/** Props of `ThreadList.Root`. */
export interface ThreadListRootProps extends HTMLAttributes<HTMLElement> {
  /** Render the list as its single child element (props and ref merged into it) instead of a `nav`. */
  asChild?: boolean | undefined;
}

/**
 * The conversations of the nearest `ChatProvider` (a `nav` named "Conversations").
 *
 * @example
 * <ThreadList.Root><ThreadList.New /><ThreadList.Items /></ThreadList.Root>
 */
export const ThreadListRoot = /* @__PURE__ */ forwardRef<HTMLElement, ThreadListRootProps>(
  function ThreadListRoot(props, ref) {
    return renderPart('nav', props, ref, 'rcc-thread-list', { 'aria-label': 'Conversations' });
  },
);
