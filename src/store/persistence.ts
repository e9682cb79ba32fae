import {
  createJSONStorage,
  type PersistOptions,
  type PersistStorage,
  type StateStorage,
} from 'zustand/middleware';
import { reviveError, serializeError } from './errors.js';
import { DEFAULT_THREAD_TITLE } from './thread-actions.js';
import { buildChildren, walkUp } from './tree.js';
import type { ChatMessage, ChatState, ThreadData, ThreadSummary, ToolCallStatus } from './types.js';
import { EMPTY_USAGE } from './usage.js';

/**
 * Persistence of a store's threads through zustand's `persist` middleware. Only data is written
 * (messages, their tree, threads, usage): never the client, its API key, or callbacks.
 */
export interface ChatPersistOptions {
  /** The storage key. */
  key: string;
  /**
   * Any string storage, sync or async (IndexedDB wrappers, AsyncStorage...). Default:
   * `localStorage` when there is one (persistence is off otherwise, e.g. during SSR).
   */
  storage?: StateStorage;
  /** While a reply streams, write at most once per `throttleMs` (default 250); `0` writes every update. */
  throttleMs?: number;
  /** Don't read the storage at creation; call `store.rehydrate()` (after SSR hydration, say). */
  skipHydration?: boolean;
}

/** What is written: the active thread's data plus the thread list and the other threads. */
export interface PersistedChat extends ThreadData {
  threadId: string;
  threads: ThreadSummary[];
  threadData: Record<string, ThreadData>;
}

/** How persistence reports back to the store. */
export interface PersistenceHooks {
  onFailure(error: unknown): void;
  onSuccess(): void;
  isStreaming(): boolean;
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function defaultStorage(): StateStorage | undefined {
  try {
    const storage = (globalThis as { localStorage?: StateStorage }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : undefined;
  } catch {
    return undefined;
  }
}

/** Wraps a storage so that failures (quota, private mode, async rejections) are reported, not thrown. */
function safeStorage(storage: StateStorage, hooks: PersistenceHooks): StateStorage {
  const guard = (action: () => unknown) => {
    try {
      const result = action();
      if (isPromiseLike(result)) result.then(hooks.onSuccess, hooks.onFailure);
      else hooks.onSuccess();
    } catch (error) {
      hooks.onFailure(error);
    }
  };
  return {
    getItem(name) {
      try {
        const result = storage.getItem(name);
        if (!isPromiseLike(result)) return result;
        return Promise.resolve(result).catch((error: unknown) => {
          hooks.onFailure(error);
          return null;
        });
      } catch (error) {
        hooks.onFailure(error);
        return null;
      }
    },
    setItem: (name, value) => guard(() => storage.setItem(name, value)),
    removeItem: (name) => guard(() => storage.removeItem(name)),
  };
}

/**
 * Serializes lazily: the middleware hands over the state on every update, but the JSON is only
 * built when written, at most once per `throttleMs` while a reply streams.
 */
function throttledStorage(
  json: PersistStorage<PersistedChat>,
  throttleMs: number,
  hooks: PersistenceHooks,
): PersistStorage<PersistedChat> {
  let pending: { name: string; value: Parameters<PersistStorage<PersistedChat>['setItem']>[1] } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    timer = undefined;
    const item = pending;
    pending = undefined;
    if (!item) return;
    try {
      json.setItem(item.name, item.value);
    } catch (error) {
      hooks.onFailure(error);
    }
  };
  return {
    getItem: (name) => json.getItem(name),
    setItem(name, value) {
      pending = { name, value };
      if (throttleMs > 0 && hooks.isStreaming()) {
        timer ??= setTimeout(write, throttleMs);
        return;
      }
      if (timer !== undefined) clearTimeout(timer);
      write();
    },
    removeItem: (name) => json.removeItem(name),
  };
}

const INTERRUPTED = 'Interrupted: the page was reloaded while this call ran.';

function restoreMessage(value: unknown): ChatMessage | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.role !== 'string') return undefined;
  const message = { ...value } as unknown as ChatMessage;
  if (message.status === 'streaming') message.status = 'incomplete';
  if (message.error !== undefined) {
    const error = reviveError(message.error);
    if (error) message.error = error;
    else delete message.error;
  }
  if (isRecord(message.toolCalls)) {
    const calls: Record<string, ToolCallStatus> = {};
    for (const [id, status] of Object.entries(message.toolCalls)) {
      calls[id] =
        status.state === 'running' || status.state === 'streaming'
          ? { ...status, state: 'error', error: INTERRUPTED }
          : status;
    }
    message.toolCalls = calls;
  }
  return message;
}

/** Rebuilds one thread's data from its JSON form: a stream cut by the reload is `incomplete`. */
export function restoreThread(value: unknown): ThreadData {
  const data = isRecord(value) ? value : {};
  const messages: Record<string, ChatMessage> = {};
  for (const item of Object.values(isRecord(data.messages) ? data.messages : {})) {
    const message = restoreMessage(item);
    if (message) messages[message.id] = message;
  }
  // The active path is rebuilt from its last known message up, so stored ids that were edited or
  // cut can't disagree with the tree (the store relies on `ids` being the path to its tip).
  const tip = (Array.isArray(data.ids) ? data.ids : []).findLast(
    (id): id is string => typeof id === 'string' && id in messages,
  );
  const ids = tip === undefined ? [] : walkUp(messages, tip);
  const usage = isRecord(data.usage) ? { ...EMPTY_USAGE, ...data.usage } : EMPTY_USAGE;
  return { ids, messages, children: buildChildren(messages), usage };
}

const threadOf = (state: ThreadData): ThreadData => ({
  ids: state.ids,
  messages: state.messages,
  children: state.children,
  usage: state.usage,
});

/**
 * Async storage answered after the user started chatting: what they did wins (their active thread
 * stays active, and a saved thread whose id they now use is theirs), but every saved thread is
 * kept, listed after theirs (the list is newest first) in its stored order.
 */
function combineWithSaved(persisted: Record<string, unknown>, current: ChatState): ChatState {
  const mine = new Set([current.threadId, ...current.threads.map((thread) => thread.id)]);
  for (const id of Object.keys(current.threadData)) mine.add(id);
  const threadData: Record<string, ThreadData> = {};
  const add = (id: string, data: unknown) => {
    if (!mine.has(id) && !(id in threadData)) threadData[id] = restoreThread(data);
  };
  if (typeof persisted.threadId === 'string') add(persisted.threadId, persisted);
  for (const [id, data] of Object.entries(isRecord(persisted.threadData) ? persisted.threadData : {})) {
    add(id, data);
  }
  const saved: ThreadSummary[] = [];
  for (const thread of Array.isArray(persisted.threads) ? persisted.threads : []) {
    if (!isRecord(thread) || typeof thread.id !== 'string' || mine.has(thread.id)) continue;
    mine.add(thread.id);
    saved.push(thread as unknown as ThreadSummary);
  }
  const now = Date.now();
  const unlisted = Object.keys(threadData)
    .filter((id) => !mine.has(id))
    .map((id): ThreadSummary => ({ id, title: DEFAULT_THREAD_TITLE, createdAt: now, updatedAt: now }));
  return {
    ...current,
    threads: [...current.threads, ...unlisted, ...saved],
    threadData: { ...threadData, ...current.threadData },
  };
}

/**
 * The `persist` middleware options for a chat store, or `undefined` when there is no storage
 * (no `localStorage` and none given): the store then lives in memory.
 */
export function createPersistOptions(
  config: ChatPersistOptions,
  hooks: PersistenceHooks,
): PersistOptions<ChatState, PersistedChat> | undefined {
  const storage = config.storage ?? defaultStorage();
  if (!storage) return undefined;
  const json = createJSONStorage<PersistedChat>(() => safeStorage(storage, hooks), {
    replacer: (_key, value) => (value instanceof Error ? serializeError(value) : value),
  });
  if (!json) return undefined;
  const persistStorage = throttledStorage(json, config.throttleMs ?? 250, hooks);
  const partialize = (state: ChatState): PersistedChat => ({
    ...threadOf(state),
    threadId: state.threadId,
    threads: state.threads,
    threadData: state.threadData,
  });
  // Set by a merge with what the user did before hydration, which was written over the saved threads.
  let combined = false;
  return {
    name: config.key,
    version: 1,
    storage: persistStorage,
    skipHydration: config.skipHydration ?? false,
    partialize,
    merge(persisted, current) {
      combined = false;
      if (!isRecord(persisted)) return current;
      // Async storage can answer after the user started chatting: their thread stays active.
      if (current.ids.length > 0 || current.threads.length > 1) {
        combined = true;
        return combineWithSaved(persisted, current);
      }
      const threads = (Array.isArray(persisted.threads) ? persisted.threads : []).filter(
        (thread): thread is ThreadSummary => isRecord(thread) && typeof thread.id === 'string',
      );
      const threadId = typeof persisted.threadId === 'string' ? persisted.threadId : current.threadId;
      const threadData: Record<string, ThreadData> = {};
      for (const [id, data] of Object.entries(isRecord(persisted.threadData) ? persisted.threadData : {})) {
        if (id !== threadId) threadData[id] = restoreThread(data);
      }
      if (!threads.some((thread) => thread.id === threadId)) {
        const now = Date.now();
        threads.unshift({ id: threadId, title: DEFAULT_THREAD_TITLE, createdAt: now, updatedAt: now });
      }
      return {
        ...current,
        ...restoreThread(persisted),
        threadId,
        threads,
        threadData,
        status: 'idle',
        error: undefined,
      };
    },
    onRehydrateStorage: () => (state, error) => {
      if (error) hooks.onFailure(error);
      // The middleware doesn't write a merged state: write it now, so the saved threads are back.
      else if (state && combined)
        persistStorage.setItem(config.key, { state: partialize(state), version: 1 });
      combined = false;
    },
  };
}
