import type { ContentPart } from '../core/index.js';
import type { StoreContext } from './context.js';
import type { Runner } from './runner.js';
import { contentText } from './structured.js';
import type { ChatActions, ChatState, ThreadData, ThreadSummary } from './types.js';
import { EMPTY_USAGE } from './usage.js';

/** The title of a thread nobody named yet; the first user message names it. */
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
export const snapshot = (state: ThreadData): ThreadData => ({
  ids: state.ids,
  messages: state.messages,
  children: state.children,
  usage: state.usage,
});

/** The conversation's state when nothing runs: no reply, no error, nothing queued. */
export const RESET: Pick<ChatState, 'status' | 'error' | 'queue'> = {
  status: 'idle',
  error: undefined,
  queue: [],
};

/**
 * The thread list after activity in the active thread: `updatedAt` moves, and an untitled thread
 * takes its first user message's opening words as title.
 */
export function touchThread(
  state: ChatState,
  now: number,
  userContent?: string | ContentPart[],
): ThreadSummary[] {
  return state.threads.map((thread) => {
    if (thread.id !== state.threadId) return thread;
    const text = userContent === undefined ? '' : contentText(userContent).replace(/\s+/g, ' ').trim();
    const untitled = thread.title === DEFAULT_THREAD_TITLE && state.ids.length === 0 && text !== '';
    const title = untitled ? (text.length > 60 ? `${text.slice(0, 57)}...` : text) : thread.title;
    return { ...thread, title, updatedAt: now };
  });
}

/** Thread actions: several conversations, one active; a running reply stops on a switch. */
export function createThreadActions(
  context: StoreContext,
  runner: Runner,
): Pick<ChatActions, 'createThread' | 'switchThread' | 'renameThread' | 'deleteThread'> {
  /** Makes thread `id` the active one (a new one when `added`, its summary listed first). */
  const load = (id: string, added?: ThreadSummary) => {
    context.set((state) => {
      const { [id]: target, ...others } = state.threadData;
      return {
        ...(target ?? emptyThread()),
        threadData: { ...others, [state.threadId]: snapshot(state) },
        threadId: id,
        ...RESET,
        ...(added && { threads: [added, ...state.threads] }),
      };
    });
  };

  return {
    createThread(title) {
      runner.abort();
      const id = context.createId('thread');
      load(id, newThread(id, title ?? DEFAULT_THREAD_TITLE, context.now()));
      return id;
    },
    switchThread(id) {
      const state = context.get();
      if (id === state.threadId || !state.threads.some((thread) => thread.id === id)) return;
      runner.abort();
      load(id);
    },
    renameThread(id, title) {
      context.set((state) => ({
        threads: state.threads.map((thread) => (thread.id === id ? { ...thread, title } : thread)),
      }));
    },
    deleteThread(id) {
      const state = context.get();
      const rest = state.threads.filter((thread) => thread.id !== id);
      if (rest.length === state.threads.length) return;
      if (id !== state.threadId) {
        const { [id]: _deleted, ...threadData } = state.threadData;
        context.set({ threads: rest, threadData });
        return;
      }
      runner.abort();
      // The latest other thread, or a new one when none is left.
      const next =
        [...rest].sort((a, b) => b.updatedAt - a.updatedAt)[0] ??
        newThread(context.createId('thread'), DEFAULT_THREAD_TITLE, context.now());
      const { [next.id]: target, ...threadData } = state.threadData;
      context.set({
        ...(target ?? emptyThread()),
        threads: rest.length ? rest : [next],
        threadData: rest.length ? threadData : {},
        threadId: next.id,
        ...RESET,
      });
    },
  };
}
