import type { StateStorage } from 'zustand/middleware';
import type { StoreApi } from 'zustand/vanilla';
import { isArray, isDict } from '../core/dict.js';
import { reviveError, serializeError } from './errors.js';
import { newThread, snapshot } from './thread-actions.js';
import { buildChildren, isReservedId, openCalls, rootOrphans, walkUp } from './tree.js';
import type { ChatMessage, ChatState, ThreadData, ThreadSummary } from './types.js';
import { EMPTY_USAGE, usageOf } from './usage.js';

/**
 * Persistence of a store's threads: read at creation (or by `rehydrate()`), written on every
 * update. Only data is written (messages, their tree, threads, usage): never the client, its API
 * key, or callbacks. Written as JSON `{ state, version: 1 }`: the format of zustand's `persist`
 * middleware, which this replaces, so what it saved reads as before.
 */
export interface ChatPersistOptions {
  /**
   * The storage key, one per chat: two chats shown at once on one key (two windows, a compare
   * page's two hooks) write over each other's threads, with no error; after a reload both show
   * the one that wrote last. Development builds warn in the console when a second chat is
   * mounted on a key.
   */
  key: string;
  /**
   * Any string storage, sync or async (IndexedDB wrappers, AsyncStorage...). Default:
   * `localStorage` when there is one (persistence is off otherwise, e.g. during SSR).
   */
  storage?: StateStorage | undefined;
  /**
   * While a reply streams, write at most once per `throttleMs` (default 250), and after ten times
   * as long as the last write took at least (a large chat); `0` writes every update.
   */
  throttleMs?: number | undefined;
  /**
   * Don't read the storage at creation; call `store.rehydrate()` (after SSR hydration, say).
   * Nothing is written before that read: what changes here first is merged with what was saved.
   */
  skipHydration?: boolean | undefined;
}

/** What is written: the active thread's data plus the thread list and the other threads. */
export interface PersistedChat extends ThreadData {
  /** The id of the active thread (whose data is this object's own fields). */
  threadId: string;
  /** The thread list. */
  threads: ThreadSummary[];
  /** The data of the other threads, by thread id. */
  threadData: Record<string, ThreadData>;
  /** Ids of recently deleted threads, so that other tabs drop them too. */
  deleted?: string[];
  /** Ids of recently removed messages (a clear, an empty reply retried), likewise. */
  removed?: string[];
  /** Each thread's revision (see `followOtherTab`). */
  revs?: Record<string, number>;
}

/** The fields of a `StorageEvent` read here (the type is DOM-only). */
interface StorageEventLike {
  key: string | null;
  newValue: string | null;
  storageArea: unknown;
}

/**
 * How persistence reports back to the store: a failure, a success, whether a reply streams,
 * whether the user changed the chat the store started with (its messages or threads), and what
 * stops what runs here when the page goes (`pagehide`), so the tabs that follow read it as cut.
 */
export type PersistenceHooks = [
  onFailure: (error: unknown) => void,
  onSuccess: () => void,
  isStreaming: () => boolean,
  acted: (state: ChatState) => boolean,
  abort: () => void,
];

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * What each thread was when the storage last took a write of this tab's, or this tab read it, by
 * identity: its messages and its summary. A thread whose objects are still these has not changed
 * here since.
 */
type Marks = Map<string, readonly [unknown, ThreadSummary]>;
type Marked = Record<string, ChatMessage> | undefined;

const marksOf = (state: PersistedChat): Marks =>
  new Map(
    state.threads.map((thread) => [
      thread.id,
      [thread.id === state.threadId ? state.messages : state.threadData[thread.id]?.messages, thread],
    ]),
  );

/**
 * The writes the throttle holds, of every store: a store reading the storage first makes the
 * others write what they hold (a window put in place of another while a reply streams, whose
 * store is created before the old one stops, reads it all).
 */
const held = new Set<() => void>();

/**
 * How far a message's copy got: streaming, cut, ended. A copy another tab wrote is never taken
 * over one further along (a partial copy it read mid-stream and wrote again, over the end).
 */
const finish = (message: ChatMessage) => ['streaming', 'incomplete'].indexOf(message.status) >>> 0;

/** `value` when it is an array (stored data is read as untrusted), else none. */
const list = (value: unknown) => (isArray(value) ? value : []);
/** `value` when it is a dict, else an empty one. */
const dict = (value: unknown) => (isDict(value) ? value : {});

function restoreMessage(value: unknown, live?: boolean): ChatMessage | undefined {
  // A message whose id or parent is a name every object inherits is dropped, as such ids are
  // refused when given (`linearThread`): under `toString`, its siblings were the inherited
  // function, and the whole history failed to load (the next write then erased it).
  if (
    !isDict(value) ||
    typeof value.id !== 'string' ||
    typeof value.role !== 'string' ||
    isReservedId(value.id) ||
    isReservedId(value.parentId)
  )
    return undefined;
  const message = { ...value } as unknown as ChatMessage;
  if (message.status === 'streaming' && !live) message.status = 'incomplete';
  if (message.error !== undefined) {
    const error = reviveError(message.error);
    if (error) message.error = error;
    else delete message.error;
  }
  if (isDict(message.toolCalls) && !live) {
    // Entries, not assignments: a call id is the model's, and `calls.__proto__ = status` sets a
    // prototype (the call's status was then never written again).
    message.toolCalls = Object.fromEntries(
      Object.entries(message.toolCalls).map(([id, status]) => [
        id,
        // Stored data is read as untrusted: a status that is not an object fails nothing.
        status?.state === 'running' || status?.state === 'streaming'
          ? { ...status, state: 'error', error: 'Interrupted: the page was reloaded while this call ran.' }
          : status,
      ]),
    );
  }
  return message;
}

/**
 * A thread's data: `messages`, the path from the root to the last of `ids` they hold (rebuilt, so
 * ids that were edited or cut can't disagree with the tree: the store relies on `ids` being the
 * path to its tip), and `usage` (the messages' sum unless given).
 */
const threadOf = (
  messages: Record<string, ChatMessage>,
  ids: readonly unknown[],
  usage = usageOf(messages),
): ThreadData => ({
  ids: walkUp(
    messages,
    ids.findLast((id): id is string => typeof id === 'string' && Object.hasOwn(messages, id)),
  ),
  messages,
  children: buildChildren(messages),
  usage,
});

/**
 * Rebuilds one thread's data from its JSON form: a stream cut by the reload is `incomplete`,
 * unless `live` (another tab's write, whose stream may still run there).
 */
export function restoreThread(value: unknown, live?: boolean): ThreadData {
  const data = dict(value);
  const restored: Record<string, ChatMessage> = {};
  for (const item of Object.values(dict(data.messages))) {
    const message = restoreMessage(item, live);
    if (message) restored[message.id] = message;
  }
  const messages = rootOrphans(restored);
  return openCalls(threadOf(messages, list(data.ids), { ...EMPTY_USAGE, ...dict(data.usage) }));
}

/** The saved thread list, with a summary made up for the saved active thread if it lacks one. */
function savedThreads(persisted: Record<string, unknown>, threadId: unknown): ThreadSummary[] {
  const threads = list(persisted.threads)
    .filter((thread): thread is ThreadSummary => isDict(thread) && typeof thread.id === 'string')
    // A title that is not text (storage another app or version wrote) threw where it is shown.
    // 'New chat' is DEFAULT_THREAD_TITLE written out: the build keeps the exported constant as a
    // variable where another module reads it (7 B more in `{ useChatStream }`, 26 B in ChatWindow).
    .map((thread) => (typeof thread.title === 'string' ? thread : { ...thread, title: 'New chat' }));
  if (typeof threadId === 'string' && !threads.some((thread) => thread.id === threadId)) {
    threads.unshift(newThread(threadId, 'New chat', Date.now()));
  }
  return threads;
}

/**
 * Replaced by bundlers (`process.env.NODE_ENV`); this package's code reads nothing else of it, and
 * reads it in `try` (a page that imports the built files without a bundler has none).
 */
declare const process: { env: { NODE_ENV?: string } };

/**
 * Development builds only (`process.env.NODE_ENV` not `'production'`; production builds drop
 * this): how many mounted chats follow each key of each storage, to warn when two chats share one.
 */
const followers = /* @__PURE__ */ new WeakMap<object, Map<string, number>>();

/**
 * Development builds only: counts a mounted chat on `key` of `storage`, and warns (once per key
 * and storage) when another is mounted on it too. Returns the uncount.
 */
function followKey(storage: object, key: string): () => void {
  const keys = followers.get(storage) ?? new Map<string, number>();
  followers.set(storage, keys);
  const count = (keys.get(key) ?? 0) + 1;
  keys.set(key, count);
  if (count === 2)
    console.warn(
      `react-chat-completions: two chats are persisted under the key "${key}" at once. Each writes ` +
        "over the other's conversations; after a reload both show the one that wrote last. Give " +
        'each chat its own `persist.key`.',
    );
  return () => keys.set(key, keys.get(key)! - 1);
}

/** A store's persistence: reading the storage, and following other tabs (the store's methods). */
export interface ChatPersistence {
  /**
   * Reads the storage and merges what it holds (at creation unless `skipHydration`). Only the
   * latest read counts: one that answers after a later one started is dropped. Resolves once
   * read (at once with sync storage); never rejects.
   */
  rehydrate(): Promise<void>;
  /** Whether a read has finished (stays true while a later one runs). */
  hasHydrated(): boolean;
  /**
   * Follows other tabs' writes until the returned stop is called: each one is read as
   * `rehydrate` reads the storage (merged with what this tab has). When the page goes
   * (`pagehide`), the hooks' `abort` stops what runs, so what streams here is written as cut for the
   * tabs that follow.
   */
  syncTabs(): () => void;
}

/**
 * The persistence of a chat store, or `undefined` when there is no storage (no `localStorage`
 * and none given): the store then lives in memory. Every `setState` of the store is written from
 * then on (lazily: the JSON is built when written, at most once per `throttleMs` while a reply
 * streams); the storage is read at once unless `skipHydration`.
 */
export function createPersistence(
  config: ChatPersistOptions,
  [onFailure, onSuccess, isStreaming, acted, abort]: PersistenceHooks,
  store: StoreApi<ChatState>,
): ChatPersistence | undefined {
  let { storage, key } = config;
  // `localStorage` by default, when there is one (reading it throws where it is blocked).
  if (!storage) {
    try {
      const local = (globalThis as { localStorage?: StateStorage }).localStorage;
      if (typeof local?.getItem === 'function') storage = local;
    } catch {}
  }
  if (!storage) return undefined;
  const throttleMs = config.throttleMs ?? 250;
  // What this tab knows of the storage's other writers (see `followOtherTab`).
  // What each thread was when the storage last took a write of this tab's, or this tab read it.
  let storedMarks: Marks = new Map();
  // Each thread's revision: raised by a write that carries a change of it (once the storage took
  // it), taken from another tab's write when its version is taken. Revisions end in a number of
  // this tab's own (the last three digits), so that two tabs raising the same revision at once
  // still differ.
  let revisions: Record<string, number> = {};
  // This tab's number, 0 to 999.
  const tab = Math.floor(Math.random() * 1000);
  // Ids of deleted threads (the latest 100), written along so other tabs drop them too.
  let deletedIds: string[] = [];
  // Ids of messages removed from threads still listed (the latest 1000), likewise.
  let removedIds: string[] = [];
  // Set once the storage was read. Writes wait for it (`skipHydration`, async storage), so that
  // they never replace what was saved before it is merged in; reading again follows the storage
  // as another tab's write.
  let storageRead = false;

  /**
   * Another tab wrote `persisted`, or `rehydrate()` read it again (or async storage answered after
   * the user started chatting: then everything here counts as changed). Per thread:
   * - listed in both, in another version: the two are merged. The messages either has stay, but
   *   those either tab removed (a clear); from a newer version (a higher revision), its copy of
   *   every message unchanged here (a reply that went on there), and its title where ours is
   *   unchanged. Unchanged here since this tab's last write or read, the thread is the saved one
   *   (with what only this tab has: the other tab wrote over it without reading it, so a write is
   *   due); changed here, or the thread a reply streams into, it stays ours (what it lacks joins,
   *   as a branch); a write is due when ours has what the storage lacks;
   * - deleted there: it goes, unless changed here or a reply streams into it;
   * - saved threads new here appear, unless this tab deleted them;
   * - a thread never written and empty (the one a tab opens with) goes: the tab shows what the
   *   other tab wrote, as if opened after that write, and no empty thread is added to the others.
   * Returns the new state, whether a write is due, and the threads that went (ours among them when
   * the active one did: it is still there, for `deleteThread` to move to another).
   */
  function followOtherTab(
    persisted: Record<string, unknown>,
    current: ChatState,
    busy: boolean,
  ): [state: ChatState, write: boolean, gone: string[]] {
    const theirs = new Map(savedThreads(persisted, persisted.threadId).map((thread) => [thread.id, thread]));
    const revs = dict(persisted.revs) as Record<string, number>;
    const saved = (id: string) => {
      const data = restoreThread(
        id === persisted.threadId ? persisted : dict(persisted.threadData)[id],
        storageRead,
      );
      revisions[id] = Math.max(revisions[id] ?? 0, revs[id] ?? 0);
      return data;
    };
    const mine = marksOf(current);
    const tombstones = new Set(deletedIds);
    const removedThere = new Set<unknown>(list(persisted.removed));
    const removedHere = new Set(removedIds);
    const threads: ThreadSummary[] = [];
    const threadData: Record<string, ThreadData> = {};
    let state = current;
    let write = false;
    const gone: string[] = [];
    for (const [id, thread] of theirs) {
      if (mine.has(id)) continue;
      if (storedMarks.has(id) || tombstones.has(id))
        write = true; // deleted here
      else {
        // New here (never the active thread: that one is listed here).
        threadData[id] = saved(id);
        storedMarks.set(id, [threadData[id].messages, thread]);
        threads.push(thread);
      }
    }
    for (const id of list(persisted.deleted)) tombstones.add(id);
    deletedIds = [...tombstones].slice(-100);
    for (const [id, [messages, ours]] of mine) {
      let thread = ours;
      const mark = storedMarks.get(id);
      const other = theirs.get(id);
      const active = id === current.threadId;
      let data = active ? snapshot(current) : current.threadData[id];
      const newer = (revs[id] ?? 0) > (revisions[id] ?? 0);
      const differs = (revs[id] ?? 0) !== (revisions[id] ?? 0);
      const changed = mark?.[0] !== messages || mark?.[1] !== thread;
      const streaming = active && busy;
      const keep = changed || streaming;
      // Deleted (listed still by a tab whose reply streamed into it, kept meanwhile): it goes below.
      if (keep || (other && !tombstones.has(id))) {
        // Unchanged and streaming: the stream's next write carries it (writing now would answer
        // every write of the other tab with one of ours, for as long as the reply streams).
        // Unchanged, ours newer (the other tab has not seen our last write yet): a write is due.
        write ||= changed || (!keep && differs && !newer);
        // Another version (two tabs may each have written without reading the other's write):
        // the threads are merged, its copies taken from a newer one only, and its path too when
        // this tab shows what it extends; so is a title it gave since where this tab kept its
        // own. What is taken counts as read: a newer copy replaces it; what only this tab has
        // counts as changed here (written).
        if (other && differs) {
          const marked = mark?.[0] as Marked;
          const taken = saved(id);
          // Merged: the messages new here (neither here nor removed here, since `marked` or
          // before) join; from a newer version, its copy of every message unchanged here since
          // `marked` replaces ours (unless ours got further); the messages its tab (or one it
          // heard of) removed go, unless a reply streams into the thread. Messages left without
          // their parent become roots.
          const ours = data ?? taken;
          const known = ours.messages;
          const all = { ...known };
          let merged = false;
          if (!streaming) for (const key in all) if (removedThere.has(key)) merged = delete all[key];
          for (const [key, message] of Object.entries(taken.messages))
            if (
              known[key]
                ? newer && known[key] === marked?.[key] && finish(message) >= finish(known[key])
                : !marked?.[key] && !removedHere.has(key)
            ) {
              all[key] = message;
              merged = true;
            }
          // `same`: the merge is the saved version itself (nothing to write); neither that nor
          // `merged`: ours, as it was.
          const same = Object.keys({ ...all, ...taken.messages }).every(
            (key) => all[key] === taken.messages[key],
          );
          if (same || merged) {
            const messages = same ? taken.messages : rootOrphans(all);
            // The path ends where ours did, or where theirs does when this tab, unchanged, shows
            // what it extends (and when ours is gone; an empty one here gives theirs either way).
            const path =
              !keep && newer && (!active || taken.ids.includes(current.ids.at(-1) as string))
                ? [...ours.ids, ...taken.ids]
                : [...taken.ids, ...ours.ids];
            data = threadOf(messages, path);
          }
          // Unchanged here, ours may still hold what the saved version lacks (the other tab wrote
          // over our write without reading it): it then counts as changed here, and is written.
          // Only a newer version counts as read (its revision is ours now): merged with an older
          // one, the thread is changed here, and its write raises the revision.
          if (same || merged || (newer && !keep)) {
            write ||= !same;
            if (mark && newer)
              storedMarks.set(id, [same ? taken.messages : { ...marked, ...taken.messages }, mark[1]]);
          }
          if (newer && thread.title === mark?.[1].title) {
            thread = thread === mark[1] ? other : { ...thread, title: other.title };
            storedMarks.set(id, [storedMarks.get(id)?.[0], other]);
          }
        }
      } else if (!tombstones.has(id) && (id in revisions || data?.ids.length))
        write = true; // the other tab has not seen it yet (written: it has a revision, 0 if untouched)
      // Deleted there, or never written and empty (this tab's first thread): it goes, and then
      // `deleteThread` drops its parked queue (and moves off it when it is the active one).
      else {
        gone.push(id);
        // Listed there still (by the tab a reply streamed into it): this tab's write drops it.
        if (other) write = true;
        if (!active) continue;
      }
      threads.push(thread);
      // Deleted there (kept while its reply streams here): what is queued in it is not sent.
      if (active) state = { ...state, ...data, ...(tombstones.has(id) && { queue: [] }) };
      else if (data) threadData[id] = data;
    }
    removedIds = [...new Set([...removedHere, ...removedThere] as string[])].slice(-1000);
    // Threads only this tab has first (made here since, in its order), then the saved list's order.
    const order = [...theirs.keys()];
    threads.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return [{ ...state, threads, threadData }, write, gone];
  }

  // Writes. Every update marks a write due; it is made at once, or at most once per `throttleMs`
  // while a reply streams, from the state then (the same as at the last update: every change of
  // the state but a read's goes through `setState`). Held until the storage was read (its read
  // writes it). The last write sent, its revisions and marks: one sent before the last is
  // answered raises above them, the threads it changes since.
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent: Record<string, number> = {};
  let sentMarks: Marks = new Map();
  /** The last read found another version's chat: nothing is written over it, read first or not. */
  let foreign = false;
  // How long the last write took (a large chat's JSON and a sync `setItem` can take tens of ms):
  // while a reply streams, the next waits ten times that at least, so saving takes a tenth of the
  // main thread at most, however large the chat grows.
  let cost = 0;
  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    held.delete(write);
    if (!pending || !storageRead || foreign) return;
    pending = false;
    const start = Date.now();
    const current = store.getState();
    const state: PersistedChat = {
      ...snapshot(current),
      threadId: current.threadId,
      threads: current.threads,
      threadData: current.threadData,
    };
    const marks = marksOf(state);
    // Deleted: stored, or sent in a write not answered yet (async storage may store it still).
    for (const id of [...storedMarks.keys(), ...sentMarks.keys()]) if (!marks.has(id)) deletedIds.push(id);
    deletedIds = [...new Set(deletedIds)].slice(-100);
    // Removed messages: in a thread's stored or sent version, not in it now (unless back again).
    for (const [id, [messages]] of marks)
      for (const mark of [storedMarks.get(id), sentMarks.get(id)])
        if (mark?.[0] !== messages)
          for (const key in mark?.[0] as Marked) if (!(messages as Marked)?.[key]) removedIds.push(key);
    removedIds = [...new Set(removedIds)]
      .filter((key) => ![...marks.values()].some(([messages]) => (messages as Marked)?.[key]))
      .slice(-1000);
    const revs: Record<string, number> = {};
    for (const [id, [messages, thread]] of marks) {
      const rev = revisions[id] ?? 0;
      const same = (mark?: readonly [unknown, ThreadSummary]) =>
        mark?.[0] === messages && mark?.[1] === thread;
      revs[id] = same(storedMarks.get(id))
        ? rev
        : same(sentMarks.get(id))
          ? (sent[id] as number)
          : Math.floor(Math.max(rev, sent[id] ?? 0) / 1000 + 1) * 1000 + tab;
    }
    // What a write carries counts as stored once the storage took it (at once, or when async
    // storage answers): after a refusal, what this tab changed since its last stored write still
    // counts as changed, and nothing else does; its revisions, never stored, do not make other
    // tabs' later changes look older (they are taken). A failure (quota, private mode, an async
    // rejection, a value JSON can't write) is reported, never thrown.
    try {
      const result = storage.setItem(
        key,
        JSON.stringify(
          { state: { ...state, deleted: deletedIds, removed: removedIds, revs }, version: 1 },
          (_key, value) => (value instanceof Error ? serializeError(value) : value),
        ),
      );
      const stored = () => {
        // Merged: a thread taken from another tab after this write was sent keeps its mark (an
        // older write answered last no longer makes it look new, so that deleting it holds).
        for (const id of deletedIds) storedMarks.delete(id);
        for (const [id, mark] of marks) storedMarks.set(id, mark);
        Object.assign(revisions, revs);
        onSuccess();
      };
      if (isPromiseLike(result)) result.then(stored, onFailure);
      else stored();
      sent = revs;
      sentMarks = marks;
    } catch (error) {
      onFailure(error);
    }
    cost = Date.now() - start;
  };
  /**
   * A write is due (`merged`: the state was merged from a read of the storage, which holds it
   * already: written only when a write of ours is pending, which must then carry it).
   */
  const save = (merged?: boolean) => {
    if (merged && !pending) return;
    pending = true;
    if (throttleMs > 0 && isStreaming()) {
      if (!timer) {
        timer = setTimeout(write, Math.max(throttleMs, cost * 10));
        held.add(write);
      }
      return;
    }
    write();
  };
  const set = store.setState;
  store.setState = ((...args: Parameters<typeof set>) => {
    set(...args);
    save();
  }) as typeof set;

  // Reads. A failure to read (a throw, an async rejection) is reported, and is no read (`false`).
  let reads = 0;
  let hydrated = false;
  const read = (): string | null | false | Promise<string | null | false> => {
    const failed = (error: unknown) => {
      onFailure(error);
      return false as const;
    };
    for (const other of held) if (other !== write) other();
    try {
      const value = storage.getItem(key) ?? null;
      return isPromiseLike(value) ? Promise.resolve(value).catch(failed) : value;
    } catch (error) {
      return failed(error);
    }
  };
  const hydrate = () => {
    const current = ++reads;
    const apply = (value: string | null | undefined | false) => {
      if (current !== reads) return;
      try {
        // Nothing saved: `null`, or `undefined` from async storages such as idb-keyval.
        const saved = value ? JSON.parse(value) : null;
        // Not read (the storage failed, or a value of another version: there are no migrations,
        // reported): nothing is written over it until a read succeeds; the chat goes on in memory.
        // Another tab on another version may write it after this tab read its own: held again.
        if (value === false || (typeof saved?.version === 'number' && saved.version !== 1)) {
          if (saved) {
            foreign = true;
            onFailure(new Error(`Saved chat version ${saved.version} is kept; this chat is not saved.`));
          }
          return;
        }
        foreign = false;
        const persisted: unknown = saved?.state;
        const current = store.getState();
        // Read again (`rehydrate()`, another tab's write): what this tab deleted or has not
        // written yet stays, what other tabs wrote since is taken. Read first, after the user
        // started chatting (async storage, `skipHydration`): everything here counts as changed
        // (nothing was written), and their thread stays active. The chat the store started with
        // (`initialMessages`) only stands when nothing was saved.
        let state = current;
        // Merged: whether a write is due (`undefined`: not merged), and the threads that went.
        let writeDue: boolean | undefined;
        let gone: string[] = [];
        if (storageRead ? isDict(persisted) : acted(current)) {
          [state, writeDue, gone] = followOtherTab(Object(persisted), current, isStreaming());
        } else if (isDict(persisted)) {
          // Read first (nothing written or merged yet, these are still empty): what was saved.
          deletedIds = list(persisted.deleted);
          removedIds = list(persisted.removed);
          revisions = dict(persisted.revs) as Record<string, number>;
          const threadId = typeof persisted.threadId === 'string' ? persisted.threadId : current.threadId;
          const threads = savedThreads(persisted, threadId);
          const threadData: Record<string, ThreadData> = {};
          for (const [id, data] of Object.entries(dict(persisted.threadData))) {
            if (id !== threadId) threadData[id] = restoreThread(data);
          }
          state = {
            ...current,
            ...restoreThread(persisted),
            threadId,
            threads,
            threadData,
            status: 'idle',
            error: undefined,
          };
        }
        set(state, true);
        const next = store.getState();
        // What was read first, nothing having changed here, is what the storage holds.
        if (writeDue === undefined && !storageRead) storedMarks = marksOf(next);
        storageRead = true;
        save(!writeDue);
        gone.forEach(next.deleteThread);
      } catch (error) {
        onFailure(error);
        // Writes go on after a value JSON can't read (what was held goes with the next update).
        storageRead = true;
        foreign = false;
      } finally {
        // Read, also when what was saved could not be (its error is the store's `storageError`).
        hydrated = true;
      }
    };
    const value = read();
    return isPromiseLike(value) ? value.then(apply) : Promise.resolve(apply(value));
  };

  // Other tabs' writes arrive as `storage` events, sent for `localStorage` and `sessionStorage`:
  // each is read as `rehydrate()` reads the storage.
  const syncTabs = () => {
    const onStorage = (event: Event & Partial<StorageEventLike>) => {
      const { key: changed, newValue, storageArea } = event;
      // A value the storage no longer holds was overwritten here: the event of that write follows.
      if (changed === key && storageArea === storage && newValue && newValue === storage.getItem(key))
        void hydrate();
    };
    const target = globalThis as Partial<EventTarget>;
    target.addEventListener?.('storage', onStorage);
    target.addEventListener?.('pagehide', abort);
    let unfollow: (() => void) | undefined;
    try {
      // Read, not looked up with `typeof`: bundlers replace `process.env.NODE_ENV` but leave
      // `process` alone (Vite's dev server, webpack 5: none in the page). A page with neither
      // throws here.
      if (process.env.NODE_ENV !== 'production') unfollow = followKey(storage, key);
    } catch {}
    return () => {
      target.removeEventListener?.('storage', onStorage);
      target.removeEventListener?.('pagehide', abort);
      unfollow?.();
    };
  };
  if (!config.skipHydration) void hydrate();
  return { rehydrate: hydrate, hasHydrated: () => hydrated, syncTabs };
}
