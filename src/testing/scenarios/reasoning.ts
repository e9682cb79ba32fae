import type { ChatCompletionRequest } from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import type { MockPlan, MockStep } from '../plan.js';
import { excerpt, splitTokens } from '../prompt.js';
import { randomToken } from '../random.js';

const FORMAT = 'anthropic-claude-v1';

/** Whether the request asks for reasoning (`reasoning` set and not turned off). */
export function wantsReasoning(request: ChatCompletionRequest): boolean {
  const { reasoning } = request;
  if (!reasoning) return false;
  return reasoning.enabled !== false && reasoning.effort !== 'none';
}

function reasoningText(context: ScenarioContext): string {
  const prompt = excerpt(context.prompt, 60) || 'an empty message';
  return [
    `The user wrote “${prompt}”. Let me work out what they need.`,
    'First, I should restate the question in my own words so the answer stays on topic.',
    'Second, a short structured answer with a heading and a list will be easiest to scan.',
    'Finally, I will close with a concrete next step they can try.',
  ].join(' ');
}

/**
 * Puts reasoning before the plan's steps: `reasoning` text and the same text again in
 * `reasoning_details` (`reasoning.text`), then a detail with no text carrying the signature.
 * A `reasoning.max_tokens` budget caps its tokens. With `reasoning.exclude` nothing is streamed,
 * but the tokens still count in usage.
 */
export function withReasoning(plan: MockPlan, context: ScenarioContext): MockPlan {
  const budget = context.request.reasoning?.max_tokens;
  const pieces = splitTokens(reasoningText(context)).slice(
    0,
    typeof budget === 'number' ? Math.floor(budget) : undefined,
  );
  if (pieces.length === 0) return plan;
  if (context.request.reasoning?.exclude === true) {
    return { ...plan, hiddenReasoningTokens: pieces.length };
  }
  const steps: MockStep[] = pieces.map((piece) => ({
    type: 'delta',
    kind: 'reasoning',
    delta: {
      content: '',
      reasoning: piece,
      reasoning_details: [{ type: 'reasoning.text', text: piece, format: FORMAT, index: 0 }],
    },
    tokens: 1,
  }));
  steps.push({
    type: 'delta',
    kind: 'reasoning',
    delta: {
      content: '',
      reasoning_details: [
        {
          type: 'reasoning.text',
          signature: `Er${randomToken(context.random, 86)}==`,
          format: FORMAT,
          index: 0,
        },
      ],
    },
    tokens: 0,
  });
  return { ...plan, steps: [...steps, ...plan.steps] };
}
