import { isArray, isDict } from '../core/dict.js';
import {
  ChatApiError,
  type ChatApiErrorType,
  ChatRequestError,
  type ValidationIssue,
} from '../core/index.js';
import type { JsonSchemaIssue } from '../core/json.js';
import type { ChatError } from './types.js';

/** `send` was refused because a reply is running and `whenBusy` is `'reject'`. */
export class ChatBusyError extends Error {
  /** Always `ChatBusyError`. */
  override readonly name = 'ChatBusyError';
  /** Always `busy`. */
  readonly type = 'busy' as const;

  constructor() {
    super('A reply is still running. Wait for it, stop it, or use whenBusy: "queue" or "interrupt".');
  }
}

/** The reply to a `response_format` json request is not valid JSON, or misses the schema. */
export class StructuredOutputError extends Error {
  /** Always `StructuredOutputError`. */
  override readonly name = 'StructuredOutputError';
  // Declared only: the constructor always sets them (as fields they would be defined twice).
  /** `invalid_json`: the reply does not parse; `schema_mismatch`: it parses but misses the schema. */
  declare readonly type: 'invalid_json' | 'schema_mismatch';
  /** Where the reply misses the schema, field by field; empty for `invalid_json`. */
  declare readonly issues: JsonSchemaIssue[];

  constructor(type: 'invalid_json' | 'schema_mismatch', message: string, issues: JsonSchemaIssue[] = []) {
    super(message);
    this.type = type;
    this.issues = issues;
  }
}

/**
 * The JSON form of an error stored on a message (what persistence writes). `reviveError` turns it
 * back into an error. Fields the error lacks (or holds as another type) are left out.
 */
export interface SerializedError {
  /**
   * The error's `name`: `ChatApiError`, `ChatRequestError`, `StructuredOutputError` and
   * `ChatBusyError` come back as their classes, other names as an `Error` with that name.
   */
  name: string;
  /** The error's message. */
  message: string;
  /** The error's `type`: `http`, `stream`, `network`, `timeout` for a `ChatApiError`. */
  type?: string;
  /** A `ChatApiError`'s `code`: the wire's `error.code`, or one the library assigns. */
  code?: number | string;
  /** The HTTP status, when there was one. */
  status?: number;
  /** Seconds to wait before retrying, from `Retry-After`. */
  retryAfter?: number;
  /** The wire's `error.metadata`. */
  metadata?: Record<string, unknown>;
  /** The validation issues of a `ChatRequestError`, or the schema issues of a `StructuredOutputError`. */
  issues?: unknown[];
}

/** A plain object holding what matters of an error; survives `JSON.stringify`. */
export function serializeError(error: Error): SerializedError {
  const source = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  // The fields of an error that are kept, each with the `typeof` names (space-separated) it is kept with.
  for (const [key, types] of Object.entries({
    type: 'string',
    code: 'number string',
    status: 'number',
    retryAfter: 'number',
    metadata: 'object',
  })) {
    const value = source[key];
    if (value !== null && types.includes(typeof value)) out[key] = value;
  }
  if (isArray(source.issues)) out.issues = source.issues;
  return out as unknown as SerializedError;
}

/**
 * Rebuilds an error from its serialized form: a `ChatApiError`, `ChatRequestError`,
 * `StructuredOutputError` or `ChatBusyError` again when it was one, else an `Error` with the same
 * name, message and fields. Returns `undefined` for anything that is not an error's form.
 */
export function reviveError(value: unknown): ChatError | undefined {
  if (value instanceof Error) return value;
  const data = value as Partial<SerializedError>;
  if (!isDict(value) || typeof data.message !== 'string') return undefined;
  const name = typeof data.name === 'string' ? data.name : 'Error';
  if (name === 'ChatApiError') {
    return new ChatApiError({
      type: (data.type ?? 'http') as ChatApiErrorType,
      message: data.message,
      code: data.code ?? 'unknown',
      status: data.status,
      retryAfter: data.retryAfter,
      metadata: data.metadata,
    });
  }
  if (name === 'ChatRequestError' && isArray(data.issues)) {
    return new ChatRequestError(data.issues as ValidationIssue[]);
  }
  if (name === 'StructuredOutputError') {
    return new StructuredOutputError(
      data.type === 'schema_mismatch' ? 'schema_mismatch' : 'invalid_json',
      data.message,
      (data.issues ?? []) as JsonSchemaIssue[],
    );
  }
  if (name === 'ChatBusyError') return new ChatBusyError();
  const { name: _name, message, ...rest } = data;
  const error = Object.assign(new Error(message), rest);
  error.name = name;
  return error;
}

/**
 * An `Error` for anything thrown: errors from another realm (a DOMException of jsdom, an
 * iframe's) keep their name and message; other values become the message.
 */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  const like = value as { name?: unknown; message?: unknown } | null;
  if (typeof like === 'object' && like !== null && typeof like.message === 'string') {
    const error = new Error(like.message, { cause: value });
    if (typeof like.name === 'string') error.name = like.name;
    return error;
  }
  return new Error(String(value));
}
