import type { HTMLAttributes } from 'react';
import { forwardRef, useMemo } from 'react';
import { renderPart } from '../primitives/render-part.js';
import { useLatest } from '../primitives/use-latest.js';
import { BranchPickerContext } from './branch-picker-context.js';

/** Props of `BranchPicker.Root`. */
export interface BranchPickerRootProps extends HTMLAttributes<HTMLDivElement> {
  /** 0-based index of the version shown. */
  index: number;
  /** How many versions the turn has. */
  count: number;
  /** Show another version. */
  onIndexChange: (index: number) => unknown;
  /** Render even when there is only one version. */
  forceMount?: boolean;
  asChild?: boolean;
}

/**
 * Moves between the versions of a turn (`< 2 / 3 >`), made by editing or regenerating. Renders
 * nothing for a single version.
 *
 * @example
 * <BranchPicker.Root index={1} count={3} onIndexChange={showVersion}>
 *   <BranchPicker.Previous /> <BranchPicker.Count /> <BranchPicker.Next />
 * </BranchPicker.Root>
 */
export const BranchPickerRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, BranchPickerRootProps>(
  function BranchPickerRoot({ index, count, onIndexChange, forceMount, ...props }, ref) {
    const onIndexChangeRef = useLatest(onIndexChange);
    const value = useMemo(
      () => ({
        index,
        count,
        select: (next: number) => {
          if (next >= 0 && next < count && next !== index) void onIndexChangeRef.current(next);
        },
      }),
      [index, count, onIndexChangeRef],
    );
    if (count <= 1 && !forceMount) return null;
    return (
      <BranchPickerContext.Provider value={value}>
        {renderPart('div', props, ref, 'rcc-branch-picker', { role: 'group', 'aria-label': 'Versions' })}
      </BranchPickerContext.Provider>
    );
  },
);
