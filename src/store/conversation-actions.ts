import { isArray } from '../core/dict.js';
import { notify, type StoreContext } from './context.js';
import { defined } from './defined.js';
import { ChatBusyError } from './errors.js';
import { hasText, toWireMessage } from './request.js';
import type { Runner } from './runner.js';
import { emptyThread, RESET, touchThread } from './thread-actions.js';
import { appendToolMessages, callsOf, resolveOpenCalls, statusesOf } from './tool-calls.js';
import {
  activePathThrough,
  addToPath,
  lastTurn,
  linearThread,
  openCalls,
  pathTo,
  removeMessage,
} from './tree.js';
import type { ChatActions, ChatMessage, ChatState, QueuedMessage } from './types.js';

type NormalizedInput = Omit<QueuedMessage, 'id'>;

/** Which message `regenerate()` renews by default: the first reply after the last user message. */
function defaultRegenerateTarget(state: ChatState): ChatMessage | undefined {
  // The turn holds one user message at most, its first.
  const turn = lastTurn(state);
  return (
    turn.find((message) => message?.role === 'assistant') ?? turn.find((message) => message?.role === 'user')
  );
}

/** The conversation actions: send, stop, regenerate, edit, retry, branches, queue, reset. */
export function createConversationActions(
  context: StoreContext,
  runner: Runner,
): Omit<
  ChatActions,
  | 'addToolResult'
  | 'approveToolCall'
  | 'denyToolCall'
  | 'createThread'
  | 'switchThread'
  | 'renameThread'
  | 'deleteThread'
> {
  /** Adds a message to the visible queue; its item keeps all `send` was given, and nothing else does. */
  const enqueue = (input: NormalizedInput) =>
    context.set((state) => ({ queue: [...state.queue, { ...input, id: context.createId('queued') }] }));

  /** A new user message must not leave calls unanswered: the model is told they got no result. */
  const settleOpenCalls = () => {
    const last = context.get().ids.at(-1);
    // Without calls on the last message, both steps below do nothing.
    if (last === undefined) return;
    resolveOpenCalls(context, last, ['awaiting-approval'], 'denied', 'the user sent a new message instead');
    resolveOpenCalls(
      context,
      last,
      ['pending', 'streaming', 'running'],
      'error',
      'No result: the user sent a new message.',
    );
  };

  /**
   * Adds a message under `parentId` to the active path (a send also touches the thread: its
   * title, its time). A user message asks for a reply (resolved with it); an edited reply just
   * stands (no error left).
   */
  const post = (fields: object, parentId: string | null, send?: boolean) => {
    const now = Date.now();
    const message = {
      ...fields,
      id: context.createId('msg'),
      parentId,
      createdAt: now,
      status: 'done',
    } as ChatMessage;
    const asks = message.role === 'user';
    context.set((state) => ({
      ...openCalls(addToPath(state, message)),
      ...(send && {
        threads: touchThread(state, [...state.ids.map((id) => state.messages[id]), message], now),
      }),
      status: asks ? 'submitted' : 'idle',
      error: undefined,
    }));
    if (asks) return runner.start(message.id);
  };

  const sendNow = async ({ content, name, request, metadata }: NormalizedInput) => {
    settleOpenCalls();
    return post(
      { role: 'user', content, ...defined({ name, metadata, request }) },
      context.get().ids.at(-1) ?? null,
      true,
    );
  };

  /** Whether the last reply has calls only the user can settle (a result, an approval). */
  const awaitsUser = () =>
    statusesOf(context.get().messages[context.get().ids.at(-1) ?? '']).some(
      (status) => status?.state === 'pending' || status?.state === 'awaiting-approval',
    );

  /**
   * Sends the first queued message. When a run ends by itself the queue waits for calls the user
   * must settle (the message was queued before they were shown); a new `send` (`force`) goes on
   * past them, in queue order.
   */
  const drain = (force?: boolean) => {
    const [next, ...rest] = context.get().queue;
    if (!next || runner.isBusy() || (!force && awaitsUser())) return;
    context.set({ queue: rest });
    void sendNow(next);
  };
  runner.onIdle = drain; // called without an argument: not forced

  /**
   * Stops what runs for an action on the message `id` of the thread shown: returns that message as
   * the stop left it; nothing (and nothing stopped) when it is unknown, nor when the stop's
   * `onFinish` or `onError` took it away (a clear, new messages, another thread): no action then.
   */
  const stopFor = (id: string | undefined) => {
    const { threadId, messages } = context.get();
    if (id === undefined || !messages[id]) return;
    runner.abort();
    const state = context.get();
    return state.threadId === threadId && state.messages[id];
  };

  /** Asks for a new reply under `parentId`; the active path ends there until it arrives. */
  const replyTo = (parentId: string | null) => {
    context.set((state) => ({
      ids: [...pathTo(state, parentId)],
      status: 'submitted',
      error: undefined,
    }));
    return runner.start(parentId);
  };

  async function regenerate(given?: string | { messageId?: string | undefined }) {
    // An id, or `{ messageId }`; anything else (an event, from `onClick={regenerate}`): the default reply.
    const messageId = (given as { messageId?: string } | undefined)?.messageId ?? given;
    const target = stopFor(
      typeof messageId === 'string' ? messageId : defaultRegenerateTarget(context.get())?.id,
    );
    if (!target) return;
    return replyTo(target.role === 'assistant' ? target.parentId : target.id);
  }

  return {
    async send(input) {
      const normalized: NormalizedInput =
        typeof input === 'string' || isArray(input) ? { content: input } : input;
      if (runner.isBusy()) {
        const { whenBusy, callbacks } = context.options();
        if (whenBusy === 'reject') return notify(callbacks, 'onError', new ChatBusyError());
        // Queued: no reply to wait for here (it comes after this call ends).
        if (whenBusy === 'queue') return void enqueue(normalized);
        runner.abort();
      } else if (context.get().queue.length) {
        // Messages still queued (after a failed reply, or waiting on tool calls) go first.
        enqueue(normalized);
        return void drain(true);
      }
      return sendNow(normalized);
    },
    stop() {
      if (runner.abort()) drain();
    },
    regenerate,
    async edit(messageId, content) {
      const target = stopFor(messageId);
      if (!target) return;
      return post(
        {
          ...toWireMessage(target),
          ...defined({ metadata: target.metadata, request: target.request }),
          content,
        },
        target.parentId,
      );
    },
    async retry(messageId?: string) {
      const state = context.get();
      const last = state.messages[state.ids.at(-1) ?? ''];
      // An earlier reply (the user went on after it failed) is asked for again as a new version.
      // (Not for an event, from `onClick={retry}`.)
      if (typeof messageId === 'string' && messageId !== last?.id) return regenerate(messageId);
      if (!last) return;
      if (last.role === 'assistant') {
        // Calls resolved but never answered (a reload cut the tool run short): answer, go on.
        const next = runner.isBusy() ? undefined : appendToolMessages(context, last.id);
        if (next !== undefined) return replyTo(next);
        const failed = last.status === 'error' || last.status === 'incomplete' || state.status === 'error';
        const stopped = failed && stopFor(last.id);
        if (!stopped) return;
        // An empty reply (no text, reasoning, images or calls) goes: the retry replaces it.
        if (
          stopped.role === 'assistant' &&
          !callsOf(stopped).length &&
          !hasText(stopped.content) &&
          !stopped.reasoning &&
          !stopped.images?.length
        )
          context.set((current) => removeMessage(current, stopped.id));
        return replyTo(stopped.parentId);
      }
      // A request already on its way (`submitted`) is not sent twice.
      if ((last.role === 'user' || last.role === 'tool') && !runner.isBusy()) return replyTo(last.id);
    },
    setMessages(list) {
      runner.abort();
      const state = context.get();
      const given = typeof list === 'function' ? list(state.ids.map((id) => state.messages[id]!)) : list;
      // An untitled thread is named by them as by a send; a title it has already stays.
      context.set({
        ...linearThread(given, context.createId, Date.now()),
        threads: touchThread(state, given),
        ...RESET,
      });
    },
    clear() {
      runner.abort();
      context.set({ ...emptyThread(), ...RESET });
    },
    clearError() {
      // An error always comes with the status `error` (a new request clears both).
      if (context.get().status === 'error') context.set({ status: 'idle', error: undefined });
    },
    cancelQueued(id) {
      context.set((state) => ({ queue: state.queue.filter((item) => item.id !== id) }));
    },
    switchBranch(messageId) {
      if (!stopFor(messageId)) return;
      // A failure of the path left is not this one's: retry() must not redo a reply shown here.
      context.set((state) => ({
        ids: activePathThrough(state, messageId),
        status: 'idle',
        error: undefined,
      }));
    },
  };
}
