import type { ChatCompletionRequest } from '../core/types.js';
import type { ScenarioContext } from './context.js';
import { MOCK_MODELS } from './models.js';
import { wantsWebSearch } from './scenarios/citations.js';
import { hasAttachedFiles } from './scenarios/files.js';
import { wantsJson } from './scenarios/json.js';
import { hasPendingToolResults, promptAsksForTools } from './scenarios/tools.js';
import type { MockScenario } from './types.js';

const SCENARIOS = new Set(MOCK_MODELS.map((model) => model.id.slice('mock/'.length)));

/** Whether a string names a scenario (`text`, `error-429`...). */
export function isMockScenario(value: string): value is MockScenario {
  return SCENARIOS.has(value);
}

/**
 * The scenario a model id forces: `mock/<scenario>`; any other model id (a real one such as
 * `openai/gpt-4o`) gets `auto`. `undefined` for an unknown `mock/...` id.
 */
export function scenarioForModel(model: string | undefined): MockScenario | undefined {
  if (!model?.startsWith('mock/')) return 'auto';
  const name = model.slice('mock/'.length);
  return isMockScenario(name) ? name : undefined;
}

function isRetryableError(scenario: MockScenario): boolean {
  const status = Number(scenario.match(/^error-(\d+)$/)?.[1] ?? 0);
  return status === 408 || status === 429 || status >= 500 || scenario === 'error-html';
}

/** The model that answers and its scenario: like the endpoint, `models` fallbacks skip failing ones. */
export function resolveModel(
  request: ChatCompletionRequest,
  forced: MockScenario | undefined,
): { model: string; scenario: MockScenario | undefined } {
  const candidates = [
    ...new Set([request.model, ...(request.models ?? [])].filter((id) => id !== undefined)),
  ];
  const first = candidates[0] ?? 'mock/auto';
  if (forced) return { model: first, scenario: forced };
  for (const [index, model] of candidates.entries()) {
    const scenario = scenarioForModel(model);
    const last = index === candidates.length - 1;
    if (last || (scenario !== undefined && !isRetryableError(scenario))) return { model, scenario };
  }
  return { model: first, scenario: 'auto' };
}

/**
 * What `auto` means for this request: tools, then output modalities, JSON, web search, attached
 * files (read by the file parser), text. The
 * answer to tool results is text, or JSON when `response_format` asks for it.
 */
export function chooseAutoScenario(context: ScenarioContext): MockScenario {
  const { request } = context;
  if (request.tools?.length && hasPendingToolResults(request.messages)) {
    return wantsJson(context) ? 'json' : 'tools';
  }
  if (promptAsksForTools(context)) return 'tools';
  if (request.modalities?.includes('image')) return 'image';
  if (request.modalities?.includes('audio')) return 'audio';
  if (wantsJson(context)) return 'json';
  if (wantsWebSearch(context)) return 'citations';
  if (hasAttachedFiles(context)) return 'file-parser';
  return 'text';
}
