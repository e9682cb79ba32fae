import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { createChatClient, type Message } from '../core/index.js';
import { notify, type StoreContext } from './context.js';
import { createConversationActions } from './conversation-actions.js';
import { toError } from './errors.js';
import { createId, type IdPrefix } from './ids.js';
import {
  type ChatOptions,
  type ChatToolCallEvent,
  type ChatTools,
  createOptionsRegistry,
  type ResolvedChatOptions,
} from './options.js';
import { type ChatPersistOptions, createPersistence } from './persistence.js';
import { createRunner } from './runner.js';
import { createThreadActions, emptyThread, newThread, RESET, titleFor } from './thread-actions.js';
import { createToolActions } from './tool-actions.js';
import { linearThread } from './tree.js';
import type { ChatMessage, ChatState } from './types.js';

/**
 * Options of `createChatStore`: the request-time options plus what is fixed at creation. `Tools`
 * types `onToolCall` from `tools` (see `ChatToolCallEvent`).
 */
export interface ChatStoreOptions<Tools extends ChatTools = ChatTools, Event = ChatToolCallEvent<Tools>>
  extends ChatOptions<Tools, Event> {
  /**
   * The first thread's conversation (wire or store messages), as a linear path. Its first user
   * message with words names the thread, as a first `send` would.
   */
  initialMessages?: readonly (ChatMessage | Message)[] | undefined;
  /** Keep threads across reloads (localStorage by default). */
  persist?: ChatPersistOptions | undefined;
  /**
   * Makes the ids of new messages (`prefix` `'msg'`), threads (`'thread'`) and queued messages
   * (`'queued'`), for ids of a form of your own (`() => crypto.randomUUID()`). They must be unique
   * across tabs and reloads when the chat is persisted. Default: short ids like
   * `msg_lq2k3x9a_1f_k3j2` (time, a counter and randomness).
   */
  createId?: ((prefix: IdPrefix) => string) | undefined;
}

/** The chat store: a zustand store of `ChatState`, plus options and lifecycle controls. */
export interface ChatStoreApi extends StoreApi<ChatState> {
  /** Replaces the store's own options (hooks call this on every render; read at request time). */
  setOptions(options: ChatOptions): void;
  /**
   * Adds an options layer read at request time (a hook's); returns its removal. Later layers
   * win; `below` puts it under those attached so far, over the store's own (a `ChatProvider`
   * does: the hooks inside it attach first).
   */
  attachOptions(getOptions: () => ChatOptions, below?: boolean): () => void;
  /** The options a request would use now, every layer merged. */
  getOptions(): ResolvedChatOptions;
  /** Aborts the running reply and tools without starting queued messages (unmount, teardown). */
  abort(): void;
  /**
   * Reads the persisted threads (after `persist.skipHydration`). Read again, they are merged as
   * another tab's write is (see `syncTabs`): what this tab deleted or has not written yet stays,
   * what other tabs wrote since is taken. Resolves at once without persistence. Until a read
   * succeeds (one that failed, or found another version's chat, does not), nothing is written;
   * nor after a read that found another version's chat, until one finds version 1 (or nothing).
   */
  rehydrate(): Promise<void>;
  /**
   * Whether persisted threads have been read: true once the first read ended (also when what was
   * saved could not be read: see `storageError`), and during later reads. Always true without
   * persistence.
   */
  hasHydrated(): boolean;
  /**
   * Follows what other tabs write to the same persisted key, through the browser's `storage`
   * event (sent for `localStorage`, the default). Threads another tab added or changed appear
   * here and threads it deleted go, while whatever this tab changed since its last write, and
   * the thread a reply streams into, is kept (and written, so the other tab gets it); a thread
   * both changed is merged message by message (a clear in one goes to the other). Without
   * this, the tab that writes last overwrites the others' threads. When the page goes
   * (`pagehide`), what runs here stops, so the tabs that follow read it as cut (as a reload
   * would) instead of streaming forever. Returns the stop. The hooks
   * and `ChatProvider` call it while their own store is mounted; a no-op without persistence.
   */
  syncTabs(): () => void;
}

/**
 * Creates a chat store (zustand/vanilla). The store orchestrates: it sends requests through the
 * client, folds streamed chunks into one reply message (published at most once per frame), runs
 * tools, keeps the message tree for branches, the thread list, and optional persistence.
 *
 * @example
 * const store = createChatStore({ clientOptions: { apiKey }, request: { model: 'openai/gpt-4o-mini' } });
 * await store.getState().send('Hello');
 * selectActiveMessages(store.getState()); // [user, assistant]
 */
export function createChatStore<const Tools extends ChatTools = ChatTools>(
  options: ChatStoreOptions<Tools> = {},
): ChatStoreApi {
  const { initialMessages, persist: persistConfig, createId: makeId = createId, ...chatOptions } = options;
  const registry = createOptionsRegistry(chatOptions, createChatClient);
  const context: StoreContext = {
    // The store below: created after this, called only once it is (setState as persistence wraps it).
    get: () => store.getState(),
    set: (update) => store.setState(update),
    options: registry.getOptions,
    createId: makeId,
  };
  const runner = createRunner(context);

  let initial: ChatState | undefined;
  const initializer: StateCreator<ChatState> = () => {
    const threadId = makeId('thread');
    const now = Date.now();
    // biome-ignore lint/suspicious/noAssignInExpressions: kept to tell what the user changed since (`acted`)
    return (initial = {
      ...(initialMessages?.length ? linearThread(initialMessages, makeId, now) : emptyThread()),
      ...RESET,
      // DEFAULT_THREAD_TITLE written out (as in persistence.ts: the build inlines it then).
      threads: [newThread(threadId, titleFor('New chat', initialMessages), now)],
      threadId,
      threadData: {},
      storageError: undefined,
      ...createConversationActions(context, runner),
      ...createToolActions(context, runner),
      ...createThreadActions(context, runner),
    });
  };

  const store = createStore(initializer);
  const persistence =
    persistConfig &&
    createPersistence(
      persistConfig,
      [
        (error) => {
          queueMicrotask(() => {
            if (context.get().storageError) return;
            const storageError = toError(error);
            context.set({ storageError });
            const { callbacks } = registry.getOptions();
            if (callbacks.some((layer) => layer.onStorageError))
              notify(callbacks, 'onStorageError', storageError);
            else console.warn('[react-chat-completions] Could not persist the chat:', storageError);
          });
        },
        // After a failure's report (a microtask too): refused then taken at once, nothing shows.
        () => queueMicrotask(() => context.get().storageError && context.set({ storageError: undefined })),
        () => {
          const status = context.get().status;
          return status === 'streaming' || status === 'submitted';
        },
        // What the user changed since: the chat the store started with.
        (state) => state.ids !== initial?.ids || state.threads !== initial.threads,
        runner.abort,
      ],
      store,
    );

  // The persistence's rehydrate, hasHydrated and syncTabs go over the ones here, which serve
  // without it: nothing to read, no tab to follow.
  return Object.assign(
    store,
    registry,
    {
      abort() {
        runner.abort();
      },
      rehydrate: () => Promise.resolve(),
      hasHydrated: () => true,
      syncTabs: () => () => {},
    },
    persistence,
  );
}
