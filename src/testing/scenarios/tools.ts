import type {
  AssistantMessage,
  JsonSchema,
  Message,
  ToolCallDelta,
  ToolDefinition,
} from '../../core/types.js';
import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan, type MockStep } from '../plan.js';
import { excerpt, messageText, splitFixed } from '../prompt.js';
import { randomToken } from '../random.js';
import { exampleFromSchema, isPlaceProperty } from './schema-example.js';

/** Used by the forced `tools` scenario when the request brings no tools. */
const DEMO_TOOL: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city'],
    },
  },
};

const FILLER_WORDS = new Set(['get', 'set', 'the', 'and', 'for', 'tool', 'run', 'call', 'fetch', 'current']);
const MAX_CALLS = 4;

interface PlannedCall {
  tool: ToolDefinition;
  /** Where this call starts in the prompt's subjects. */
  subjectIndex: number;
  subjects: readonly string[];
}

function nameWords(name: string): string[] {
  return name
    .split(/[_\-\s.]+|(?<=[a-z])(?=[A-Z])/)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length >= 3 && !FILLER_WORDS.has(word));
}

/** Capitalised words that do not start a sentence: cities, names ("Paris", "Tokyo"). */
export function subjectsOf(prompt: string): string[] {
  const found = prompt.match(/(?<![.!?]\s*|^\s*)(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+/gu) ?? [];
  return [...new Set(found)];
}

/** How many place-like string properties a tool takes (one: a call per place; two: from and to). */
function placeProperties(tool: ToolDefinition): number {
  const properties = (tool.function.parameters?.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).filter(([name, schema]) => isPlaceProperty(schema ?? {}, name)).length;
}

function mentions(prompt: string, tool: ToolDefinition): boolean {
  const text = prompt.toLowerCase();
  const name = tool.function.name.toLowerCase();
  return text.includes(name) || nameWords(tool.function.name).some((word) => text.includes(word));
}

function chooseTools(context: ScenarioContext, forced: boolean): ToolDefinition[] {
  const tools = context.request.tools ?? [];
  const choice = context.request.tool_choice;
  if (typeof choice === 'object') {
    const named = tools.find((tool) => tool.function.name === choice.function.name);
    return named ? [named] : [];
  }
  // `tool_choice: "none"` is obeyed even by `mock/tools`, as the endpoint would.
  if (choice === 'none' || (!forced && tools.length === 0)) return [];
  if (forced && tools.length === 0) return [DEMO_TOOL];
  const mentioned = tools.filter((tool) => mentions(context.prompt, tool));
  if (mentioned.length > 0) return mentioned;
  const asksGenerically = /\b(tools?|functions?)\b/i.test(context.prompt);
  if (forced) return tools.slice(0, 3);
  return asksGenerically || choice === 'required' ? tools.slice(0, 1) : [];
}

function planCalls(context: ScenarioContext, forced: boolean): PlannedCall[] {
  const tools = chooseTools(context, forced);
  const subjects = subjectsOf(context.prompt);
  const parallel = context.request.parallel_tool_calls !== false;
  let calls: PlannedCall[] = tools.map((tool) => ({ tool, subjectIndex: 0, subjects }));
  const [only] = tools;
  if (only && tools.length === 1 && parallel && placeProperties(only) === 1) {
    const many = forced && subjects.length < 2 ? ['Paris', 'Tokyo'] : subjects;
    if (many.length >= 2) {
      calls = many.slice(0, 3).map((_, index) => ({ tool: only, subjectIndex: index, subjects: many }));
    }
  }
  return parallel ? calls.slice(0, MAX_CALLS) : calls.slice(0, 1);
}

/** Whether the auto scenario should call tools: some are given and the prompt asks for them. */
export function promptAsksForTools(context: ScenarioContext): boolean {
  return planCalls(context, false).length > 0;
}

/** Whether the conversation ends with tool results waiting for an answer. */
export function hasPendingToolResults(messages: readonly Message[]): boolean {
  return messages.at(-1)?.role === 'tool';
}

/** A tool call as the mock streams it: its id, name and arguments (JSON text). */
export interface MockCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * The steps that stream `calls`: one queue of fragments per call, drained round-robin so indices
 * interleave as they do live.
 */
export function toolCallSteps(calls: readonly MockCall[]): MockStep[] {
  const queues = calls.map((call, index): ToolCallDelta[] => [
    { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
    ...splitFixed(call.arguments, 7).map((fragment) => ({ index, function: { arguments: fragment } })),
  ]);
  const steps: MockStep[] = [];
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const fragment = queue[round];
      if (!fragment) continue;
      steps.push({
        type: 'delta',
        kind: 'tool',
        delta: { tool_calls: [fragment] },
        tokens: round === 0 ? 0 : 1,
      });
    }
  }
  return steps;
}

function callSteps(context: ScenarioContext, calls: readonly PlannedCall[]): MockStep[] {
  return toolCallSteps(
    calls.map((call) => ({
      id: `call_${randomToken(context.random, 24)}`,
      name: call.tool.function.name,
      arguments: JSON.stringify(
        exampleFromSchema(call.tool.function.parameters ?? { type: 'object' }, {
          subjects: call.subjects,
          cursor: { next: call.subjectIndex },
          prompt: context.prompt,
          now: context.now,
        }),
      ),
    })),
  );
}

/**
 * Calls tools: a short preface, then parallel calls whose argument fragments interleave by index,
 * ending with `finish_reason: "tool_calls"`. Returns `undefined` when no tool fits the prompt.
 */
export function createToolCallPlan(context: ScenarioContext, forced: boolean): MockPlan | undefined {
  const calls = planCalls(context, forced);
  if (calls.length === 0) return undefined;
  const names = [...new Set(calls.map((call) => `\`${call.tool.function.name}\``))];
  const preface = `Let me check that with ${names.join(' and ')}.`;
  return finishedPlan([...contentSteps(preface), ...callSteps(context, calls)], 'tool_calls');
}

function clip(text: string): string {
  return excerpt(text.replace(/`/g, "'"), 140) || '(empty)';
}

/** An answer built from the tool results at the end of the conversation. */
export function createToolAnswerPlan(context: ScenarioContext): MockPlan {
  const { messages } = context.request;
  let start = messages.length;
  while (start > 0 && messages[start - 1]?.role === 'tool') start--;
  const assistant = messages[start - 1];
  const calls = assistant?.role === 'assistant' ? ((assistant as AssistantMessage).tool_calls ?? []) : [];
  let failed = 0;
  const lines = messages.slice(start).map((message) => {
    const id = message.role === 'tool' ? message.tool_call_id : '';
    const call = calls.find((item) => item.id === id);
    const name = call?.function.name ?? 'a tool';
    // The endpoint's limits let a call through without `arguments` (then there are none to quote).
    const args = call?.function.arguments ? ` with \`${clip(call.function.arguments)}\`` : '';
    const result = messageText(message.content);
    // The store words a denial or a failure so: "The user denied this tool call", "Error: ...".
    if (/^(The user denied|Error:)/.test(result)) failed++;
    return `- **${name}**${args} returned: \`${clip(result)}\``;
  });
  const closing =
    failed === 0
      ? 'the results above answer your question. Ask me to compare them or to look something else up.'
      : failed === lines.length
        ? 'I could not get an answer this way: the tool calls were denied or failed. Tell me how you would like to go on.'
        : 'some calls were denied or failed, so this answer is partial. Ask me to try the others again.';
  const text = [
    '## Results',
    '',
    `I called ${lines.length === 1 ? 'one tool' : `${lines.length} tools`}. Here is what came back:`,
    '',
    ...lines,
    '',
    `Putting it together for “${clip(context.prompt)}”: ${closing}`,
  ].join('\n');
  return finishedPlan(contentSteps(text));
}
