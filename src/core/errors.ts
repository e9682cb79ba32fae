import type { ChatCompletion } from './types.js';

/** One problem found by `validateRequest`. `path` is like `messages[2].tool_call_id`. */
export interface ValidationIssue {
  /** Where: a field path such as `messages[2].tool_call_id`. */
  path: string;
  /** What is wrong there, e.g. `expected a number from 0 to 2, got 5`. */
  message: string;
}

/**
 * What kind of failure a `ChatApiError` is:
 * - `http`: the endpoint answered with an error status (or a 200 body holding `error`);
 * - `stream`: the stream failed after the response started (error chunk, truncation, bad chunk);
 * - `network`: the request never got a response;
 * - `timeout`: `timeoutMs` ran out.
 */
export type ChatApiErrorType = 'http' | 'stream' | 'network' | 'timeout';

/** Codes the library itself assigns (the wire's own codes are numbers or strings too). */
export type ChatClientErrorCode =
  | 'stream_truncated'
  | 'invalid_chunk'
  | 'network_error'
  | 'timeout'
  | 'invalid_response';

/** The fields of a new `ChatApiError` (its constructor's argument). */
export interface ChatApiErrorInit {
  /** What kind of failure it is (`http`, `stream`, `network`, `timeout`). */
  type: ChatApiErrorType;
  /** The error's message. */
  message: string;
  /** The wire's `error.code` (number or string), or one of `ChatClientErrorCode`. */
  code: ChatClientErrorCode | (string & {}) | number;
  /** HTTP status; `undefined` for errors inside a 200 stream and for network failures. */
  status?: number | undefined;
  /** The wire's `error.metadata`. */
  metadata?: Record<string, unknown> | undefined;
  /** Seconds to wait before retrying, from `Retry-After`. */
  retryAfter?: number | undefined;
  /** From the `X-Generation-Id` header or the chunks' `id`. */
  generationId?: string | undefined;
  /** The completion accumulated before the failure. */
  partial?: ChatCompletion | undefined;
  /** The parsed error body, or its text when it was not JSON. */
  body?: unknown;
  /** The error behind it, set as the standard `cause`. */
  cause?: unknown;
}

/**
 * An error from the endpoint or on the way to it. Every failure after the first byte of a stream
 * carries `partial`, the completion accumulated so far, so no received text is lost.
 */
export class ChatApiError extends Error {
  /** Always `ChatApiError`. */
  override readonly name = 'ChatApiError';
  /** What kind of failure it is: see `ChatApiErrorType`. */
  readonly type!: ChatApiErrorType;
  /** HTTP status; `undefined` for errors inside a 200 stream and for network failures. */
  readonly status!: number | undefined;
  /** The wire's `error.code` (number or string), or one of `ChatClientErrorCode`. */
  readonly code!: ChatClientErrorCode | (string & {}) | number;
  /** The wire's `error.metadata` (moderation reasons, provider name, raw upstream error...). */
  readonly metadata!: Record<string, unknown> | undefined;
  /** Seconds to wait before retrying, from `Retry-After`. */
  readonly retryAfter!: number | undefined;
  /** From the `X-Generation-Id` header or the chunks' `id`. */
  readonly generationId!: string | undefined;
  /** The completion accumulated before the failure. */
  readonly partial!: ChatCompletion | undefined;
  /** The parsed error body, or its text when it was not JSON. */
  readonly body!: unknown;

  constructor({ message, cause, ...fields }: ChatApiErrorInit) {
    // Passed to `Error` so that `cause` is set the standard way (not enumerable).
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  /**
   * Whether sending the same request again may succeed. False when the endpoint refused the
   * request itself, by a 4xx status (or wire code) other than 408 and 429: the same request gets
   * the same answer; and for `invalid_response`, something other than a chat endpoint answering.
   * True otherwise: network failures, timeouts, 408, 429, 5xx, and errors inside a 200 (a body, a
   * choice or a stream chunk holding one, a stream cut off or sending a bad chunk). The client
   * retries by itself only before the first byte of a stream's body: once a byte has arrived it
   * sends nothing again (the text received would repeat), whatever `retryable` says.
   * `describeChatError` gives the same `retryable`.
   */
  get retryable(): boolean {
    // The status; for an error inside a 200 (a useless status, or none), the wire code: a number
    // or a string (`server_error`, `stream_truncated`, `'503'`...).
    return !/^(4(?!08|29)\d\d|invalid_response)$/.test(
      (this.status! > 299 ? this.status : this.code) as string,
    );
  }
}

/** Issues in one line: `temperature: expected a number from 0 to 2, got 5; $.city: …`. */
export const describeIssues = (issues: readonly { path: string; message: string }[]): string =>
  issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');

/** The request is invalid; nothing was sent. `issues` says what is wrong where. */
export class ChatRequestError extends Error {
  /** Always `ChatRequestError`. */
  override readonly name = 'ChatRequestError';
  /** Always `invalid_request`, beside `ChatApiError`'s types. */
  readonly type = 'invalid_request' as const;

  constructor(
    /** What is wrong, field by field. */
    readonly issues: ValidationIssue[],
  ) {
    super(`Invalid chat completion request: ${describeIssues(issues)}`);
  }
}

/** Narrows an unknown error to `ChatApiError`. */
export const isChatApiError = (error: unknown): error is ChatApiError => error instanceof ChatApiError;

/** Narrows an unknown error to `ChatRequestError`. */
export const isChatRequestError = (error: unknown): error is ChatRequestError =>
  error instanceof ChatRequestError;

/** Whether an error is the standard `AbortError` of an aborted request. */
export const isAbortError = (error: unknown): boolean =>
  (error as { name?: unknown } | null | undefined)?.name === 'AbortError';
