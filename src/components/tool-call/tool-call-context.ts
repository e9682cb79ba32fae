import { createContext, useContext } from 'react';
import type { ToolCall } from '../../core/types.js';
import type { ToolCallState, ToolCallStatus } from '../../store/types.js';

/** What the parts of one tool call share. */
export interface ToolCallContextValue {
  toolCall: ToolCall;
  status: ToolCallStatus | undefined;
  state: ToolCallState;
  approve: (() => void) | undefined;
  deny: ((reason?: string) => void) | undefined;
}

export const ToolCallContext = /* @__PURE__ */ createContext<ToolCallContextValue | undefined>(undefined);

/** The nearest `ToolCallPanel.Root`; throws when there is none. */
export function useToolCallContext(part: string): ToolCallContextValue {
  const value = useContext(ToolCallContext);
  if (!value) throw new Error(`<ToolCallPanel.${part}> must be rendered inside <ToolCallPanel.Root>.`);
  return value;
}
