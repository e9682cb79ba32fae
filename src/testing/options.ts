import { isDict } from '../core/dict.js';
import { assertAfterChunks } from './gate.js';
import { MOCK_MODELS } from './models.js';
import { isMockScenario } from './select-scenario.js';
import type {
  MockEndpointOptions,
  MockReasoningFormat,
  MockScenario,
  MockSystemFingerprint,
  MockUsageShape,
} from './types.js';

const USAGE_SHAPES: readonly MockUsageShape[] = ['empty-choices', 'repeat-finish', 'null-finish'];
const FINGERPRINTS: readonly MockSystemFingerprint[] = ['present', 'null', 'absent'];
const REASONING_FORMATS: readonly MockReasoningFormat[] = ['text', 'summary', 'encrypted'];

/** Whether a `replies` entry is a text or a `MockScriptedReply` the mock can send. */
function isScriptedReply(reply: unknown): boolean {
  if (typeof reply === 'string') return true;
  if (!isDict(reply)) return false;
  const { content, reasoning, tool_calls: calls } = reply;
  const isCall = (call: unknown) =>
    isDict(call) && typeof call.name === 'string' && (call.id === undefined || typeof call.id === 'string');
  return (
    (content === undefined || typeof content === 'string') &&
    (reasoning === undefined || typeof reasoning === 'string') &&
    (calls === undefined || (Array.isArray(calls) && calls.every(isCall)))
  );
}

/**
 * Throws a `TypeError` listing the scenarios when `scenario` (the option, or what its function
 * returned for a request) is not one of them.
 */
export function assertScenario(scenario: unknown): asserts scenario is MockScenario | undefined {
  if (scenario !== undefined && !(typeof scenario === 'string' && isMockScenario(scenario))) {
    const names = MOCK_MODELS.map((model) => model.id.slice('mock/'.length)).join(', ');
    throw new TypeError(
      `Unknown mock scenario ${JSON.stringify(scenario)}. Use one of: ${names}; or leave scenario out and pick one per request with the model id mock/<scenario>.`,
    );
  }
}

/**
 * Throws a `TypeError` saying what to use instead when `options` holds a scenario, usage shape,
 * fingerprint form, reasoning format, `replies`, delay, seed, `retryAfter` or `hold` the mock cannot use (a typo, or a
 * value read from a URL or a config file): without it, the first request would fail far from the
 * cause.
 */
export function assertMockOptions(options: MockEndpointOptions): void {
  const {
    scenario,
    usageShape,
    systemFingerprint,
    reasoningFormat,
    replies,
    tokenDelayMs,
    firstTokenDelayMs,
    seed,
    retryAfter,
    hold,
  } = options;
  if (typeof scenario !== 'function') assertScenario(scenario);
  if (usageShape !== undefined && !USAGE_SHAPES.includes(usageShape)) {
    throw new TypeError(
      `Unknown mock usageShape ${JSON.stringify(usageShape)}. Use one of: ${USAGE_SHAPES.join(', ')}.`,
    );
  }
  if (systemFingerprint !== undefined && !FINGERPRINTS.includes(systemFingerprint)) {
    throw new TypeError(
      `Unknown mock systemFingerprint ${JSON.stringify(systemFingerprint)}. Use one of: ${FINGERPRINTS.join(', ')}.`,
    );
  }
  if (reasoningFormat !== undefined && !REASONING_FORMATS.includes(reasoningFormat)) {
    throw new TypeError(
      `Unknown mock reasoningFormat ${JSON.stringify(reasoningFormat)}. Use one of: ${REASONING_FORMATS.join(', ')}.`,
    );
  }
  for (const [name, value] of [
    ['tokenDelayMs', tokenDelayMs],
    ['firstTokenDelayMs', firstTokenDelayMs],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value < Infinity)) {
      throw new TypeError(
        `Mock ${name} must be a number of milliseconds (0 or more), got ${JSON.stringify(value)}.`,
      );
    }
  }
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new TypeError(`Mock seed must be a number, got ${JSON.stringify(seed)}.`);
  }
  if (
    retryAfter !== undefined &&
    retryAfter !== null &&
    !(Number.isSafeInteger(retryAfter) && retryAfter >= 0)
  ) {
    throw new TypeError(
      `Mock retryAfter must be a whole number of seconds (0 or more), or null for no Retry-After, got ${JSON.stringify(retryAfter)}.`,
    );
  }
  if (hold !== undefined && !(isDict(hold) && typeof hold.wait === 'function')) {
    throw new TypeError(
      'Mock hold must be an object with a wait(signal) method returning a promise, such as createMockGate().',
    );
  }
  assertAfterChunks(hold?.afterChunks, 'hold.afterChunks');
  const isList = Array.isArray(replies) && replies.every(isScriptedReply);
  if (replies !== undefined && typeof replies !== 'function' && !isList) {
    throw new TypeError(
      'Mock replies must be an array (one per assistant turn) of strings or of { content?: string, reasoning?: string, tool_calls?: [{ name: string, arguments?: unknown, id?: string }] }, or a function of the request returning one of those or undefined.',
    );
  }
}
