import { type Dict, isArray, isDict } from './dict.js';
import { ChatApiError, type ChatApiErrorType } from './errors.js';
import { createWireError } from './response-error.js';
import type {
  Annotation,
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ReasoningDetail,
  ToolCall,
  ToolCallDelta,
  WireError,
} from './types.js';

/**
 * How a delta's field folds into the value accumulated so far (each rule declares its field's own
 * types; `never` lets the table hold them all). `context` is passed down unchanged: the prefix of
 * generated tool call ids.
 */
type Rule = (previous: never, value: never, context: string) => unknown;

/** Rules by field, found with `Object.hasOwn`: a wire key such as `constructor` finds no rule. */
type Rules = Record<string, Rule>;

/**
 * Objects made since the decoder's last read that nothing outside has seen yet: changed in place
 * rather than copied again. `undefined` everywhere else, where every change copies.
 */
let drafts: Set<object> | undefined;

/**
 * Starts (with a new set) or ends (without) a stretch of synchronous accumulation whose intermediate
 * results nobody sees: the decoder's handling of one read when it yields no chunk. Outside such a
 * stretch, accumulation is pure.
 */
export const setDrafts = (set?: Set<object>) => {
  drafts = set;
};

/**
 * Folds `delta` into `previous`: a null or empty-array field changes nothing (so a later null never
 * erases a value), a field with a rule is combined by it, any other field (unknown ones too) takes
 * the delta's value. Returns `previous` itself when nothing changed, else a shallow copy (or, for a
 * draft, `previous` changed in place).
 */
function merge<T extends object>(previous: T, delta: object, rules: Rules, context = ''): T {
  let next: Dict | undefined;
  for (const key in delta) {
    const value = (delta as Dict)[key];
    if (value == null || (isArray(value) && value.length === 0)) continue;
    const current = (previous as Dict)[key];
    const merged = Object.hasOwn(rules, key) ? rules[key]!(current as never, value as never, context) : value;
    if (merged !== current) {
      if (!next) {
        next = drafts?.has(previous) ? (previous as Dict) : ({ ...previous } as Dict);
        drafts?.add(next);
      }
      next[key] = merged;
    }
  }
  return (next ?? previous) as T;
}

/** Merges nested objects with their own rules. */
const nested =
  (rules: Rules): Rule =>
  (previous: object | undefined, value: object, context) =>
    merge(previous ?? {}, value, rules, context);

/** Keeps the accumulated value: for chunk-only keys and keys set elsewhere. */
const keep = (previous: unknown) => previous;

/** Keeps the first value received. */
const first = (previous: unknown, value: unknown) => previous || value;

/** Appends a text fragment; an empty one changes nothing. */
const concat = (previous: string | null | undefined, value: string) =>
  value === '' ? previous : (previous ?? '') + value;

// ---------------------------------------------------------------------------
// Logprobs
// ---------------------------------------------------------------------------

/**
 * `logprobs.content` gains an item per token: copying the array on every chunk would make a
 * 100k-token reply quadratic, and pushing onto it would mutate earlier results. So each result's
 * lists are a persistent linked list of the chunks' own (never mutated) arrays, appended in O(1),
 * exposed through an enumerable getter that flattens once on first read and caches. Reading every
 * intermediate result costs what the reader asks for; accumulating alone stays linear.
 * A tuple rather than an object: its slots cost no property names in the bundle.
 */
type Rope = [previous: Rope | undefined, items: readonly unknown[], flat?: unknown[]];

function flatten(rope: Rope): unknown[] {
  const pending: Rope[] = [];
  let node: Rope | undefined = rope;
  for (; node && !node[2]; node = node[0]) pending.push(node);
  const out = node?.[2]?.slice() ?? [];
  for (let i = pending.length; i--; ) for (const item of pending[i]![1]) out.push(item);
  rope[2] = out;
  return out;
}

/** The ropes behind each accumulated `logprobs` object's lists. */
const ropes = new WeakMap<object, Record<string, Rope>>();

function appendLogprobs(previous: Dict | undefined, delta: Dict): Dict {
  if (!previous) return delta;
  const lists = { ...ropes.get(previous) };
  const next: Dict = {};
  // Lists behind a getter are read from their rope, never through the getter (that would flatten).
  for (const key in previous) if (!lists[key]) next[key] = previous[key];
  for (const key in delta) {
    const value = delta[key];
    if (key !== 'content' && key !== 'refusal') {
      if (value != null) next[key] = value;
    } else if (isArray(value) && value.length > 0) {
      const before = next[key];
      lists[key] = [lists[key] ?? (isArray(before) ? [undefined, before] : undefined), value];
      delete next[key];
    }
  }
  for (const key in lists) {
    const rope = lists[key]!;
    Object.defineProperty(next, key, {
      enumerable: true,
      configurable: true,
      get: () => rope[2] ?? flatten(rope),
    });
  }
  ropes.set(next, lists);
  return next;
}

// ---------------------------------------------------------------------------
// Message parts
// ---------------------------------------------------------------------------

/** Consecutive `reasoning.text` details with the same index are one detail (text concatenates). */
function appendReasoningDetails(previous: ReasoningDetail[] = [], details: ReasoningDetail[]) {
  const out = previous.slice();
  for (const detail of details) {
    const last = out[out.length - 1];
    if (detail?.type === 'reasoning.text' && last?.type === 'reasoning.text' && last.index === detail.index) {
      out[out.length - 1] = merge(last, detail, DETAIL_RULES);
    } else if (detail) out.push(detail);
  }
  return out;
}

/** The stream `index` of each accumulated tool call (several calls may share one), and whether its id was generated. */
const callIndexes = new WeakMap<object, [index: number, generated: boolean]>();

function appendToolCalls(previous: ToolCall[] = [], deltas: ToolCallDelta[], idPrefix: string) {
  const out = previous.slice();
  /** The stream index of the call at position `i`. */
  const indexAt = (i: number) => callIndexes.get(out[i]!)?.[0] ?? i;
  deltas.forEach((delta, position) => {
    if (!delta) return;
    const index = typeof delta.index === 'number' ? delta.index : position;
    const { id } = delta;
    const name = delta.function?.name;
    // The last call at this index, or an earlier one there with this id (the fragments of calls
    // sent at one index may interleave); `out.length` for none.
    let at = out.length;
    for (let i = at; i--; ) if (indexAt(i) === index && (at === out.length || out[i]!.id === id)) at = i;
    const target = out[at];
    // Some providers send every call at index 0: a different id (or function name) at an index
    // already in use starts a new call. Repeated ids and names on every fragment do not.
    const fresh =
      !target ||
      (!!id && id !== target.id && !callIndexes.get(target)?.[1]) ||
      (!!name && !!target.function.name && name !== target.function.name);
    const base = fresh
      ? { id: `${idPrefix}${out.length}`, type: 'function', function: { name: '', arguments: '' } }
      : target;
    // A generated id gives way to the first real one that no other call has.
    const unnamed = fresh || !!callIndexes.get(target)?.[1];
    const taken = !!id && out.some((call) => call.id === id);
    const call = merge(base, delta, unnamed && !taken ? UNNAMED_CALL_RULES : CALL_RULES) as ToolCall;
    const generated = unnamed && (!id || taken);
    if (fresh) {
      // In index order: a new call goes after those at its index or a lower one (calls sharing an
      // index in arrival order). The calls it moves up keep their index, now unlike their position.
      for (at = out.length; at && indexAt(at - 1) > index; ) {
        const moved = out[--at]!;
        callIndexes.has(moved) || callIndexes.set(moved, [at, false]);
      }
      out.splice(at, 0, call);
    } else out[at] = call;
    // Only a call that differs from the default (stream index = position, a real id) gets an entry:
    // an entry per chunk makes every garbage collection slower. An entry is never dropped: the
    // call may sit elsewhere in another result (moved up there), and a draft changed in place (a
    // generated id replaced by a real one) only needs it updated.
    if (generated || index !== at || callIndexes.has(call)) callIndexes.set(call, [index, generated]);
  });
  return out;
}

/** Appends annotations, dropping a url citation or file seen before. */
export function appendAnnotations(previous: Annotation[] = [], annotations: Annotation[]) {
  const key = (annotation: Annotation) =>
    (annotation as { url_citation?: { url?: string } }).url_citation?.url ??
    (annotation as { file?: { hash?: string } }).file?.hash ??
    annotation;
  const seen = new Set(previous.map(key));
  const added = annotations.filter(
    (annotation) => annotation && !seen.has(key(annotation)) && seen.add(key(annotation)),
  );
  return added.length > 0 ? [...previous, ...added] : previous;
}

/** Content is text, or a list of parts once a delta sends parts. */
function appendContent(previous: ChatCompletionChoice['message']['content'], value: unknown) {
  if (isArray(value))
    return [...(isArray(previous) ? previous : previous ? [{ type: 'text', text: previous }] : []), ...value];
  if (isArray(previous)) return value === '' ? previous : [...previous, { type: 'text', text: value }];
  return concat(previous, value as string);
}

const DETAIL_RULES: Rules = { text: concat, id: first, format: first, signature: first };
const FUNCTION_RULES: Rules = { name: first, arguments: concat };
const CALL_RULES: Rules = { index: keep, id: keep, function: nested(FUNCTION_RULES) };
const UNNAMED_CALL_RULES: Rules = {
  ...CALL_RULES,
  id: (previous: string, id: string) => id || previous,
};
const MESSAGE_RULES: Rules = {
  content: appendContent,
  reasoning: concat,
  refusal: concat,
  reasoning_details: appendReasoningDetails,
  tool_calls: appendToolCalls,
  images: (previous: unknown[] = [], images: unknown[]) => [...previous, ...images],
  annotations: appendAnnotations,
  audio: nested({ data: concat, transcript: concat }),
};
/** A choice's `delta` folds into its `message` (merged apart, see below); a `message` in a chunk is ignored. */
const CHOICE_RULES: Rules = { delta: keep, message: keep, logprobs: appendLogprobs };

function appendChoices(previous: ChatCompletionChoice[], choices: unknown, id: string) {
  let out = previous;
  if (!isArray(choices)) return out;
  for (let position = 0; position < choices.length; position++) {
    const choice: Dict | undefined = choices[position];
    if (!choice) continue;
    const index = typeof choice.index === 'number' ? choice.index : position;
    let at = out.length;
    while (at-- && out[at]!.index !== index);
    const found = out[at];
    const before = found ?? { index, message: { role: 'assistant', content: null }, finish_reason: null };
    const delta = (choice.delta ?? {}) as Dict;
    // Merged apart: a copy of the choice with `delta` renamed would be one more object per chunk.
    // The tool call id prefix is only built when a delta has tool calls.
    const message = merge(
      before.message,
      delta,
      MESSAGE_RULES,
      delta.tool_calls ? `call_${id}_${index}_` : '',
    );
    // A later null never downgrades a received finish reason: `merge` skips nulls.
    let next = merge(before, choice, CHOICE_RULES);
    if (message !== next.message) {
      // Not `{ ...next, message }`: redefining a copied key takes a slow path.
      if (next === before && !drafts?.has(before)) {
        next = { ...before };
        drafts?.add(next);
      }
      next.message = message;
    }
    if (next !== found) {
      // One choice, the common case, needs no filter and no sort.
      out =
        found && !out[1]
          ? [next]
          : [...out.filter((item) => item !== found), next].sort((a, b) => a.index - b.index);
    }
  }
  return out;
}

const COMPLETION_RULES: Rules = { object: keep, error: keep, choices: appendChoices };

/**
 * Folds one stream chunk into the completion built so far and returns the new completion, in the
 * shape a non-streaming request returns. Pure: the inputs are never mutated, and only objects on
 * the changed path are new (unchanged choices, messages, tool calls keep their identity; a chunk
 * that changes nothing returns `completion` itself).
 *
 * Implements every accumulation rule of the wire: text fields concatenate, `reasoning_details`
 * merge by index, tool calls assemble by index and stay in index order (with the known provider
 * quirks), images and annotations (deduplicated) append, audio fragments concatenate, `logprobs`
 * lists grow, several choices by `index`, `usage` in any of its three shapes, and a finish reason
 * is never reset to null.
 *
 * @example
 * let completion: ChatCompletion | undefined;
 * for await (const chunk of client.stream(request)) completion = accumulateChunk(completion, chunk);
 */
export function accumulateChunk(
  completion: ChatCompletion | undefined,
  chunk: ChatCompletionChunk,
): ChatCompletion {
  const base = completion ?? { id: '', object: 'chat.completion', created: 0, model: '', choices: [] };
  return merge(base, chunk, COMPLETION_RULES, chunk.id ?? base.id);
}

/** A stateful accumulator: `push` chunks, read `completion`. */
export interface Accumulator {
  /** The completion so far; `undefined` before the first chunk. */
  readonly completion: ChatCompletion | undefined;
  /** Folds a chunk in and returns the new completion. */
  push(chunk: ChatCompletionChunk): ChatCompletion;
}

/**
 * Creates a stateful wrapper around `accumulateChunk`.
 *
 * @example
 * const accumulator = createAccumulator();
 * for await (const chunk of stream) render(accumulator.push(chunk));
 */
export function createAccumulator(): Accumulator {
  const accumulator = {
    completion: undefined as ChatCompletion | undefined,
    push: (chunk: ChatCompletionChunk) =>
      (accumulator.completion = accumulateChunk(accumulator.completion, chunk)),
  };
  return accumulator;
}

/**
 * Folds a chunk in, hands the completion to `onCompletion`, then throws the error the chunk
 * carries (with the completion as `partial`; the generation id defaults to the completion's `id`).
 * Positional arguments: this runs for every chunk, and an options object would be one more
 * allocation each time.
 */
export function foldChunk(
  completion: ChatCompletion | undefined,
  chunk: ChatCompletionChunk,
  onCompletion?: (completion: ChatCompletion) => void,
  type: ChatApiErrorType = 'stream',
  generationId?: string,
  status?: number,
): ChatCompletion {
  const next = accumulateChunk(completion, chunk);
  onCompletion?.(next);
  // The error a chunk carries: a top-level `error`, or a choice ending with `finish_reason: "error"`
  // (its `error`, or one saying so when it has none: the turn failed even without details).
  const failed = (isArray(chunk.choices) ? chunk.choices : []).find(
    (choice: { finish_reason?: unknown } | undefined) => choice?.finish_reason === 'error',
  ) as { error?: WireError } | undefined;
  const error = isDict(chunk.error)
    ? (chunk.error as WireError)
    : failed && (failed.error ?? { code: 'server_error', message: 'The reply ended with an error.' });
  if (error) {
    throw createWireError(error, {
      type,
      status,
      partial: next,
      generationId: generationId ?? (next.id || undefined),
    });
  }
  return next;
}

/**
 * The client's streams, which keep their own `completion`, each with a way to read the body in one
 * step: without `onChunk`, accumulating in place (nobody sees the steps); with it, handing it each
 * chunk as it is decoded (no async step per chunk, as iterating would take).
 */
export const streams = new WeakMap<
  object,
  (onChunk?: (chunk: ChatCompletionChunk) => void) => Promise<ChatCompletion | undefined>
>();

/**
 * Accumulates a whole stream into the completion a non-streaming request would return.
 * Throws the stream's `ChatApiError` (with `partial`, the completion so far) when a chunk carries
 * an error, or when there is no chunk at all. Given a `ChatStream` from `createChatClient`, it
 * reads the body in one step and returns the stream's own `completion` (accumulated once).
 *
 * @example
 * const completion = await collectCompletion(client.stream(request));
 */
export async function collectCompletion(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk>,
): Promise<ChatCompletion> {
  // A client's stream accumulates as it decodes and throws its own errors: reading it is enough.
  const accumulated = streams.get(chunks);
  let completion = await accumulated?.();
  if (!accumulated) for await (const chunk of chunks) completion = foldChunk(completion, chunk);
  if (completion) return completion;
  throw new ChatApiError({
    type: 'stream',
    code: 'stream_truncated',
    message: 'The stream ended before any chunk arrived.',
  });
}
