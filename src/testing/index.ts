/**
 * `react-chat-completions/testing`: the built-in mock endpoint. Browser-safe (no Node imports),
 * no test runner: use it in demos, stories and your own tests.
 */

export { encodeBase64 } from './binary.js';
export { createMockFetch } from './create-mock-fetch.js';
export { createMockReply, DEFAULT_TOKEN_DELAY_MS } from './create-mock-reply.js';
export type { MockGate, MockGateOptions } from './gate.js';
export { createMockGate } from './gate.js';
export { createModelsResponse, MOCK_ERROR_STATUSES, MOCK_MODELS } from './models.js';
export type { GradientPngOptions, Rgb } from './png.js';
export { createGradientPng, createGradientPngDataUrl } from './png.js';
export { createMockResponse, respondToMockRequest } from './respond.js';
export type { MockHttpRequest } from './route.js';
export { parseChatRequestBody, routeMockRequest } from './route.js';
export { XSS_MARKDOWN } from './scenarios/xss.js';
export { isMockScenario, scenarioForModel } from './select-scenario.js';
export { createEventStream, formatSseEvent } from './sse.js';
export type {
  MockEndpointOptions,
  MockErrorStatus,
  MockHold,
  MockReasoningFormat,
  MockReply,
  MockRequestInfo,
  MockScenario,
  MockScriptedCitation,
  MockScriptedReply,
  MockScriptedToolCall,
  MockScriptedUsage,
  MockStreamEvent,
  MockSystemFingerprint,
  MockUsageShape,
} from './types.js';
export type { ToneWavOptions } from './wav.js';
export { createToneWav, createToneWavBase64 } from './wav.js';
