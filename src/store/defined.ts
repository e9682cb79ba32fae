/** `T` without `undefined` values: each field is left out or set. */
export type Defined<T> = { [Key in keyof T]?: Exclude<T[Key], undefined> };

/**
 * The own fields of `record` that are not `undefined` (none for `false` or `undefined`). Options
 * spread over defaults go through it, so that a field set to `undefined` (`model={selectedModel}`
 * before a choice) keeps the default, as a field left out does, instead of replacing it.
 */
export const defined = <T extends object>(record: T | false | undefined): Defined<T> =>
  Object.fromEntries(Object.entries(record || {}).filter((entry) => entry[1] !== undefined)) as Defined<T>;
