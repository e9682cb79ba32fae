import type { ScenarioContext } from '../context.js';
import { type MockEnding, type MockPlan, type MockStep, splitPoint } from '../plan.js';
import { PROVIDER_DISCONNECTED } from './errors.js';
import { createTextPlan } from './text.js';
import { createToolAnswerPlan, createToolCallPlan, hasPendingToolResults } from './tools.js';

/** Some text, then an error chunk (`finish_reason: "error"`); the stream ends after it. */
export function createMidstreamErrorPlan(context: ScenarioContext): MockPlan {
  const plan = createTextPlan(context);
  return {
    ...plan,
    steps: plan.steps.slice(0, splitPoint(plan.steps, 0.4)),
    ending: PROVIDER_DISCONNECTED,
  };
}

/**
 * As `createMidstreamErrorPlan`, with the error's `code` a string (`"server_error"`), the other form
 * WIRE.md gives for a mid-stream error.
 */
export function createMidstreamStringErrorPlan(context: ScenarioContext): MockPlan {
  return {
    ...createMidstreamErrorPlan(context),
    ending: {
      type: 'error',
      error: {
        code: 'server_error',
        message: 'Upstream error: the provider stopped responding mid-stream.',
        metadata: { error_type: 'server', provider_name: 'Mock' },
      },
    },
  };
}

/** The connection closes mid-reply: no `finish_reason`, no `[DONE]`. */
export function createTruncatedPlan(context: ScenarioContext): MockPlan {
  const plan = createTextPlan(context);
  return { ...plan, steps: plan.steps.slice(0, splitPoint(plan.steps, 0.5)), ending: { type: 'truncated' } };
}

/** A `data:` line that is not JSON halfway through an otherwise normal stream. */
export function createInvalidChunkPlan(context: ScenarioContext): MockPlan {
  const plan = createTextPlan(context);
  const at = splitPoint(plan.steps, 0.5);
  return {
    ...plan,
    steps: [
      ...plan.steps.slice(0, at),
      { type: 'raw', data: '{"id":"gen-broken","choices":[{"index":0,"delta":{"content":"unterminated' },
      ...plan.steps.slice(at),
    ],
  };
}

/** Whether a step streams a fragment of the first call's arguments (not the chunk that opens it). */
function isFirstCallFragment(step: MockStep): boolean {
  const call = step.type === 'delta' ? step.delta.tool_calls?.[0] : undefined;
  return call?.index === 0 && call.id === undefined && typeof call.function?.arguments === 'string';
}

/**
 * The steps of `mock/tools` cut halfway through the first call's arguments: the fragment where the
 * cut falls keeps its first half, so what arrived is never whole JSON. `undefined` when no tool fits
 * (`tool_choice: "none"`, a named tool the request lacks).
 */
function cutToolCallSteps(context: ScenarioContext): MockStep[] | undefined {
  const steps = createToolCallPlan(context, true)?.steps;
  if (!steps) return undefined;
  const fragments = steps.flatMap((step, index) => (isFirstCallFragment(step) ? [index] : []));
  const at = fragments[Math.floor(fragments.length / 2)];
  const step = at === undefined ? undefined : steps[at];
  if (at === undefined || step?.type !== 'delta') return steps;
  const [call] = step.delta.tool_calls ?? [];
  const text = call?.function?.arguments ?? '';
  const half = text.slice(0, Math.floor(text.length / 2));
  const cut: MockStep = { ...step, delta: { tool_calls: [{ index: 0, function: { arguments: half } }] } };
  return [...steps.slice(0, at), ...(half ? [cut] : [])];
}

/**
 * A plan cut in a tool call's arguments (`cutToolCallSteps`) that ends with `ending`; given tool
 * results, it answers from them; with no tool to call, it is `withoutTools`.
 */
function cutToolCallPlan(
  context: ScenarioContext,
  ending: MockEnding,
  withoutTools: (context: ScenarioContext) => MockPlan,
): MockPlan {
  if (hasPendingToolResults(context.request.messages)) return createToolAnswerPlan(context);
  const steps = cutToolCallSteps(context);
  return steps ? { steps, ending, pace: 1 } : withoutTools(context);
}

/**
 * Starts calling tools as `mock/tools` does (the request's tools, else `get_weather`; a preface,
 * then streamed arguments), and halfway through the first call's arguments sends the error chunk of
 * `mock/error-midstream`; the stream ends after it. Given tool results, it answers from them.
 */
export function createToolMidstreamErrorPlan(context: ScenarioContext): MockPlan {
  return cutToolCallPlan(context, PROVIDER_DISCONNECTED, createMidstreamErrorPlan);
}

/** As `createToolMidstreamErrorPlan`, with the connection closing instead of an error chunk. */
export function createToolTruncatedPlan(context: ScenarioContext): MockPlan {
  return cutToolCallPlan(context, { type: 'truncated' }, createTruncatedPlan);
}
