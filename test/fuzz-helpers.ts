/** What the fuzz tests throw when an invariant breaks (told apart from the code's own errors). */
export class Broken extends Error {
  override name = 'InvariantBroken';
}

/** Throws `Broken` with the message (built only when it breaks) unless `condition` holds. */
export function must(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new Broken(typeof message === 'string' ? message : message());
}
