/**
 * `react-chat-completions/core`: the React-free core. Types, validation, the endpoint client,
 * stream decoding and accumulation. No React, no zustand, no DOM globals.
 */

export type { ChatApiErrorInit, ChatApiErrorType, ChatClientErrorCode, ValidationIssue } from './errors.js';
export {
  ChatApiError,
  ChatRequestError,
  isAbortError,
  isChatApiError,
  isChatRequestError,
} from './errors.js';
export type * from './types.js';
