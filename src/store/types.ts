import type {
  AssistantMessage,
  ChatApiError,
  ChatRequestError,
  ChatRequestParameters,
  ContentPart,
  DeveloperMessage,
  FinishReason,
  Message,
  OpenObject,
  Role,
  SystemMessage,
  ToolMessage,
  Usage,
  UserMessage,
} from '../core/index.js';
import type { ChatBusyError, StructuredOutputError } from './errors.js';

/** Where one message stands. */
export type MessageStatus = 'streaming' | 'done' | 'incomplete' | 'error';

/** Where the conversation stands. */
export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'error';

/** Where one tool call stands. */
export type ToolCallState =
  | 'streaming'
  | 'pending'
  | 'awaiting-approval'
  | 'running'
  | 'done'
  | 'error'
  | 'denied';

/**
 * Any error the store records: the core's typed errors (`ChatApiError`, `ChatRequestError`), the
 * store's (`StructuredOutputError`, `ChatBusyError`), or another `Error` (a client's of your own,
 * a tool's, storage's). Tell them apart with `instanceof` (every class is exported; `isChatApiError`
 * and `isChatRequestError` do it for an `unknown`), or by `describeChatError(error).kind` for
 * what to show. `error.name` does not narrow the type: another error's `name` may be any string.
 *
 * @example
 * if (error instanceof ChatApiError && error.status === 402) showBilling();
 * else if (error instanceof StructuredOutputError) console.warn(error.issues);
 */
export type ChatError = ChatApiError | ChatRequestError | StructuredOutputError | ChatBusyError | Error;

/** Timing of one assistant reply, in milliseconds since the epoch and derived rates. */
export interface MessageTiming {
  /** When the request was sent. */
  startedAt: number;
  /** When the first token arrived. */
  firstTokenAt?: number;
  /** When the reply ended; absent while it streams. */
  finishedAt?: number;
  /** Time from the request to the first token. */
  timeToFirstTokenMs?: number;
  /** Completion tokens per second after the first token (from usage when known). */
  tokensPerSecond?: number;
}

/** UI state of one tool call of an assistant message, keyed by `tool_calls[i].id`. */
export interface ToolCallStatus {
  /**
   * Where the call stands: `streaming` (arguments arriving), `pending` (waits for `addToolResult`),
   * `awaiting-approval`, `running` (its `execute` runs), `done`, `error` or `denied`.
   */
  state: ToolCallState;
  /** Parsed arguments once the call is complete. */
  args?: unknown;
  /**
   * What the tool returned (also sent back as a `tool` message); a value JSON cannot write (a
   * BigInt, a cycle) as its `String()` text.
   */
  result?: unknown;
  /** Why the call failed or was denied. */
  error?: string;
}

/** `addToolResult`'s options. */
export interface ToolResultOptions {
  /**
   * The state the call takes: `done` (the default), or `error` when it failed, as when a tool's
   * `execute` throws (`ToolCallStatus.error` then holds what went wrong).
   */
  state?: 'done' | 'error';
}

/**
 * `ToolCallStatus` of a call of a tool typed for its arguments (`ChatTool<Args>`): once the
 * state says the store has parsed and checked them (`pending`, `awaiting-approval`, `running`),
 * `args` is `Args`. In the other states they may be partial (`streaming`), invalid (`error`) or
 * whatever a restored message held (`done`), so `unknown`. Without `Args`, `ToolCallStatus`.
 * One exception: a call of the last reply that came without a status (messages given or saved
 * so, a reply `edit` copied) is `pending` with its arguments parsed but not checked against the
 * tool's `parameters` (arguments are checked as a reply arrives): check them in a panel that
 * may get such conversations.
 *
 * @example
 * if (status?.state === 'pending') status.args.city; // ToolCallStatusOf<{ city: string }>
 */
export type ToolCallStatusOf<Args = unknown> = unknown extends Args
  ? ToolCallStatus
  :
      | (ToolCallStatus & {
          /** `pending`, `awaiting-approval` or `running`: the arguments are parsed and checked. */
          state: 'pending' | 'awaiting-approval' | 'running';
          /** The arguments, parsed and checked against the tool's `parameters`. */
          args: Args;
        })
      | (ToolCallStatus & {
          /** `streaming`, `done`, `error` or `denied`: `args` as `ToolCallStatus` has it. */
          state: 'streaming' | 'done' | 'error' | 'denied';
        });

/** Structured output (`response_format` json) of an assistant message. */
export interface StructuredOutput {
  /** The JSON parsed so far, tolerant of an unfinished document. */
  partial?: unknown;
  /** The final value, once the reply is complete and valid. */
  value?: unknown;
  /** Why the final value is invalid (bad JSON, missing required field, wrong type). */
  error?: string;
}

/** UI fields that sit beside the wire fields of every message. Stripped before a request. */
export interface MessageUiFields {
  /** The message's id, unique in its thread. */
  id: string;
  /**
   * The id of the message it answers or follows; `null` for the first message of a thread. Edits and
   * regenerations are siblings under the same parent.
   */
  parentId: string | null;
  /** When the message was created, in milliseconds since the epoch. */
  createdAt: number;
  /**
   * `streaming` while the reply arrives, `done`, `incomplete` (stopped, or cut short by the length
   * limit or a content filter) or `error`.
   */
  status: MessageStatus;
  /** The reply's `finish_reason` as the endpoint gave it. */
  finishReason?: FinishReason | null;
  /** The reply's token counts and cost, once the endpoint sent them. */
  usage?: Usage;
  /** The model that answered. */
  model?: string;
  /** The endpoint's id of the reply: the `X-Generation-Id` header, else the completion's `id`. */
  generationId?: string;
  /** When the reply started, got its first token and ended. */
  timing?: MessageTiming;
  /** Why the reply failed (status `error`). */
  error?: ChatError;
  /** Assistant messages with tool calls: one entry per call id. */
  toolCalls?: Record<string, ToolCallStatus>;
  /**
   * The reply's JSON, parsed as it streams, when the request asked for it (`response_format` of
   * type `json_object` or `json_schema`).
   */
  structured?: StructuredOutput;
  /**
   * Your app's own data about the message (feedback, a draft id, where it came from...): kept
   * with it and persisted, never sent to the endpoint. Any other field you add would be sent.
   */
  metadata?: Record<string, unknown>;
  /**
   * A user message sent with per-request parameters (`send({ content, request })`): they stay
   * with it, so its retries, regenerations, edits and tool steps ask with them too. Never sent.
   * Open: a field the types do not list, given through a spread or a cast, stays too.
   */
  request?: ChatRequestParameters & OpenObject;
}

/** A message in the store: a wire message plus UI fields beside it. */
export type ChatMessage =
  | (SystemMessage & MessageUiFields)
  | (DeveloperMessage & MessageUiFields)
  | (UserMessage & MessageUiFields)
  | (AssistantMessage & MessageUiFields)
  | (ToolMessage & MessageUiFields);

/**
 * The store messages of one role: `ChatMessageOf<'assistant'>` is a reply, its wire fields
 * (`tool_calls`, `reasoning`, `refusal`...) typed without checking `role` first.
 *
 * @example
 * function Reply({ message }: { message: ChatMessageOf<'assistant'> }) {
 *   return message.tool_calls?.map((call) => <span key={call.id}>{call.function.name}</span>);
 * }
 */
export type ChatMessageOf<R extends Role> = Extract<
  ChatMessage,
  {
    /** The role, or roles, to pick. */
    role: R;
  }
>;

// One string, split: shorter in the bundle than the list written out.
/** The names of the UI fields, used to strip them when building a request. */
export const MESSAGE_UI_FIELDS = /* @__PURE__ */ (
  'id parentId createdAt status finishReason usage model generationId timing error toolCalls ' +
  'structured metadata request'
).split(' ') as unknown as readonly [
  'id',
  'parentId',
  'createdAt',
  'status',
  'finishReason',
  'usage',
  'model',
  'generationId',
  'timing',
  'error',
  'toolCalls',
  'structured',
  'metadata',
  'request',
] satisfies readonly (keyof MessageUiFields)[];

/** Token and cost totals of a thread. `cost` is in credits (USD). */
export interface ThreadUsage {
  /** Prompt tokens of every reply in the thread. */
  prompt_tokens: number;
  /** Completion tokens of every reply in the thread. */
  completion_tokens: number;
  /** `prompt_tokens` plus `completion_tokens`. */
  total_tokens: number;
  /** The thread's cost so far, in credits (USD). */
  cost: number;
}

/**
 * A message waiting to be sent (whenBusy `'queue'`), visible and cancellable: what `send` was
 * given (its `name`, `request` and `metadata` too), with an id.
 */
export interface QueuedMessage extends Exclude<SendInput, string | ContentPart[]> {
  /** The id `cancelQueued` takes. */
  id: string;
}

/** One conversation in the thread list. */
export interface ThreadSummary {
  /** The thread's id (`switchThread`, `renameThread`, `deleteThread` take it). */
  id: string;
  /**
   * Its title: the one given to `createThread`, else `New chat` (`DEFAULT_THREAD_TITLE`) until its
   * first user message with words names it (its opening words, up to 60 characters), whether sent
   * or passed in (`setMessages`, `initialMessages`). Once named, it stays: messages set later do
   * not rename it. `renameThread` changes it. A thread is untitled while its title is `New chat`.
   */
  title: string;
  /** When the thread was created, in milliseconds since the epoch. */
  createdAt: number;
  /** When a message was last sent in it, in milliseconds since the epoch. */
  updatedAt: number;
}

/** The messages of one thread: the tree, its active path and its usage totals. */
export interface ThreadData {
  /** The active path of message ids, in order. */
  ids: string[];
  /** Every message of the tree, by id. */
  messages: Record<string, ChatMessage>;
  /** Child ids of every message, in creation order; root messages sit under `''`. */
  children: Record<string, string[]>;
  /** Token and cost totals of every reply in the tree, other versions included. */
  usage: ThreadUsage;
}

/**
 * What `send` accepts: text, content parts (attachments), or both with per-request parameters.
 * `send` resolves with the reply it gets (see `ChatActions.send`).
 *
 * @example
 * const reply = await send({ content: 'Summarize this thread', request: { temperature: 0 } });
 * if (reply?.status === 'done') console.log(getMessageText(reply));
 */
export type SendInput =
  | string
  | ContentPart[]
  | {
      /** The user message's content: text, or content parts (a text part and attachments). */
      content: string | ContentPart[];
      /** The wire `name` of the user message. */
      name?: string | undefined;
      /**
       * Parameters for this message's requests (its reply, tool steps, retries, regenerations,
       * edits), merged over the defaults. Kept on the message (`request`). An unknown field is a
       * type error; see `ChatRequestParameters` for one the types do not list yet.
       */
      request?: ChatRequestParameters | undefined;
      /** The user message's `metadata` (kept and persisted, never sent). */
      metadata?: Record<string, unknown> | undefined;
    };

/**
 * The actions of the chat store. Failures land in `error` and `onError`; the actions never throw,
 * except `setMessages` refusing an id every object inherits (a `TypeError`).
 */
export interface ChatActions {
  /**
   * Sends a user message (optimistically shown) and streams the reply. While a reply is running,
   * follows `whenBusy`. Resolves once the run has ended (its tool steps included) with its reply as
   * the thread shown then holds it (`onFinish` has run): `done`, `incomplete` (stopped, or cut by
   * the length limit or a content filter) or `error` (with its `error`). With tools that run by
   * themselves, the reply is the run's last one, the answer after the results; a reply whose calls
   * wait for you (`pending`, `awaiting-approval`) or that reached `maxSteps` is that reply, and
   * so is one whose tools a stop cut short (still `done`, its calls `error`).
   * Resolves with `undefined` when there is no such reply: refused (`whenBusy: 'reject'`), failed
   * or stopped before its first token, or no longer in the thread shown (a clear, `setMessages`,
   * another thread). A message that waits in the queue (`whenBusy: 'queue'`, or behind messages
   * still queued) resolves at once, with `undefined`: its reply comes after. Never rejects:
   * failures go to `error` and `onError`, a callback that throws is logged (only a
   * `store.subscribe` listener of yours that throws can reach it).
   *
   * @example
   * const reply = await send(text);
   * if (reply?.status === 'done') setDraft('');
   */
  send(input: SendInput): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * Aborts the running reply or tool run; the partial reply stays, marked `incomplete`. The next
   * queued message, if any, is sent.
   */
  stop(): void;
  /**
   * Asks for a new version of an assistant reply (default: the reply to the last user message).
   * The old one stays as a sibling. Given a user message id, adds a new reply to it. A running
   * reply stops first; if its `onFinish` or `onError` then clears the chat, replaces its messages
   * or switches threads, so that the message is no longer in the thread shown, nothing is asked.
   * `onClick={regenerate}` regenerates the default reply (an event is not an id). Resolves with
   * the new reply as `send` does (`undefined` when nothing was asked, or no reply came).
   */
  regenerate(): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * Asks for a new version of the reply `messageId` (the old one stays as a sibling), or for a new
   * reply to the user message `messageId`; `undefined` regenerates the default reply, like
   * `regenerate()`. A running reply stops first; an id not in the thread does nothing. Resolves
   * with the new reply, as `regenerate()` does.
   */
  regenerate(messageId: string | undefined): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * `regenerate(messageId)` in the AI SDK's shape: `regenerate({ messageId })`; without
   * `messageId`, the default reply. Resolves with the new reply, as `regenerate()` does.
   */
  regenerate(options: {
    /** The reply to ask a new version of, or the user message to add a reply to. */
    messageId?: string | undefined;
  }): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * Adds an edited version of a message as its sibling; editing a user message asks for a reply.
   * A running reply stops first; if its `onFinish` or `onError` then clears the chat, replaces its
   * messages or switches threads, so that the message is no longer in the thread shown, nothing
   * is added. The edit of a user message resolves with its reply as `send` does; any other edit
   * (a reply's, a system message's) asks for none and resolves with `undefined`.
   */
  edit(messageId: string, content: string | ContentPart[]): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * Asks again after an error or a stop, without duplicating the user message. Given the id of a
   * reply before the last message (the user went on after it failed), asks for a new version of
   * that reply, as `regenerate(messageId)` does. What still runs stops first; if a callback of
   * that stop clears the chat, replaces its messages or switches threads, nothing is asked.
   * `onClick={retry}` retries the last reply (an event is not an id). Resolves with the new reply
   * as `send` does; with `undefined` when there was nothing to retry.
   */
  retry(): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * Retries the last reply, like `retry()`, when `messageId` is the last message or `undefined`.
   * The id of an earlier reply asks for a new version of it, as `regenerate(messageId)` does.
   * Resolves with the new reply, as `retry()` does.
   */
  retry(messageId: string | undefined): Promise<ChatMessageOf<'assistant'> | undefined>;
  /**
   * Replaces the thread's messages with a linear conversation (wire or store messages); what runs
   * stops and the queue is dropped. Given a function (React's `setState` style), calls it with the
   * active path's messages once the running reply has stopped (as `messages` shows them, a
   * stopped reply `incomplete`) and uses what it returns. A thread still untitled takes its title
   * from them, as from a first `send` (see `ThreadSummary.title`); a title it has stays.
   *
   * @example
   * setMessages((messages) => messages.filter((message) => message.role !== 'tool'));
   */
  setMessages(
    messages:
      | readonly (ChatMessage | Message)[]
      | ((messages: ChatMessage[]) => readonly (ChatMessage | Message)[]),
  ): void;
  /** Stops and empties the current thread, its queue included. */
  clear(): void;
  /**
   * Clears `error` (a `status` of `error` becomes `idle`), to dismiss an error without asking
   * again. The failed reply stays as it is (its `status` and `error`), so `retry()` still works.
   */
  clearError(): void;
  /**
   * Gives the result of a tool call that has no `execute` (state `pending`), or of a call its
   * reply left unrun (failed, stopped). The last reply's calls that come without a status and
   * without an answer (messages given or saved so, a reply `edit` copied) are `pending` too.
   * Ignored for a call still streaming or running, and for one already settled. With
   * `{ state: 'error' }` the call failed: `result` is what went wrong, kept and told to the model
   * as a throwing `execute`'s error is (an `Error`'s message, else its text), and the call is in
   * state `error`.
   *
   * @example
   * addToolResult(toolCallId, new Error('The calendar is offline.'), { state: 'error' });
   */
  addToolResult(toolCallId: string, result: unknown, options?: ToolResultOptions): void;
  /** Approves a call in state `awaiting-approval`; it runs (or waits for `addToolResult`). */
  approveToolCall(toolCallId: string): void;
  /** Denies a call in state `awaiting-approval`; the model is told, with the reason when given. */
  denyToolCall(toolCallId: string, reason?: string): void;
  /** Removes a message from the queue. */
  cancelQueued(id: string): void;
  /**
   * Makes a message (one of its turn's versions) part of the active path. A running reply stops
   * (kept `incomplete`); the conversation is `idle`, the error of the path left behind cleared.
   * Queued messages wait for the next `send`, which sends them first. If the stopped reply's
   * `onFinish` or `onError` takes the message out of the thread shown (a clear, new messages,
   * another thread), the path stays as that left it.
   */
  switchBranch(messageId: string): void;
  /** Creates an empty thread, switches to it and returns its id. */
  createThread(title?: string): string;
  /** Switches to another thread (a running reply is stopped). */
  switchThread(id: string): void;
  /** Gives a thread a new title. */
  renameThread(id: string, title: string): void;
  /** Deletes a thread; deleting the active one switches to the most recent other (or a new one). */
  deleteThread(id: string): void;
}

/** The chat store's state: data and actions in one object, zustand style. */
export interface ChatState extends ThreadData, ChatActions {
  /**
   * `idle`, `submitted` (a request sent, nothing received yet), `streaming` or `error` (the last reply
   * failed).
   */
  status: ChatStatus;
  /**
   * The last failure; cleared when a new request starts, and by `clearError`, `clear` or a thread
   * switch.
   */
  error: ChatError | undefined;
  /** Messages sent while busy (`whenBusy: 'queue'`), waiting their turn, oldest first. */
  queue: QueuedMessage[];
  /** Every conversation (the thread list). */
  threads: ThreadSummary[];
  /** The id of the active thread. */
  threadId: string;
  /** The data of the threads that are not active, by thread id. */
  threadData: Record<string, ThreadData>;
  /**
   * The last persistence failure (quota, unavailable storage), cleared by the next write taken
   * (a saved chat that could not be read is not written over: see `rehydrate`).
   */
  storageError: Error | undefined;
}
