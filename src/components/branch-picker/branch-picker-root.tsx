import { useComposedRefs } from '@radix-ui/react-compose-refs';
import type { HTMLAttributes } from 'react';
import { forwardRef, useMemo, useRef } from 'react';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import { renderPart } from '../primitives/render-part.js';
import { useLatest } from '../primitives/use-latest.js';
import type { BranchPickerContextValue } from './branch-picker-context.js';
import { BranchPickerContext } from './branch-picker-context.js';

/** The class of the button a version switch was made with, until the task ends. */
let switchedWith: string | undefined;

/** Props of `BranchPicker.Root`. */
export interface BranchPickerRootProps extends HTMLAttributes<HTMLDivElement> {
  /** 0-based index of the version shown. */
  index: number;
  /** How many versions the turn has. */
  count: number;
  /** Show another version. */
  onIndexChange: (index: number) => unknown;
  /** Render even when there is only one version. */
  forceMount?: boolean | undefined;
  /** Render the group as its single child element (props and ref merged into it) instead of a `div`. */
  asChild?: boolean | undefined;
}

/**
 * Moves between the versions of a turn (`< 2 / 3 >`), made by editing or regenerating: a group
 * named by the version shown ("Version 2 of 3"). Renders nothing for a single version.
 *
 * @example
 * <BranchPicker.Root index={1} count={3} onIndexChange={showVersion}>
 *   <BranchPicker.Previous /> <BranchPicker.Count /> <BranchPicker.Next />
 * </BranchPicker.Root>
 */
export const BranchPickerRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, BranchPickerRootProps>(
  function BranchPickerRoot({ index, count, onIndexChange, forceMount, ...props }, ref) {
    const onIndexChangeRef = useLatest(onIndexChange);
    const value = useMemo<BranchPickerContextValue>(
      () => [
        index,
        count,
        (next: number) => {
          if (next < 0 || next >= count || next === index) return;
          switchedWith = next > index ? 'rcc-branch-picker-next' : 'rcc-branch-picker-previous';
          setTimeout(() => {
            switchedWith = undefined;
          });
          void onIndexChangeRef.current(next);
        },
      ],
      [index, count, onIndexChangeRef],
    );
    const group = useRef<HTMLDivElement>(null);
    // After a switch, focus goes to the same button when it is enabled, else to the other one.
    // Another version usually replaces the row, its picker with it: the first picker mounted (or
    // showing another version) right after a switch takes the focus. A picker that stays moves it
    // off the button the last or first version disabled, which browsers would drop to the page.
    useIsomorphicLayoutEffect(() => {
      const current = group.current;
      if (!current || !switchedWith) return;
      (
        current.querySelector<HTMLElement>(`.${switchedWith}:enabled`) ??
        current.querySelector('button:enabled')
      )?.focus();
      switchedWith = undefined;
    }, [index]);
    const groupRef = useComposedRefs(ref, group);
    if (count <= 1 && !forceMount) return null;
    return (
      <BranchPickerContext.Provider value={value}>
        {renderPart('div', props, groupRef, 'rcc-branch-picker', {
          role: 'group',
          // Named by the version shown: a switch usually replaces the row, and focus moving into
          // the new picker says which version it shows.
          'aria-label': `Version ${index + 1} of ${count}`,
        })}
      </BranchPickerContext.Provider>
    );
  },
);
