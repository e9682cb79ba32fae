import type { UrlCitationAnnotation } from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import { annotationStep, contentSteps, finishedPlan, type MockPlan } from '../plan.js';
import { randomToken } from '../random.js';
import { assertScriptedReply } from '../scripted-reply.js';
import type { MockScriptedCitation, MockScriptedReply } from '../types.js';
import { PROVIDER_DISCONNECTED } from './errors.js';
import { imageStep } from './image.js';
import { toolCallSteps } from './tools.js';

type Script = string | MockScriptedReply | undefined;

// What `replies` gave for each request, so that a function of the request (one that counts its
// calls) is called once per request, however many parts of the reply read it.
const scripts = new WeakMap<ScenarioContext, { script: Script }>();

/**
 * What `replies` scripts for this turn: a text, a whole reply, or nothing (the default reply). What
 * a function returns that the mock cannot send fails the request with a `TypeError`.
 */
export function scriptedReply(context: ScenarioContext): Script {
  const known = scripts.get(context);
  if (known) return known.script;
  const { replies } = context.options;
  let script: Script;
  if (typeof replies === 'function') {
    script = replies(context.request);
    assertScriptedReply(script, 'replies(request)', true);
  } else if (replies && replies.length > 0) {
    script = replies[context.turn % replies.length];
  }
  scripts.set(context, { script });
  return script;
}

/** A scripted citation as the wire's `url_citation` annotation, with the fields given. */
function toAnnotation({
  url,
  title,
  content,
  start_index,
  end_index,
}: MockScriptedCitation): UrlCitationAnnotation {
  return {
    type: 'url_citation',
    url_citation: {
      url,
      ...(title === undefined ? {} : { title }),
      ...(content === undefined ? {} : { content }),
      ...(start_index === undefined ? {} : { start_index }),
      ...(end_index === undefined ? {} : { end_index }),
    },
  };
}

/**
 * The plan of a reply `replies` gives as an object, or as a text when `text` (the JSON reply to a
 * `response_format`: the text as given, JSON or not); `undefined` for another text or no script.
 * Its parts come in the order of `MockScriptedReply`, built as the scenarios build their own.
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
  const annotations = (reply.annotations ?? []).map(toAnnotation);
  const steps = [
    ...contentSteps(reply.content ?? ''),
    ...contentSteps(reply.refusal ?? '', 'refusal'),
    ...(reply.images ?? []).map((url, index) => imageStep(url, index)),
    ...(annotations.length > 0 ? [annotationStep(annotations)] : []),
    ...toolCallSteps(calls),
  ];
  const plan: MockPlan =
    reply.error === undefined
      ? finishedPlan(steps, reply.finish_reason ?? (calls.length > 0 ? 'tool_calls' : 'stop'))
      : {
          steps,
          ending: reply.error === true ? PROVIDER_DISCONNECTED : { type: 'error', error: reply.error },
          pace: 1,
        };
  return {
    ...plan,
    ...(reply.reasoning === undefined ? {} : { reasoning: reply.reasoning }),
    ...(reply.usage === undefined ? {} : { usage: reply.usage }),
  };
}
