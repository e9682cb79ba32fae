import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan, splitPoint } from '../plan.js';
import { excerpt } from '../prompt.js';
import { createTextPlan } from './text.js';

/**
 * The model declines: the reply streams in `delta.refusal` (no `content`) and finishes with
 * `stop`; the JSON reply has `content: null` and the text in `message.refusal`.
 */
export function createRefusalPlan(context: ScenarioContext): MockPlan {
  const topic = excerpt(context.prompt, 60);
  return finishedPlan(
    contentSteps(
      `I'm sorry, but I can't help with ${topic ? `“${topic}”` : 'that request'}. It goes against the usage policy of this mock model.`,
      'refusal',
    ),
  );
}

/** Some text, then `finish_reason: "content_filter"`: the provider's filter stopped the reply. */
export function createContentFilterPlan(context: ScenarioContext): MockPlan {
  const { steps } = createTextPlan(context);
  return finishedPlan(steps.slice(0, splitPoint(steps, 0.4)), 'content_filter');
}
