import { createContext } from 'react';
import { useRequiredContext } from '../primitives/use-required-context.js';

/** State shared by the parts of one reasoning panel. */
export type ReasoningContextValue = [
  open: boolean,
  setOpen: (open: boolean) => void,
  streaming: boolean,
  triggerId: string,
  contentId: string,
];

export const ReasoningContext = /* @__PURE__ */ createContext<ReasoningContextValue | undefined>(undefined);

/** The nearest `Reasoning.Root`; throws when there is none. */
export function useReasoningContext(part: string): ReasoningContextValue {
  return useRequiredContext(ReasoningContext, 'Reasoning', part);
}
