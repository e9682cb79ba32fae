import type { Usage } from '../core/index.js';
import type { ThreadUsage } from './types.js';

/** Usage totals of an empty thread. */
export const EMPTY_USAGE: ThreadUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost: 0 };

/** `totals` plus one reply's usage (unchanged, same object, when there is none). */
export function addUsage(totals: ThreadUsage, usage: Usage | null | undefined): ThreadUsage {
  if (!usage) return totals;
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    prompt_tokens: totals.prompt_tokens + number(usage.prompt_tokens),
    completion_tokens: totals.completion_tokens + number(usage.completion_tokens),
    total_tokens: totals.total_tokens + number(usage.total_tokens),
    cost: totals.cost + number(usage.cost),
  };
}
