import { isArray, isDict, tryParseJson } from '../../core/dict.js';
import { ChatApiError } from '../../core/errors.js';

/** What kind of problem an error is, in terms a person acts on. */
export type ChatErrorKind =
  | 'unauthorized'
  | 'out-of-credits'
  | 'moderation'
  | 'rate-limited'
  | 'context-length'
  | 'bad-request'
  | 'no-endpoint'
  | 'timeout'
  | 'too-large'
  | 'provider'
  | 'unavailable'
  | 'network'
  | 'truncated'
  | 'stream'
  | 'invalid-request'
  | 'busy'
  | 'invalid-output'
  | 'unknown';

/** An error in plain words. */
export interface ChatErrorDescription {
  /** What kind of problem it is (`rate-limited`, `out-of-credits`...), also the notice's `data-kind`. */
  kind: ChatErrorKind;
  /** One short sentence. */
  title: string;
  /** More detail (often the endpoint's own message), when it adds something. */
  detail?: string;
  /** Seconds to wait before retrying (`Retry-After`). */
  retryAfter?: number;
  /** Moderation reasons. */
  reasons?: string[];
  /**
   * Whether sending the same request again may succeed: `ChatApiError.retryable`, read on any error
   * by its status and code whatever the kind (`false` for a request refused before it was sent).
   * `false` does not mean Retry cannot help: it sends with the chat's settings of the moment (another
   * model, a key fixed, credits added), so `ErrorNotice` offers it for every error.
   */
  retryable: boolean;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  type?: unknown;
  status?: unknown;
  code?: unknown;
  metadata?: unknown;
  retryAfter?: unknown;
  issues?: unknown;
  partial?: unknown;
}

/**
 * The message of a provider's raw error (JSON text or an object, its `message` or its `error`'s),
 * looked for 8 levels deep: errors nested thousands deep overflowed the stack (the notice threw,
 * and took the whole chat down). None for text that holds no such message (an HTML page, JSON
 * without one): shown, it would be markup; the error's own message says it in words.
 */
function readRawMessage(raw: unknown, depth = 8): string | undefined {
  if (typeof raw === 'string') return readRawMessage(tryParseJson(raw), depth);
  if (!isDict(raw) || !depth) return undefined;
  return typeof raw.message === 'string' ? raw.message : readRawMessage(raw.error, depth - 1);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "in 30 seconds", "in 2 minutes". */
export function formatRetryAfter(seconds: number): string {
  if (seconds < 90) return `in ${plural(Math.max(1, Math.ceil(seconds)), 'second')}`;
  return `in ${plural(Math.ceil(seconds / 60), 'minute')}`;
}

/**
 * Describes any error the chat records (typed `ChatApiError` and `ChatRequestError` from the
 * core, or any other error) in plain words: 402 is "out of credits", 429 "rate limited" with the
 * retry time, 403 moderation with its reasons, network failures, truncated streams...
 *
 * @example
 * describeChatError(error).title; // 'You are out of credits.'
 */
export function describeChatError(error: unknown): ChatErrorDescription {
  // Nothing thrown (`undefined`, `null`) is the generic failure, not a title saying "undefined".
  const value = (
    typeof error === 'object' && error !== null ? error : { message: String(error ?? '') }
  ) as ErrorLike;
  const message = typeof value.message === 'string' ? value.message : '';
  // Only its fields are read: on a value of another type they are undefined too.
  const metadata = (value.metadata ?? {}) as Record<string, unknown>;
  const retryAfter = typeof value.retryAfter === 'number' ? value.retryAfter : undefined;
  // A 200 holding an error (in its body or a choice) has a useless status: the wire code says more.
  // A wire code may be a number's string (`'503'`), as `ChatApiError.retryable` reads it.
  const status =
    typeof value.status === 'number' && value.status > 299 ? value.status : Number(value.code) || undefined;
  // Only compared with strings: any other value matches none, as it is.
  const code = value.code;
  const type = value.type;
  // `retryable` is `ChatApiError.retryable`'s own getter, read on any error (it reads `status` and
  // `code` only): one test, so the description never says otherwise, an exceeded context length
  // included. Only a request refused before it was sent says `false` in `extra`.
  const describe = (
    kind: ChatErrorKind,
    title: string,
    // Nothing to add: `false` or an empty message.
    extra?: Partial<ChatErrorDescription> | false | '',
  ): ChatErrorDescription => ({
    kind,
    title,
    retryable: Reflect.get(ChatApiError.prototype, 'retryable', value),
    ...extra,
  });
  // The error's own message as the detail, unless it only repeats the title.
  const withDetail = (kind: ChatErrorKind, title: string) =>
    describe(kind, title, message !== title && message && { detail: message });
  const retryIn = retryAfter !== undefined && { retryAfter };

  if (value.name === 'ChatRequestError' || type === 'invalid_request') {
    return {
      ...withDetail('invalid-request', 'The request is invalid, so it was not sent.'),
      retryable: false,
    };
  }
  if (value.name === 'ChatBusyError' || type === 'busy') {
    return describe('busy', 'A reply is still running. Wait for it or stop it first.', { retryable: false });
  }
  if (type === 'invalid_json' || type === 'schema_mismatch') {
    return withDetail(
      'invalid-output',
      type === 'invalid_json'
        ? 'The reply is not valid JSON.'
        : 'The reply does not match the expected format.',
    );
  }
  if (type === 'network' || code === 'network_error') {
    // With a partial reply the server was reached: the connection broke while it streamed (the
    // text received stays).
    return describe(
      'network',
      value.partial
        ? 'The connection was cut off before the reply finished.'
        : 'Could not reach the server. Check your connection.',
      message && { detail: message },
    );
  }
  if (type === 'timeout' || code === 'timeout' || status === 408 || status === 524) {
    return describe('timeout', 'The request timed out.');
  }
  // A 200 that is no completion (an HTML page, JSON of another API): its start is the detail.
  if (code === 'invalid_response') {
    return withDetail('provider', 'The server answered with something other than a chat reply.');
  }
  if (code === 'stream_truncated') {
    return describe('truncated', 'The reply was cut off before it finished.');
  }
  if (metadata.error_type === 'context_length_exceeded') {
    return withDetail(
      'context-length',
      'The conversation is too long for this model. Start a new chat or pick a model with a larger context.',
    );
  }
  // A 404 or 405 without an error body of the endpoint's (its message is the core's `HTTP 404…`):
  // a wrong base URL or a missing proxy route, not a provider.
  if ((status === 404 || status === 405) && message.startsWith('HTTP ')) {
    return withDetail('no-endpoint', 'Nothing answers at this address. Check the base URL.');
  }
  switch (status) {
    case 401:
      // Behind a proxy, its own 401 (`authorize`: "Not signed in.") says what the title cannot.
      return withDetail('unauthorized', 'The API key is missing or invalid.');
    case 402:
      return withDetail('out-of-credits', 'You are out of credits.');
    case 403: {
      const reasons = isArray(metadata.reasons)
        ? metadata.reasons.filter((reason): reason is string => typeof reason === 'string')
        : [];
      return describe(
        'moderation',
        'The message was flagged by moderation.',
        reasons.length > 0 ? { reasons } : message && { detail: message },
      );
    }
    case 404:
      return withDetail('no-endpoint', 'No provider can serve this request.');
    case 413:
      // The request holds the whole conversation: an attachment sent earlier makes every later
      // message too large, however short.
      return describe(
        'too-large',
        'The conversation is too large to send. Remove a large attachment or start a new chat.',
      );
    case 429:
      return describe(
        'rate-limited',
        retryAfter !== undefined
          ? `Rate limited. Try again ${formatRetryAfter(retryAfter)}.`
          : 'Rate limited. Wait a moment and try again.',
        retryIn,
      );
    case 502: {
      const provider = typeof metadata.provider_name === 'string' ? metadata.provider_name : 'The provider';
      const raw = readRawMessage(metadata.raw);
      return describe(
        'provider',
        `${provider} returned an error.`,
        (raw || message) && { detail: raw ?? message },
      );
    }
    case 503:
    case 529:
      return describe(
        'unavailable',
        retryAfter !== undefined
          ? `No provider is available right now. Try again ${formatRetryAfter(retryAfter)}.`
          : 'No provider is available right now. Try again shortly.',
        retryIn,
      );
  }
  if (status! > 499) {
    return withDetail('provider', 'The server had a problem.');
  }
  // Any other 4xx (400, 422, 409...) refuses the request itself: the same request gets the same
  // answer, as `ChatApiError.retryable` says.
  if (status! > 399) {
    return withDetail('bad-request', 'The endpoint refused the request.');
  }
  if (type === 'stream') {
    return withDetail('stream', 'The reply failed while streaming.');
  }
  return describe('unknown', message || 'Something went wrong.');
}

/**
 * Why a reply is incomplete, from its finish reason. Without one it was stopped: `stop()`, a thread
 * switch, unmounting, or a reload while it streamed (a stream that breaks is an error instead).
 */
export const describeFinishReason = (finishReason: string | null | undefined): string =>
  `The reply was stopped${
    finishReason === 'length'
      ? ' at the length limit'
      : finishReason === 'content_filter'
        ? ' by the content filter'
        : ''
  }.`;
