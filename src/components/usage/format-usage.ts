/** Token counts and cost, as a message's `usage` or a thread's totals carry them. */
export interface UsageCounts {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost?: number | null;
  completion_tokens_details?: { reasoning_tokens?: number } | undefined;
  prompt_tokens_details?: { cached_tokens?: number } | undefined;
}

/** "1,234" (`en` grouping unless a locale is given). */
export function formatTokens(count: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale).format(count);
}

/**
 * A cost in credits (USD): two decimals from one cent up, three significant digits below
 * ("$0.0000242"), "$0" for nothing.
 *
 * @example
 * formatCost(0.0002915); // '$0.000292'
 */
export function formatCost(cost: number, locale = 'en'): string {
  if (cost === 0) return '$0';
  const options: Intl.NumberFormatOptions =
    Math.abs(cost) >= 0.01
      ? { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(locale, options).format(cost);
}

/** "62 tokens (29 in, 33 out, 12 reasoning, 8 cached)". */
export function formatUsage(usage: UsageCounts, locale = 'en'): string {
  const parts = [
    `${formatTokens(usage.prompt_tokens, locale)} in`,
    `${formatTokens(usage.completion_tokens, locale)} out`,
  ];
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) parts.push(`${formatTokens(reasoning, locale)} reasoning`);
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) parts.push(`${formatTokens(cached, locale)} cached`);
  const total = usage.total_tokens;
  return `${formatTokens(total, locale)} ${total === 1 ? 'token' : 'tokens'} (${parts.join(', ')})`;
}
