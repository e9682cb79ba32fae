import type { WireError } from '../../core/types.js';
import type { MockEnding } from '../plan.js';
import type { MockErrorStatus, MockReply } from '../types.js';

const USER_ID = 'user_mock_2xkq9Jd8';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/**
 * The error chunk `mock/error-midstream` and `mock/error-midstream-tools` end with, and a scripted
 * reply with `error: true`.
 */
export const PROVIDER_DISCONNECTED: MockEnding = {
  type: 'error',
  error: {
    code: 502,
    message: 'Provider disconnected: upstream connection reset while streaming.',
    metadata: { error_type: 'provider_unavailable', provider_name: 'Mock' },
  },
};

function errorFor(status: MockErrorStatus, model: string): WireError {
  switch (status) {
    case 400:
      return {
        code: 400,
        message: 'messages[0].content: Expected a string or an array of content parts, received number.',
        metadata: { error_type: 'invalid_request' },
      };
    case 401:
      return { code: 401, message: 'No auth credentials found', metadata: { error_type: 'authentication' } };
    case 402:
      return {
        code: 402,
        message:
          'This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 1024. To increase, visit https://novapai.ai/settings/credits and add more credits',
        metadata: { error_type: 'payment_required' },
      };
    case 403:
      return {
        code: 403,
        message: `${model} requires moderation on Mock. Your input was flagged for "harassment". No credits were charged.`,
        metadata: {
          reasons: ['harassment'],
          flagged_input: 'you are the worst assistant ever...',
          provider_name: 'Mock',
          model_slug: model,
          error_type: 'content_policy_violation',
        },
      };
    case 404:
      return {
        code: 404,
        message:
          'No endpoints found that support tool use. To learn more about provider routing, visit: https://novapai.ai/docs/provider-routing',
        metadata: { error_type: 'not_found' },
      };
    case 408:
      return {
        code: 408,
        message: 'Request timed out. Please try again.',
        metadata: { error_type: 'timeout' },
      };
    case 413:
      return {
        code: 413,
        message: 'Request entity too large: the request body exceeds the 20 MB limit.',
        metadata: { error_type: 'payload_too_large' },
      };
    case 422:
      return {
        code: 422,
        message: 'Unprocessable entity: the provider could not process the tool schema.',
        metadata: { error_type: 'unprocessable' },
      };
    case 429:
      return {
        code: 429,
        message: `${model} is temporarily rate-limited upstream. Please retry shortly.`,
        metadata: { error_type: 'rate_limit_exceeded', provider_name: 'Mock' },
      };
    case 500:
      return { code: 500, message: 'Internal Server Error', metadata: { error_type: 'server' } };
    case 502:
      return {
        code: 502,
        message: 'Provider returned error',
        metadata: {
          provider_name: 'Mock',
          raw: JSON.stringify({
            error: {
              message: 'The upstream model crashed while loading. Try again later.',
              type: 'server_error',
            },
          }),
          error_type: 'server',
        },
      };
    case 503:
      return {
        code: 503,
        message: 'No allowed providers are available for the selected model.',
        metadata: { error_type: 'provider_unavailable' },
      };
    case 524:
      return {
        code: 524,
        message: 'Provider timed out: no response within 100 seconds.',
        metadata: { error_type: 'timeout', provider_name: 'Mock' },
      };
    case 529:
      return {
        code: 529,
        message: 'Provider is overloaded. Please try again later.',
        metadata: { error_type: 'provider_overloaded', provider_name: 'Mock' },
      };
  }
}

/** `Retry-After` seconds of a 429 and a 503 when the options leave `retryAfter` out. */
const DEFAULT_RETRY_AFTER: Partial<Record<MockErrorStatus, number>> = { 429: 2, 503: 5 };

/**
 * A JSON error body with a real HTTP status; `Retry-After` on 429 and 503 (`retryAfter` seconds,
 * else 2 and 5; none for `null`). As on the wire, only the header carries it: the body names no
 * time that could disagree with it.
 */
export function createErrorReply(
  status: MockErrorStatus,
  model: string,
  delayMs: number,
  retryAfter?: number | null,
): MockReply {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  const seconds = retryAfter === undefined ? DEFAULT_RETRY_AFTER[status] : retryAfter;
  if ((status === 429 || status === 503) && seconds !== undefined && seconds !== null) {
    headers['Retry-After'] = String(seconds);
  }
  return {
    type: 'json',
    status,
    headers,
    body: { error: errorFor(status, model), user_id: USER_ID },
    delayMs,
  };
}

/**
 * A 200 whose JSON body holds only an error, in WIRE.md's words and key order (no `choices`, no
 * `metadata`); sent whether or not the request streams.
 */
export function createErrorInBodyReply(delayMs: number): MockReply {
  return {
    type: 'json',
    status: 200,
    headers: { ...JSON_HEADERS },
    body: { error: { message: 'Internal Server Error', code: 500 }, user_id: USER_ID },
    delayMs,
  };
}

/** A 400 for a body the mock cannot read (bad JSON, no messages) or an unknown mock model. */
export function createBadRequestReply(message: string): MockReply {
  return {
    type: 'json',
    status: 400,
    headers: { ...JSON_HEADERS },
    body: { error: { code: 400, message, metadata: { error_type: 'invalid_request' } }, user_id: USER_ID },
    delayMs: 0,
  };
}

/** A 404 for anything but `POST …/chat/completions` and `GET …/models`. */
export function createNotFoundReply(method: string, path: string): MockReply {
  return {
    type: 'json',
    status: 404,
    headers: { ...JSON_HEADERS },
    body: {
      error: {
        code: 404,
        message: `Not found: ${method} ${path}. The mock endpoint serves POST …/chat/completions and GET …/models.`,
      },
    },
    delayMs: 0,
  };
}

/** A 502 answered by a proxy in front of the endpoint: an HTML page, not JSON. */
export function createHtmlErrorReply(delayMs: number): MockReply {
  return {
    type: 'text',
    status: 502,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: [
      '<!DOCTYPE html>',
      '<html>',
      '<head><title>502 Bad Gateway</title></head>',
      '<body>',
      '<center><h1>502 Bad Gateway</h1></center>',
      '<hr><center>nginx</center>',
      '</body>',
      '</html>',
      '',
    ].join('\r\n'),
    delayMs,
  };
}
