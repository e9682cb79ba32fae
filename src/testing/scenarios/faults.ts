import type { ScenarioContext } from '../context.js';
import { type MockPlan, splitPoint } from '../plan.js';
import { createTextPlan } from './text.js';

/** Some text, then an error chunk (`finish_reason: "error"`); the stream ends after it. */
export function createMidstreamErrorPlan(context: ScenarioContext): MockPlan {
  const plan = createTextPlan(context);
  return {
    ...plan,
    steps: plan.steps.slice(0, splitPoint(plan.steps, 0.4)),
    ending: {
      type: 'error',
      error: {
        code: 502,
        message: 'Provider disconnected: upstream connection reset while streaming.',
        metadata: { error_type: 'provider_unavailable', provider_name: 'Mock' },
      },
    },
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
