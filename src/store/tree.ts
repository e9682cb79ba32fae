import { type Message, parseToolArguments, type ToolMessage } from '../core/index.js';
import type { IdPrefix } from './ids.js';
import type { ChatMessage, ThreadData } from './types.js';
import { addUsage, EMPTY_USAGE } from './usage.js';

/**
 * Whether `id` names a member every object inherits (`constructor`, `toString`, `__proto__`...):
 * as a key of `messages` or `children` it would read as a message or a list, or set a prototype.
 */
export const isReservedId = (id: unknown): boolean => `${id}` in Object.prototype;

/** The key of a parent in `children`: root messages sit under `''`. */
export const parentKey = (parentId: string | null | undefined): string => parentId ?? '';

/**
 * The ids from the root down to `id` (inclusive), walked up through `parentId`s; empty when `id`
 * is unknown or none.
 */
export function walkUp(messages: Record<string, ChatMessage>, id: string | null | undefined): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  let current = id == null ? undefined : messages[id];
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current.id);
    current = current.parentId === null ? undefined : messages[current.parentId];
  }
  return path.reverse();
}

/**
 * The ids from the root down to `id` (inclusive); empty when `id` is unknown. When the active
 * path ends at `id` (a send, a reply, tool results: the usual case) it is that path, `ids` itself,
 * with no walk: on a 10,000-message thread the walk is milliseconds per call. Do not mutate it.
 */
export const pathTo = (data: Pick<ThreadData, 'ids' | 'messages'>, id: string | null): readonly string[] =>
  id !== null && data.ids.at(-1) === id ? data.ids : walkUp(data.messages, id);

/** The active path from its last user message on (all of it when it has none). */
export function lastTurn(data: Pick<ThreadData, 'ids' | 'messages'>): (ChatMessage | undefined)[] {
  // Only the turn's messages are looked up: a long thread's earlier path is not copied.
  return data.ids
    .slice(
      Math.max(
        0,
        data.ids.findLastIndex((id) => data.messages[id]?.role === 'user'),
      ),
    )
    .map((id) => data.messages[id]);
}

/**
 * The active path through `id`: its ancestors, itself, then down through the most recent child
 * at every level (the version last created is the one last looked at, in practice).
 */
export function activePathThrough(data: Pick<ThreadData, 'messages' | 'children'>, id: string): string[] {
  const path = walkUp(data.messages, id);
  const seen = new Set(path);
  let tip = id;
  for (;;) {
    const next = data.children[tip]?.at(-1);
    if (next === undefined || seen.has(next)) return path;
    seen.add(next);
    path.push(next);
    tip = next;
  }
}

/**
 * A copy of `record` with `key` set to `value`. Copied key by key: V8 copies a large record (a
 * long thread's `messages` is in dictionary mode) about twice as fast so as with object spread,
 * and small ones no slower; a streaming reply copies `messages` once per frame.
 */
export function withEntry<T>(record: Record<string, T>, key: string, value: T): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const k of Object.keys(record)) copy[k] = record[k] as T;
  copy[key] = value;
  return copy;
}

/** Returns `data` with `message` added under its parent (a new sibling of existing children). */
export function addMessage<T extends Pick<ThreadData, 'messages' | 'children'>>(
  data: T,
  message: ChatMessage,
): Pick<ThreadData, 'messages' | 'children'> {
  const key = parentKey(message.parentId);
  const siblings = data.children[key] ?? [];
  return {
    messages: withEntry(data.messages, message.id, message),
    children: siblings.includes(message.id)
      ? data.children
      : withEntry(data.children, key, [...siblings, message.id]),
  };
}

/** Returns `data` with `message` added under its parent, and the active path ending at it. */
export const addToPath = (data: Pick<ThreadData, 'ids' | 'messages' | 'children'>, message: ChatMessage) => ({
  ...addMessage(data, message),
  ids: [...pathTo(data, message.parentId), message.id],
});

/** Returns `data` without the message `id` and its descendants. */
export function removeMessage(
  data: Pick<ThreadData, 'messages' | 'children'>,
  id: string,
): Pick<ThreadData, 'messages' | 'children'> {
  const target = data.messages[id];
  if (!target) return data;
  const messages = { ...data.messages };
  const children = { ...data.children };
  const doomed = [id];
  for (let index = 0; index < doomed.length; index++) {
    const current = doomed[index] as string;
    doomed.push(...(children[current] ?? []));
    delete messages[current];
    delete children[current];
  }
  const key = parentKey(target.parentId);
  const remaining = (children[key] ?? []).filter((child) => child !== id);
  if (remaining.length > 0) children[key] = remaining;
  else delete children[key];
  return { messages, children };
}

/**
 * Makes every message of `messages` whose parent is not among them a root (a new first message,
 * as an edit of the first one is), in place: a clear in one tab while another sent, or a message
 * stored data lost, leaves no parent id that names nothing. Returns `messages`.
 */
export function rootOrphans(messages: Record<string, ChatMessage>): Record<string, ChatMessage> {
  for (const message of Object.values(messages))
    if (message.parentId !== null && !messages[message.parentId])
      messages[message.id] = { ...message, parentId: null };
  return messages;
}

/** Rebuilds `children` from the messages' `parentId`s, in the record's (creation) order. */
export function buildChildren(messages: Record<string, ChatMessage>): Record<string, string[]> {
  const children: Record<string, string[]> = {};
  for (const message of Object.values(messages)) {
    const key = parentKey(message.parentId);
    children[key] ??= [];
    children[key].push(message.id);
  }
  return children;
}

/**
 * Gives the calls on the active path that have no status one: a call a `tool` message right after
 * its reply answers is `done`, with that message's content as `result`; an unanswered call of the
 * last reply whose arguments parse is `pending` (`addToolResult` answers it, as it answers a call
 * of a tool without `execute`). Such calls come with a conversation given or saved without their
 * statuses (wire messages, an older version's data) and with a reply `edit` copied. Others are
 * left as they are: a call cut short (arguments that do not parse) stays unanswered, and requests
 * leave it out. A reply it changes is put, a new object, in `data.messages` (a record of the
 * caller's own). Returns `data`.
 */
export function openCalls<T extends Pick<ThreadData, 'ids' | 'messages'>>(data: T): T {
  const { ids, messages } = data;
  ids.forEach((id, index) => {
    const reply = messages[id];
    if (reply?.role !== 'assistant') return;
    let toolCalls = reply.toolCalls;
    const answers: ToolMessage[] = [];
    while (messages[ids[++index] as string]?.role === 'tool')
      answers.push(messages[ids[index] as string] as ToolMessage);
    for (const call of reply.tool_calls ?? []) {
      if (toolCalls?.[call.id]?.state) continue;
      const answer = answers.find((item) => item.tool_call_id === call.id);
      const parsed = parseToolArguments(call.function.arguments ?? '');
      const args = (parsed as { value?: unknown }).value;
      if (answer || (index >= ids.length && parsed.ok))
        toolCalls = {
          ...toolCalls,
          [call.id]: answer ? { state: 'done', args, result: answer.content } : { state: 'pending', args },
        };
    }
    if (toolCalls !== reply.toolCalls) messages[id] = { ...reply, toolCalls: toolCalls! };
  });
  return data;
}

/**
 * A thread holding `list` as one linear path: each message's parent is the one before it; ids,
 * `createdAt` and `status` are kept when given, else assigned.
 */
export function linearThread(
  list: readonly (ChatMessage | Message)[],
  createId: (prefix: IdPrefix) => string,
  now: number,
): ThreadData {
  let parentId: string | null = null;
  let usage = EMPTY_USAGE;
  const ids: string[] = [];
  const messages: Record<string, ChatMessage> = {};
  // Each message is its predecessor's only child, so `children` is filled in the same pass (a
  // 10,000-message thread mounts without a second walk over the record). A repeated or empty id
  // can merge siblings, and ids starting with a digit may be array indices, which objects order
  // apart: then the record is walked as `buildChildren` does, for the same result.
  const children: Record<string, string[]> = {};
  let simple = true;
  // An index loop: the iterator's result objects of `for...of` are allocated until it is optimized.
  for (let index = 0; index < list.length; index++) {
    const given = list[index] as Partial<ChatMessage> & Message;
    const id = typeof given.id === 'string' ? given.id : createId('msg');
    // Messages and their children are records keyed by id: a name every object inherits would
    // read as a message (or set the prototype), so such an id is refused, not mangled.
    if (isReservedId(id)) {
      throw new TypeError(
        `Message id ${JSON.stringify(id)} is reserved (an Object.prototype member); use another id.`,
      );
    }
    // Empty or starting with a digit: no first character above '9' or below '0'.
    if (simple && (!(id[0]! > '9' || id[0]! < '0') || messages[id] !== undefined)) simple = false;
    const message = {
      ...given,
      id,
      parentId,
      createdAt: given.createdAt ?? now,
      status: given.status ?? 'done',
    } as ChatMessage;
    messages[id] = message;
    if (simple) children[parentKey(parentId)] = [id];
    usage = addUsage(usage, given.usage);
    ids.push(id);
    parentId = id;
  }
  return openCalls({ ids, messages, children: simple ? children : buildChildren(messages), usage });
}
