import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import type { UsageCounts } from './format-usage.js';
import { formatCost, formatUsage } from './format-usage.js';

/** Props of `UsageSummary`. */
export interface UsageSummaryProps extends HTMLAttributes<HTMLParagraphElement> {
  /** The counts to show (a message's `usage`, a thread's totals); nothing renders while `undefined`. */
  usage: UsageCounts | undefined;
  /** Prefix such as "Thread". */
  label?: string | undefined;
  /** The locale numbers are formatted in (a BCP 47 tag such as `de`). Default `en`. */
  locale?: string | undefined;
}

/**
 * Token counts and cost: "62 tokens (29 in, 33 out) · $0.0000242". Nothing without usage.
 *
 * @example
 * <UsageSummary usage={chat.usage} label="Thread" />
 */
export const UsageSummary = /* @__PURE__ */ forwardRef<HTMLParagraphElement, UsageSummaryProps>(
  function UsageSummary({ usage, label, locale, className, ...props }, ref) {
    if (!usage) return null;
    return (
      <p {...props} ref={ref} className={cx('rcc-usage', className)}>
        {label && <span className="rcc-usage-label">{label}: </span>}
        <span className="rcc-usage-tokens">{formatUsage(usage, locale)}</span>
        {typeof usage.cost === 'number' && (
          <span className="rcc-usage-cost"> · {formatCost(usage.cost, locale)}</span>
        )}
      </p>
    );
  },
);
