import { notify, type Run, type StoreContext } from './context.js';
import { toError } from './errors.js';
import { runStep } from './step.js';
import {
  appendToolMessages,
  callsOf,
  executeToolCalls,
  resolveOpenCalls,
  STOPPED,
  triageToolCalls,
} from './tool-calls.js';
import { lastTurn } from './tree.js';
import type { ChatMessage, ChatMessageOf } from './types.js';

/** Runs requests and tools one at a time for a store. */
export interface Runner {
  /**
   * Runs a request for a reply under the message `id` (or at the root), or with `calls` the tool
   * calls of the reply `id`, until the reply (and its tool steps) ends. Resolves with the reply of
   * the run's last request, as the thread shown has it then (`undefined` when that request made
   * none, or the reply is gone); never rejects.
   */
  start(id: string | null, calls?: boolean): Promise<ChatMessageOf<'assistant'> | undefined>;
  /** Aborts the active run, keeping what it produced. Returns whether there was one. */
  abort(): boolean;
  isBusy(): boolean;
  /**
   * Called when a run ends by itself without an error, and when a thread whose reply a switch
   * stopped comes back: the queue drains here.
   */
  onIdle?: (() => void) | undefined;
}

/** Creates the runner of one store. */
export function createRunner(context: StoreContext): Runner {
  let active: Run | undefined;
  const inFlight = new Set<string>();

  /** After a reply: its tool calls run; returns the parent of the next request, if one is due. */
  async function afterReply(run: Run, messageId: string, triage: boolean): Promise<string | undefined> {
    const message: ChatMessage | undefined = context.get().messages[messageId];
    if (!callsOf(message).length) return undefined;
    const options = context.options();
    // A run of calls answered after a failed reply starts afresh: the failure is not its own.
    context.set({ status: 'submitted', error: undefined });
    // Calls still being triaged (an app's `onToolCall` or `needsApproval` answering) are
    // `streaming` until then: they stop too.
    run.onAbort = () => resolveOpenCalls(context, messageId, ['streaming', 'running'], 'error', STOPPED);
    if (triage) await triageToolCalls(context, options, messageId, run.signal);
    if (run.done) return undefined;
    await executeToolCalls(context, options, messageId, run.signal, inFlight);
    if (run.done) return undefined;
    const next = appendToolMessages(context, messageId);
    // Model requests since the last user message: at `maxSteps`, no more.
    const steps = lastTurn(context.get()).filter((item) => item?.role === 'assistant').length;
    return steps < options.maxSteps ? next : undefined;
  }

  /**
   * Whether a finished reply ends its run: no tool calls to run and no queued message to send.
   * If so the run settles now, before the reply's final write (which then carries `'idle'`), so
   * whoever sees that write (a subscriber, `onFinish`) finds the store free for a new request.
   */
  const endsRun = (run: Run) => (message: ChatMessage) => {
    if (run.done || callsOf(message).length || context.get().queue.length) return false;
    run.done = true;
    return true;
  };

  async function loop(run: Run, id: string | null, calls?: boolean): Promise<boolean> {
    let parentId = calls ? await afterReply(run, id as string, false) : id;
    while (parentId !== undefined && !run.done) {
      // Actions that start a request set 'submitted' with their own write: no second publication.
      const { status, error } = context.get();
      if (status !== 'submitted' || error !== undefined)
        context.set({ status: 'submitted', error: undefined });
      const outcome = await runStep(context, run, context.options(), parentId, endsRun(run));
      if (typeof outcome === 'string') return outcome !== 'error';
      if (run.done) return true;
      parentId = await afterReply(run, outcome.id, true);
    }
    return true;
  }

  const runner: Runner = {
    // The last run stays `active` once settled: a settled run is no longer busy. (A failed run
    // settles before it reports the error, so whoever sees the error may send at once.)
    isBusy: () => active?.done === false,
    async start(id, calls) {
      // One run at a time: callers stop the previous one first; this only guards against a slip.
      runner.abort();
      const run: Run = Object.assign(new AbortController(), { done: false });
      active = run;
      let clean = false;
      try {
        clean = await loop(run, id, calls);
      } catch (unexpected) {
        if (!run.done) {
          run.done = true;
          const error = toError(unexpected);
          context.set({ status: 'error', error });
          notify(context.options().callbacks, 'onError', error);
        }
      }
      if (!run.done) {
        run.done = true;
        if (clean) {
          context.set({ status: 'idle' });
          runner.onIdle?.();
        }
      }
      return run.reply && (context.get().messages[run.reply.id] as ChatMessageOf<'assistant'> | undefined);
    },
    abort() {
      const run = active;
      if (!run || run.done) return false;
      run.done = true;
      run.abort();
      run.onAbort?.();
      // Its `onFinish` may have started another run (a send): it stops too, so that nothing runs
      // on into what the caller does next (a cleared or another thread).
      runner.abort();
      context.set({ status: 'idle' });
      return true;
    },
  };
  return runner;
}
