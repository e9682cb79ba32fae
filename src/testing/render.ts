import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionDelta,
  ChatCompletionRequest,
  ChoiceLogprobs,
  TokenLogprob,
  Usage,
} from '../core/types.js';
import { collectMessage } from './collect.js';
import { countTokens, type MockPlan } from './plan.js';
import { estimatePromptTokens } from './prompt.js';
import type { MockStreamEvent, MockUsageShape } from './types.js';

/** The fields every chunk and completion of one reply repeats. */
export interface ReplyMeta {
  id: string;
  provider: string;
  model: string;
  created: number;
  /** `undefined` leaves the key out (`systemFingerprint: 'absent'`). */
  system_fingerprint: string | null | undefined;
}

/** Pacing of a stream, in milliseconds. */
export interface MockTiming {
  tokenDelayMs: number;
  firstTokenDelayMs: number;
}

const PROMPT_PRICE = 0.0000005;
const COMPLETION_PRICE = 0.0000015;
const KEEP_ALIVE = 'OPENROUTER PROCESSING';

function round(value: number): number {
  return Number(value.toPrecision(6));
}

function usesPromptCache(request: ChatCompletionRequest): boolean {
  return request.cache_control !== undefined || JSON.stringify(request.messages).includes('"cache_control"');
}

/** The token counts of `counts` that are given (`undefined` leaves a counted one as it is). */
function givenCounts(counts: Record<string, number | undefined> | undefined): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts ?? {}).filter((entry): entry is [string, number] => entry[1] !== undefined),
  );
}

/**
 * Usage with cost for the plan: its reasoning and image tokens in the details, cached reads when
 * prompt caching is on and the prefix was seen. The counts a scripted reply gives (`plan.usage`)
 * replace those, and the rest follow, the parts never more than their totals: a total counted
 * holds the parts given; a `completion_tokens` given, whose split the mock cannot know, has only
 * the parts given (the counted reasoning and images could exceed it); a cached read counted is
 * at most what a given cache write leaves of the prompt. The total and the cost follow the counts.
 */
export function createUsage(plan: MockPlan, request: ChatCompletionRequest, turn: number): Usage {
  const scripted = plan.usage;
  const promptParts = givenCounts(scripted?.prompt_tokens_details);
  const completionParts = givenCounts(scripted?.completion_tokens_details);
  const promptTokens =
    scripted?.prompt_tokens ??
    Math.max(
      estimatePromptTokens(request),
      (promptParts.cached_tokens ?? 0) + (promptParts.cache_write_tokens ?? 0),
      promptParts.audio_tokens ?? 0,
    );
  const cachedTokens =
    usesPromptCache(request) && turn > 0
      ? Math.min(Math.floor(promptTokens / 2), promptTokens - (promptParts.cache_write_tokens ?? 0))
      : 0;
  const hidden = plan.hiddenReasoningTokens ?? 0;
  const counted = {
    reasoning_tokens: countTokens(plan.steps, 'reasoning') + hidden,
    image_tokens: countTokens(plan.steps, 'image'),
  };
  const parts = { ...counted, ...completionParts };
  const completionTokens =
    scripted?.completion_tokens ??
    // The text, refusal and tool calls as counted, then the parts, given or counted.
    countTokens(plan.steps) +
      hidden -
      counted.reasoning_tokens -
      counted.image_tokens +
      parts.reasoning_tokens +
      parts.image_tokens;
  const completionDetails = scripted?.completion_tokens === undefined ? parts : completionParts;
  const promptCost = round(promptTokens * PROMPT_PRICE);
  const completionCost = round(completionTokens * COMPLETION_PRICE);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    cost: round(promptCost + completionCost),
    is_byok: false,
    prompt_tokens_details: {
      cached_tokens: cachedTokens,
      cache_write_tokens: 0,
      audio_tokens: 0,
      ...promptParts,
    },
    // Some providers send no details: so does a reply whose script gives a total and none.
    ...(Object.keys(completionDetails).length > 0 ? { completion_tokens_details: completionDetails } : {}),
    cost_details: {
      upstream_inference_cost: null,
      upstream_inference_prompt_cost: promptCost,
      upstream_inference_completions_cost: completionCost,
    },
  };
}

/** `system_fingerprint` as the reply carries it: nothing when the meta leaves it out. */
const fingerprintOf = ({ system_fingerprint }: ReplyMeta) =>
  system_fingerprint === undefined ? {} : { system_fingerprint };

/**
 * A stream chunk, fields in the wire's order. As in WIRE.md's example stream, only the first chunk
 * carries `system_fingerprint` (after `choices`); `usage` or `error` follows `choices` directly.
 */
function chunkOf(
  meta: ReplyMeta,
  choices: ChatCompletionChunkChoice[],
  extra = {},
  first = false,
): ChatCompletionChunk {
  return {
    id: meta.id,
    provider: meta.provider,
    model: meta.model,
    object: 'chat.completion.chunk',
    created: meta.created,
    choices,
    ...(first ? fingerprintOf(meta) : {}),
    ...extra,
  };
}

/**
 * A choice of a stream chunk. As in WIRE.md's example stream, `logprobs` is there (as `null`) in
 * the first chunk only, and in the chunks that carry some (`logprobs: true`).
 */
function choiceOf(
  delta: ChatCompletionDelta,
  finish: string | null = null,
  logprobs?: ChoiceLogprobs | null,
): ChatCompletionChunkChoice {
  return {
    index: 0,
    delta: { role: 'assistant', ...delta },
    finish_reason: finish,
    native_finish_reason: finish,
    ...(logprobs === undefined ? {} : { logprobs }),
  };
}

/** Other tokens the mock "considered", for `top_logprobs`. */
const ALTERNATIVES = [' the', ' a', ',', '.', ' and', ' of', ' to', ' in', ' is', ' that'];

/** A stable pseudo-probability for a token at a position: in (0, 1], repeatable. */
function chanceOf(token: string, position: number): number {
  let hash = position * 31 + 7;
  for (let index = 0; index < token.length; index++) hash = (hash * 33 + token.charCodeAt(index)) >>> 0;
  return 0.35 + (hash % 650) / 1000;
}

/**
 * The logprob entry of one emitted token, as the endpoint sends it with `logprobs: true`: the
 * token, its log probability, its UTF-8 bytes, and `top` alternatives (the token first).
 */
function tokenLogprob(token: string, position: number, top: number): TokenLogprob {
  const chance = chanceOf(token, position);
  const alternatives = ALTERNATIVES.filter((other) => other !== token).slice(0, Math.max(0, top - 1));
  // The token's own chance first, then each alternative half of what the one before it left.
  const entry = (item: string, share: number) => ({
    token: item,
    logprob: round(Math.log(share)),
    bytes: [...new TextEncoder().encode(item)],
  });
  const own = entry(token, chance);
  return {
    ...own,
    top_logprobs: top
      ? [own, ...alternatives.map((item, index) => entry(item, (1 - chance) / 2 ** (index + 1)))]
      : [],
  };
}

/**
 * The `logprobs` of each step's chunk, in step order: one entry for a chunk of text when the
 * request asked for them (`logprobs: true`), else none.
 */
function stepLogprobs(plan: MockPlan, request: ChatCompletionRequest): (ChoiceLogprobs | undefined)[] {
  let position = 0;
  return plan.steps.map((step) => {
    const text = step.type === 'delta' ? step.delta.content : undefined;
    if (request.logprobs !== true || typeof text !== 'string' || text === '') return undefined;
    return { content: [tokenLogprob(text, position++, request.top_logprobs ?? 0)], refusal: null };
  });
}

/**
 * The SSE events of a plan: keep-alive comments first, a role chunk, one chunk per step, then the
 * ending (finish chunk, usage chunk, `[DONE]`; or an error chunk; or nothing when truncated).
 */
export function renderStream(
  plan: MockPlan,
  meta: ReplyMeta,
  usage: Usage,
  timing: MockTiming,
  request: ChatCompletionRequest,
  usageShape: MockUsageShape = 'empty-choices',
): MockStreamEvent[] {
  const half = timing.firstTokenDelayMs / 2;
  const tokenDelay = timing.tokenDelayMs * plan.pace;
  const events: MockStreamEvent[] = [
    { type: 'comment', comment: KEEP_ALIVE, delayMs: 0 },
    { type: 'comment', comment: KEEP_ALIVE, delayMs: half },
  ];
  if (request.debug?.echo_upstream_body === true) {
    const { debug: _debug, ...upstream } = request;
    events.push({
      type: 'chunk',
      chunk: chunkOf(meta, [], { debug: { echo_upstream_body: upstream } }),
      delayMs: 0,
    });
  }
  events.push({
    type: 'chunk',
    chunk: chunkOf(meta, [choiceOf({ content: '' }, null, null)], {}, true),
    delayMs: half,
  });
  const logprobs = stepLogprobs(plan, request);
  for (const [index, step] of plan.steps.entries()) {
    if (step.type === 'delta') {
      events.push({
        type: 'chunk',
        chunk: chunkOf(meta, [choiceOf(step.delta, null, logprobs[index])]),
        delayMs: tokenDelay,
      });
    } else if (step.type === 'keep-alive') {
      events.push({ type: 'comment', comment: KEEP_ALIVE, delayMs: tokenDelay * step.pause });
    } else {
      events.push({ type: 'raw', data: step.data, delayMs: tokenDelay });
    }
  }
  const { ending } = plan;
  if (ending.type === 'error') {
    const choice = { ...choiceOf({ content: '' }, 'error') };
    events.push({
      type: 'chunk',
      chunk: chunkOf(meta, [choice], { error: ending.error }),
      delayMs: tokenDelay,
    });
  } else if (ending.type === 'finish') {
    const finish = { ...choiceOf({ content: '' }, ending.reason), native_finish_reason: ending.native };
    events.push({ type: 'chunk', chunk: chunkOf(meta, [finish]), delayMs: tokenDelay });
    const usageChoices =
      usageShape === 'repeat-finish'
        ? [finish]
        : usageShape === 'null-finish'
          ? [choiceOf({ content: '' })]
          : [];
    events.push({ type: 'chunk', chunk: chunkOf(meta, usageChoices, { usage }), delayMs: 0 });
    events.push({ type: 'done', delayMs: 0 });
  }
  return events;
}

/** The non-streaming completion of a plan (an error ending becomes `choices[0].error`). */
export function renderCompletion(
  plan: MockPlan,
  meta: ReplyMeta,
  usage: Usage,
  request?: ChatCompletionRequest,
): ChatCompletion {
  const { ending } = plan;
  // With `logprobs: true`, one entry per text token, as the stream would have sent them.
  const tokens = request ? stepLogprobs(plan, request).flatMap((entry) => entry?.content ?? []) : [];
  const finish = ending.type === 'finish' ? ending.reason : ending.type === 'error' ? 'error' : null;
  return {
    id: meta.id,
    provider: meta.provider,
    model: meta.model,
    object: 'chat.completion',
    created: meta.created,
    ...fingerprintOf(meta),
    choices: [
      {
        index: 0,
        finish_reason: finish,
        native_finish_reason: ending.type === 'finish' ? ending.native : finish,
        logprobs: request?.logprobs === true ? { content: tokens, refusal: null } : null,
        message: collectMessage(plan.steps),
        ...(ending.type === 'error' ? { error: ending.error } : {}),
      },
    ],
    usage,
  };
}
