import type { Message } from '../core/index.js';
import type { StoreContext } from './context.js';
import type { Runner } from './runner.js';
import { contentText } from './structured.js';
import type {
  ChatActions,
  ChatMessage,
  ChatState,
  QueuedMessage,
  ThreadData,
  ThreadSummary,
} from './types.js';
import { EMPTY_USAGE } from './usage.js';

/**
 * The title of a thread nobody named yet; its first user message with words names it, sent or
 * passed in (`setMessages`, `initialMessages`).
 */
export const DEFAULT_THREAD_TITLE = 'New chat';

/** The data of an empty thread. */
export const emptyThread = (): ThreadData => ({ ids: [], messages: {}, children: {}, usage: EMPTY_USAGE });

/** A thread summary. */
export const newThread = (id: string, title: string, now: number): ThreadSummary => ({
  id,
  title,
  createdAt: now,
  updatedAt: now,
});

/** A thread's data out of the state that holds it as the active one. */
export const snapshot = ({ ids, messages, children, usage }: ThreadData): ThreadData => ({
  ids,
  messages,
  children,
  usage,
});

/** The conversation's state when nothing runs: no reply, no error, nothing queued. */
export const RESET: Pick<ChatState, 'status' | 'error' | 'queue'> = {
  status: 'idle',
  error: undefined,
  queue: [],
};

/**
 * The title of a thread whose active path is `messages`: an untitled one (`DEFAULT_THREAD_TITLE`)
 * takes the opening words of its first user message with words (a greeting passed in does not
 * count; a message of attachments alone has none: the next one with words names it). Any other
 * title stays: one given to `createThread`, a rename, or one a first message gave already.
 */
export function titleFor(
  title: string,
  messages: readonly (ChatMessage | Message | undefined)[] = [],
): string {
  for (const message of title === DEFAULT_THREAD_TITLE ? messages : []) {
    const text = message?.role === 'user' ? contentText(message.content).replace(/\s+/g, ' ').trim() : '';
    if (text) return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  }
  return title;
}

/**
 * The thread list once the active thread's path is `messages`: an untitled thread takes its title
 * from them (`titleFor`), and `updatedAt` moves to `now` when given (a send).
 */
export const touchThread = (
  state: ChatState,
  messages: readonly (ChatMessage | Message | undefined)[],
  now?: number,
): ThreadSummary[] =>
  state.threads.map((thread) =>
    thread.id === state.threadId
      ? { ...thread, title: titleFor(thread.title, messages), updatedAt: now ?? thread.updatedAt }
      : thread,
  );

/**
 * Thread actions: several conversations, one active; a running reply stops on a switch. Each
 * thread keeps its queue: the one left is parked, and a thread whose reply the switch stopped
 * goes on when it comes back, as after a `stop()` (its next queued message is sent). Parked
 * queues live here, not in the state, so they are never persisted nor merged between tabs.
 */
export function createThreadActions(
  context: StoreContext,
  runner: Runner,
): Pick<ChatActions, 'createThread' | 'switchThread' | 'renameThread' | 'deleteThread'> {
  const parked = new Map<string, [QueuedMessage[], boolean]>();

  /**
   * Makes thread `id` active (its data in `saved`, or an empty thread's): what runs stops and the
   * queue left is parked. `saved` is by default every thread's data, the one left included. The
   * list is read after the stop, whose `onFinish` may change it.
   */
  const open = (
    id: string,
    list = (threads: ThreadSummary[]) => threads,
    saved?: Record<string, ThreadData>,
  ) => {
    const stopped = runner.abort();
    const state = context.get();
    parked.set(state.threadId, [state.queue, stopped]);
    const [queue = [], resume] = parked.get(id) ?? [];
    parked.delete(id);
    const { [id]: target, ...threadData } = saved ?? {
      ...state.threadData,
      [state.threadId]: snapshot(state),
    };
    context.set({
      ...(target ?? emptyThread()),
      threads: list(state.threads),
      threadData,
      threadId: id,
      ...RESET,
      queue,
    });
    if (resume) runner.onIdle?.();
  };

  return {
    createThread(title) {
      const id = context.createId('thread');
      open(id, (threads) => [newThread(id, title ?? DEFAULT_THREAD_TITLE, Date.now()), ...threads]);
      return id;
    },
    switchThread(id) {
      const state = context.get();
      if (id !== state.threadId && state.threads.some((thread) => thread.id === id)) open(id);
    },
    renameThread(id, title) {
      context.set((state) => ({
        threads: state.threads.map((thread) => (thread.id === id ? { ...thread, title } : thread)),
      }));
    },
    deleteThread(id) {
      const state = context.get();
      const rest = state.threads.filter((thread) => thread.id !== id);
      // Not listed (unknown, or another tab deleted it already): only its parked queue goes.
      if (rest.length < state.threads.length) {
        if (id !== state.threadId) {
          const { [id]: _deleted, ...threadData } = state.threadData;
          context.set({ threads: rest, threadData });
        } else {
          const next =
            [...rest].sort((a, b) => b.updatedAt - a.updatedAt)[0] ??
            newThread(context.createId('thread'), DEFAULT_THREAD_TITLE, Date.now());
          open(next.id, () => (rest[0] ? rest : [next]), rest[0] ? state.threadData : {});
        }
      }
      // Its queue goes with it (parked by `open` when it was the active one).
      parked.delete(id);
    },
  };
}
