/** What a store's id is for: a message, a thread or a queued message. */
export type IdPrefix = 'msg' | 'thread' | 'queued';

let counter = 0;

/**
 * Creates short unique ids like `msg_lq2k3x9a_1f_k3j2` (time, a counter and randomness), so ids
 * sort roughly by creation and never collide within a page or across reloads.
 */
export function createId(prefix: string): string {
  counter = (counter + 1) % 1679616;
  const random = Math.floor(Math.random() * 1679616).toString(36);
  return `${prefix}_${Date.now().toString(36)}_${counter.toString(36)}_${random}`;
}
