/** Token counts and cost, as a message's `usage` or a thread's totals carry them. */
export interface UsageCounts {
  /** Tokens of the prompt: what was sent (shown as "in"). */
  prompt_tokens: number;
  /** Tokens of the reply, reasoning included (shown as "out"). */
  completion_tokens: number;
  /** `prompt_tokens` plus `completion_tokens`: the count shown first. */
  total_tokens: number;
  /**
   * What the request cost, in credits (1 credit = 1 USD), shown with a `$`; no cost shown without a number.
   */
  cost?: number | null | undefined;
  /** `reasoning_tokens`: the part of `completion_tokens` spent on reasoning (shown when not 0). */
  completion_tokens_details?:
    | {
        /** Tokens of the reply spent on reasoning. */
        reasoning_tokens?: number | undefined;
      }
    | undefined;
  /**
   * `cached_tokens`: the part of `prompt_tokens` read from the provider's prompt cache (shown when not 0).
   */
  prompt_tokens_details?:
    | {
        /** Tokens of the prompt read from the provider's prompt cache. */
        cached_tokens?: number | undefined;
      }
    | undefined;
}

// The default locale is formatted without `Intl`: a page's first `Intl.NumberFormat` loads the
// locale's data (40–60 ms in headless Chromium on a slow machine), and ours would land in the
// commit that shows a finished reply. Other locales use `Intl`.

/**
 * `digits` (a plain decimal, no sign, at most two decimals: fewer than a group of three) with
 * `en` thousands separators: "1234.5" → "1,234.5".
 */
const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * `digits` (a plain decimal, no sign) rounded half up to `places` decimals. `Intl` rounds a
 * number's shortest decimal form (`String(1.005)`, not the binary value just below it), so this
 * rounds the digits too: `toFixed` would give "1.00" where `Intl` gives "1.01".
 */
function roundDigits(digits: string, places: number): string {
  const [whole = '', fraction = ''] = digits.split('.');
  const up = (fraction[places] ?? '0') >= '5' ? 1n : 0n;
  const text = (BigInt(whole + fraction.slice(0, places).padEnd(places, '0')) + up)
    .toString()
    .padStart(places + 1, '0');
  return `${text.slice(0, -places)}.${text.slice(-places)}`;
}

/** "1,234" (`en` grouping unless a locale is given). */
export function formatTokens(count: number, locale = 'en'): string {
  if (locale === 'en' && Number.isSafeInteger(count) && count >= 0) return groupThousands(String(count));
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
  const cents = Math.abs(cost) >= 0.01;
  // From 1e-6 up to 1e21, `String` writes plain decimals (no exponent).
  if (locale === 'en' && cost >= 1e-6 && cost < 1e21) {
    const digits = String(cost);
    if (cents) return `$${groupThousands(roundDigits(digits, 2))}`;
    // Three significant digits: as many decimals as the leading zeros after the point, plus 3,
    // then the trailing zeros dropped (Intl's `maximumSignificantDigits` shows none).
    const places = digits.slice(2).search(/[1-9]/) + 3;
    return `$${roundDigits(digits, places).replace(/0+$/, '')}`;
  }
  // A USD amount has two decimals unless told otherwise.
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    ...(!cents && { maximumSignificantDigits: 3 }),
  }).format(cost);
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
  return `${formatTokens(total, locale)} token${total === 1 ? '' : 's'} (${parts.join(', ')})`;
}
