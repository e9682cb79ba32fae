import type { ChatCompletionRequest } from '../core/types.js';
import { createScenarioContext, type ScenarioContext } from './context.js';
import { assertMockOptions, assertScenario } from './options.js';
import { limitTokens, type MockPlan, stopAtSequence } from './plan.js';
import { randomToken } from './random.js';
import { checkReasoningKept, rememberReasoning } from './reasoning-memory.js';
import { createUsage, type MockTiming, type ReplyMeta, renderCompletion, renderStream } from './render.js';
import { createAudioPlan } from './scenarios/audio.js';
import { createCitationsPlan } from './scenarios/citations.js';
import {
  createBadRequestReply,
  createErrorInBodyReply,
  createErrorReply,
  createHtmlErrorReply,
} from './scenarios/errors.js';
import {
  createInvalidChunkPlan,
  createMidstreamErrorPlan,
  createMidstreamStringErrorPlan,
  createToolMidstreamErrorPlan,
  createToolTruncatedPlan,
  createTruncatedPlan,
} from './scenarios/faults.js';
import { createFileParserPlan } from './scenarios/files.js';
import { createImagePlan } from './scenarios/image.js';
import { createJsonPlan } from './scenarios/json.js';
import { repliesWithReasoning, withReasoning } from './scenarios/reasoning.js';
import { createContentFilterPlan, createRefusalPlan } from './scenarios/safety.js';
import { createScriptedPlan } from './scenarios/scripted.js';
import { createSlowPlan, createTextPlan } from './scenarios/text.js';
import { createToolAnswerPlan, createToolCallPlan, hasPendingToolResults } from './scenarios/tools.js';
import { createXssPlan } from './scenarios/xss.js';
import { chooseAutoScenario, resolveModel } from './select-scenario.js';
import type { MockEndpointOptions, MockErrorStatus, MockReply, MockScenario } from './types.js';

/** Default pause between chunks: pleasant to watch in demos. */
export const DEFAULT_TOKEN_DELAY_MS = 15;

/** The pacing `options` ask for, with defaults. */
export function resolveTiming(options: MockEndpointOptions): MockTiming {
  const tokenDelayMs = Math.max(0, options.tokenDelayMs ?? DEFAULT_TOKEN_DELAY_MS);
  return {
    tokenDelayMs,
    firstTokenDelayMs: Math.max(0, options.firstTokenDelayMs ?? Math.min(400, tokenDelayMs * 20)),
  };
}

/** The scenarios a `MockScriptedReply` of `replies` replaces. */
const SCRIPTABLE = new Set<MockScenario>(['auto', 'text', 'tools', 'reasoning']);

type PlannedScenario = Exclude<
  MockScenario,
  'auto' | 'error-html' | 'error-in-body' | `error-${MockErrorStatus}`
>;

function createPlan(scenario: PlannedScenario, context: ScenarioContext): MockPlan {
  switch (scenario) {
    case 'tools':
      if (hasPendingToolResults(context.request.messages)) return createToolAnswerPlan(context);
      return createToolCallPlan(context, true) ?? createTextPlan(context);
    case 'image':
      return createImagePlan(context);
    case 'audio':
      return createAudioPlan(context);
    case 'citations':
      return createCitationsPlan(context);
    case 'json':
      return createJsonPlan(context);
    case 'slow':
      return createSlowPlan(context);
    case 'xss':
      // The hostile reply calls a tool once; given its result, the model answers (quoting it).
      if (hasPendingToolResults(context.request.messages)) return createToolAnswerPlan(context);
      return createXssPlan(context);
    case 'refusal':
      return createRefusalPlan(context);
    case 'content-filter':
      return createContentFilterPlan(context);
    case 'file-parser':
      return createFileParserPlan(context);
    case 'error-midstream':
      return createMidstreamErrorPlan(context);
    case 'error-midstream-string':
      return createMidstreamStringErrorPlan(context);
    case 'error-midstream-tools':
      return createToolMidstreamErrorPlan(context);
    case 'truncated':
      return createTruncatedPlan(context);
    case 'truncated-tools':
      return createToolTruncatedPlan(context);
    case 'invalid-chunk':
      return createInvalidChunkPlan(context);
    case 'text':
    case 'reasoning':
      return createTextPlan(context);
  }
}

function createMeta(context: ScenarioContext, model: string): ReplyMeta {
  const created = Math.floor(context.now / 1000);
  const id = `gen-${created}-${randomToken(context.random, 20)}`;
  const fingerprint = `fp_${randomToken(context.random, 10).toLowerCase()}`;
  const form = context.options.systemFingerprint;
  return {
    id,
    provider: 'Mock',
    model,
    created,
    system_fingerprint: form === 'absent' ? undefined : form === 'null' ? null : fingerprint,
  };
}

/**
 * The mock's answer to a chat-completions request, as data: status, headers and either the SSE
 * events (with their pacing) or a JSON/text body. Pure apart from the clock, randomness without a
 * seed, and one memory per `options` object: the tool calls it sent with `reasoning_details`, so that
 * a follow-up sending one back without them (or with them changed) gets the endpoint's 400.
 * `createMockFetch`, the MSW handlers and the Node server all render this.
 *
 * @example
 * const reply = createMockReply({ model: 'mock/tools', messages, tools, stream: true }, { tokenDelayMs: 0 });
 * if (reply.type === 'stream') for (const event of reply.events) console.log(formatSseEvent(event));
 */
export function createMockReply(
  request: ChatCompletionRequest,
  options: MockEndpointOptions = {},
): MockReply {
  assertMockOptions(options);
  const timing = resolveTiming(options);
  const forced = typeof options.scenario === 'function' ? options.scenario(request) : options.scenario;
  assertScenario(forced);
  const { model, scenario: requested } = resolveModel(request, forced);
  if (requested === undefined) {
    return createBadRequestReply(`${model} is not a valid model ID. Mock models are listed at GET /models.`);
  }
  if (requested === 'error-html') return createHtmlErrorReply(timing.firstTokenDelayMs);
  if (requested === 'error-in-body') return createErrorInBodyReply(timing.firstTokenDelayMs);
  const status = requested.match(/^error-(\d{3})$/)?.[1];
  if (status) {
    const code = Number(status) as MockErrorStatus;
    return createErrorReply(code, model, timing.firstTokenDelayMs, options.retryAfter);
  }

  const dropped = checkReasoningKept(request, options);
  if (dropped) return dropped;

  const context = createScenarioContext(request, options);
  const scenario = (requested === 'auto' ? chooseAutoScenario(context) : requested) as PlannedScenario;
  // The JSON reply `auto` gives a `response_format` is the text reply there: a string scripts it too.
  const scripted = SCRIPTABLE.has(requested) ? createScriptedPlan(context, scenario === 'json') : undefined;
  let plan = scripted ?? createPlan(scenario, context);
  if (scenario === 'reasoning' || repliesWithReasoning(plan, request)) plan = withReasoning(plan, context);
  plan = stopAtSequence(plan, request.stop);
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (typeof limit === 'number' && limit >= 1) plan = limitTokens(plan, limit);
  rememberReasoning(options, plan);

  const meta = createMeta(context, model);
  const usage = createUsage(plan, request, context.turn);
  const headers = { 'X-Generation-Id': meta.id };
  if (request.stream === true) {
    return {
      type: 'stream',
      status: 200,
      headers: { ...headers, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
      events: renderStream(plan, meta, usage, timing, request, options.usageShape),
    };
  }
  const delayMs = timing.firstTokenDelayMs;
  const completion = renderCompletion(plan, meta, usage, request);
  const jsonHeaders = { ...headers, 'Content-Type': 'application/json' };
  if (plan.ending.type === 'truncated') {
    const text = JSON.stringify(completion);
    return { type: 'text', status: 200, headers: jsonHeaders, body: text.slice(0, text.length / 2), delayMs };
  }
  if (scenario === 'invalid-chunk') {
    return { type: 'text', status: 200, headers: jsonHeaders, body: 'upstream sent: <not json>', delayMs };
  }
  return { type: 'json', status: 200, headers: jsonHeaders, body: completion, delayMs };
}
