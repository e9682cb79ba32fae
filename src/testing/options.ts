import { isDict } from '../core/dict.js';
import { assertAfterChunks } from './gate.js';
import { MOCK_MODELS } from './models.js';
import { assertScriptedReply } from './scripted-reply.js';
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
  if (replies !== undefined && typeof replies !== 'function' && !Array.isArray(replies)) {
    throw new TypeError(
      'Mock replies must be an array (one per assistant turn) of strings or of reply objects { content?, reasoning?, refusal?, images?, annotations?, tool_calls?, finish_reason?, error?, usage? } (MockScriptedReply), or a function of the request returning one of those or undefined.',
    );
  }
  if (Array.isArray(replies)) {
    for (const [index, reply] of replies.entries()) assertScriptedReply(reply, `replies[${index}]`);
  }
}
