import type { Annotation, ChatCompletionDelta, FinishReason, WireError } from '../core/types.js';
import { splitTokens } from './prompt.js';
import type { MockScriptedUsage } from './types.js';

/** What a step's tokens count as in `usage`. */
export type StepKind = 'content' | 'refusal' | 'reasoning' | 'tool' | 'image' | 'audio' | 'annotation';

/**
 * One step of a scripted reply. A transport-free script: streams render one chunk per `delta`
 * step, non-streaming replies fold the deltas into one message.
 */
export type MockStep =
  | { type: 'delta'; kind: StepKind; delta: ChatCompletionDelta; tokens: number }
  /** A keep-alive comment after a pause of `pause` token delays. */
  | { type: 'keep-alive'; pause: number }
  /** A `data:` line that is not JSON. */
  | { type: 'raw'; data: string };

/** How the reply ends. */
export type MockEnding =
  | { type: 'finish'; reason: FinishReason; native: string }
  | { type: 'error'; error: WireError }
  | { type: 'truncated' };

/** A scripted reply: what a scenario produces before any rendering. */
export interface MockPlan {
  steps: MockStep[];
  ending: MockEnding;
  /** Multiplies the token delay (the `slow` scenario). */
  pace: number;
  /** Reasoning tokens spent but not streamed (`reasoning.exclude`). */
  hiddenReasoningTokens?: number;
  /** Reasoning a `MockScriptedReply` gives: sent (unless the request turns it off) instead of the mock's own. */
  reasoning?: string;
  /** Token counts a `MockScriptedReply` gives, in place of the counted ones. */
  usage?: MockScriptedUsage;
}

/** A finished plan with the given steps. */
export function finishedPlan(steps: MockStep[], reason: FinishReason = 'stop'): MockPlan {
  return { steps, ending: { type: 'finish', reason, native: reason }, pace: 1 };
}

/** Streams `text` as content (or, `kind` `refusal`, as `delta.refusal`), one token a step. */
export function contentSteps(text: string, kind: 'content' | 'refusal' = 'content'): MockStep[] {
  return splitTokens(text).map((piece) => ({
    type: 'delta',
    kind,
    delta: { [kind]: piece },
    tokens: 1,
  }));
}

/** The delta after the text that carries a reply's annotations (citations, parsed files), all at once. */
export function annotationStep(annotations: Annotation[]): MockStep {
  return { type: 'delta', kind: 'annotation', delta: { content: '', annotations }, tokens: 0 };
}

/** Tokens of `kind` the plan emits. */
export function countTokens(steps: readonly MockStep[], kind?: StepKind): number {
  let total = 0;
  for (const step of steps) {
    if (step.type === 'delta' && (kind === undefined || step.kind === kind)) total += step.tokens;
  }
  return total;
}

/**
 * Cuts the plan at `limit` tokens with `finish_reason: "length"`, as `max_completion_tokens` does.
 * Reasoning that is not streamed (`reasoning.exclude`) comes first and spends the budget too.
 */
export function limitTokens(plan: MockPlan, limit: number): MockPlan {
  const hidden = plan.hiddenReasoningTokens ?? 0;
  if (plan.ending.type !== 'finish' || hidden + countTokens(plan.steps) <= limit) return plan;
  const steps: MockStep[] = [];
  let used = Math.min(hidden, limit);
  for (const step of plan.steps) {
    if (step.type === 'delta') {
      if (used + step.tokens > limit) break;
      used += step.tokens;
    }
    steps.push(step);
  }
  return {
    ...plan,
    steps,
    ending: { type: 'finish', reason: 'length', native: 'length' },
    ...(hidden > 0 ? { hiddenReasoningTokens: Math.min(hidden, limit) } : {}),
  };
}

/**
 * Ends the reply before the first of the `stop` sequences its content reaches, with
 * `finish_reason: "stop"`, as the endpoint does: the sequence is not sent, nor anything after it
 * (tool calls included). Non-strings and empty strings among `stop` are ignored.
 */
export function stopAtSequence(plan: MockPlan, stop: unknown): MockPlan {
  const sequences = (Array.isArray(stop) ? stop : [stop]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );
  if (plan.ending.type !== 'finish' || sequences.length === 0) return plan;
  const contentOf = (step: MockStep) => (step.type === 'delta' ? (step.delta.content ?? '') : '');
  const text = plan.steps.map(contentOf).join('');
  const found = sequences.map((sequence) => text.indexOf(sequence)).filter((index) => index >= 0);
  if (found.length === 0) return plan;
  const at = Math.min(...found);
  const steps: MockStep[] = [];
  let sent = 0;
  for (const step of plan.steps) {
    const content = contentOf(step);
    if (sent + content.length > at) {
      // The step the sequence starts in keeps what comes before it.
      const kept = content.slice(0, at - sent);
      if (kept && step.type === 'delta') steps.push({ ...step, delta: { ...step.delta, content: kept } });
      break;
    }
    sent += content.length;
    steps.push(step);
  }
  return { ...plan, steps, ending: { type: 'finish', reason: 'stop', native: 'stop' } };
}

/** Index of the step where roughly `fraction` of the content tokens have been sent. */
export function splitPoint(steps: readonly MockStep[], fraction: number): number {
  const target = Math.max(1, Math.floor(countTokens(steps) * fraction));
  let used = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step?.type === 'delta') used += step.tokens;
    if (used >= target) return i + 1;
  }
  return steps.length;
}
