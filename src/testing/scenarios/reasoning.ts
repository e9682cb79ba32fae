import type { ChatCompletionRequest, ReasoningDetail } from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import type { MockPlan, MockStep } from '../plan.js';
import { excerpt, splitTokens } from '../prompt.js';
import { randomToken } from '../random.js';

const FORMAT = 'anthropic-claude-v1';
const SUMMARY_FORMAT = 'openai-responses-v1';

/** Whether the request turns reasoning off (`enabled: false` or `effort: "none"`). */
function turnsReasoningOff(request: ChatCompletionRequest): boolean {
  return request.reasoning?.enabled === false || request.reasoning?.effort === 'none';
}

/** Whether the request asks for reasoning (`reasoning` set and not turned off). */
function wantsReasoning(request: ChatCompletionRequest): boolean {
  return request.reasoning !== undefined && !turnsReasoningOff(request);
}

/**
 * Whether the reply reasons: the request asks for it, or the plan brings reasoning of its own (a
 * scripted reply's, as a model that reasons by default would) and the request does not turn it off.
 */
export function repliesWithReasoning(plan: MockPlan, request: ChatCompletionRequest): boolean {
  if (wantsReasoning(request)) return true;
  return plan.reasoning !== undefined && !turnsReasoningOff(request);
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

/** The encrypted reasoning a detail carries: opaque base64, as providers send it. */
function encryptedDetail(context: ScenarioContext, format: string, id?: string): ReasoningDetail {
  const data = `gAAAAAB${randomToken(context.random, 120)}==`;
  return { type: 'reasoning.encrypted', data, format, index: 0, ...(id ? { id } : {}) };
}

/**
 * The reasoning tokens as summary parts: whole sentences (the tokens up to one ending in `.`, `!`
 * or `?`, or the last ones), each but the last followed by a blank line.
 */
function summaryParts(pieces: readonly string[]): { part: string; tokens: number }[] {
  const parts: { part: string; tokens: number }[] = [];
  let part = '';
  let tokens = 0;
  for (const [index, piece] of pieces.entries()) {
    part += tokens === 0 ? piece.trimStart() : piece;
    tokens++;
    if (/[.!?]$/.test(piece) || index === pieces.length - 1) {
      parts.push({ part, tokens });
      part = '';
      tokens = 0;
    }
  }
  return parts.map((item, index) =>
    index < parts.length - 1 ? { ...item, part: `${item.part}\n\n` } : item,
  );
}

/**
 * Puts reasoning (the plan's own, else the mock's) before the plan's steps, in the form
 * `reasoningFormat` asks for (see `MockReasoningFormat`; by default `reasoning` text and the same text again in `reasoning_details`
 * (`reasoning.text`), then a detail with no text carrying the signature). A `reasoning.max_tokens`
 * budget caps its tokens. With `reasoning.exclude` nothing is streamed, but the tokens still count
 * in usage.
 */
export function withReasoning(plan: MockPlan, context: ScenarioContext): MockPlan {
  const budget = context.request.reasoning?.max_tokens;
  const pieces = splitTokens(plan.reasoning ?? reasoningText(context)).slice(
    0,
    typeof budget === 'number' ? Math.floor(budget) : undefined,
  );
  if (pieces.length === 0) return plan;
  if (context.request.reasoning?.exclude === true) {
    return { ...plan, hiddenReasoningTokens: pieces.length };
  }
  const format = context.options.reasoningFormat ?? 'text';
  const steps: MockStep[] = [];
  if (format === 'encrypted') {
    // Redacted: the tokens are spent (and billed) but only their encrypted form comes.
    steps.push({
      type: 'delta',
      kind: 'reasoning',
      delta: { content: '', reasoning_details: [encryptedDetail(context, FORMAT)] },
      tokens: pieces.length,
    });
  } else if (format === 'summary') {
    const id = `rs_${randomToken(context.random, 24)}`;
    for (const { part, tokens } of summaryParts(pieces)) {
      steps.push({
        type: 'delta',
        kind: 'reasoning',
        delta: {
          content: '',
          reasoning: part,
          reasoning_details: [
            { type: 'reasoning.summary', summary: part, format: SUMMARY_FORMAT, index: 0, id },
          ],
        },
        tokens,
      });
    }
    steps.push({
      type: 'delta',
      kind: 'reasoning',
      delta: { content: '', reasoning_details: [encryptedDetail(context, SUMMARY_FORMAT, id)] },
      tokens: 0,
    });
  } else {
    for (const piece of pieces) {
      steps.push({
        type: 'delta',
        kind: 'reasoning',
        delta: {
          content: '',
          reasoning: piece,
          reasoning_details: [{ type: 'reasoning.text', text: piece, format: FORMAT, index: 0 }],
        },
        tokens: 1,
      });
    }
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
  }
  return { ...plan, steps: [...steps, ...plan.steps] };
}
