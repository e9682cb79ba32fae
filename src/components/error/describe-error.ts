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
  kind: ChatErrorKind;
  /** One short sentence. */
  title: string;
  /** More detail (often the endpoint's own message), when it adds something. */
  detail?: string;
  /** Seconds to wait before retrying (`Retry-After`). */
  retryAfter?: number;
  /** Moderation reasons. */
  reasons?: string[];
  /** Whether trying again may help. */
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
}

function readRawMessage(raw: unknown): string | undefined {
  if (typeof raw === 'string') {
    try {
      return readRawMessage(JSON.parse(raw)) ?? raw;
    } catch {
      return raw;
    }
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as { message?: unknown; error?: unknown };
  if (typeof record.message === 'string') return record.message;
  return readRawMessage(record.error);
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
  const value = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as ErrorLike;
  const message = typeof value.message === 'string' ? value.message : '';
  const metadata = (
    typeof value.metadata === 'object' && value.metadata !== null ? value.metadata : {}
  ) as Record<string, unknown>;
  const retryAfter = typeof value.retryAfter === 'number' ? value.retryAfter : undefined;
  const status =
    typeof value.status === 'number' ? value.status : typeof value.code === 'number' ? value.code : undefined;
  const code = typeof value.code === 'string' ? value.code : undefined;
  const withDetail = (description: ChatErrorDescription): ChatErrorDescription =>
    message && message !== description.title && description.detail === undefined
      ? { ...description, detail: message }
      : description;

  if (value.name === 'ChatRequestError' || value.type === 'invalid_request') {
    return withDetail({
      kind: 'invalid-request',
      title: 'The request is invalid, so it was not sent.',
      retryable: false,
    });
  }
  if (value.name === 'ChatBusyError' || value.type === 'busy') {
    return {
      kind: 'busy',
      title: 'A reply is still running. Wait for it or stop it first.',
      retryable: false,
    };
  }
  if (value.type === 'invalid_json' || value.type === 'schema_mismatch') {
    return withDetail({
      kind: 'invalid-output',
      title:
        value.type === 'invalid_json'
          ? 'The reply is not valid JSON.'
          : 'The reply does not match the expected format.',
      retryable: true,
    });
  }
  if (value.type === 'network' || code === 'network_error') {
    return {
      kind: 'network',
      title: 'Could not reach the server. Check your connection.',
      retryable: true,
      ...(message ? { detail: message } : {}),
    };
  }
  if (value.type === 'timeout' || code === 'timeout' || status === 408 || status === 524) {
    return { kind: 'timeout', title: 'The request timed out.', retryable: true };
  }
  if (code === 'stream_truncated') {
    return { kind: 'truncated', title: 'The reply was cut off before it finished.', retryable: true };
  }
  if (metadata.error_type === 'context_length_exceeded') {
    return withDetail({
      kind: 'context-length',
      title:
        'The conversation is too long for this model. Start a new chat or pick a model with a larger context.',
      retryable: false,
    });
  }
  switch (status) {
    case 401:
      return { kind: 'unauthorized', title: 'The API key is missing or invalid.', retryable: false };
    case 402:
      return withDetail({ kind: 'out-of-credits', title: 'You are out of credits.', retryable: false });
    case 403: {
      const reasons = Array.isArray(metadata.reasons)
        ? metadata.reasons.filter((reason): reason is string => typeof reason === 'string')
        : [];
      return {
        kind: 'moderation',
        title: 'The message was flagged by moderation.',
        retryable: false,
        ...(reasons.length > 0 ? { reasons } : message ? { detail: message } : {}),
      };
    }
    case 404:
      return withDetail({
        kind: 'no-endpoint',
        title: 'No provider can serve this request.',
        retryable: false,
      });
    case 413:
      return { kind: 'too-large', title: 'The message is too large.', retryable: false };
    case 429:
      return {
        kind: 'rate-limited',
        title:
          retryAfter !== undefined
            ? `Rate limited. Try again ${formatRetryAfter(retryAfter)}.`
            : 'Rate limited. Wait a moment and try again.',
        retryable: true,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      };
    case 502: {
      const provider = typeof metadata.provider_name === 'string' ? metadata.provider_name : 'The provider';
      const raw = readRawMessage(metadata.raw);
      return {
        kind: 'provider',
        title: `${provider} returned an error.`,
        retryable: true,
        ...(raw || message ? { detail: raw ?? message } : {}),
      };
    }
    case 503:
    case 529:
      return {
        kind: 'unavailable',
        title:
          retryAfter !== undefined
            ? `No provider is available right now. Try again ${formatRetryAfter(retryAfter)}.`
            : 'No provider is available right now. Try again shortly.',
        retryable: true,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      };
    case 400:
    case 422:
      return withDetail({
        kind: 'bad-request',
        title: 'The endpoint refused the request.',
        retryable: false,
      });
    default:
      break;
  }
  if (status !== undefined && status >= 500) {
    return withDetail({ kind: 'provider', title: 'The server had a problem.', retryable: true });
  }
  if (value.type === 'stream') {
    return withDetail({ kind: 'stream', title: 'The reply failed while streaming.', retryable: true });
  }
  return {
    kind: 'unknown',
    title: message || 'Something went wrong.',
    retryable: true,
  };
}

/** Why a reply is incomplete, from its finish reason. */
export function describeFinishReason(finishReason: string | null | undefined): string {
  switch (finishReason) {
    case 'length':
      return 'The reply stopped at the length limit.';
    case 'content_filter':
      return 'The reply was stopped by the content filter.';
    default:
      return 'The reply is incomplete.';
  }
}
