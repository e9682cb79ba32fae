import type { Usage } from '../core/index.js';
import type { ChatMessage, ThreadUsage } from './types.js';

/** Usage totals of an empty thread. */
export const EMPTY_USAGE: ThreadUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost: 0 };

/** `totals` plus one reply's usage (unchanged, same object, when there is none). */
export function addUsage(totals: ThreadUsage, usage: Usage | null | undefined): ThreadUsage {
  if (!usage) return totals;
  // Each field of the totals: a missing or non-finite count adds nothing.
  const sum = { ...EMPTY_USAGE };
  let key: keyof ThreadUsage;
  for (key in sum) {
    const value = usage[key];
    sum[key] = totals[key] + (Number.isFinite(value) ? (value as number) : 0);
  }
  return sum;
}

/** The usage totals of a thread's messages: each reply's usage, summed. */
export const usageOf = (messages: Record<string, ChatMessage>): ThreadUsage =>
  Object.values(messages).reduce((totals, message) => addUsage(totals, message.usage), EMPTY_USAGE);
