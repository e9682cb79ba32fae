/** A JSON object as read from the wire: keys to unknown values. */
export type Dict = Record<string, unknown>;

/** `Array.isArray`, under a name the minifier can shorten. */
export const isArray = Array.isArray;

/** Whether `value` is a JSON object (not null, not an array). */
export const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !isArray(value);

/** `JSON.parse(text)`, or `fallback` when the text is not JSON. */
export const tryParseJson = (text: string, fallback?: unknown): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};
