/**
 * `react-chat-completions/core`: the React-free core. Types, validation, the endpoint client,
 * stream decoding and accumulation. No React, no zustand, no DOM globals.
 */

// Imported first for the layout of bundles, not for exports: bundlers place modules in the order
// they are first imported, and with the error helpers and then the tool-argument parser ahead of
// the accumulator, the stream decoder and the client, the core measures 4 B less min+gzip,
// `{ useChatStream }` 4 B and `ChatWindow` 1 B than with the accumulator first (of the 120 orders
// of accumulate, tools, sse, validate and response-error, none measured better for all three).
import './response-error.js';
import './tools.js';

export type { Accumulator } from './accumulate.js';
export { accumulateChunk, collectCompletion, createAccumulator } from './accumulate.js';
export type {
  ChatClient,
  ChatClientOptions,
  ChatRequestOptions,
  ChatResponseInfo,
  ChatStream,
} from './client.js';
export { createChatClient, DEFAULT_BASE_URL } from './client.js';
export type { ChatApiErrorInit, ChatApiErrorType, ChatClientErrorCode, ValidationIssue } from './errors.js';
export {
  ChatApiError,
  ChatRequestError,
  isAbortError,
  isChatApiError,
  isChatRequestError,
} from './errors.js';
export type { FromJsonSchema } from './json-schema-type.js';
export {
  createResponseError,
  createTimeoutError,
  describeWireError,
  parseRetryAfter,
} from './response-error.js';
export type { DecodeChatStreamOptions } from './sse.js';
export { decodeChatStream } from './sse.js';
export type { ParsedToolArguments } from './tools.js';
export { parseToolArguments } from './tools.js';
export type * from './types.js';
export { validateRequest } from './validate.js';
