import { createContext } from 'react';
import { useRequiredContext } from '../primitives/use-required-context.js';

/**
 * What the parts of one branch picker share, as a labelled tuple (read by position, as a
 * `useState` pair is): the 0-based index of the version shown, the count, and the selector.
 */
export type BranchPickerContextValue = [index: number, count: number, select: (index: number) => void];

export const BranchPickerContext = /* @__PURE__ */ createContext<BranchPickerContextValue | undefined>(
  undefined,
);

/** The nearest `BranchPicker.Root`; throws when there is none. */
export function useBranchPickerContext(part: string): BranchPickerContextValue {
  return useRequiredContext(BranchPickerContext, 'BranchPicker', part);
}
