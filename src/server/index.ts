/**
 * `react-chat-completions/server`: a proxy for the endpoint that keeps the API key on the server.
 * It takes a web `Request` and returns a `Response` (Next.js route handlers, Remix, Hono, Bun,
 * Deno, Cloudflare Workers...), forwards `POST …/chat/completions` and `GET …/models` with the
 * key, and streams the answer through byte for byte. No React, no Node-only API.
 */
import { DEFAULT_BASE_URL } from '../core/base-url.js';
import { isArray, isDict, tryParseJson } from '../core/dict.js';
import { ChatApiError, ChatRequestError } from '../core/errors.js';
// The decoder through the core's entry, not from its module: imported alone, it moved the build's
// shared chunks and with them the measured size of the core and the hooks.
import { decodeChatStream } from '../core/index.js';
import { createResponseError } from '../core/response-error.js';
import type { DecodeOptions } from '../core/sse.js';
import type {
  ChatCompletion,
  ChatCompletionRequest,
  ChatRequestParameters,
  FinishReason,
  OpenObject,
  Usage,
  WireError,
} from '../core/types.js';
import { validateRequest } from '../core/validate.js';

/**
 * A request as `transformRequest` returns it: the messages, and every other field optional, where
 * `undefined` leaves the field out of the JSON sent (`plugins: undefined` drops the browser's).
 * Open, as the body it starts from: fields the types do not list go through as they are.
 */
export type ChatHandlerRequest = ChatRequestParameters &
  OpenObject &
  Pick<ChatCompletionRequest, 'messages'> & {
    /** Whether the reply streams (server-sent events), as the browser asked; `undefined` leaves it out. */
    stream?: boolean | undefined;
  };

/**
 * What `onFinish` receives once a chat request sent upstream is over: whose it was (`request`,
 * `body`), what it cost (`usage`), how it ended (`finishReason`, `error`, `isAbort`). Everything the
 * endpoint said is as the browser got it, the key `[redacted]`.
 */
export interface ChatHandlerFinishEvent {
  /**
   * The browser's request: its headers, cookies and URL tell whose it was (its body is read: see
   * `body`).
   */
  request: Request;
  /**
   * The body as sent upstream: the browser's, after `maxCompletionTokens` and `transformRequest`
   * (the `user` or `session_id` it set, say), parsed back from the JSON sent. So not the object
   * `transformRequest` returned: the fields it set to `undefined` are not there, and a value with
   * a `toJSON` (a `Date`...) is what that gave (the date's string).
   */
  body: ChatHandlerRequest;
  /**
   * The HTTP status the browser was answered with: the endpoint's (a stream's `200`, even when it
   * then failed: see `error`), or the proxy's own: `500` for the endpoint refusing the server's
   * key (its 401, whose reason is in `error`), `502` for an endpoint that could not be reached or
   * whose JSON answer broke off, `504` for `timeoutMs` running out before the headers or during a
   * JSON answer, `499` for a browser gone before the headers or while a JSON answer (or the
   * 401's reason) was read.
   */
  status: number;
  /**
   * The generation id (`X-Generation-Id`, else the reply's `id`), when the endpoint gave one: the
   * endpoint's records of the request go by it, a reply stopped before its usage came included.
   */
  generationId: string | undefined;
  /**
   * The reply: the JSON body as the endpoint sent it, or for a stream its chunks accumulated into
   * the same shape (as the browser's client does: `model`, `provider`, `id`, each choice's
   * `message` and `finish_reason`, `usage`), as far as it came when the stream failed or the
   * browser left. `undefined` when no reply came (an error before it, a browser gone first).
   */
  completion: ChatCompletion | undefined;
  /**
   * Token counts and cost (`completion.usage`), when the endpoint sent them: a stream sends them
   * last, so one that failed or that the browser left before its end has none (the endpoint may
   * still bill the tokens generated until then: look them up by `generationId`).
   */
  usage: Usage | undefined;
  /** The first choice's `finish_reason`; `error` for a reply that ended with an error chunk. */
  finishReason: FinishReason | null | undefined;
  /**
   * Why the request failed, as the endpoint said it (`{ code, message, metadata }` of its error
   * body or of an error chunk mid-stream, its 401 refusing the key included: what came of its
   * body's first 64 KiB within 5 s, or `timeoutMs` if shorter, the rest not read), or as the proxy
   * did: code `502` (the endpoint could not be reached, or its JSON answer broke off), `timeout`
   * (`timeoutMs`), `network_error` (a stream that broke off), `stream_truncated` (a stream that
   * ended before its finish reason), `invalid_chunk`, `invalid_response` (a success without a
   * completion).
   * `undefined` for a success, and when the browser left (`isAbort`) before the end.
   */
  error: WireError | undefined;
  /**
   * Whether the browser went away (Stop, a closed tab) before the answer's end: the request to
   * the endpoint was aborted with it, and `completion` holds what had come.
   */
  isAbort: boolean;
}

/** Options of `createChatHandler`. */
export interface ChatHandlerOptions {
  /**
   * The endpoint's API key, read on the server (e.g. `process.env.CHAT_API_KEY`), or a
   * function that returns it for each request. It is sent upstream only, never to the browser.
   */
  apiKey: string | ((request: Request) => string | Promise<string>);
  /** The endpoint to forward to. Default `DEFAULT_BASE_URL`. */
  baseUrl?: string | undefined;
  /**
   * The models a browser may ask for: ids, or a test of an id. `model` and every `models`
   * fallback must pass, else the answer is a 400 (as for a model id the endpoint does not know;
   * a 403 there means moderation), and `GET …/models` lists only these. Default: any model.
   */
  allowModels?: readonly string[] | ((model: string) => boolean) | undefined;
  /**
   * The most completion tokens a request may ask for: a larger `max_completion_tokens` or
   * `max_tokens` is lowered to it, and a request without either gets it. Both go upstream as
   * `max_completion_tokens`, the smaller of the two when both are given.
   */
  maxCompletionTokens?: number | undefined;
  /**
   * The last word on the body before it goes upstream, after validation and the limits above:
   * set `user` from your session, add `session_id`, drop `plugins` (a field set to `undefined` is
   * left out)... Throw a `Response` to answer with it instead (a 401 for a signed-out user, say).
   * What it returns is validated again: no object, or a body that is not JSON or that the
   * endpoint would refuse, is a 500 that says so, with nothing sent.
   */
  transformRequest?:
    | ((body: ChatCompletionRequest, request: Request) => ChatHandlerRequest | Promise<ChatHandlerRequest>)
    | undefined;
  /**
   * Who may use the proxy: called first for every request, before anything is read or sent.
   * Return `false` for a 401, or a `Response` (or throw one) to answer with it; anything else
   * lets the request through. Without it the proxy is open to anyone who can reach the route:
   * check your session here.
   */
  authorize?:
    | ((request: Request) => boolean | Response | undefined | Promise<boolean | Response | undefined>)
    | undefined;
  /**
   * Extra headers for the endpoint (`HTTP-Referer`, `X-Title`...). They win over the same
   * headers from the browser (`Accept`, `x-session-id`, `X-Title`, `HTTP-Referer` are passed on
   * otherwise).
   */
  headers?: Record<string, string> | undefined;
  /** The `fetch` to reach the endpoint with. Default: the global one, looked up on each call. */
  fetch?: typeof fetch | undefined;
  /**
   * The largest request body read, in bytes: a larger one is refused with a 413 before it is
   * all read (so a client cannot make the server hold an unbounded body). Default 10 MB, room
   * for a few images sent as data URLs.
   */
  maxBodyBytes?: number | undefined;
  /**
   * Milliseconds to wait for the endpoint's response headers and then for each read of its body
   * (keep-alive comments are reads too; the time the browser takes to read what it was sent does
   * not count), as the browser client's `timeoutMs`: a limit on each wait, not on the whole reply.
   * No headers in time: the upstream request is aborted and the answer is a 504 (code `timeout`).
   * A stream gone silent: aborted, and ended with an error chunk (code `timeout`, the text sent
   * kept); a JSON body that stalls: a 504. Default: none (`0` too), the limits of the platform.
   */
  timeoutMs?: number | undefined;
  /**
   * Called once for every chat request sent upstream, when its answer is over, with its usage
   * (tokens, `cost`), how it ended and whose it was: see `ChatHandlerFinishEvent`. For billing your
   * users and logging failures, the endpoint's reasons included (its 401 refusing the server's key,
   * which the browser is not shown).
   *
   * - **When:** a stream is read as it passes (the same bytes, unchanged) and `onFinish` runs after
   *   its last byte has been passed on, before the stream ends, which waits for it (and for the
   *   promise it returns) to settle: a serverless platform keeps the function alive until then.
   *   The browser's client has the whole reply at `[DONE]` and does not wait for the end. Any
   *   other answer is returned once it settles. Keep it short, or hand slow work to your platform
   *   (`waitUntil`, Next.js's `after`) and return.
   * - **Its errors:** what it throws or rejects with is logged (`console.error`) and goes no
   *   further: the browser's answer is the same, and no rejection is left unhandled.
   * - **Not called** for requests refused before anything was sent (`authorize`, a 400, 413 or
   *   415, a key missing or `transformRequest` failing: the handler's answer says why), nor for
   *   `GET …/models`.
   *
   * Without it, nothing of the answer is parsed or kept.
   */
  onFinish?: ((event: ChatHandlerFinishEvent) => unknown) | undefined;
}

/**
 * The body's text, or `undefined` when it is larger than `limit` bytes: refused by its declared
 * length, else counted while read (the rest is not read).
 */
async function readBody(request: Request, limit: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length')) > limit) return undefined;
  const chunks: BlobPart[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      // Not awaited (the answer need not wait), but caught: a source whose cancel fails (its
      // connection already gone) would be an unhandled rejection, which ends a Node process.
      reader?.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(read.value);
  }
  return new Blob(chunks).text();
}

/**
 * The start of `body` as text (a reason to log): at most `limit` bytes, read for at most `ms`
 * milliseconds in all (what came by then), the rest cancelled. `undefined` when `signal` aborts
 * first (the body may ignore it: it is not waited for).
 */
async function readStart(
  body: ReadableStream<Uint8Array<ArrayBuffer>> | null,
  limit: number,
  ms: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  const chunks: BlobPart[] = [];
  let size = 0;
  let stop = () => {};
  const stopped = new Promise<undefined>((resolve) => (stop = () => resolve(undefined)));
  const timer = setTimeout(stop, ms);
  (timer as { unref?: () => void }).unref?.();
  signal.addEventListener('abort', stop);
  const reader = body?.getReader();
  try {
    while (reader && size < limit && !signal.aborted) {
      const read = await Promise.race([reader.read(), stopped]);
      if (!read || read.done) break;
      chunks.push(read.value);
      size += read.value.byteLength;
    }
  } catch {
    // A body that fails: what had come is the reason.
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    reader?.cancel().catch(() => {});
  }
  return signal.aborted ? undefined : new Blob(chunks).slice(0, limit).text();
}

/** Response headers of the endpoint that reach the browser; every other one is dropped. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'retry-after', 'x-generation-id'];

/** Request headers of the browser passed on to the endpoint (the client's session and attribution). */
const FORWARDED_HEADERS = ['x-session-id', 'x-title', 'http-referer'];

/**
 * `text` with every copy of `key` replaced, as the client does in its errors (a helper shared with
 * the core would sit in a chunk of its own and cost the core's measured size): the endpoint may
 * also cut its message short in the middle of the key, so every beginning of the key of `least`
 * characters or more goes too, longest first.
 */
function redactKey(text: string, key: string, least = 12): string {
  for (let end = key.length; end && text.includes(key.slice(0, least)); end--) {
    text = text.split(key.slice(0, end)).join('[redacted]');
  }
  return text;
}

/**
 * Bytes as text of one character per byte, and back: the key is looked for in the bytes as sent,
 * and the rest passes byte for byte (decoded as UTF-8, a BOM or a byte that is not UTF-8 would not).
 */
function bytesAsText(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return text;
}

function textAsBytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length);
  for (let at = 0; at < text.length; at++) bytes[at] = text.charCodeAt(at);
  return bytes;
}

/** The key as its UTF-8 bytes (one character each), and the bytes of its first 12 characters. */
function keyInBytes(key: string): [key: string, least: number] {
  const encoder = new TextEncoder();
  return [bytesAsText(encoder.encode(key)), encoder.encode(key.slice(0, 12)).length];
}

/**
 * The body with every copy of `key` replaced, as it streams: each read is passed on at once,
 * except a tail that could be the start of the key (held until the next read decides how far the
 * key goes: replaced before, a beginning cut at the end of a read would let the rest through).
 */
function redactStream(body: ReadableStream<Uint8Array>, secret: string): ReadableStream<Uint8Array> {
  const [key, least] = keyInBytes(secret);
  let held = '';
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const text = held + bytesAsText(chunk);
        let keep = Math.min(key.length - 1, text.length);
        while (keep > 0 && !key.startsWith(text.slice(text.length - keep))) keep--;
        held = text.slice(text.length - keep);
        if (text.length > keep)
          controller.enqueue(textAsBytes(redactKey(text.slice(0, text.length - keep), key, least)));
      },
      flush(controller) {
        const rest = redactKey(held, key, least);
        if (rest) controller.enqueue(textAsBytes(rest));
      },
    }),
  );
}

/** Runs a callback that may throw a `Response` to answer with; other errors propagate. */
async function orResponse<T>(run: () => T | Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/**
 * Why a request to the endpoint failed, for the browser: the error's message, with its cause's
 * code (or message, when it has none) where the platform puts the reason (Node's fetch says only
 * "fetch failed" and keeps `ECONNREFUSED`, `ENOTFOUND`, a certificate's code... in `cause`). A
 * code names no host.
 */
function reasonOf(error: unknown, key: string): string {
  const { message, cause } = (error ?? {}) as {
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  const why = cause?.code ?? cause?.message;
  const reason = `${String(message ?? error)}${typeof why === 'string' && why ? ` (${why})` : ''}`;
  // Neither the key nor a user name and password in a URL quoted (a `baseUrl` with them, which
  // the platform refuses, quoting it whole): the browser reads this.
  return redactKey(reason, key).replace(/\/\/[^/\s@]*@/g, '//[redacted]@');
}

/** An error in the endpoint's own shape, so the library's client reads it like any other. */
function errorResponse(
  status: number,
  message: string,
  metadata?: Record<string, unknown>,
  code: number | string = status,
): Response {
  return Response.json({ error: { code, message, ...(metadata ? { metadata } : {}) } }, { status });
}

/**
 * `body` passed on as it comes, each read given `within`'s time limit. A read that fails errors
 * the stream, unless `ending` gives the text to end it with instead (a read that ran out of
 * time), sent after a blank line (which ends an event the endpoint left open). The upstream body
 * is cancelled either way, and when the stream is.
 */
function limitReads(
  body: ReadableStream<Uint8Array>,
  within: <T>(waiting: Promise<T>) => Promise<T>,
  ending?: () => string | undefined,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const read = await within(reader.read());
        if (read.done) controller.close();
        else controller.enqueue(read.value);
      } catch (error) {
        // The upstream read is given up: a body that ignores the abort is cancelled too.
        reader.cancel().catch(() => {});
        const text = ending?.();
        if (text === undefined) return controller.error(error);
        controller.enqueue(new TextEncoder().encode(`\n\n${text}\n\n`));
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason).catch(() => {});
    },
  });
}

/** How a chat request ended, for `onFinish` (see `ChatHandlerFinishEvent`). */
interface Outcome {
  completion?: ChatCompletion | undefined;
  error?: WireError | undefined;
  isAbort?: boolean;
}

/** Calls `onFinish`; what it throws or rejects with is logged, never passed on. */
async function callOnFinish(
  onFinish: NonNullable<ChatHandlerOptions['onFinish']>,
  event: ChatHandlerFinishEvent,
): Promise<void> {
  try {
    await onFinish(event);
  } catch (error) {
    console.error('[react-chat-completions] onFinish threw:', error);
  }
}

/**
 * The wire's error object behind a `ChatApiError` (an error body's `error`, an error chunk's) as
 * the endpoint sent it; else the error's code and message (a body that is not JSON, a stream cut).
 */
function wireErrorOf(error: unknown): WireError {
  const {
    body,
    code = 'server_error',
    message = String(error),
    metadata,
  } = error instanceof ChatApiError ? error : ({} as Partial<ChatApiError>);
  const wire = isDict(body) && isDict(body.error) ? body.error : body;
  return isDict(wire) && typeof wire.message === 'string'
    ? ({ ...wire, code } as WireError)
    : { code, message, ...(metadata ? { metadata } : {}) };
}

/** How an answer read whole ended: a completion (a choice may hold an error), or an error. */
function outcomeOf(upstream: Response, text: string): Outcome {
  const json = tryParseJson(text);
  if (!upstream.ok || (isDict(json) && json.error)) {
    return { error: wireErrorOf(createResponseError(upstream, text)) };
  }
  if (!isDict(json) || !isArray(json.choices)) {
    return {
      error: { code: 'invalid_response', message: 'The endpoint answered without a `choices` array.' },
    };
  }
  const completion = json as ChatCompletion;
  const failed = completion.choices.find((choice) => choice?.finish_reason === 'error');
  // As the browser's client reads it: a choice ending in an error fails the reply, details or not.
  const error =
    failed && (failed.error ?? { code: 'server_error', message: 'The reply ended with an error.' });
  return { completion, error };
}

/**
 * `body` passed on as it comes (the same reads, unchanged), and decoded on the side as the
 * browser's client decodes it (the core's decoder, fed a copy of each read). `settle` is told how
 * it ended and awaited before the stream closes or fails, once: at the body's end, at its failure
 * (`reasonOf` with `key` says why), or when the browser leaves (the stream cancelled, `signal`
 * aborted) before the reply's end (`[DONE]`, an error chunk) was read.
 */
function watchStream(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  key: string,
  settle: (outcome: Outcome) => Promise<void>,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let side!: ReadableStreamDefaultController<Uint8Array>;
  /** Whether the decoder waits for bytes, every byte given decoded. */
  let waiting = false;
  let wake = () => {};
  // No queue of its own (a high-water mark of 0): `pull` means the decoder waits for more.
  const copy = new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        side = controller;
      },
      pull: () => {
        waiting = true;
        wake();
      },
    },
    { highWaterMark: 0 },
  );
  let completion: ChatCompletion | undefined;
  let decoded = false;
  const options: DecodeOptions = { quiet: true, onCompletion: (next) => (completion = next) };
  // Quiet, the decoder yields nothing: its first step runs to the end of the body. Its error, if any.
  const decoding = decodeChatStream(copy, options)
    .next()
    .then(
      () => undefined,
      (error: unknown) => error,
    )
    .finally(() => {
      decoded = true;
      wake();
    });
  /** Once the decoder has read every byte given, or ended. */
  const drained = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (waiting || decoded) resolve();
    });
  /** The decoder has ended (at `[DONE]`, an error chunk...): it takes nothing more. */
  const tell = (act: () => void) => {
    try {
      act();
    } catch {
      // Closed by the decoder itself.
    }
  };
  let ending: Promise<void> | undefined;
  const end = (how: 'close' | 'fail' | 'leave', reason?: unknown) =>
    (ending ??= (async () => {
      signal.removeEventListener('abort', leave);
      await drained();
      // The reply's end was read before the body's: the browser leaving after it (its client
      // cancels at `[DONE]`) or the body failing then changes nothing.
      const over = decoded;
      tell(() => (how === 'close' ? side.close() : side.error(reason)));
      const error = await decoding;
      if (!over && (how === 'leave' || signal.aborted)) return settle({ completion, isAbort: true });
      await settle({
        completion,
        error:
          over || how === 'close'
            ? error === undefined
              ? undefined
              : wireErrorOf(error)
            : { code: 'network_error', message: `The endpoint's answer broke off: ${reasonOf(reason, key)}` },
      });
    })());
  const leave = () => void end('leave');
  signal.addEventListener('abort', leave);
  // Gone already (a `fetch` that ignores its signal answered anyway): no abort event will come.
  if (signal.aborted) leave();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } catch (error) {
        await end('fail', error);
        return controller.error(error);
      }
      if (read.done) {
        await end('close');
        return controller.close();
      }
      if (!decoded) {
        waiting = false;
        // A copy: the platform may take the bytes passed on (transfer their buffer) before the
        // decoder has read them.
        tell(() => side.enqueue(read.value.slice()));
      }
      controller.enqueue(read.value);
    },
    cancel(reason) {
      const ended = end('leave');
      reader.cancel(reason).catch(() => {});
      return ended;
    },
  });
}

/** A 405 with the `Allow` header HTTP requires, naming the methods the path answers. */
function wrongMethod(allowed: string, path: string): Response {
  const response = errorResponse(405, `Use ${allowed} for ${path}.`);
  // A path that answers GET answers HEAD too, as HTTP asks of one.
  response.headers.set('Allow', allowed === 'GET' ? 'GET, HEAD' : allowed);
  return response;
}

function isAllowed(allow: ChatHandlerOptions['allowModels'], model: string): boolean {
  return allow === undefined || (typeof allow === 'function' ? allow(model) : allow.includes(model));
}

/**
 * The endpoint's model list (`{ data: [{ id, ... }] }`) without the models `allow` refuses, so an
 * app's model select offers none that would be a 400; anything that is no such list, as it came.
 */
function onlyAllowed(bytes: Uint8Array, allow: ChatHandlerOptions['allowModels']): Uint8Array {
  let list: { data?: unknown; total_count?: unknown } | null;
  try {
    list = JSON.parse(new TextDecoder().decode(bytes)) as typeof list;
  } catch {
    return bytes;
  }
  if (!list || !Array.isArray(list.data)) return bytes;
  const data = list.data.filter((model: { id?: unknown } | null) => {
    const id = model?.id;
    return typeof id === 'string' && isAllowed(allow, id);
  });
  list.data = data;
  if (typeof list.total_count === 'number') list.total_count = data.length;
  return new TextEncoder().encode(JSON.stringify(list));
}

/**
 * Creates a request handler that proxies the endpoint with the server's API key.
 *
 * - `POST …/chat/completions`: the body is validated (the endpoint's limits: a 400 naming each
 *   field, nothing sent), checked against `allowModels` (400), capped by `maxCompletionTokens`,
 *   passed through `transformRequest`, then sent with `Authorization: Bearer <apiKey>`. The
 *   answer comes back byte for byte (but for the key) with its status and its `Content-Type`,
 *   `Cache-Control`, `Retry-After` and `X-Generation-Id` headers (but for a 401, the endpoint
 *   refusing the server's key: a 500 that says so, not the browser's sign-in failing), with
 *   `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`
 *   (opened in a tab, an HTML page of the endpoint's runs nothing on the app's origin): an event
 *   stream as it comes (with `X-Accel-Buffering: no`
 *   and `no-transform` in `Cache-Control`, so that no proxy or compression holds it back),
 *   anything else (JSON, errors) read whole first.
 *   `maxCompletionTokens` caps `reasoning.max_tokens` as well.
 * - `GET …/models`: forwarded the same way; with `allowModels`, the list keeps only the models
 *   it lets through (the entries as they came). `HEAD` answers as `GET` does, without the body.
 * - Anything else: 404 (405 with `Allow` for a known path with the wrong method).
 *
 * Without `authorize` the route is open to anyone who can reach it: check your session there,
 * and pin what the browser must not choose (`provider`, `plugins`, `user`) in `transformRequest`.
 * A POST must be `Content-Type: application/json` (415 otherwise), which a cross-site form cannot
 * send, and at most `maxBodyBytes` long (413 otherwise). The browser's own `Authorization` and
 * cookies never go upstream; its `Accept`, `x-session-id`, `X-Title` and `HTTP-Referer` do. Every copy of
 * the key in the answer (an error quoting it, whole or cut short to 12 characters or more) is
 * replaced by `[redacted]`, in streams and the headers passed on too. When
 * the browser goes away (Stop, a closed tab), the upstream request is aborted with it (a 499
 * when nothing was answered yet); a request body that breaks off while read is a 400, one read
 * before the handler (a body parser or middleware ahead of it) a 500 that says so. An
 * endpoint that cannot be reached, or whose JSON answer breaks off, is a 502 in the endpoint's
 * error shape, its message saying why (the platform error's cause: `ECONNREFUSED`...); a key
 * that is not a valid header value is a 500 that does not quote it, and a key that is not a
 * string or is blank (an environment variable that is not set, or set to nothing) a 500 with
 * nothing sent. With `timeoutMs`, an endpoint that sends nothing for that long is given up: a 504
 * (code `timeout`) before the headers or for a JSON answer, an error chunk ending a stream.
 * `onFinish` is told how each chat request sent upstream ended (usage and cost, the endpoint's
 * error, the browser leaving), before its answer ends.
 *
 * @example
 * // app/api/chat/[...path]/route.ts (Next.js App Router)
 * import { createChatHandler } from 'react-chat-completions/server';
 *
 * const handler = createChatHandler({
 *   apiKey: process.env.CHAT_API_KEY!,
 *   authorize: async (request) => Boolean(await getSession(request)),
 *   allowModels: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4'],
 *   maxCompletionTokens: 4096,
 * });
 * export { handler as GET, handler as POST };
 * // In the browser: <ChatWindow clientOptions={{ baseUrl: '/api/chat' }} ... />
 */
export function createChatHandler(options: ChatHandlerOptions): (request: Request) => Promise<Response> {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');

  async function forward(
    request: Request,
    path: string,
    body: ChatHandlerRequest | undefined,
  ): Promise<Response> {
    const { apiKey } = options;
    const given = await orResponse(() => (typeof apiKey === 'function' ? apiKey(request) : apiKey));
    if (given instanceof Response) return given;
    // White space around the key (pasted into a secrets form, read from a file) goes: kept, it
    // went out as "Bearer  sk-…", and the endpoint quoting the key without it was not redacted.
    const key = typeof given === 'string' ? given.trim() : given;
    if (typeof key !== 'string' || !key) {
      // `process.env.X!` of a variable that is not set: "Bearer undefined" must not go out. One
      // set to nothing (`KEY=` in a .env file) would send "Bearer " and come back as the
      // endpoint's 401, blaming the browser's user for the server's configuration.
      const gave = typeof key === 'string' ? 'an empty string' : String(key);
      return errorResponse(500, `No API key: apiKey gave ${gave} (is its environment variable set?).`);
    }
    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set('Accept', request.headers.get('accept') ?? 'application/json');
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    try {
      headers.set('Authorization', `Bearer ${key}`);
    } catch {
      // The platform's message quotes the value, and an error thrown from a route ends up in the
      // server's log: a key pasted with a line break would be logged whole.
      return errorResponse(
        500,
        'The API key is not a valid header value (a line break or non-Latin-1 character?).',
      );
    }
    let json: string | null = null;
    // The body as the endpoint reads it, for `onFinish`: what `transformRequest` returned may hold
    // fields set to `undefined` (left out) or a `toJSON` (sent as it says).
    let sent = body;
    if (body) {
      headers.set('Content-Type', 'application/json');
      // What `transformRequest` returned is checked as the browser's body was: sent as it is, a
      // body the endpoint refuses would be its 400, put on the browser for the server's mistake.
      // The key goes from the message, in case the body quoted carries it.
      try {
        json = JSON.stringify(body);
        // A `toJSON` that returns `undefined` (or a function) leaves nothing to send.
        if (typeof json !== 'string') throw new TypeError('its toJSON() gave nothing to send');
      } catch (error) {
        return errorResponse(
          500,
          redactKey(
            `transformRequest returned a body that is not JSON: ${String((error as Error)?.message ?? error)}`,
            key,
          ),
        );
      }
      if (options.transformRequest) {
        sent = JSON.parse(json) as ChatHandlerRequest;
        const issues = validateRequest(sent);
        if (issues.length > 0) {
          const why = redactKey(new ChatRequestError(issues).message, key);
          return errorResponse(500, `transformRequest returned a body the endpoint would refuse: ${why}`);
        }
      }
    }
    // `timeoutMs` gives each wait for the endpoint (its headers, each read of its body) a limit of
    // its own; running out aborts the upstream request. Timers are unref'd in Node (a wait given
    // up by everyone else keeps no process alive) and cleared when the wait ends, however it ends.
    const limit = Math.min(Number(options.timeoutMs) || 0, 2 ** 31 - 1);
    const upstreamAbort = new AbortController();
    let timedOut = false;
    const timeoutMessage = `The endpoint sent nothing for ${limit} ms (the server's timeoutMs).`;
    const within = <T>(waiting: Promise<T>): Promise<T> => {
      if (!(limit > 0)) return waiting;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          const reason = new DOMException(timeoutMessage, 'TimeoutError');
          upstreamAbort.abort(reason);
          reject(reason);
        }, limit);
        (timer as { unref?: () => void }).unref?.();
      });
      return Promise.race([waiting, expired]).finally(() => clearTimeout(timer));
    };
    let upstream: Response | undefined;
    // With `onFinish`, each answer of a request sent is told to it, and waits for it (`end`).
    const { onFinish } = options;
    const finish =
      sent && onFinish
        ? (status: number, { completion, error, isAbort = false }: Outcome = {}) => {
            const header = upstream?.headers.get('x-generation-id');
            return callOnFinish(onFinish, {
              request,
              body: sent,
              status,
              generationId: (header && redactKey(header, key)) || completion?.id || undefined,
              completion,
              usage: completion?.usage,
              finishReason: completion?.choices[0]?.finish_reason,
              error,
              isAbort,
            });
          }
        : undefined;
    const end = async (response: Response, outcome?: Outcome) => {
      await finish?.(response.status, outcome);
      return response;
    };
    /** The proxy's own error answer, in the endpoint's shape (the same error for `onFinish`). */
    const fail = (status: number, message: string, code: number | string = status) =>
      end(errorResponse(status, message, undefined, code), { error: { code, message } });
    // A fetch that throws at once rejects `answer` (caught below) rather than the handler.
    const answer = new Promise<Response>((resolve) =>
      resolve(
        (options.fetch ?? globalThis.fetch)(`${base}${path}`, {
          method: body ? 'POST' : 'GET',
          headers,
          body: json,
          // Without a limit, the browser's signal as it is.
          signal: limit > 0 ? AbortSignal.any([request.signal, upstreamAbort.signal]) : request.signal,
        }),
      ),
    );
    try {
      upstream = await within(answer);
    } catch (error) {
      if (timedOut) {
        // A fetch that ignores its signal may still answer: its body is not left open.
        answer.then(
          (late) => late.body?.cancel().catch(() => {}),
          () => {},
        );
        return fail(504, timeoutMessage, 'timeout');
      }
      if (request.signal.aborted) return end(new Response(null, { status: 499 }), { isAbort: true });
      // The platform's message names the host, or quotes a URL it refuses; a `fetch` of the app's
      // own may say more: `reasonOf` takes the secrets out.
      return fail(502, `The endpoint could not be reached: ${reasonOf(error, key)}`);
    }
    if (upstream.status === 401) {
      // The endpoint refused the server's own key: passed on as a 401, the browser (which sends
      // no key) would read "the API key is missing or invalid", as if its user were signed out
      // (`authorize`'s own 401). It is the server's configuration: a 500 as for a missing key,
      // with nothing of the endpoint's answer in it. `onFinish` is told the endpoint's reason:
      // its first 64 KiB, read for 5 s at most (`timeoutMs` if shorter), so that a body that
      // never ends holds neither the answer nor the server's memory.
      let text: string | undefined = '';
      if (finish) {
        const ms = limit > 0 ? Math.min(limit, 5000) : 5000;
        text = await readStart(upstream.body, 65_536, ms, request.signal);
        if (text === undefined) return end(new Response(null, { status: 499 }), { isAbort: true });
      } else upstream.body?.cancel().catch(() => {});
      return end(
        errorResponse(
          500,
          "The endpoint refused the server's API key (its 401): check the key the server is set up with.",
        ),
        { error: wireErrorOf(createResponseError(upstream, redactKey(text, key))) },
      );
    }
    const passed = new Headers();
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) passed.set(name, redactKey(value, key));
    }
    // What the endpoint answers (model output) is read as the type it declares, never sniffed;
    // and opened as a page (an HTML error page of the endpoint's, a URL typed in a tab), it runs
    // nothing and loads nothing on the app's origin. `fetch` ignores both.
    passed.set('X-Content-Type-Options', 'nosniff');
    passed.set('Content-Security-Policy', "default-src 'none'; sandbox");
    const init = { status: upstream.status, headers: passed };
    // The endpoint may repeat the key (an error quoting it): it never reaches the browser.
    if (passed.get('content-type')?.toLowerCase().includes('event-stream') && upstream.body) {
      // Proxies such as nginx would otherwise buffer the stream, and so would compression in
      // front of the handler (Express's `compression`, which skips a `no-transform` answer):
      // the whole reply would arrive at once, at its end.
      passed.set('X-Accel-Buffering', 'no');
      const cache = passed.get('cache-control');
      if (!/no-transform/i.test(cache ?? '')) {
        passed.set('Cache-Control', cache ? `${cache}, no-transform` : 'no-cache, no-transform');
      }
      // A stream gone silent ends as the endpoint ends one failing mid-reply: an error chunk
      // (code `timeout`: the browser's client says "timed out", the text received kept).
      const ending = `data: ${JSON.stringify({
        error: { code: 'timeout', message: timeoutMessage },
        choices: [{ index: 0, delta: {}, finish_reason: 'error' }],
      })}`;
      const stream =
        limit > 0 ? limitReads(upstream.body, within, () => (timedOut ? ending : undefined)) : upstream.body;
      const redacted = key ? redactStream(stream, key) : stream;
      // Read on the side only for `onFinish`, after the redaction: it sees what the browser does.
      return new Response(
        finish
          ? watchStream(redacted, request.signal, key, (outcome) => finish(init.status, outcome))
          : redacted,
        init,
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(
        await (limit > 0 && upstream.body
          ? new Response(limitReads(upstream.body, within)).arrayBuffer()
          : upstream.arrayBuffer()),
      );
    } catch (error) {
      // Read whole before answering, so a body that breaks off (or stalls) can still be a clean
      // error: nothing was sent yet.
      if (timedOut) return fail(504, timeoutMessage, 'timeout');
      if (request.signal.aborted) return end(new Response(null, { status: 499 }), { isAbort: true });
      return fail(502, `The endpoint's answer broke off: ${reasonOf(error, key)}`);
    }
    // The model list (no body: `GET …/models`) keeps to `allowModels`.
    if (!body && upstream.ok && options.allowModels !== undefined) {
      bytes = onlyAllowed(bytes, options.allowModels);
    }
    const text = bytesAsText(bytes);
    // A status without a body (204, 304...) takes none, not even an empty one.
    const empty = [204, 205, 304].includes(upstream.status);
    const passedOn = empty ? null : textAsBytes(redactKey(text, ...keyInBytes(key)));
    const response = new Response(passedOn, init);
    return finish
      ? end(response, outcomeOf(upstream, new TextDecoder().decode(passedOn ?? undefined)))
      : response;
  }

  async function chat(request: Request): Promise<Response> {
    // A browser sends JSON with its content type; a cross-site form or `text/plain` POST (which
    // needs no CORS preflight) cannot, so it is refused before anything else. The type itself is
    // compared (case aside): a page may send `text/plain; charset=application/json` preflight-free.
    const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return errorResponse(415, 'Send the request body as JSON (Content-Type: application/json).');
    }
    if (request.bodyUsed) {
      // A body parser or a middleware ahead of the handler read it: the server's mistake, which a
      // 400 ("could not be read") would put on the browser.
      return errorResponse(
        500,
        'The request body was read before the handler (by a body parser or a middleware ahead of it?): give it the request unread.',
      );
    }
    const limit = options.maxBodyBytes ?? 10_000_000;
    let text: string | undefined;
    try {
      text = await readBody(request, limit);
    } catch {
      // The browser's upload broke off (a closed tab, a dropped connection): its failure, not ours.
      if (request.signal.aborted) return new Response(null, { status: 499 });
      return errorResponse(400, 'The request body could not be read to its end.');
    }
    if (text === undefined) return errorResponse(413, `The request body is larger than ${limit} bytes.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorResponse(400, 'The request body is not JSON.');
    }
    const issues = validateRequest(body);
    if (issues.length > 0) {
      return errorResponse(400, new ChatRequestError(issues).message, { issues });
    }
    let chatRequest = body as ChatCompletionRequest;
    for (const model of [chatRequest.model, ...(chatRequest.models ?? [])]) {
      if (model !== undefined && !isAllowed(options.allowModels, model)) {
        return errorResponse(400, `The model "${model}" is not allowed here.`);
      }
    }
    if (chatRequest.model === undefined && options.allowModels !== undefined && !chatRequest.models?.length) {
      return errorResponse(400, 'model: required here (only some models are allowed).');
    }
    const cap = options.maxCompletionTokens;
    if (cap !== undefined) {
      const { max_tokens, max_completion_tokens, reasoning, ...rest } = chatRequest;
      // Both given: the smaller ask holds (the proxy never grants more than either says).
      const asked = [max_completion_tokens, max_tokens].filter((value) => typeof value === 'number');
      chatRequest = { ...rest, max_completion_tokens: Math.min(cap, ...asked) };
      // A reasoning budget is capped too: some providers spend it on its own.
      if (reasoning) {
        const budget = reasoning.max_tokens;
        chatRequest.reasoning =
          typeof budget === 'number' ? { ...reasoning, max_tokens: Math.min(budget, cap) } : reasoning;
      }
    }
    const { transformRequest } = options;
    const final = transformRequest
      ? await orResponse(() => transformRequest(chatRequest, request))
      : chatRequest;
    if (final instanceof Response) return final;
    if (typeof final !== 'object' || final === null || Array.isArray(final)) {
      // A forgotten `return` would otherwise go out as a GET without a body.
      const got = Array.isArray(final) ? 'an array' : String(final);
      return errorResponse(
        500,
        `transformRequest returned ${got}, not a request body (is a return missing?).`,
      );
    }
    return forward(request, '/chat/completions', final);
  }

  return async (request) => {
    const { authorize } = options;
    if (authorize) {
      const verdict = await orResponse(() => authorize(request));
      if (verdict instanceof Response) return verdict;
      if (verdict === false) return errorResponse(401, 'Not signed in.');
    }
    const url = new URL(request.url);
    // Trailing slashes dropped, from the first of the last run only: `/\/+$/` tried every slash of
    // every run, quadratic in a path of slashes the client sends (64,000: 1.7 s per request).
    const path = url.pathname.replace(/(?<!\/)\/+$/, '');
    const method = request.method.toUpperCase();
    if (path.endsWith('/chat/completions')) {
      return method === 'POST' ? chat(request) : wrongMethod('POST', path);
    }
    if (path.endsWith('/models')) {
      if (method !== 'GET' && method !== 'HEAD') return wrongMethod('GET', path);
      const response = await forward(request, `/models${url.search}`, undefined);
      if (method === 'GET') return response;
      // HEAD: the GET's status and headers, without its body (asked upstream as a GET: an
      // endpoint need not answer HEAD).
      response.body?.cancel().catch(() => {});
      return new Response(null, { status: response.status, headers: response.headers });
    }
    return errorResponse(
      404,
      `Not found: ${method} ${path}. This handler serves POST …/chat/completions and GET …/models.`,
    );
  };
}
