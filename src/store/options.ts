import type {
  ChatClientOptions,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatRequestOptions,
  ChatRequestParameters,
  FinishReason,
  JsonSchema,
  Message,
  OpenObject,
  ToolCall,
  Usage,
} from '../core/index.js';
import { type Defined, defined } from './defined.js';
import type { ChatError, ChatMessageOf } from './types.js';

/** What the store needs of a client: the core's `createChatClient()` result fits, and so does a fake. */
export interface ChatClientLike {
  /** Streams a reply: the chunks as they arrive. */
  stream(request: ChatCompletionRequest, options?: ChatRequestOptions): AsyncIterable<ChatCompletionChunk>;
  /** Asks for a whole reply (`stream: false`). */
  complete(request: ChatCompletionRequest, options?: ChatRequestOptions): Promise<ChatCompletion>;
}

/** What a tool's `execute` receives beside its arguments. */
export interface ToolExecutionContext {
  /** Aborted when the user stops the run. */
  signal: AbortSignal;
  /** The conversation so far (active path, wire form). */
  messages: Message[];
  /** The id of the call (`tool_calls[i].id`). */
  toolCallId: string;
}

/**
 * A tool the model may call. Sent as the wire's `tools` on every request. With `execute` it runs
 * by itself and the conversation continues; without, it waits for `addToolResult`. With
 * `needsApproval` (or when it returns true for the arguments) it waits for approve or deny.
 *
 * `Args` types the arguments (`execute`, `needsApproval`), `Result` what `execute` returns, and
 * `Name` the name: a literal name (`'get_weather'`) is what lets `onToolCall`, `addToolResult`
 * and `toolComponents` tell this tool's calls from others' (see `ChatToolCallEvent`). Types
 * only: nothing checks `Args` at run time but `parameters`.
 *
 * @example
 * const weather: ChatTool<{ city: string }, Weather, 'get_weather'> = {
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execute: async ({ city }, { signal }) => fetchWeather(city, { signal }),
 * };
 */
export interface ChatTool<Args = unknown, Result = unknown, Name extends string = string> {
  /**
   * The function name the model calls it by (the wire's `function.name`). A tool of the same name in a later
   * options layer (provider, hook) replaces it.
   */
  name: Name;
  /** What the tool does and when to use it, for the model (the wire's `function.description`). */
  description?: string | undefined;
  /** JSON Schema of the arguments. */
  parameters?: JsonSchema | undefined;
  /**
   * Sent as the wire's `function.strict`: asks the provider to keep the arguments to `parameters` exactly,
   * where it supports that.
   */
  strict?: boolean | undefined;
  // Method types (through `['method']`), so that a tool typed for its arguments fits `ChatTool[]`.
  /**
   * Runs the call with its parsed arguments (checked against `parameters` first) and the
   * `ToolExecutionContext`. What it returns is the result the model gets (a string as is, anything else as
   * JSON, `null` for what JSON has no text for); a throw is an error it is told (an `Error`'s message,
   * any other value as a result would be: `throw { code: 42 }` tells `{"code":42}`). Without it the call
   * waits for `onToolCall` or `addToolResult`.
   */
  execute?:
    | { method(args: Args, context: ToolExecutionContext): Result | Promise<Result> }['method']
    | undefined;
  /**
   * `true`, or a test of the arguments: the call waits in `awaiting-approval` until `approveToolCall` or
   * `denyToolCall`. A test that throws counts as `true`. Default: no approval.
   */
  needsApproval?: boolean | { method(args: Args): boolean | Promise<boolean> }['method'] | undefined;
}

/**
 * What `onFinish` receives once an assistant reply has ended (each tool step is a reply), stopped
 * or failed ones too (after `onError`). A request stopped or failed before its first token has no
 * reply: no `onFinish`.
 */
export interface ChatFinishEvent {
  /**
   * The reply as it ended (its `status` says how): an assistant message, its `tool_calls`,
   * `reasoning` and `structured` typed without checking `role`.
   */
  message: ChatMessageOf<'assistant'>;
  /** The reply's usage (`message.usage`), when the endpoint sent it. */
  usage: Usage | undefined;
  /** The reply's `finish_reason` (`message.finishReason`). */
  finishReason: FinishReason | null | undefined;
  /** Whether the reply was stopped (`stop()`, a thread switch, unmounting). */
  isAbort: boolean;
  /** Whether it failed (`onError` was called with the error just before). */
  isError: boolean;
}

/** A list of tools, as the `tools` option takes it. */
export type ChatTools = readonly ChatTool[];

/**
 * The arguments type of a tool (`Args` of `ChatTool<Args>`, or the type of its `execute`'s first
 * parameter); `unknown` for a tool that declares none (or declares `any`).
 *
 * @example
 * type WeatherArgs = InferToolArgs<typeof weather>; // { city: string }
 */
export type InferToolArgs<Tool> =
  Tool extends ChatTool<infer Args, unknown, string> ? KnownOrUnknown<Args> : unknown;

/**
 * The result type of a tool (`Result` of `ChatTool<Args, Result>`, or what its `execute`
 * resolves to); `unknown` for a tool that declares none.
 */
export type InferToolResult<Tool> =
  Tool extends ChatTool<unknown, infer Result, string> ? KnownOrUnknown<Awaited<Result>> : unknown;

/** `any` as `unknown` (`ChatTool<any>` declares nothing). */
type KnownOrUnknown<T> = 0 extends 1 & T ? unknown : T;

/** The literal name of a tool; `never` for one named by a plain `string`. */
type LiteralName<Tool> = Tool extends { name: infer Name extends string }
  ? string extends Name
    ? never
    : Name
  : never;

/** The literal names of a list's tools (a tool named by a plain `string` adds none). */
export type ToolNames<Tools extends ChatTools> = LiteralName<Tools[number]>;

/** The tool of a list named `Name`. */
export type ToolNamed<Tools extends ChatTools, Name extends string> = Extract<Tools[number], { name: Name }>;

/** Whether the list is empty or untyped, or some tool of it has a plain `string` name. */
type HasUntypedTool<Tools extends ChatTools> = [Tools[number]] extends [never]
  ? true
  : true extends (
        Tools[number] extends infer Tool
          ? string extends ChatToolName<Tool>
            ? true
            : false
          : never
      )
    ? true
    : false;

/** A tool's `name` type. */
type ChatToolName<Tool> = Tool extends { name: infer Name } ? Name : string;

/**
 * What `onToolCall` receives when a call's arguments are complete and parsed, for a call of one
 * tool: `ToolCallEvent<'get_weather', { city: string }>`.
 */
export interface ToolCallEvent<Name extends string = string, Args = unknown> {
  /** The call as the model sent it. */
  toolCall: ToolCall;
  /** Its function name (`toolCall.function.name`). */
  toolName: Name;
  /** Its arguments, parsed (and checked against the tool's `parameters` when it has them). */
  args: Args;
}

/**
 * What `onToolCall` receives when a call's arguments are complete and parsed. Given the type of
 * a tools list (the hooks, `ChatProvider` and `ChatWindow` infer it from their `tools`), a union
 * with one member per tool of a literal name: checking `toolName` types `args`. While some tool
 * of the list has a plain `string` name (`ChatTool[]`, or no tools), `toolName` is a `string`
 * and `args` is `unknown`, as without the list.
 *
 * Types only: the arguments are checked against `parameters` at run time, never against `Args`;
 * and `onToolCall` is also called for the calls of tools the list does not hold (another layer's:
 * a provider's, another hook's, `request.tools`), which the union does not show.
 *
 * @example
 * const tools = [weather, pickDate]; // ChatTool<{ city: string }, Weather, 'get_weather'>...
 * useChatStream({
 *   tools,
 *   onToolCall: (event) => {
 *     if (event.toolName === 'get_weather') console.log(event.args.city);
 *   },
 * });
 * // Elsewhere: (event: ChatToolCallEvent<typeof tools>) => ...
 */
export type ChatToolCallEvent<Tools extends ChatTools = ChatTools> =
  HasUntypedTool<Tools> extends true ? ToolCallEvent : EventOf<Tools[number]>;

/** One `ToolCallEvent` per tool of a union. */
type EventOf<Tool> = Tool extends unknown ? ToolCallEvent<LiteralName<Tool>, InferToolArgs<Tool>> : never;

/**
 * The result `addToolResult` takes for a call of a list's tools: the union of their `Result`
 * types; `unknown` while some tool declares none (or is untyped).
 */
export type ToolResultOf<Tools extends ChatTools> =
  HasUntypedTool<Tools> extends true ? unknown : ResultOf<Tools[number]>;

/** Each tool's result type, of a union. */
type ResultOf<Tool> = Tool extends unknown ? InferToolResult<Tool> : never;

// The function types of the options are named (`FinishHandler`...), not written in place: a
// hook infers `Tools` from its options, and TypeScript infers from an inline function type of a
// generic interface even where it never names `Tools`, which needs the return type of the
// callback given: a callback that reads the hook's own result (`result.current`) made that
// circular ("'result' implicitly has type 'any'").

/** `onFinish`'s type. */
type FinishHandler = (event: ChatFinishEvent) => void;
/** `onError`'s type. */
type ErrorHandler = (error: ChatError) => void;
/** `onChunk`'s type. */
type ChunkHandler = (chunk: ChatCompletionChunk) => void;
/** `onStorageError`'s type. */
type StorageErrorHandler = (error: Error) => void;
/** `runCompletion`'s type: see `ChatOptions.runCompletion`. */
type RunCompletion = (
  request: ChatCompletionRequest,
  send: () => Promise<ChatCompletion>,
  signal: AbortSignal,
) => Promise<ChatCompletion | undefined>;

/**
 * Event callbacks. The latest ones are always called (never a stale closure). `Tools` (the type
 * of the `tools` list beside them) types `onToolCall`'s event: see `ChatToolCallEvent`.
 */
// `Event` is a parameter of its own, not `ChatToolCallEvent<Tools>` written in place: TypeScript
// holds a type that tests its parameter (a conditional type) invariant in it, so options typed
// for a tools list would no longer fit `ChatOptions`.
export interface ChatCallbacks<Tools extends ChatTools = ChatTools, Event = ChatToolCallEvent<Tools>> {
  /**
   * Called once an assistant reply has ended, stopped or failed (each tool step is a reply): see
   * `ChatFinishEvent`.
   */
  onFinish?: FinishHandler | undefined;
  /**
   * Called with each failure: a request or stream that failed (before that reply's `onFinish`), or a `send`
   * refused while busy (`ChatBusyError`, with `whenBusy: 'reject'`).
   */
  onError?: ErrorHandler | undefined;
  /**
   * Called for every completed tool call. For a tool without `execute`, a returned value (or
   * promise) other than `undefined` becomes its result. A call that `needsApproval` is announced
   * here before the user decides, and what is returned is not used: do the work of such a tool in
   * `execute`, which runs only once the call is approved. With typed tools, its event tells them
   * apart by `toolName` (see `ChatToolCallEvent`).
   */
  // A method type (through `['method']`), so that callbacks typed for a tools list fit `ChatCallbacks`.
  onToolCall?: { method(event: Event): unknown }['method'] | undefined;
  /** Called with every chunk of a streamed reply as it is decoded (not with `stream: false`). */
  onChunk?: ChunkHandler | undefined;
  /** A persistence failure (quota exceeded, storage unavailable). Chatting continues. */
  onStorageError?: StorageErrorHandler | undefined;
}

/** What `send` does while a reply runs. */
export type WhenBusy = 'queue' | 'reject' | 'interrupt';

/**
 * Options read fresh at every request. `Tools` is the type of `tools` (inferred by the hooks,
 * `ChatProvider` and `ChatWindow`): it types `onToolCall` (see `ChatToolCallEvent`).
 */
export interface ChatOptions<Tools extends ChatTools = ChatTools, Event = ChatToolCallEvent<Tools>>
  extends ChatCallbacks<Tools, Event> {
  /** A ready client; wins over `clientOptions`. */
  client?: ChatClientLike | undefined;
  /** Options for the core's `createChatClient` (base URL, API key, headers, fetch...). */
  clientOptions?: ChatClientOptions | undefined;
  /**
   * Default request parameters: every field of the request except `messages` and `stream`. An
   * unknown field is a type error; see `ChatRequestParameters` for one the types do not list yet.
   */
  request?: ChatRequestParameters | undefined;
  /**
   * The tools the model may call (sent as the request's `tools`). The tools of every layer (store, provider,
   * hooks) are merged by `name`, a later layer's winning.
   */
  tools?: Tools | undefined;
  /** A system prompt sent first on every request (not stored as a message). */
  system?: string | undefined;
  /**
   * Most model requests per user message in a tool loop. Default 5. The reply to the message is
   * always asked for: a value below 1, or `NaN`, acts as 1 (its tools run and are answered, and
   * the model is not asked again).
   */
  maxSteps?: number | undefined;
  /** Default `'queue'`. */
  whenBusy?: WhenBusy | undefined;
  /**
   * Publication of streamed tokens: `undefined` (default) at most once per animation frame,
   * `0` on every chunk, `n` at most once per `n` ms.
   */
  throttleMs?: number | undefined;
  /** `false` asks for whole replies (`complete`) instead of streams. Default `true`. */
  stream?: boolean | undefined;
  /** Send each thread's id as `session_id` unless the request sets one. Default `true`. */
  threadSessionIds?: boolean | undefined;
  /**
   * Wraps every non-streaming request (`stream: false`): call `send()` and return its result.
   * `signal` is aborted when the store stops the request (`stop()`, unmount...): what is returned
   * or thrown after that is ignored, so a stop need not be reported as an error.
   * `useChatCompletion` runs requests through a React Query mutation this way.
   */
  runCompletion?: RunCompletion | undefined;
}

/** `ChatOptions` after merging every layer (store, provider, hooks), at request time. */
export interface ResolvedChatOptions {
  /**
   * `client`, else one made from `clientOptions` (made again only when `clientOptions` is another object).
   */
  client: ChatClientLike;
  /**
   * Every layer's `request`, merged field by field (a later layer's field wins; `undefined` fields are
   * skipped). Open: a field the types do not list, given through a spread or a cast, is there too.
   */
  request: ChatRequestParameters & OpenObject;
  /** Every layer's tools, one per `name` (a later layer's wins). */
  tools: ChatTool[];
  /** The system prompt of the last layer that sets one. */
  system: string | undefined;
  /** `maxSteps`, default 5 applied. */
  maxSteps: number;
  /** `whenBusy`, default `'queue'` applied. */
  whenBusy: WhenBusy;
  /** `throttleMs` (`undefined`: at most once per animation frame). */
  throttleMs: number | undefined;
  /** `stream`, default `true` applied. */
  stream: boolean;
  /** `threadSessionIds`, default `true` applied. */
  threadSessionIds: boolean;
  /** The `runCompletion` of the last layer that sets one. */
  runCompletion: ChatOptions['runCompletion'];
  /**
   * Every layer's options as they are when read, the store's own first: the callbacks of each layer run, in
   * that order.
   */
  callbacks: ChatCallbacks[];
}

/** Creates a client from options; injected so this module never imports the client's code. */
export type ClientFactory = (options: ChatClientOptions) => ChatClientLike;

/**
 * Holds the store's options and the layers hooks attach; resolves them at request time. Its
 * methods are the store's own (see `ChatStoreApi`).
 */
export interface OptionsRegistry {
  setOptions(options: ChatOptions): void;
  attachOptions(getOptions: () => ChatOptions, below?: boolean): () => void;
  getOptions(): ResolvedChatOptions;
}

const NO_CLIENT_OPTIONS: ChatClientOptions = {};

/** Creates the options registry of one store. Later layers win; callbacks of every layer run. */
export function createOptionsRegistry(initial: ChatOptions, createClient: ClientFactory): OptionsRegistry {
  let base = initial;
  // A provider's layer goes under the others: the hooks below it attach first (their effects run
  // first), and nested providers stack in their order.
  let layers: (() => ChatOptions)[] = [];
  /** Every layer's options as they are now, the store's own first. */
  const current = () => [base, ...layers.map((get) => get())];
  let clientFor: [options: ChatClientOptions, client: ChatClientLike] | undefined;

  const clientFrom = (options: ChatClientOptions | undefined): ChatClientLike => {
    const key = options ?? NO_CLIENT_OPTIONS;
    if (clientFor?.[0] !== key) clientFor = [key, createClient(key)];
    return clientFor[1];
  };

  return {
    setOptions(options) {
      base = options;
    },
    attachOptions(layer, below) {
      layers = below ? [layer, ...layers] : [...layers, layer];
      return () => {
        layers = layers.filter((get) => get !== layer);
      };
    },
    getOptions() {
      const tools = new Map<string, ChatTool>();
      let request: ChatRequestParameters & OpenObject = {};
      /** Each option as the last layer that sets it (not to `undefined`) has it. */
      let merged: Defined<ChatOptions> = {};
      for (const layer of current()) {
        request = { ...request, ...defined(layer.request) };
        merged = { ...merged, ...defined(layer) };
        for (const tool of layer.tools ?? []) tools.set(tool.name, tool);
      }
      return {
        client: merged.client ?? clientFrom(merged.clientOptions),
        request,
        tools: [...tools.values()],
        system: merged.system,
        maxSteps: merged.maxSteps ?? 5,
        whenBusy: merged.whenBusy ?? 'queue',
        throttleMs: merged.throttleMs,
        stream: merged.stream ?? true,
        threadSessionIds: merged.threadSessionIds ?? true,
        runCompletion: merged.runCompletion,
        // Read when called: a reply that streams on calls what the app's latest render gave.
        get callbacks() {
          return current();
        },
      };
    },
  };
}
