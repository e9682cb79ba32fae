/**
 * `react-chat-completions/server`: a proxy for the endpoint that keeps the API key on the server.
 * It takes a web `Request` and returns a `Response` (Next.js route handlers, Remix, Hono, Bun,
 * Deno, Cloudflare Workers...), forwards `POST …/chat/completions` and `GET …/models` with the
 * key, and streams the answer through byte for byte. No React, no Node-only API.
 */
import { DEFAULT_BASE_URL } from '../core/base-url.js';
import { ChatRequestError } from '../core/errors.js';
import type { ChatCompletionRequest, ChatRequestParameters, OpenObject } from '../core/types.js';
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

/** Options of `createChatHandler`. */
export interface ChatHandlerOptions {
  /**
   * The endpoint's API key, read on the server (e.g. `process.env.OPENROUTER_API_KEY`), or a
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
 *
 * @example
 * // app/api/chat/[...path]/route.ts (Next.js App Router)
 * import { createChatHandler } from 'react-chat-completions/server';
 *
 * const handler = createChatHandler({
 *   apiKey: process.env.OPENROUTER_API_KEY!,
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
    if (body) {
      headers.set('Content-Type', 'application/json');
      // What `transformRequest` returned is checked as the browser's body was: sent as it is, a
      // body the endpoint refuses would be its 400, put on the browser for the server's mistake.
      // The key goes from the message, in case the body quoted carries it.
      try {
        json = JSON.stringify(body);
      } catch (error) {
        return errorResponse(
          500,
          redactKey(
            `transformRequest returned a body that is not JSON: ${String((error as Error)?.message ?? error)}`,
            key,
          ),
        );
      }
      const issues = options.transformRequest ? validateRequest(JSON.parse(json)) : [];
      if (issues.length > 0) {
        const why = redactKey(new ChatRequestError(issues).message, key);
        return errorResponse(500, `transformRequest returned a body the endpoint would refuse: ${why}`);
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
    let upstream: Response;
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
        return errorResponse(504, timeoutMessage, undefined, 'timeout');
      }
      if (request.signal.aborted) return new Response(null, { status: 499 });
      // The platform's message names the host, or quotes a URL it refuses; a `fetch` of the app's
      // own may say more: `reasonOf` takes the secrets out.
      return errorResponse(502, `The endpoint could not be reached: ${reasonOf(error, key)}`);
    }
    if (upstream.status === 401) {
      // The endpoint refused the server's own key: passed on as a 401, the browser (which sends
      // no key) would read "the API key is missing or invalid", as if its user were signed out
      // (`authorize`'s own 401). It is the server's configuration: a 500 as for a missing key,
      // with nothing of the endpoint's answer in it.
      upstream.body?.cancel().catch(() => {});
      return errorResponse(
        500,
        "The endpoint refused the server's API key (its 401): check the key the server is set up with.",
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
      return new Response(key ? redactStream(stream, key) : stream, init);
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
      if (timedOut) return errorResponse(504, timeoutMessage, undefined, 'timeout');
      if (request.signal.aborted) return new Response(null, { status: 499 });
      return errorResponse(502, `The endpoint's answer broke off: ${reasonOf(error, key)}`);
    }
    // The model list (no body: `GET …/models`) keeps to `allowModels`.
    if (!body && upstream.ok && options.allowModels !== undefined) {
      bytes = onlyAllowed(bytes, options.allowModels);
    }
    const text = bytesAsText(bytes);
    // A status without a body (204, 304...) takes none, not even an empty one.
    const empty = [204, 205, 304].includes(upstream.status);
    return new Response(empty ? null : textAsBytes(redactKey(text, ...keyInBytes(key))), init);
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
