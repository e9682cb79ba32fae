import { tryParseJson } from '../../core/dict.js';

/**
 * Pretty-prints a value for display: JSON with two-space indents, strings as they are (pretty when
 * they hold JSON). Never throws (cycles, BigInts, `undefined` and JSON nested thousands deep fall
 * back to `String`).
 */
export function formatJson(value: unknown): string {
  try {
    if (typeof value === 'string') {
      const trimmed = value.trim();
      // JSON never parses to `undefined`, so that means it is not JSON.
      const parsed = /^[{[]/.test(trimmed) ? tryParseJson(trimmed) : undefined;
      return parsed === undefined ? value : JSON.stringify(parsed, null, 2);
    }
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    // Nested thousands deep (JSON.parse reads it, JSON.stringify overflows the stack), a string
    // shows as it is.
    return String(value);
  }
}
