import type { HTMLAttributes } from 'react';

/** Props of `ToolCallPanel.Arguments` and `ToolCallPanel.Result`. */
export interface ToolCallBlockProps extends HTMLAttributes<HTMLElement> {
  /** The caption ("Arguments", "Result"). */
  label?: string;
}
