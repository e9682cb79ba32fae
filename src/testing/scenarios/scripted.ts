import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan } from '../plan.js';
import { randomToken } from '../random.js';
import type { MockScriptedReply } from '../types.js';
import { toolCallSteps } from './tools.js';

/** What `replies` scripts for this turn: a text, a whole reply, or nothing (the default reply). */
export function scriptedReply(context: ScenarioContext): string | MockScriptedReply | undefined {
  const { replies } = context.options;
  if (typeof replies === 'function') return replies(context.request);
  if (replies && replies.length > 0) return replies[context.turn % replies.length];
  return undefined;
}

/** The reasoning text a `MockScriptedReply` gives for this turn, if any. */
export function scriptedReasoning(context: ScenarioContext): string | undefined {
  const reply = scriptedReply(context);
  return typeof reply === 'object' ? reply.reasoning : undefined;
}

/** The plan of a reply `replies` gives as an object; `undefined` for a text or no script. */
export function createScriptedPlan(context: ScenarioContext): MockPlan | undefined {
  const reply = scriptedReply(context);
  if (reply === undefined || typeof reply === 'string') return undefined;
  const calls = (reply.tool_calls ?? []).map((call) => ({
    id: call.id ?? `call_${randomToken(context.random, 24)}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  return finishedPlan(
    [...contentSteps(reply.content ?? ''), ...toolCallSteps(calls)],
    calls.length > 0 ? 'tool_calls' : 'stop',
  );
}
