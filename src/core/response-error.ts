import { ChatApiError, type ChatApiErrorInit } from './errors.js';
import type { ChatCompletion, WireError } from './types.js';

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** The human message inside an upstream error, given as text, JSON text or an object. */
function findMessage(raw: unknown, depth = 0): string | undefined {
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (/^[[{]/.test(text)) {
      try {
        return findMessage(JSON.parse(text), depth) ?? clip(text);
      } catch {
        // Not JSON after all: use the text.
      }
    }
    return text ? clip(text) : undefined;
  }
  if (!isDict(raw) || depth > 3) return undefined;
  for (const key of ['error', 'message', 'detail', 'error_message']) {
    const found = findMessage(raw[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Readable text from a non-JSON error body: a proxy's HTML page becomes its title. */
function readableText(text: string): string | undefined {
  if (!/<[a-z!/][^>]*>/i.test(text)) return findMessage(text);
  const page = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ');
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(page) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(page);
  const plain = (title?.[1] ?? page)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain ? clip(plain) : undefined;
}

/**
 * The most useful message of a wire error: its `message`, plus the real cause when
 * `metadata.raw` holds it (as text or JSON text), the provider and moderation reasons.
 */
export function describeWireError(error: WireError | undefined, fallback: string): string {
  let message = typeof error?.message === 'string' && error.message.trim() ? error.message.trim() : fallback;
  const metadata = error?.metadata;
  if (isDict(metadata)) {
    const provider = metadata.provider_name;
    if (typeof provider === 'string' && provider && !message.includes(provider)) message += ` (${provider})`;
    const raw = findMessage(metadata.raw);
    if (raw && !message.includes(raw)) message += `: ${raw}`;
    if (Array.isArray(metadata.reasons) && metadata.reasons.length > 0) {
      message += ` (reasons: ${metadata.reasons.join(', ')})`;
    }
  }
  return message;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * A `ChatApiError` for an HTTP response holding an error: a JSON error body of any status, a 200
 * body holding `error`, or a non-JSON body (an HTML page from a proxy) turned into a readable line
 * such as `HTTP 502 Bad Gateway: <page title>`. `text` is the body already read.
 */
export function createResponseError(response: Response, text: string): ChatApiError {
  const { status, statusText, headers } = response;
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: `body` stays the text.
  }
  const wire = isDict(body) ? body.error : undefined;
  let message: string;
  let code: number | string = status;
  let metadata: Dict | undefined;
  if (isDict(wire)) {
    message = describeWireError(wire as WireError, head);
    if (typeof wire.code === 'number' || typeof wire.code === 'string') code = wire.code;
    if (isDict(wire.metadata)) metadata = wire.metadata;
  } else {
    const detail = typeof body === 'string' ? readableText(body) : findMessage(body);
    message = detail && !head.includes(detail) ? `${head}: ${detail}` : head;
  }
  return new ChatApiError({
    type: 'http',
    status,
    code,
    message,
    metadata,
    retryAfter: parseRetryAfter(headers.get('retry-after')),
    generationId: headers.get('x-generation-id') ?? undefined,
    body,
  });
}

/** A `ChatApiError` for an error chunk received after the stream started (HTTP status 200). */
export function createStreamError(
  error: WireError,
  partial: ChatCompletion | undefined,
  generationId: string | undefined,
): ChatApiError {
  return new ChatApiError({
    type: 'stream',
    code: typeof error.code === 'number' || typeof error.code === 'string' ? error.code : 'stream_error',
    message: describeWireError(error, 'The stream reported an error.'),
    metadata: isDict(error.metadata) ? error.metadata : undefined,
    generationId,
    partial,
    body: error,
  });
}

/** The request never got a response (DNS, refused connection, reset...). */
export function createNetworkError(
  cause: unknown,
  partial?: ChatCompletion,
  generationId?: string,
): ChatApiError {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = [cause instanceof Error ? cause.message : String(cause), inner?.code ?? inner?.message]
    .filter((part) => typeof part === 'string' && part)
    .join(': ');
  return new ChatApiError({
    type: 'network',
    code: 'network_error',
    message: `Network error: ${detail || 'the request failed'}`,
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

/** A copy of `error` with some fields changed (e.g. `partial`, a redacted `message`). */
export function extendError(error: ChatApiError, changes: Partial<ChatApiErrorInit>): ChatApiError {
  return new ChatApiError({
    type: error.type,
    message: error.message,
    code: error.code,
    status: error.status,
    metadata: error.metadata,
    retryAfter: error.retryAfter,
    generationId: error.generationId,
    partial: error.partial,
    body: error.body,
    cause: error.cause,
    ...changes,
  });
}
