import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan } from '../plan.js';
import { randomToken } from '../random.js';
import type { MockScriptedReply } from '../types.js';
import { toolCallSteps } from './tools.js';

type Script = string | MockScriptedReply | undefined;

// What `replies` gave for each request, so that a function of the request (one that counts its
// calls) is called once per request, however many parts of the reply read it.
const scripts = new WeakMap<ScenarioContext, { script: Script }>();

/** What `replies` scripts for this turn: a text, a whole reply, or nothing (the default reply). */
export function scriptedReply(context: ScenarioContext): Script {
  const known = scripts.get(context);
  if (known) return known.script;
  const { replies } = context.options;
  const script =
    typeof replies === 'function'
      ? replies(context.request)
      : replies && replies.length > 0
        ? replies[context.turn % replies.length]
        : undefined;
  scripts.set(context, { script });
  return script;
}

/**
 * The plan of a reply `replies` gives as an object, or as a text when `text` (the JSON reply to a
 * `response_format`: the text as given, JSON or not); `undefined` for another text or no script.
 */
export function createScriptedPlan(context: ScenarioContext, text = false): MockPlan | undefined {
  const script = scriptedReply(context);
  if (script === undefined || (typeof script === 'string' && !text)) return undefined;
  const reply: MockScriptedReply = typeof script === 'string' ? { content: script } : script;
  const calls = (reply.tool_calls ?? []).map((call) => ({
    id: call.id ?? `call_${randomToken(context.random, 24)}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  const plan = finishedPlan(
    [...contentSteps(reply.content ?? ''), ...toolCallSteps(calls)],
    calls.length > 0 ? 'tool_calls' : 'stop',
  );
  return reply.reasoning === undefined ? plan : { ...plan, reasoning: reply.reasoning };
}
