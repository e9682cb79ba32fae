import { ChatApiError } from './errors.js';
import { createStreamError } from './response-error.js';
import type {
  Annotation,
  AssistantMessage,
  AudioDelta,
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionDelta,
  ChoiceLogprobs,
  OutputAudio,
  ReasoningDetail,
  ToolCall,
  ToolCallDelta,
  WireError,
} from './types.js';

type Draft = Record<string, unknown>;

const present = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * The keys of `source` not listed in `known` whose value is not null: unknown wire fields are
 * kept (last value wins), never stripped.
 */
function extras(source: object, known: readonly string[]): Draft {
  const out: Draft = {};
  for (const key in source) {
    const value = (source as Draft)[key];
    if (present(value) && !known.includes(key)) out[key] = value;
  }
  return out;
}

/** `prev` itself when no change differs from it, else a shallow copy with the changes. */
function patch<T extends object>(prev: T, changes: Draft): T {
  for (const key in changes) {
    if (changes[key] !== (prev as Draft)[key]) return { ...prev, ...changes };
  }
  return prev;
}

/** Appends `delta` to `text`, ignoring null and empty fragments. */
const concat = (text: string | null | undefined, delta: unknown): string | undefined =>
  typeof delta === 'string' && delta !== '' ? (text ?? '') + delta : undefined;

// ---------------------------------------------------------------------------
// Logprobs
// ---------------------------------------------------------------------------

/**
 * `logprobs.content` gains an item per token: copying the array on every chunk would make a
 * 100k-token reply quadratic, and pushing onto it would mutate earlier results. So each result's
 * arrays are a persistent linked list of the chunks' own (never mutated) arrays, appended in O(1),
 * exposed through an enumerable getter that flattens once on first read and caches. Reading every
 * intermediate result costs what the reader asks for; accumulating alone stays linear.
 */
interface Rope<T> {
  prev: Rope<T> | undefined;
  items: readonly T[];
  flat?: T[];
}

function flatten<T>(rope: Rope<T>): T[] {
  if (rope.flat) return rope.flat;
  const pending: Rope<T>[] = [];
  let node: Rope<T> | undefined = rope;
  while (node && !node.flat) {
    pending.push(node);
    node = node.prev;
  }
  const out = node?.flat ? node.flat.slice() : [];
  for (let i = pending.length - 1; i >= 0; i--) for (const item of pending[i]!.items) out.push(item);
  rope.flat = out;
  return out;
}

const LOGPROB_LISTS = ['content', 'refusal'] as const;
const ropes = new WeakMap<object, Partial<Record<string, Rope<unknown> | null>>>();

function ropeOf(logprobs: Draft, key: string): Rope<unknown> | null | undefined {
  const state = ropes.get(logprobs);
  if (state) return state[key];
  const list = logprobs[key];
  return Array.isArray(list) ? { prev: undefined, items: list } : list === null ? null : undefined;
}

function appendLogprobs(prev: ChoiceLogprobs | null | undefined, delta: ChoiceLogprobs): ChoiceLogprobs {
  if (!prev) return delta;
  const next: Draft = {};
  const state: Partial<Record<string, Rope<unknown> | null>> = {};
  for (const source of [prev as Draft, delta as Draft]) {
    for (const key in source) {
      if (!(LOGPROB_LISTS as readonly string[]).includes(key) && present(source[key]))
        next[key] = source[key];
    }
  }
  for (const key of LOGPROB_LISTS) {
    let rope = ropeOf(prev, key);
    const items = delta[key];
    if (Array.isArray(items) && items.length > 0) rope = { prev: rope ?? undefined, items };
    state[key] = rope;
    if (rope) {
      const list = rope;
      Object.defineProperty(next, key, { enumerable: true, configurable: true, get: () => flatten(list) });
    } else if (rope === null) next[key] = null;
  }
  ropes.set(next, state);
  return next as ChoiceLogprobs;
}

// ---------------------------------------------------------------------------
// Message parts
// ---------------------------------------------------------------------------

function appendReasoningDetails(
  prev: ReasoningDetail[] | undefined,
  deltas: readonly ReasoningDetail[],
): ReasoningDetail[] {
  const out = prev ? prev.slice() : [];
  for (const detail of deltas) {
    const last = out[out.length - 1];
    if (detail?.type === 'reasoning.text' && last?.type === 'reasoning.text' && last.index === detail.index) {
      // Text concatenates; `id`, `format` and `signature` keep their first non-null value
      // (a signature usually arrives later, in a detail without text).
      const changes = extras(detail, ['text', 'type', 'index']);
      for (const key of ['id', 'format', 'signature']) if (present(last[key])) delete changes[key];
      const text = concat(last.text, detail.text);
      if (text !== undefined) changes.text = text;
      out[out.length - 1] = patch(last, changes);
    } else if (detail) out.push(detail);
  }
  return out;
}

/** How an accumulated tool call maps to the stream's `index` (which several calls may share). */
const callIndexes = new WeakMap<object, { index: number; generated: boolean }>();

function appendToolCalls(prev: ToolCall[] | undefined, deltas: readonly ToolCallDelta[], idPrefix: string) {
  const out = prev ? prev.slice() : [];
  deltas.forEach((delta, position) => {
    if (!delta) return;
    const index = typeof delta.index === 'number' ? delta.index : position;
    const fn = delta.function ?? {};
    const id = typeof delta.id === 'string' && delta.id !== '' ? delta.id : undefined;
    const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : undefined;
    let at = out.length - 1;
    while (at >= 0 && (callIndexes.get(out[at]!)?.index ?? at) !== index) at--;
    const target = out[at];
    const generated = target ? callIndexes.get(target)?.generated : false;
    const taken = id !== undefined && out.some((call) => call.id === id);
    // Some providers send every call at index 0: a different id (or function name) at an index
    // already in use starts a new call. Repeated ids and names on every fragment do not.
    if (
      !target ||
      (id !== undefined && id !== target.id && !generated) ||
      (name !== undefined && target.function.name !== '' && name !== target.function.name)
    ) {
      const call = {
        ...extras(delta, ['index', 'id', 'type', 'function']),
        id: id !== undefined && !taken ? id : `${idPrefix}${out.length}`,
        type: delta.type ?? 'function',
        function: {
          ...extras(fn, ['name', 'arguments']),
          name: name ?? '',
          arguments: typeof fn.arguments === 'string' ? fn.arguments : '',
        },
      } as ToolCall;
      callIndexes.set(call, { index, generated: id === undefined || taken });
      out.push(call);
      return;
    }
    const fnChanges = extras(fn, ['name', 'arguments']);
    if (name !== undefined && target.function.name === '') fnChanges.name = name;
    const args = concat(target.function.arguments, fn.arguments);
    if (args !== undefined) fnChanges.arguments = args;
    const changes = extras(delta, ['index', 'id', 'type', 'function']);
    const nextFunction = patch(target.function, fnChanges);
    if (nextFunction !== target.function) changes.function = nextFunction;
    const named = generated && id !== undefined && !taken;
    if (named) changes.id = id;
    const call = patch(target, changes);
    if (call !== target) {
      callIndexes.set(call, { index, generated: !!generated && !named });
      out[at] = call;
    }
  });
  return out;
}

function annotationKey(annotation: Annotation): string | undefined {
  if (annotation.type === 'url_citation') return `url:${annotation.url_citation?.url}`;
  if (annotation.type === 'file') return `file:${annotation.file?.hash}`;
  return undefined;
}

function appendAnnotations(prev: Annotation[] | undefined, deltas: readonly Annotation[]): Annotation[] {
  const out = prev ? prev.slice() : [];
  const seen = new Set(out.map(annotationKey));
  for (const annotation of deltas) {
    const key = annotation && annotationKey(annotation);
    if (!annotation || (key !== undefined && seen.has(key))) continue;
    seen.add(key);
    out.push(annotation);
  }
  return out;
}

function appendAudio(prev: OutputAudio | null | undefined, delta: AudioDelta): OutputAudio {
  if (!prev) return delta as OutputAudio;
  const changes = extras(delta, ['data', 'transcript']);
  const data = concat(prev.data, delta.data);
  const transcript = concat(prev.transcript, delta.transcript);
  if (data !== undefined) changes.data = data;
  if (transcript !== undefined) changes.transcript = transcript;
  return patch(prev, changes);
}

const DELTA_KEYS = [
  'role',
  'content',
  'reasoning',
  'reasoning_details',
  'refusal',
  'tool_calls',
  'images',
  'annotations',
  'audio',
];

function nonEmpty<T>(list: readonly T[] | null | undefined): list is readonly T[] {
  return Array.isArray(list) && list.length > 0;
}

function accumulateMessage(
  prev: AssistantMessage,
  delta: ChatCompletionDelta,
  idPrefix: string,
): AssistantMessage {
  const changes = extras(delta, DELTA_KEYS);
  const { content } = delta;
  if (Array.isArray(content)) {
    const before = prev.content;
    changes.content = [
      ...(Array.isArray(before) ? before : before ? [{ type: 'text', text: before }] : []),
      ...content,
    ];
  } else if (Array.isArray(prev.content)) {
    if (typeof content === 'string' && content !== '') {
      changes.content = [...prev.content, { type: 'text', text: content }];
    }
  } else {
    changes.content = concat(prev.content, content) ?? prev.content;
  }
  for (const key of ['reasoning', 'refusal'] as const) {
    const text = concat(prev[key], delta[key]);
    if (text !== undefined) changes[key] = text;
  }
  if (nonEmpty(delta.reasoning_details)) {
    changes.reasoning_details = appendReasoningDetails(prev.reasoning_details, delta.reasoning_details);
  }
  if (nonEmpty(delta.tool_calls)) {
    changes.tool_calls = appendToolCalls(prev.tool_calls, delta.tool_calls, idPrefix);
  }
  if (nonEmpty(delta.images)) changes.images = [...(prev.images ?? []), ...delta.images];
  if (nonEmpty(delta.annotations)) {
    const annotations = appendAnnotations(prev.annotations, delta.annotations);
    if (annotations.length !== prev.annotations?.length) changes.annotations = annotations;
  }
  if (delta.audio && typeof delta.audio === 'object') changes.audio = appendAudio(prev.audio, delta.audio);
  return patch(prev, changes);
}

function accumulateChoice(
  prev: ChatCompletionChoice,
  choice: ChatCompletionChunkChoice,
  idPrefix: string,
): ChatCompletionChoice {
  // A later null never downgrades a received finish reason: `present` filters nulls out.
  const changes = extras(choice, ['index', 'delta', 'logprobs']);
  if (choice.delta) changes.message = accumulateMessage(prev.message, choice.delta, idPrefix);
  if (choice.logprobs) changes.logprobs = appendLogprobs(prev.logprobs, choice.logprobs);
  return patch(prev, changes);
}

/**
 * Folds one stream chunk into the completion built so far and returns the new completion, in the
 * shape a non-streaming request returns. Pure: the inputs are never mutated, and only objects on
 * the changed path are new (unchanged choices, messages, tool calls keep their identity; a chunk
 * that changes nothing returns `completion` itself).
 *
 * Implements every accumulation rule of the wire: text fields concatenate, `reasoning_details`
 * merge by index, tool calls assemble by index (with the known provider quirks), images and
 * annotations (deduplicated) append, audio fragments concatenate, `logprobs` lists grow, several
 * choices by `index`, `usage` in any of its three shapes, and a finish reason is never reset to null.
 *
 * @example
 * let completion: ChatCompletion | undefined;
 * for await (const chunk of client.stream(request)) completion = accumulateChunk(completion, chunk);
 */
export function accumulateChunk(
  completion: ChatCompletion | undefined,
  chunk: ChatCompletionChunk,
): ChatCompletion {
  const base: ChatCompletion = completion ?? {
    id: '',
    object: 'chat.completion',
    created: 0,
    model: '',
    choices: [],
  };
  const changes = extras(chunk, ['object', 'choices', 'usage', 'error']);
  if (chunk.usage && typeof chunk.usage === 'object') changes.usage = chunk.usage;
  const id = (changes.id as string | undefined) ?? base.id;
  let choices = base.choices;
  (Array.isArray(chunk.choices) ? chunk.choices : []).forEach((choice, position) => {
    if (!choice) return;
    const index = typeof choice.index === 'number' ? choice.index : position;
    const at = choices.findIndex((item) => item.index === index);
    const prev = choices[at] ?? {
      index,
      message: { role: 'assistant', content: null },
      finish_reason: null,
    };
    const next = accumulateChoice(prev, choice, `call_${id}_${index}_`);
    if (at < 0) choices = [...choices, next].sort((a, b) => a.index - b.index);
    else if (next !== prev) {
      choices = choices === base.choices ? choices.slice() : choices;
      choices[at] = next;
    }
  });
  if (choices !== base.choices) changes.choices = choices;
  return patch(base, changes);
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
  let completion: ChatCompletion | undefined;
  return {
    get completion() {
      return completion;
    },
    push(chunk) {
      completion = accumulateChunk(completion, chunk);
      return completion;
    },
  };
}

/** The error a chunk carries: a top-level `error`, or a choice's `error` with `finish_reason: "error"`. */
export function getChunkError(chunk: ChatCompletionChunk | ChatCompletion): WireError | undefined {
  if (chunk.error && typeof chunk.error === 'object') return chunk.error as WireError;
  const choices: readonly { error?: WireError; finish_reason?: unknown }[] = Array.isArray(chunk.choices)
    ? chunk.choices
    : [];
  return choices.find((choice) => choice?.error && choice.finish_reason === 'error')?.error;
}

/**
 * Accumulates a whole stream into the completion a non-streaming request would return.
 * Throws the stream's `ChatApiError` (with `partial`, the completion so far) when a chunk carries
 * an error, or when there is no chunk at all.
 *
 * @example
 * const completion = await collectCompletion(client.stream(request));
 */
export async function collectCompletion(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk>,
): Promise<ChatCompletion> {
  let completion: ChatCompletion | undefined;
  for await (const chunk of chunks) {
    completion = accumulateChunk(completion, chunk);
    const error = getChunkError(chunk);
    if (error) throw createStreamError(error, completion, completion.id || undefined);
  }
  if (completion) return completion;
  throw new ChatApiError({
    type: 'stream',
    code: 'stream_truncated',
    message: 'The stream ended before any chunk arrived.',
  });
}
