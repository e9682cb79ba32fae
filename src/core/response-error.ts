import { isArray, isDict, tryParseJson } from './dict.js';
import { ChatApiError, type ChatApiErrorInit } from './errors.js';
import type { ChatCompletion, WireError } from './types.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/**
 * The human message inside an error given as text (JSON text, or a proxy's HTML page: its title,
 * else its visible text) or as an object (its `error`, `message`, `detail` or `error_message`).
 */
export function findMessage(raw: unknown, depth = 0): string | undefined {
  if (typeof raw === 'string') {
    const parsed = tryParseJson(raw);
    // Read in its first 10,000 characters (no more are shown): text crafted against the patterns
    // below takes them quadratic time (100 kB of `<a` took 2.4 s, blocking the page).
    const page = raw.slice(0, 1e4);
    const text = /<[a-z!/][^>]*>/i.test(page)
      ? (/<title[^>]*>([^<]*)/i.exec(page)?.[1] ?? page.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ''))
          .replace(/<[^>]*>/g, ' ')
          .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
          .replace(/\s+/g, ' ')
      : page;
    const clipped = text.length > 300 ? `${text.slice(0, 300).trim()}…` : text.trim();
    // JSON without a message is no message: its text would show as it is.
    return isDict(parsed) ? findMessage(parsed, depth) : clipped || undefined;
  }
  if (isDict(raw) && depth < 4) {
    for (const key of ['error', 'message', 'detail', 'error_message']) {
      const found = findMessage(raw[key], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The most useful message of a wire error: its `message`, plus the real cause when
 * `metadata.raw` holds it (as text or JSON text), the provider and moderation reasons.
 */
export function describeWireError(error: WireError | undefined, fallback: string): string {
  let message = (typeof error?.message === 'string' && error.message.trim()) || fallback;
  const metadata = error?.metadata;
  if (isDict(metadata)) {
    const { provider_name: provider, reasons } = metadata;
    const cause = findMessage(metadata.raw);
    if (typeof provider === 'string' && !message.includes(provider)) message += ` (${provider})`;
    if (cause && !message.includes(cause)) message += `: ${cause}`;
    if (isArray(reasons) && reasons.length) message += ` (reasons: ${reasons.join(', ')})`;
  }
  return message;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number.isFinite(+value) ? +value : (Date.parse(value) - now) / 1000;
  // From 0 (a date in the past is now); none for NaN, which compares false both ways.
  return seconds > 0 ? seconds : seconds <= 0 ? 0 : undefined;
}

/**
 * The one way a wire error object (an error chunk, a choice's `error`, an error body's `error`)
 * becomes a `ChatApiError`: code, message and metadata from the wire, the rest from `init`.
 */
export function createWireError(
  wire: WireError,
  init: Omit<ChatApiErrorInit, 'code' | 'message'>,
  fallback = 'The stream reported an error.',
  code: number | string = 'stream_error',
): ChatApiError {
  return new ChatApiError({
    code: typeof wire.code === 'number' || typeof wire.code === 'string' ? wire.code : code,
    message: describeWireError(wire, fallback),
    metadata: isDict(wire.metadata) ? wire.metadata : undefined,
    body: wire,
    ...init,
  });
}

/**
 * A `ChatApiError` for an HTTP response holding an error: a JSON error body of any status, a 200
 * body holding `error`, or a non-JSON body (an HTML page from a proxy) turned into a readable line
 * such as `HTTP 502 Bad Gateway: <page title>`. `text` is the body already read. `requested`
 * (what was asked, such as `POST https://host/api/v1/chat/completions`, without its query) ends a
 * 404's message, where a wrong base URL shows.
 */
export function createResponseError(
  { status, statusText, headers }: Response,
  text: string,
  requested?: string,
): ChatApiError {
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const body = tryParseJson(text, text);
  const init = {
    type: 'http',
    status,
    retryAfter: parseRetryAfter(headers.get('retry-after')),
    generationId: headers.get('x-generation-id') ?? undefined,
    body,
  } as const;
  if (isDict(body) && isDict(body.error)) return createWireError(body.error as WireError, init, head, status);
  const detail = findMessage(body);
  return new ChatApiError({
    ...init,
    code: status,
    message: `${detail && !head.includes(detail) ? `${head}: ${detail}` : head}${status === 404 && requested ? ` (${requested})` : ''}`,
  });
}

/** The request never got a response (DNS, refused connection, reset...), or its body broke off. */
export function createNetworkError(
  cause: unknown,
  partial?: ChatCompletion,
  generationId?: string,
): ChatApiError {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = inner?.code ?? inner?.message;
  return new ChatApiError({
    type: 'network',
    code: 'network_error',
    message: `Network error: ${(cause as Error | undefined)?.message ?? cause}${detail ? ` (${detail})` : ''}`,
    partial,
    generationId,
    cause,
  });
}

/** `timeoutMs` ran out waiting for the response or for the next bytes of its body. */
export function createTimeoutError(timeoutMs: number): ChatApiError {
  return new ChatApiError({
    type: 'timeout',
    code: 'timeout',
    message: `The endpoint sent nothing for ${timeoutMs} ms (timeoutMs).`,
  });
}
