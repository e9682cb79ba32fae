import { useMemo } from 'react';
import { useStore } from 'zustand';
import {
  type ChatActions,
  type ChatError,
  type ChatMessage,
  type ChatState,
  type ChatStatus,
  type ChatStoreApi,
  type ChatTools,
  type QueuedMessage,
  selectActiveMessages,
  type ThreadUsage,
  type ToolResultOf,
  type ToolResultOptions,
} from '../store/index.js';

/**
 * What `useChatStream` and `useChatCompletion` return: the conversation and its actions. `Tools`
 * (inferred from the hook's `tools`) types `addToolResult`'s result.
 */
export interface ChatControls<Tools extends ChatTools = ChatTools, Result = ToolResultOf<Tools>>
  extends Pick<
    ChatActions,
    | 'send'
    | 'stop'
    | 'regenerate'
    | 'edit'
    | 'retry'
    | 'setMessages'
    | 'clear'
    | 'clearError'
    | 'addToolResult'
    | 'approveToolCall'
    | 'denyToolCall'
    | 'cancelQueued'
    | 'switchBranch'
  > {
  /**
   * Gives the result of a tool call that has no `execute` (state `pending`), or of a call its
   * reply left unrun (failed, stopped). The last reply's calls that come without a status and
   * without an answer (messages given or saved so, a reply `edit` copied) are `pending` too.
   * Ignored for a call still streaming or running, and for one already settled. With typed
   * tools, `result` is one of their `Result` types. With `{ state: 'error' }` the call failed:
   * `result` is what went wrong (any value), kept and told to the model as a throwing
   * `execute`'s error is, and the call is in state `error`.
   *
   * @example
   * addToolResult(toolCallId, new Error('The calendar is offline.'), { state: 'error' });
   */
  addToolResult(toolCallId: string, result: Result, options?: ToolResultOptions): void;
  /** Fails a tool call: `error` is any value, whatever the tools' `Result` types. */
  addToolResult(
    toolCallId: string,
    error: unknown,
    options: ToolResultOptions & {
      /** `error`: the call failed (see `ToolResultOptions`). */
      state: 'error';
    },
  ): void;
  /**
   * Gives or fails a tool call's result as `options.state` says, when that is not known
   * statically (`options: ToolResultOptions`): any value, as it may be a failure. Options known
   * to answer (`{ state: 'done' }`, `{}`) take the tools' `Result` (the first form).
   */
  addToolResult<Options extends ToolResultOptions>(
    toolCallId: string,
    value: unknown,
    options: Options & (Options extends { state?: 'done' | undefined } ? never : unknown),
  ): void;
  /** The active path's messages, in order. */
  messages: ChatMessage[];
  /** Where the conversation stands: `idle`, `submitted`, `streaming` or `error`. */
  status: ChatStatus;
  /**
   * The last failure (`ChatApiError`, `ChatRequestError` or another error); cleared when a new request
   * starts, and by `clearError()`.
   */
  error: ChatError | undefined;
  /** Token and cost totals of the thread. */
  usage: ThreadUsage;
  /** Messages waiting to be sent while a reply runs (`whenBusy: 'queue'`). */
  queue: QueuedMessage[];
  /** The store, for `ChatProvider store={...}`, selectors and threads. */
  store: ChatStoreApi;
}

/**
 * The store's actions the controls hand out (the thread actions stay on the store): one string,
 * split (shorter in the bundle than the list written out).
 */
const ACTIONS = /* @__PURE__ */ (
  'send stop regenerate edit retry setMessages clear clearError addToolResult approveToolCall ' +
  'denyToolCall cancelQueued switchBranch'
).split(' ') as (keyof ChatActions)[];

const selectIds = (state: ChatState) => state.ids;
const selectMessages = (state: ChatState) => state.messages;
const selectStatus = (state: ChatState) => state.status;
const selectError = (state: ChatState) => state.error;
const selectUsage = (state: ChatState) => state.usage;
const selectQueue = (state: ChatState) => state.queue;

/** Reads the conversation from a store; the actions are the store's own (stable) functions. */
export function useChatControls(store: ChatStoreApi): ChatControls {
  const ids = useStore(store, selectIds);
  const byId = useStore(store, selectMessages);
  const status = useStore(store, selectStatus);
  const error = useStore(store, selectError);
  const usage = useStore(store, selectUsage);
  const queue = useStore(store, selectQueue);
  // Cached by `ids` and `messages`: the same list while neither changes.
  const messages = selectActiveMessages({ ids, messages: byId });
  return useMemo(() => {
    const actions = store.getState();
    return {
      messages,
      status,
      error,
      usage,
      queue,
      store,
      ...(Object.fromEntries(ACTIONS.map((name) => [name, actions[name]])) as Pick<
        ChatActions,
        keyof ChatActions & keyof ChatControls
      >),
    };
  }, [store, messages, status, error, usage, queue]);
}
