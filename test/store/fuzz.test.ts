import fc from 'fast-check';
import { afterEach, describe, it, vi } from 'vitest';
import {
  ChatApiError,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  ChatRequestError,
  createChatClient,
  type Message,
} from '../../src/core/index.js';
import {
  ChatBusyError,
  type ChatError,
  type ChatFinishEvent,
  type ChatMessage,
  type ChatState,
  type ChatTool,
  createChatStore,
  type QueuedMessage,
  type ThreadData,
  type ToolCallState,
  type WhenBusy,
} from '../../src/store/index.js';
import { Broken, must } from '../fuzz-helpers.js';
import { deltaChunk, finishChunk, installFakeFrames, usage } from './helpers.js';

// Model-based fuzzing of the store: random sequences of user actions interleaved with a fake
// endpoint (the real client over a scripted `fetch`: SSE chunks, error chunks, HTTP errors, dropped
// connections, tool calls; or JSON replies with `stream: false`) and tools the fuzzer settles,
// some actions taken from `onFinish` and `onError` as apps do. After every step it checks what
// the README and the JSDoc of `ChatActions` promise. A failure prints fast-check's seed, the
// shrunk counterexample and the log of the steps that broke an invariant.

// The seed is fixed: with it, the 500 runs catch each bug fixed alongside this test when its fix is
// reverted. FUZZ_SEED and FUZZ_RUNS explore further:
// `FUZZ_SEED=7 FUZZ_RUNS=2000 npx vitest run test/store/fuzz.test.ts`.
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
/** More runs take longer than the suite's limit for one test (500 take about 4 s). */
const TIMEOUT = Math.max(20_000, RUNS * 40);

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

/** The tools a reply may call; each maps to a tool the store knows, or does not (`ghost`). */
type ToolKind = 'auto' | 'approve' | 'manual' | 'confirm' | 'ghost' | 'broken';

type ServerMove =
  | { what: 'open' }
  | { what: 'text'; count: number }
  | { what: 'tools'; kinds: ToolKind[]; end: 'finish' | 'error-chunk' | 'truncate' | null }
  | { what: 'finish'; done: boolean }
  | { what: 'error-chunk' }
  | { what: 'truncate' }
  | { what: 'drop' }
  | { what: 'http'; status: number }
  | { what: 'comment' };

/** What the user (or an app's callback) does. Picks index lists of what exists then, modulo. */
type UserAction =
  | { kind: 'send'; whenBusy: WhenBusy; object: boolean }
  | { kind: 'stop' }
  | { kind: 'abort' }
  | { kind: 'retry' }
  | { kind: 'regenerate'; pick: number | null }
  | { kind: 'edit'; pick: number }
  | { kind: 'switchBranch'; pick: number }
  | { kind: 'cancelQueued'; pick: number }
  | { kind: 'clear' }
  | { kind: 'setMessages'; count: number; ids: boolean }
  | { kind: 'createThread' }
  | { kind: 'switchThread'; pick: number }
  | { kind: 'deleteThread'; pick: number }
  | { kind: 'renameThread'; pick: number }
  | { kind: 'addToolResult' | 'approveToolCall' | 'denyToolCall'; pick: number };

/** What the world does: the endpoint, a tool finishing, an animation frame. */
type WorldAction =
  | { kind: 'server'; move: ServerMove }
  | { kind: 'tool'; pick: number; ok: boolean }
  | { kind: 'frame' };

/** One step: an action, then `ticks` turns of the event loop. */
type Action = (UserAction | WorldAction) & { ticks: number };

/** An index into what exists when the action runs, counted from the most recent, modulo its length. */
const pick = fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 2 }) }, fc.nat({ max: 40 }));

const serverMove: fc.Arbitrary<ServerMove> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ what: 'open' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({ what: fc.constant('text' as const), count: fc.integer({ min: 1, max: 3 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      what: fc.constant('tools' as const),
      kinds: fc.array(fc.constantFrom<ToolKind>('auto', 'approve', 'manual', 'confirm', 'ghost', 'broken'), {
        minLength: 1,
        maxLength: 2,
      }),
      end: fc.constantFrom(
        'finish' as const,
        'finish' as const,
        'error-chunk' as const,
        'truncate' as const,
        null,
        null,
      ),
    }),
  },
  { weight: 6, arbitrary: fc.record({ what: fc.constant('finish' as const), done: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ what: 'error-chunk' as const }) },
  { weight: 2, arbitrary: fc.constant({ what: 'truncate' as const }) },
  { weight: 2, arbitrary: fc.constant({ what: 'drop' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ what: fc.constant('http' as const), status: fc.constantFrom(400, 429, 500) }),
  },
  { weight: 1, arbitrary: fc.constant({ what: 'comment' as const }) },
);

const userAction: fc.Arbitrary<UserAction> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      whenBusy: fc.constantFrom<WhenBusy>('queue', 'queue', 'reject', 'interrupt'),
      object: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stop' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('regenerate' as const), pick: fc.option(pick) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('switchBranch' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelQueued' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setMessages' as const),
      count: fc.nat({ max: 3 }),
      ids: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('createThread' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('switchThread' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteThread' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameThread' as const), pick }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('addToolResult' as const, 'approveToolCall' as const, 'denyToolCall' as const),
      pick,
    }),
  },
);

const worldAction: fc.Arbitrary<WorldAction> = fc.oneof(
  { weight: 16, arbitrary: fc.record({ kind: fc.constant('server' as const), move: serverMove }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tool' as const), pick, ok: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('frame' as const) }) },
);

const action: fc.Arbitrary<Action> = fc
  .tuple(
    fc.oneof({ weight: 33, arbitrary: userAction }, { weight: 19, arbitrary: worldAction }),
    fc.oneof({ weight: 3, arbitrary: fc.constant(2) }, fc.nat({ max: 4 })),
  )
  .map(([step, ticks]) => ({ ...step, ticks }));

/**
 * What an app does from `onFinish` or `onError`. Not what empties or leaves the thread: from the
 * `onFinish` of the reply that `edit`, `regenerate` or `retry` stops, that action once applied to
 * the thread found afterwards (an edit whose parent is not there, a regenerate asking with an
 * empty conversation). It now does nothing (races.test.ts pins it); left out here so that the
 * seeded runs stay those that catch the bugs fixed with this test.
 */
const reaction = userAction.filter(
  (step) => !['clear', 'setMessages', 'createThread', 'switchThread', 'deleteThread'].includes(step.kind),
);

/** How a run is set up. */
interface Setup {
  /** Publication once per (fake) animation frame instead of per chunk. */
  frames: boolean;
  /** `scheduler.yield` exists: the request is built in a task after the send. */
  yields: boolean;
  /** Streamed replies, or whole JSON replies (`stream: false`). */
  stream: boolean;
  /** Threads persisted (a synchronous in-memory storage): a reload at any point restores them. */
  persist: boolean;
  maxSteps: number;
  /** What `onFinish` and `onError` do, one entry per call, in order (`null`: nothing). */
  reactions: (UserAction | null)[];
}

const setup: fc.Arbitrary<Setup> = fc.record({
  frames: fc.boolean(),
  yields: fc.boolean(),
  stream: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
  persist: fc.boolean(),
  maxSteps: fc.integer({ min: 1, max: 4 }),
  reactions: fc.oneof(
    { weight: 2, arbitrary: fc.constant<(UserAction | null)[]>([]) },
    fc.array(fc.option(reaction, { freq: 2 }), { maxLength: 6 }),
  ),
});

// ---------------------------------------------------------------------------------------------
// The fake endpoint: the real client over a `fetch` whose every answer the fuzzer drives.
// ---------------------------------------------------------------------------------------------

type Ending = 'finished' | 'error-chunk' | 'truncated' | 'dropped' | 'http' | 'aborted' | 'cancelled';

interface Call {
  id: string;
  kind: ToolKind;
}

interface Exchange {
  index: number;
  request: ChatCompletionRequest;
  /** The thread that was active when the request went out. */
  threadId: string;
  signal: AbortSignal;
  answer: (response: Response) => void;
  reject: (error: unknown) => void;
  body?: ReadableStreamDefaultController<Uint8Array>;
  /** The text sent so far (for a JSON reply: what the reply will hold). */
  text: string;
  calls: Call[];
  ended?: Ending;
}

/** A pending `execute` the fuzzer settles. */
interface Execution {
  callId: string;
  signal: AbortSignal;
  settle: (ok: boolean) => void;
  settled: boolean;
}

const encoder = new TextEncoder();
const TOOL_NAMES: Record<ToolKind, string> = {
  auto: 'auto',
  approve: 'approve',
  manual: 'manual',
  confirm: 'confirm',
  ghost: 'ghost',
  broken: 'auto',
};

function createWorld(activeThread: () => string) {
  const exchanges: Exchange[] = [];
  const executions: Execution[] = [];
  const executeCounts = new Map<string, number>();

  const fakeFetch = (async (_url: string, init: RequestInit) =>
    new Promise<Response>((answer, reject) => {
      const signal = init.signal as AbortSignal;
      const exchange: Exchange = {
        index: exchanges.length,
        request: JSON.parse(init.body as string) as ChatCompletionRequest,
        threadId: activeThread(),
        signal,
        answer,
        reject,
        text: '',
        calls: [],
      };
      exchanges.push(exchange);
      signal.addEventListener('abort', () => {
        if (exchange.ended) return;
        exchange.ended = 'aborted';
        const error = new DOMException('This operation was aborted', 'AbortError');
        if (exchange.body) exchange.body.error(error);
        else reject(error);
      });
    })) as typeof fetch;

  const execute = (_args: unknown, { signal, toolCallId }: { signal: AbortSignal; toolCallId: string }) => {
    executeCounts.set(toolCallId, (executeCounts.get(toolCallId) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      executions.push({
        callId: toolCallId,
        signal,
        settled: false,
        settle: (ok) => (ok ? resolve(`result of ${toolCallId}`) : reject(new Error(`${toolCallId} failed`))),
      });
    });
  };
  const tools: ChatTool[] = [
    { name: 'auto', parameters: { type: 'object' }, execute },
    { name: 'approve', parameters: { type: 'object' }, needsApproval: true, execute },
    { name: 'manual', parameters: { type: 'object' } },
    { name: 'confirm', parameters: { type: 'object' }, needsApproval: true },
  ];
  const client = createChatClient({ baseUrl: 'http://fuzz.test/api/v1', fetch: fakeFetch, maxRetries: 0 });
  return {
    exchanges,
    executions,
    executeCounts,
    tools,
    client,
    /** The requests still going: ended by neither side. */
    live: () => exchanges.filter((exchange) => !exchange.ended),
    /** Tool runs neither settled nor stopped. */
    running: () => executions.filter((run) => !run.settled && !run.signal.aborted),
  };
}

type World = ReturnType<typeof createWorld>;

const streamed = (exchange: Exchange) => exchange.request.stream === true;

const push = (exchange: Exchange, chunk: ChatCompletionChunk | string) =>
  exchange.body?.enqueue(
    encoder.encode(
      typeof chunk === 'string'
        ? chunk
        : `data: ${JSON.stringify({ ...chunk, id: `gen-${exchange.index}` })}\n\n`,
    ),
  );

const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function open(exchange: Exchange) {
  if (exchange.body || exchange.ended || !streamed(exchange)) return;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      exchange.body = controller;
    },
    cancel() {
      exchange.ended ??= 'cancelled';
    },
  });
  exchange.answer(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
}

/** Ends a request from the server's side: closes the stream, or answers a JSON request with `body`. */
function end(exchange: Exchange, ending: Ending, body: unknown) {
  exchange.ended = ending;
  if (exchange.body) exchange.body.close();
  else if (!streamed(exchange)) exchange.answer(json(body));
}

/** The JSON reply of a request with `stream: false`, holding what the moves gave it. */
const completionOf = (exchange: Exchange) => ({
  id: `gen-${exchange.index}`,
  object: 'chat.completion',
  created: 1,
  model: 'fuzz/model',
  choices: [
    {
      index: 0,
      finish_reason: exchange.calls.length ? 'tool_calls' : 'stop',
      message: {
        role: 'assistant',
        content: exchange.text || null,
        ...(exchange.calls.length && {
          tool_calls: exchange.calls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: TOOL_NAMES[call.kind], arguments: argumentsOf(call.kind) },
          })),
        }),
      },
    },
  ],
  usage: usage(2, 3, 0.001),
});

const argumentsOf = (kind: ToolKind) => (kind === 'broken' ? '{"city": ' : '{"city":"Paris"}');

/** Plays a server move on the request still going; returns it when the move ended it. */
function serve(world: World, move: ServerMove): Exchange | undefined {
  const exchange = world.live().at(-1);
  if (!exchange) return undefined;
  switch (move.what) {
    case 'open':
      open(exchange);
      return undefined;
    case 'comment':
      open(exchange);
      push(exchange, ': OPENROUTER PROCESSING\n\n');
      return undefined;
    case 'text':
      open(exchange);
      for (let index = 0; index < move.count; index++) {
        const word = `w${exchange.index}.${exchange.text.length} `;
        exchange.text += word;
        push(exchange, deltaChunk({ content: word }));
      }
      return undefined;
    case 'tools':
      open(exchange);
      for (const kind of move.kinds) {
        const call: Call = { id: `call_${exchange.index}_${exchange.calls.length}`, kind };
        const index = exchange.calls.length;
        exchange.calls.push(call);
        const args = argumentsOf(kind);
        const name = TOOL_NAMES[kind];
        const fragment = (text: string) =>
          deltaChunk({ content: null, tool_calls: [{ index, function: { arguments: text } }] });
        push(
          exchange,
          deltaChunk({
            content: null,
            tool_calls: [{ index, id: call.id, type: 'function', function: { name, arguments: '' } }],
          }),
        );
        push(exchange, fragment(args.slice(0, 6)));
        push(exchange, fragment(args.slice(6)));
      }
      if (move.end === 'finish') return serve(world, { what: 'finish', done: true });
      return move.end ? serve(world, { what: move.end }) : undefined;
    case 'finish':
      open(exchange);
      push(exchange, finishChunk(exchange.calls.length ? 'tool_calls' : 'stop'));
      push(exchange, { ...deltaChunk({}), choices: [], usage: usage(2, 3, 0.001) });
      if (move.done) push(exchange, 'data: [DONE]\n\n');
      end(exchange, 'finished', completionOf(exchange));
      return exchange;
    case 'error-chunk':
      open(exchange);
      push(exchange, {
        ...deltaChunk({ content: '' }),
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
        error: { code: 'server_error', message: 'Upstream failed' },
      } as ChatCompletionChunk);
      // A JSON request gets the 200 that holds an error.
      end(exchange, 'error-chunk', { error: { code: 500, message: 'Internal Server Error' } });
      return exchange;
    case 'truncate':
      open(exchange);
      end(exchange, 'truncated', '{"choices": [');
      return exchange;
    case 'drop':
      exchange.ended = 'dropped';
      if (exchange.body) exchange.body.error(new TypeError('terminated'));
      else exchange.reject(new TypeError('fetch failed'));
      return exchange;
    case 'http':
      if (exchange.body) return undefined;
      exchange.ended = 'http';
      exchange.answer(json({ error: { code: move.status, message: `HTTP ${move.status}` } }, move.status));
      return exchange;
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

const show = (value: unknown) => JSON.stringify(value);
const isBusy = (state: ChatState) => state.status === 'submitted' || state.status === 'streaming';
const textOf = (message: { content?: unknown } | undefined) =>
  typeof message?.content === 'string' ? message.content : '';

/** The tree of one thread: parent links, `children`, and `ids` as a path from a root. */
function checkTree(data: ThreadData, label: string) {
  const { ids, messages, children } = data;
  for (const [id, message] of Object.entries(messages)) {
    must(message.id === id, `${label}: messages[${id}] has id ${message.id}`);
    must(
      message.parentId === null || messages[message.parentId] !== undefined,
      `${label}: ${id} has a missing parent ${message.parentId}`,
    );
    const listed = (children[message.parentId ?? ''] ?? []).filter((child) => child === id).length;
    must(listed === 1, `${label}: ${id} is listed ${listed} times under its parent`);
  }
  for (const [key, list] of Object.entries(children)) {
    must(key === '' || messages[key] !== undefined, `${label}: children of a missing message ${key}`);
    for (const child of list) {
      must(messages[child]?.parentId === (key === '' ? null : key), `${label}: ${child} listed under ${key}`);
    }
  }
  must(new Set(ids).size === ids.length, `${label}: ids repeat ${show(ids)}`);
  ids.forEach((id, index) => {
    const parent = index === 0 ? null : ids[index - 1];
    must(messages[id], `${label}: ids[${index}] = ${id} is not a message`);
    must(
      messages[id].parentId === parent,
      `${label}: ids[${index}] = ${id} has parent ${messages[id].parentId}, not ${parent}`,
    );
  });
}

/** Each call's state only moves forward; a resolved call never changes. */
const NEXT: Record<ToolCallState, readonly ToolCallState[]> = {
  streaming: ['streaming', 'pending', 'awaiting-approval', 'running', 'done', 'error', 'denied'],
  // `addToolResult` answers a call awaiting approval too.
  'awaiting-approval': ['awaiting-approval', 'running', 'pending', 'done', 'denied', 'error'],
  pending: ['pending', 'done', 'error'],
  running: ['running', 'done', 'error'],
  done: ['done'],
  error: ['error'],
  denied: ['denied'],
};

/** The states a call of each kind may have in a finished reply. */
const ALLOWED: Record<ToolKind, readonly ToolCallState[]> = {
  auto: ['streaming', 'running', 'done', 'error'],
  approve: ['streaming', 'awaiting-approval', 'running', 'done', 'error', 'denied'],
  manual: ['streaming', 'pending', 'done', 'error'],
  confirm: ['streaming', 'awaiting-approval', 'pending', 'done', 'error', 'denied'],
  ghost: ['streaming', 'error'],
  broken: ['streaming', 'error'],
};

/** A request the endpoint takes: it asks for a reply, and every call is answered right after it. */
function checkRequest(request: ChatCompletionRequest, label: string) {
  const messages = request.messages as Message[];
  const last = messages.at(-1);
  must(last?.role === 'user' || last?.role === 'tool', `${label}: ends with a ${last?.role} message`);
  messages.forEach((message, index) => {
    const before = messages[index - 1]?.role;
    if (message.role === 'tool')
      must(
        before === 'tool' || before === 'assistant',
        `${label}: tool message ${index} follows a ${before}`,
      );
    if (message.role !== 'assistant' || !message.tool_calls?.length) return;
    const answers: string[] = [];
    for (let next = index + 1; messages[next]?.role === 'tool'; next++) {
      answers.push((messages[next] as { tool_call_id: string }).tool_call_id);
    }
    const asked = message.tool_calls.map((call) => call.id);
    must(show(answers) === show(asked), `${label}: calls ${show(asked)} answered by ${show(answers)}`);
  });
}

/** The user and tool messages of a conversation: what a request keeps whole, in order. */
const turns = (messages: readonly { role: string; content?: unknown }[]) =>
  messages
    .filter((message) => message.role !== 'assistant')
    .map((message) => `${message.role}:${textOf(message)}`);

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

const memoryStorage = (data: Map<string, string>) => ({
  getItem: (key: string) => data.get(key) ?? null,
  setItem: (key: string, value: string) => void data.set(key, value),
  removeItem: (key: string) => void data.delete(key),
});

// ---------------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------------

async function runActions(config: Setup, actions: Action[]) {
  let store: ReturnType<typeof createChatStore> | undefined;
  const get = () => (store as NonNullable<typeof store>).getState();
  const world = createWorld(() => get().threadId);
  const frames = config.frames ? installFakeFrames() : undefined;
  if (config.yields) vi.stubGlobal('scheduler', { yield: immediate });
  const consoleError = vi.spyOn(console, 'error');
  const saved = new Map<string, string>();
  let whenBusy: WhenBusy = 'queue';
  const finishes: ChatFinishEvent[] = [];
  const errors: ChatError[] = [];
  const log: string[] = [];
  /** Actions taken from callbacks during the current step. */
  let reacted = false;
  let reacting = false;
  let reactionAt = 0;
  /** Set for the final checks: callbacks no longer act. */
  let quiet = false;
  const react = () => {
    const next = quiet ? undefined : config.reactions[reactionAt++];
    if (!next || reacting) return;
    reacting = true;
    reacted = true;
    log.push(`    (from a callback) ${show(next)}`);
    try {
      perform(next, true);
    } catch (error) {
      failures.push(error);
    } finally {
      reacting = false;
    }
  };
  store = createChatStore({
    client: world.client,
    tools: world.tools,
    maxSteps: config.maxSteps,
    stream: config.stream,
    ...(config.persist && { persist: { key: 'fuzz', storage: memoryStorage(saved), throttleMs: 0 } }),
    ...(config.frames ? {} : { throttleMs: 0 }),
    onFinish: (event) => {
      finishes.push(event);
      react();
    },
    onError: (error) => {
      errors.push(error);
      // Nothing asks for an empty conversation: every request has its path.
      if (error instanceof ChatRequestError) failures.push(error);
      if (!(error instanceof ChatBusyError)) react();
    },
  });
  store.attachOptions(() => ({ whenBusy }));

  // What the model remembers.
  let serial = 0;
  const unique = (prefix: string) => `${prefix}${serial++}`;
  /** The first message seen for each user text (each text is sent once). */
  const firstMessage = new Map<string, string>();
  /** The queue expected for each thread, as last seen. */
  const queues = new Map<string, QueuedMessage[]>();
  /** Queued items an action dropped (`cancelQueued`, `clear`, `setMessages`, a deleted thread). */
  const dropped = new Set<string>();
  const callStates = new Map<string, ToolCallState>();
  /**
   * Calls given a result out of contract (`addToolResult` is for calls without `execute`): while
   * their reply still streamed or was triaged, or while their `execute` ran. The store takes the
   * result, then the reply's next write or the tool's own outcome replaces it.
   */
  const early = new Set<string>();
  /** Replies seen (by message id), and those checked against their request. */
  const replies = new Set<string>();
  const placed = new Set<string>();
  const promises: { label: string; done: boolean }[] = [];
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on('unhandledRejection', onRejection);
  const calls = () => world.exchanges.flatMap((exchange) => exchange.calls);
  const callKind = (id: string) => calls().find((call) => call.id === id)?.kind;
  const threadsOf = (state: ChatState): [string, ThreadData][] => [
    [state.threadId, state],
    ...Object.entries(state.threadData),
  ];

  /** An action's promise: it never rejects, and resolves with a reply or nothing. */
  const track = (label: string, promise: Promise<ChatMessage | undefined>) => {
    const entry = { label, done: false };
    promises.push(entry);
    promise.then(
      (reply) => {
        if (reply !== undefined && reply.role !== 'assistant')
          failures.push(new Error(`${label} resolved with a ${reply.role} message`));
        entry.done = true;
      },
      (error: unknown) => {
        failures.push(error);
        entry.done = true;
      },
    );
  };

  /**
   * Does one user action and checks what it promises at once (unless taken from a callback,
   * which may itself be interrupted by another callback's action).
   */
  function perform(step: UserAction, fromCallback = false) {
    const state = get();
    const label = fromCallback ? `a callback's ${show(step)}` : show(step);
    const messageIds = Object.keys(state.messages);
    const recent = <T>(list: readonly T[], at: number) =>
      list[list.length - 1 - (at % Math.max(list.length, 1))];
    const pickMessage = (at: number) => recent(messageIds, at);
    const pickThread = (at: number) => state.threads[at % state.threads.length]?.id as string;
    const callIds = ['nope', 'constructor', '__proto__', ...calls().map((call) => call.id)];
    const pickCall = (at: number) => recent(callIds, at) as string;
    // What a callback does inside the action (a stop's `onFinish`) changes what the action promises.
    const expect = (condition: unknown, message: string) =>
      must(fromCallback || reacted || condition, `${label}: ${message}`);
    const liveBefore = world.live();
    // A thread left keeps its queue (parked with it).
    const leaving = () => queues.set(state.threadId, get().queue);
    switch (step.kind) {
      case 'send': {
        whenBusy = step.whenBusy;
        const content = unique('u');
        const before = errors.length;
        track(`send ${content}`, get().send(step.object ? { content, metadata: { serial } } : content));
        if (isBusy(state) && step.whenBusy === 'reject') {
          expect(errors[before] instanceof ChatBusyError, 'a refused send reported no ChatBusyError');
          expect(get().ids === state.ids && get().queue === state.queue, 'a refused send changed the thread');
        } else {
          const queued = get().queue.some((item) => item.content === content);
          const sent = Object.values(get().messages).some((message) => message.content === content);
          expect(queued || sent, `${content} is neither sent nor queued`);
        }
        break;
      }
      case 'stop':
        get().stop();
        expect(
          liveBefore.every((exchange) => exchange.ended),
          'the request goes on',
        );
        break;
      case 'abort':
        store?.abort();
        expect(!isBusy(get()), `status ${get().status}`);
        expect(get().queue === state.queue, 'the queue changed');
        break;
      case 'retry':
        track('retry', get().retry());
        break;
      case 'regenerate':
        track('regenerate', get().regenerate(step.pick === null ? undefined : pickMessage(step.pick)));
        break;
      case 'edit': {
        const target = pickMessage(step.pick);
        const content = unique('e');
        track(`edit ${target}`, get().edit(target ?? 'nope', content));
        if (target) {
          expect(
            get().ids.some((id) => get().messages[id]?.content === content),
            'the edited version is not on the active path',
          );
        }
        break;
      }
      case 'switchBranch': {
        const target = pickMessage(step.pick);
        get().switchBranch(target ?? 'nope');
        if (target) {
          expect(get().ids.includes(target), `${target} is not on the active path`);
          expect(get().status === 'idle' && get().error === undefined, `status ${get().status}`);
        }
        break;
      }
      case 'cancelQueued': {
        const item = state.queue[step.pick % Math.max(state.queue.length, 1)];
        if (item) dropped.add(item.id);
        get().cancelQueued(item?.id ?? 'nope');
        expect(!get().queue.some((other) => other.id === item?.id), 'still queued');
        break;
      }
      case 'clear':
        for (const item of state.queue) dropped.add(item.id);
        get().clear();
        expect(get().ids.length === 0 && get().queue.length === 0 && get().status === 'idle', 'not cleared');
        break;
      case 'setMessages': {
        const list = Array.from({ length: step.count }, (_, at): Message & { id?: string } => ({
          role: at % 2 === 0 ? 'user' : 'assistant',
          content: unique('s'),
          ...(step.ids ? { id: unique('given_') } : {}),
        }));
        for (const item of state.queue) dropped.add(item.id);
        get().setMessages(list);
        expect(
          get().ids.length === list.length && get().status === 'idle' && get().queue.length === 0,
          'not set',
        );
        break;
      }
      case 'createThread': {
        leaving();
        const id = get().createThread(unique('t'));
        expect(get().threadId === id && get().ids.length === 0, 'not on the new thread');
        break;
      }
      case 'switchThread': {
        const target = pickThread(step.pick);
        if (target !== state.threadId) leaving();
        get().switchThread(target);
        expect(get().threadId === target, `not on ${target}`);
        break;
      }
      case 'deleteThread': {
        const target = pickThread(step.pick);
        for (const item of target === state.threadId ? state.queue : (queues.get(target) ?? []))
          dropped.add(item.id);
        queues.delete(target);
        get().deleteThread(target);
        expect(!get().threads.some((thread) => thread.id === target), `${target} still listed`);
        break;
      }
      case 'renameThread': {
        const target = pickThread(step.pick);
        const title = unique('title ');
        get().renameThread(target, title);
        expect(get().threads.find((thread) => thread.id === target)?.title === title, 'not renamed');
        break;
      }
      case 'addToolResult': {
        const callId = pickCall(step.pick);
        const holder = state.ids.findLast((id) => state.messages[id]?.toolCalls?.[callId]);
        const before = callStates.get(`${holder} ${callId}`);
        if ((before === 'streaming' && isBusy(state)) || before === 'running') early.add(callId);
        get().addToolResult(callId, { value: serial++ });
        break;
      }
      case 'approveToolCall':
        get().approveToolCall(pickCall(step.pick));
        break;
      case 'denyToolCall':
        get().denyToolCall(pickCall(step.pick), step.pick % 2 ? 'no' : undefined);
        break;
    }
    // A reply the action stopped keeps what it had received, in the thread it streamed into.
    const cut = state.messages[state.ids.at(-1) ?? ''];
    const emptied = step.kind === 'clear' || step.kind === 'setMessages' || step.kind === 'deleteThread';
    if (cut?.status === 'streaming' && !emptied && !isBusy(get())) {
      const kept = threadsOf(get()).find(([id]) => id === state.threadId)?.[1].messages[cut.id];
      expect(
        kept &&
          textOf(kept).startsWith(textOf(cut)) &&
          (kept.status === 'incomplete' || kept.status === 'done'),
        `the reply it stopped is ${show(kept)}, was ${show(cut)}`,
      );
    }
  }

  /** The invariants that hold after any step, at once. */
  const check = (where: string) => {
    const state = get();
    const label = `after ${where}`;
    must(failures.length === 0, () => `${label}: ${String(failures[0])}`);
    must(
      consoleError.mock.calls.length === 0,
      () => `${label}: console.error ${show(consoleError.mock.calls[0])}`,
    );
    const threadIds = state.threads.map((thread) => thread.id);
    must(new Set(threadIds).size === threadIds.length, `${label}: thread ids repeat`);
    must(threadIds.includes(state.threadId), `${label}: the active thread ${state.threadId} is not listed`);
    for (const id of Object.keys(state.threadData)) {
      must(
        id !== state.threadId && threadIds.includes(id),
        `${label}: threadData holds ${id}, not another listed thread`,
      );
    }
    let streaming = 0;
    for (const [threadId, data] of threadsOf(state)) {
      checkTree(data, `${label}, thread ${threadId}`);
      for (const message of Object.values(data.messages)) {
        if (message.status === 'streaming') {
          streaming++;
          must(threadId === state.threadId, `${label}: a message streams in the inactive thread ${threadId}`);
        }
        if (message.role === 'user' && typeof message.content === 'string') {
          const seen = firstMessage.get(message.content);
          if (seen === undefined) firstMessage.set(message.content, message.id);
          else
            must(
              seen === message.id,
              `${label}: "${message.content}" was sent twice (${seen}, ${message.id})`,
            );
        }
        if (message.role === 'assistant' && message.generationId?.startsWith('gen-')) {
          checkReply(message, threadId, data, label);
        }
        for (const [callId, status] of Object.entries(message.toolCalls ?? {})) {
          const kind = callKind(callId);
          if (!kind) continue;
          // By message: an edited reply's copy of a call has a state of its own.
          const key = `${message.id} ${callId}`;
          const before = callStates.get(key);
          must(
            before === undefined || early.has(callId) || NEXT[before].includes(status.state),
            `${label}: call ${callId} (${kind}) went from ${before} to ${status.state}`,
          );
          // A reply's own calls (an edited copy's, statuses left behind, wait as `pending`).
          if (message.status === 'done' && message.generationId)
            must(
              ALLOWED[kind].includes(status.state),
              `${label}: call ${callId} (${kind}) is ${status.state}`,
            );
          callStates.set(key, status.state);
        }
      }
    }
    must(streaming <= 1, `${label}: ${streaming} messages stream`);
    must(
      (state.status === 'error') === (state.error !== undefined),
      () => `${label}: status ${state.status} with error ${String(state.error)}`,
    );
    if (streaming === 1)
      must(state.status === 'streaming', `${label}: a message streams while the status is ${state.status}`);
    if (state.status === 'streaming') {
      const last = state.messages[state.ids.at(-1) ?? ''];
      must(
        last?.role === 'assistant' && last.status === 'streaming',
        `${label}: status streaming, the last message is ${last?.role} ${last?.status}`,
      );
    }
    for (const [id, count] of world.executeCounts)
      must(count === 1, `${label}: call ${id} executed ${count} times`);
    must(world.live().length <= 1, `${label}: ${world.live().length} requests in flight`);
    for (const exchange of world.exchanges) {
      checkRequest(exchange.request, `${label}: request ${exchange.index}`);
      must(
        exchange.request.session_id === exchange.threadId,
        `${label}: request ${exchange.index} has another thread's session`,
      );
    }
    const finished = finishes.map((event) => event.message.id);
    must(
      new Set(finished).size === finished.length,
      `${label}: onFinish twice for one reply ${show(finished)}`,
    );
  };

  /** A reply holds what its request was sent, sits where it was asked for, in the thread that asked. */
  const checkReply = (message: ChatMessage, threadId: string, data: ThreadData, label: string) => {
    replies.add(message.id);
    const exchange = world.exchanges[Number(message.generationId?.slice(4))] as Exchange;
    const text = textOf(message);
    must(
      exchange.text.startsWith(text),
      `${label}: reply "${text}" is not what was sent: "${exchange.text}"`,
    );
    if (placed.has(message.id)) return;
    placed.add(message.id);
    must(
      threadId === exchange.threadId,
      `${label}: the reply of request ${exchange.index} landed in another thread`,
    );
    const path: ChatMessage[] = [];
    for (let at = data.messages[message.parentId ?? '']; at; at = data.messages[at.parentId ?? ''])
      path.unshift(at);
    must(
      show(turns(path)) === show(turns(exchange.request.messages)),
      () =>
        `${label}: reply ${exchange.index} sits under ${show(turns(path))}, asked for ${show(turns(exchange.request.messages))}`,
    );
  };

  /** Once the run had time to settle: nothing hangs, nothing leaks. */
  const checkQuiet = (where: string) => {
    const state = get();
    const label = `once quiet ${where}`;
    if (world.live().length === 0 && world.running().length === 0) {
      must(
        state.status === 'idle' || state.status === 'error',
        `${label}: status ${state.status} with nothing in flight`,
      );

      for (const [threadId, data] of threadsOf(state)) {
        for (const message of Object.values(data.messages)) {
          must(
            message.status !== 'streaming',
            `${label}: message ${message.id} of ${threadId} still streams`,
          );
          for (const [callId, status] of Object.entries(message.toolCalls ?? {})) {
            // A reply cut short keeps the calls whose arguments were streaming as they were (they
            // wait for a result or the next message); a finished one has triaged them all.
            const stuck =
              status.state === 'running' || (status.state === 'streaming' && message.status === 'done');
            must(!stuck, `${label}: call ${callId} of a ${message.status} reply stuck ${status.state}`);
          }
        }
      }
      const stuck = promises.filter((entry) => !entry.done).map((entry) => entry.label);
      must(stuck.length === 0, `${label}: still pending: ${show(stuck)}`);
    }
    if (!isBusy(state)) {
      const live = world.live()[0];
      must(!live, `${label}: status ${state.status} while request ${live?.index} is in flight`);
      const running = world.running()[0];
      must(!running, `${label}: status ${state.status} while ${running?.callId} runs`);
    }
  };

  /** The active thread's queue: items leave from the front when sent, or when an action drops them. */
  const checkQueue = (where: string) => {
    const state = get();
    const label = `after ${where}`;
    const expected = queues.get(state.threadId) ?? [];
    const actual = state.queue;
    const has = (item: QueuedMessage) => actual.some((other) => other.id === item.id);
    const kept = expected.filter(has);
    must(
      show(actual.slice(0, kept.length).map((item) => item.id)) === show(kept.map((item) => item.id)),
      () =>
        `${label}: queue ${show(actual.map((item) => item.content))}, was ${show(expected.map((item) => item.content))}`,
    );
    let sentLater = false;
    for (const item of [...expected].reverse()) {
      if (has(item)) {
        must(!sentLater, `${label}: "${item.content}" was passed over in the queue`);
        continue;
      }
      const sent = typeof item.content === 'string' && firstMessage.has(item.content);
      must(sent || dropped.has(item.id), `${label}: queued "${item.content}" vanished unsent`);
      if (sent) sentLater = true;
    }
    queues.set(state.threadId, actual);
  };

  /** After the endpoint ended a request (and nothing else acted): what it sent is kept, errors reported once. */
  const checkEnded = (ended: Exchange, errorsBefore: number, label: string) => {
    const state = get();
    const reply = Object.values(state.messages).find(
      (message) => message.generationId === `gen-${ended.index}`,
    );
    const text = textOf(reply);
    // A dropped connection loses what the client had not read yet; a JSON reply that failed has
    // nothing to keep.
    const whole = ended.ended !== 'dropped' && (streamed(ended) || ended.ended === 'finished');
    if (whole && (ended.text || ended.calls.length))
      must(reply, `${label}: the reply of request ${ended.index} is gone`);
    must(
      whole ? text === ended.text : ended.text.startsWith(text),
      `${label}: the reply of request ${ended.index} is "${text}", sent "${ended.text}"`,
    );
    if (ended.ended === 'finished') {
      must(!reply || reply.status === 'done', `${label}: a finished reply is ${reply?.status}`);
      must(errors.length === errorsBefore, `${label}: onError after a finished reply`);
      return;
    }
    must(!reply || reply.status === 'error', `${label}: a failed reply is ${reply?.status}`);
    must(
      errors.length === errorsBefore + 1,
      `${label}: onError called ${errors.length - errorsBefore} times`,
    );
    must(
      state.status === 'error' && state.error === errors.at(-1),
      `${label}: status ${state.status} after a failure`,
    );
    must(state.error instanceof ChatApiError, `${label}: the error is a ${state.error?.name}`);
  };

  /**
   * A reload now (from a copy of the storage) restores every thread as it is here: the same
   * threads, paths and messages; a reply still streaming comes back `incomplete`, a call still
   * streaming or running as an error.
   */
  const checkReload = (where: string) => {
    const label = `reloading ${where}`;
    const state = get();
    // Nothing is written before the user acts.
    if (saved.size === 0) return;
    const reloaded = createChatStore({
      client: world.client,
      persist: { key: 'fuzz', storage: memoryStorage(new Map(saved)) },
    }).getState();
    must(
      reloaded.threadId === state.threadId,
      `${label}: on thread ${reloaded.threadId}, not ${state.threadId}`,
    );
    must(
      show(reloaded.threads) === show(state.threads),
      () => `${label}: threads ${show(reloaded.threads)}, not ${show(state.threads)}`,
    );
    const restored = new Map(threadsOf(reloaded));
    for (const [threadId, data] of threadsOf(state)) {
      const copy = restored.get(threadId);
      must(copy, `${label}: thread ${threadId} is gone`);
      checkTree(copy, `${label}, thread ${threadId}`);
      must(
        show(copy.ids) === show(data.ids),
        `${label}: thread ${threadId} has path ${show(copy.ids)}, not ${show(data.ids)}`,
      );
      must(
        show(Object.keys(copy.messages)) === show(Object.keys(data.messages)),
        `${label}: thread ${threadId} has other messages`,
      );
      for (const message of Object.values(data.messages)) {
        const again = copy.messages[message.id] as ChatMessage;
        const status = message.status === 'streaming' ? 'incomplete' : message.status;
        must(
          again.status === status &&
            show(again.content) === show(message.content) &&
            again.parentId === message.parentId,
          () => `${label}: message ${show(message)} came back as ${show(again)}`,
        );
        for (const [callId, call] of Object.entries(message.toolCalls ?? {})) {
          const cut = call.state === 'streaming' || call.state === 'running';
          must(
            again.toolCalls?.[callId]?.state === (cut ? 'error' : call.state),
            `${label}: call ${callId} ${call.state} came back ${again.toolCalls?.[callId]?.state}`,
          );
        }
      }
    }
  };

  /** Lets the endpoint finish what it was asked and the tools end, until nothing runs. */
  const settle = async (where: string) => {
    for (let round = 0; round < 40; round++) {
      for (const run of world.executions) {
        if (run.settled) continue;
        run.settled = true;
        run.settle(true);
      }
      if (world.live().length) {
        serve(world, { what: 'text', count: 1 });
        serve(world, { what: 'finish', done: true });
      }
      for (let tick = 0; tick < 4; tick++) {
        await immediate();
        frames?.run();
      }
      check(where);
      if (!world.live().length && world.running().length === 0 && !isBusy(get())) break;
    }
    checkQuiet(where);
  };

  try {
    for (const [index, step] of actions.entries()) {
      const label = `#${index} ${show(step)}`;
      log.push(label);
      reacted = false;
      const errorsBefore = errors.length;
      let ended: Exchange | undefined;
      vi.setSystemTime(1_000_000 + index * 1000);
      try {
        if (step.kind === 'server') ended = serve(world, step.move);
        else if (step.kind === 'tool') {
          const open = world.executions.filter((run) => !run.settled);
          const run = open[step.pick % Math.max(open.length, 1)];
          if (run) {
            run.settled = true;
            run.settle(step.ok);
          }
        } else if (step.kind === 'frame') frames?.run();
        else perform(step);
      } catch (error) {
        if (error instanceof Broken) throw error;
        throw new Broken(`${label}: the action threw ${String(error)}`);
      }
      if (reacted) {
        // A callback switched threads or changed queues: start the queue model afresh.
        queues.clear();
        queues.set(get().threadId, get().queue);
      }
      check(label);
      checkQueue(label);
      for (let tick = 0; tick < step.ticks; tick++) {
        await immediate();
        if (tick % 2 === 1) frames?.run();
      }
      const waited = `${label} + ${step.ticks} ticks`;
      check(waited);
      if (reacted) queues.set(get().threadId, get().queue);
      checkQueue(waited);
      if (ended && step.ticks >= 2 && !reacted) checkEnded(ended, errorsBefore, waited);
      if (step.ticks >= 3) checkQuiet(waited);
      if (config.persist && step.ticks === 4) checkReload(waited);
    }

    // Then the chat must still work: a retry after a failure asks again, a new message is answered.
    await settle('settling');
    if (config.persist) checkReload('settling');
    if (get().status === 'error') {
      const before = world.exchanges.length;
      track('final retry', get().retry());
      await immediate();
      must(world.exchanges.length > before, 'retry() after a failure sent nothing');
      await settle('the final retry');
    }
    quiet = true;
    whenBusy = 'queue';
    const probe = unique('probe');
    track('probe', get().send(probe));
    await settle('the probe');
    const ids = get().ids;
    const at = ids.findIndex((id) => get().messages[id]?.content === probe);
    must(
      at >= 0,
      () => `the probe is not on the active path (status ${get().status}, queue ${get().queue.length})`,
    );
    must(get().queue.length === 0, 'the queue did not drain');
    must(get().status === 'idle', `status ${get().status} after the probe`);
    must(get().messages[ids[at + 1] ?? '']?.role === 'assistant', 'the probe got no reply');
    // Every reply had exactly one onFinish.
    const finished = new Set(finishes.map((event) => event.message.id));
    for (const id of replies) must(finished.has(id), `reply ${id} had no onFinish`);
  } catch (error) {
    if (error instanceof Broken) error.message += `\n  log:\n    ${log.join('\n    ')}`;
    throw error;
  } finally {
    store.abort();
    process.off('unhandledRejection', onRejection);
    consoleError.mockRestore();
    vi.unstubAllGlobals();
  }
}

describe('store fuzz', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it(
    'random actions against a scripted endpoint keep every documented invariant',
    async () => {
      // Only the clock is fake: thread order (`updatedAt`) is then the same on every run.
      vi.useFakeTimers({ toFake: ['Date'] });
      await fc.assert(
        fc.asyncProperty(setup, fc.array(action, { minLength: 1, maxLength: 60, size: 'max' }), runActions),
        { seed: SEED, numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
