import { createContext } from 'react';
import type { ToolCall } from '../../core/types.js';
import type { ToolCallState, ToolCallStatus } from '../../store/types.js';
import { useRequiredContext } from '../primitives/use-required-context.js';

/**
 * What the parts of one tool call share, as a labelled tuple (read by position, as a `useState`
 * pair is). `cutOff`: still `streaming` on a reply that failed, its arguments will not come.
 */
export type ToolCallContextValue = [
  toolCall: ToolCall,
  status: ToolCallStatus | undefined,
  state: ToolCallState,
  cutOff: boolean,
  approve: (() => void) | undefined,
  deny: ((reason?: string) => void) | undefined,
];

export const ToolCallContext = /* @__PURE__ */ createContext<ToolCallContextValue | undefined>(undefined);

/** The nearest `ToolCallPanel.Root`; throws when there is none. */
export function useToolCallContext(part: string): ToolCallContextValue {
  return useRequiredContext(ToolCallContext, 'ToolCallPanel', part);
}
