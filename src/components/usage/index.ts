export type { UsageCounts } from './format-usage.js';
export { formatCost, formatTokens, formatUsage } from './format-usage.js';
export type { MessageUsageProps } from './message-usage.js';
export { MessageUsage } from './message-usage.js';
export type { UsageSummaryProps } from './usage-summary.js';
export { UsageSummary } from './usage-summary.js';
