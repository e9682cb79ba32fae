import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan } from '../plan.js';
import { excerpt } from '../prompt.js';
import { exampleFromSchema } from './schema-example.js';
import { topicOf } from './text.js';

/** Whether `response_format` asks for JSON. */
export function wantsJson(context: ScenarioContext): boolean {
  const type = context.request.response_format?.type;
  return type === 'json_object' || type === 'json_schema';
}

/** The JSON value the reply holds: an example of the schema when one is given. */
export function jsonValue(context: ScenarioContext): unknown {
  const format = context.request.response_format;
  if (format?.type === 'json_schema' && format.json_schema.schema) {
    return exampleFromSchema(format.json_schema.schema, { prompt: context.prompt, now: context.now });
  }
  return {
    topic: topicOf(context.prompt),
    answer: `A scripted JSON answer to “${excerpt(context.prompt, 60) || 'your request'}”.`,
    points: ['Valid JSON once complete', 'Streamed in pieces'],
    confidence: 0.9,
  };
}

/** Valid JSON (pretty-printed) streamed in pieces in `content`. */
export function createJsonPlan(context: ScenarioContext): MockPlan {
  return finishedPlan(contentSteps(JSON.stringify(jsonValue(context), null, 2)));
}
