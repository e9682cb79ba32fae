import { collectCompletion, foldChunk, streams } from './accumulate.js';
import { DEFAULT_BASE_URL } from './base-url.js';
import { isArray, tryParseJson } from './dict.js';
import { ChatApiError, ChatRequestError } from './errors.js';
import {
  createNetworkError,
  createResponseError,
  createTimeoutError,
  findMessage,
} from './response-error.js';
import { type BodyRead, type DecodeOptions, decodeChatStream } from './sse.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ModelsResponse } from './types.js';
import { validateRequest } from './validate.js';

export { DEFAULT_BASE_URL };

/** Options of `createChatClient`. */
export interface ChatClientOptions {
  /** Default `https://novapai.ai/api/v1`; any OpenRouter/OpenAI-compatible server (your proxy) works. */
  baseUrl?: string | undefined;
  /** Sent as `Authorization: Bearer <apiKey>`. Never logged, never put in an error message. */
  apiKey?: string | undefined;
  /** Extra headers, or a (sync or async) function returning them, evaluated for every request. */
  headers?:
    | Record<string, string>
    | (() => Record<string, string> | Promise<Record<string, string>>)
    | undefined;
  /** The `fetch` to use; `globalThis.fetch` is looked up on every call when absent. */
  fetch?: typeof fetch | undefined;
  /**
   * Retries for 408, 429, 5xx, network errors and timeouts, until the first byte of a stream's body
   * arrives (a JSON body, read whole, until it is). Never after: no received text is repeated. Default 2.
   */
  maxRetries?: number | undefined;
  /**
   * Milliseconds to wait for the response headers and then for each read of the body (keep-alive
   * comments are reads too; the time the consumer holds a chunk does not count). Without it, only
   * a stream whose body has begun is given a limit, 120 s without a byte: a connection gone silent
   * fails as a `timeout` (its text kept) instead of streaming forever. `0`: no limit at all.
   */
  timeoutMs?: number | undefined;
  /** Sent as `x-session-id` (a `session_id` in the body wins). */
  sessionId?: string | undefined;
  /** Sent as `HTTP-Referer` (app attribution). */
  appUrl?: string | undefined;
  /** Sent as `X-Title` (app attribution). */
  appTitle?: string | undefined;
}

/** The response metadata of a successful request. */
export interface ChatResponseInfo {
  /** The HTTP status (a 2xx). */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** From the `X-Generation-Id` header. */
  generationId: string | undefined;
}

/** Per-request options of `complete` and `stream`. */
export interface ChatRequestOptions {
  /** Aborting rejects with the standard `AbortError` (also while waiting to retry). */
  signal?: AbortSignal | undefined;
  /** Headers for this request only (they win over the client's). */
  headers?: Record<string, string> | undefined;
  /** Called once the response that will be used arrives (for a stream, with its first bytes). */
  onResponse?: ((info: ChatResponseInfo) => void) | undefined;
  /** Receives SSE comments such as `OPENROUTER PROCESSING` keep-alives. */
  onComment?: ((comment: string) => void) | undefined;
}

/**
 * The raw wire chunks of a streamed reply. The request starts when iteration starts; a stream can
 * be iterated once. Errors are thrown from the iteration (`ChatRequestError` before sending,
 * `ChatApiError` after, `AbortError` on abort).
 */
export interface ChatStream extends AsyncIterable<ChatCompletionChunk> {
  /** From the `X-Generation-Id` header, else the first chunk's `id`; `undefined` until known. */
  readonly generationId: string | undefined;
  /** The completion accumulated from the chunks so far (what `collectCompletion` would return). */
  readonly completion: ChatCompletion | undefined;
}

/** A client for one OpenRouter-compatible endpoint. */
export interface ChatClient {
  /** The options the client was created with (`apiKey` is not enumerable). */
  readonly options: Readonly<ChatClientOptions>;
  /** Sends a request and resolves with the whole completion. */
  complete(request: ChatCompletionRequest, options?: ChatRequestOptions): Promise<ChatCompletion>;
  /** Streams a reply (`stream: true` is set for you). */
  stream(request: ChatCompletionRequest, options?: ChatRequestOptions): ChatStream;
  /** Lists the models (`GET {baseUrl}/models`). */
  models(options?: {
    /** Cancels the request: the promise then rejects with an `AbortError`. */
    signal?: AbortSignal | undefined;
  }): Promise<ModelsResponse>;
}

interface Sent {
  response: Response;
  /** The parsed JSON body; `undefined` for an SSE body. */
  json?: unknown;
  /** The first read of an SSE body (made before the response is used); the rest is unread. */
  first?: BodyRead;
  generationId: string | undefined;
  signal: AbortSignal;
  onWait(waiting: boolean): void;
  done(): void;
  hide(error: unknown): unknown;
}

/** The standard error of an aborted request, whatever reason the caller aborted with. */
const abortError = () => new DOMException('This operation was aborted', 'AbortError');

/**
 * Creates a client for an OpenRouter-compatible chat completions endpoint. No React, no globals
 * captured at creation: `fetch` is looked up on every call.
 *
 * @example
 * const client = createChatClient({ apiKey: 'sk-...' });
 * for await (const chunk of client.stream({ model: 'openai/gpt-4o-mini', messages })) {
 *   const text = chunk.choices[0]?.delta?.content;
 *   if (typeof text === 'string') process.stdout.write(text);
 * }
 */
export function createChatClient(options: ChatClientOptions = {}): ChatClient {
  // `apiKey` is hidden from console.log and JSON.stringify of `client.options`.
  const settings: ChatClientOptions = Object.freeze(
    Object.defineProperty({ ...options }, 'apiKey', { enumerable: false }),
  );
  const { apiKey, timeoutMs } = settings;
  /**
   * The key is never shown (nor persisted with an error), even when the endpoint repeats it: it is
   * replaced in every string the error holds (message, metadata, body, generation id, the partial
   * reply where a choice's error lives too); returns the error. A text cut short in the middle of
   * the key (a message clipped at 300 characters) holds its beginning only: every beginning of the
   * key of 12 characters or more is replaced too, longest first.
   */
  const hide = (error: unknown) => {
    if (apiKey && error instanceof ChatApiError) {
      // The fields are read-only to users, not to the client that made the error.
      Object.assign(
        error,
        JSON.parse(
          JSON.stringify({ ...error, message: error.message }, (_name, value) => {
            // Until the key's first 12 characters are gone (most strings, such as a partial
            // reply's tokens, never held them: one search each).
            for (
              let end = apiKey.length;
              typeof value === 'string' && end && value.includes(apiKey.slice(0, 12));
              end--
            )
              value = value.split(apiKey.slice(0, end)).join('[redacted]');
            return value;
          }),
        ),
      );
    }
    return error;
  };

  /**
   * Sends a request (validated first; `GET /models` without one), retrying what may succeed later,
   * and resolves once the response to use has arrived: an SSE reply once its first read is made
   * (the rest is left unread), a JSON body read whole, holding a `choices` (or, for models, `data`)
   * array.
   */
  async function send(
    path: string,
    request: ChatCompletionRequest | undefined,
    requestOptions: ChatRequestOptions,
  ): Promise<Sent> {
    const { signal } = requestOptions;
    /** The array a JSON reply must hold. */
    const list = request ? 'choices' : 'data';
    const issues = request ? validateRequest(request) : [];
    if (issues.length > 0) throw new ChatRequestError(issues);
    const shared = typeof settings.headers === 'function' ? await settings.headers() : settings.headers;
    const headers = new Headers();
    for (const [name, value] of [
      ['Accept', request?.stream ? 'text/event-stream' : 'application/json'],
      ['Content-Type', request && 'application/json'],
      ['Authorization', apiKey && `Bearer ${apiKey}`],
      ['HTTP-Referer', settings.appUrl],
      ['X-Title', settings.appTitle],
      // A `session_id` in the body wins over the header.
      ['x-session-id', !request?.session_id && settings.sessionId],
      ...Object.entries(shared ?? {}),
      ...Object.entries(requestOptions.headers ?? {}),
    ]) {
      // The platform's message would quote the value: an API key pasted with a line break.
      try {
        if (value) headers.set(name as string, value);
      } catch {
        throw new TypeError(`Invalid ${name} header value (a line break or non-Latin-1 character?).`);
      }
    }
    const url = `${(settings.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError();
      const controller = new AbortController();
      /** This attempt's signal (the timeout's and the caller's abort). */
      const attemptSignal = controller.signal;
      const onAbort = () => controller.abort(abortError());
      let response: Response | undefined;
      /** `timeoutMs`; once a stream's body has begun, 120 s without it (see below). */
      let limit = timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      /** When the current wait for bytes began; undefined while the consumer holds the stream. */
      let since: number | undefined;
      // One timer checks the deadline instead of clearing and setting one per read: per read there
      // is only a clock read, not two timer calls (which cross into the host in browsers).
      const check = () => {
        // NaN while the consumer holds the stream: neither waits again nor times out.
        const left = since! + limit! - Date.now();
        // Unref'd in Node: a stream its consumer drops without `return()` keeps no process alive
        // (a test run, a server) until the deadline. Browsers' timers are numbers, with no `unref`.
        timer = left > 0 ? setTimeout(check, left) : undefined;
        timer?.unref?.();
        if (left <= 0) controller.abort(createTimeoutError(limit!));
      };
      const onWait = (waiting: boolean) => {
        since = waiting ? Date.now() : undefined;
        // The wait's whole `limit` left (a millisecond less should the clock tick meanwhile).
        if (waiting && limit && !timer) check();
      };
      const done = () => {
        since = undefined;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // Frees the connection when an SSE body was never decoded (a locked body just refuses).
        response?.body?.cancel().catch(() => {});
      };
      signal?.addEventListener('abort', onAbort);
      onWait(true);
      let error: ChatApiError;
      try {
        const answer = Promise.resolve(
          (settings.fetch ?? globalThis.fetch)(url, {
            method: request ? 'POST' : 'GET',
            headers,
            body: request ? JSON.stringify(request) : null,
            signal: attemptSignal,
          }),
        );
        /**
         * Rejects with the abort's reason once the attempt is aborted (timed out, stopped), raced
         * with the waits for the response and its body: a fetch or body ignoring its signal would
         * keep them waiting forever. A response such a fetch gives after that, its body maybe
         * silent, is not waited for but cancelled.
         */
        const aborted = new Promise<never>((_, reject) =>
          attemptSignal.addEventListener('abort', () => {
            reject(attemptSignal.reason);
            answer.then(
              (late) => late.body?.cancel().catch(() => {}),
              () => {},
            );
          }),
        );
        response = await Promise.race([answer, aborted]);
        attemptSignal.throwIfAborted();
        const generationId = response.headers.get('x-generation-id') ?? undefined;
        const sent = { response, generationId, signal: attemptSignal, onWait, done, hide };
        const type = response.headers.get('content-type') ?? '';
        // One reader for either way of reading below, from the body itself: a fetch's response
        // needs no global `Response` or `TransformStream` beside it (Jest's jsdom environment has
        // neither). A body its fetch leaves open on abort is cancelled. The headers restart the
        // deadline.
        const reader = response.body?.getReader();
        aborted.catch(() => reader?.cancel().catch(() => {}));
        onWait(true);
        // A stream comes with any type but JSON (a whole reply or an error) and HTML (a page
        // answering in the endpoint's place, such as an app's catch-all route: not a reply cut off).
        if (
          request &&
          response.ok &&
          reader &&
          (request.stream ? !/json|html/.test(type) : /event-stream/.test(type))
        ) {
          // The first read is made here, so that a body failing before its first byte (broken off,
          // timed out) is retried like a failed response; the decoder starts from it.
          const first = await reader.read();
          attemptSignal.throwIfAborted();
          reader.releaseLock();
          // Once a stream's body has begun, 120 s without a byte ends it even without `timeoutMs`: a
          // connection gone silent (half-open) fails instead of streaming forever. The endpoint
          // sends keep-alive comments while it waits (they count), and the proxies in front of
          // such endpoints close a connection idle for 60 to 100 s: no live stream is this silent.
          limit ??= 12e4;
          return { ...sent, first };
        }
        // Error bodies and JSON replies are read whole here, so a failure is still retryable. Each
        // read restarts the deadline, as for a stream.
        const decoder = new TextDecoder();
        let text = '';
        for (let ended = !reader; !ended; ) {
          const read: BodyRead = await Promise.race([reader!.read(), aborted]);
          ended = read.done;
          text += ended ? decoder.decode() : decoder.decode(read.value, { stream: true });
          onWait(true);
        }
        const json = tryParseJson(text) as Record<string, unknown> | null | undefined;
        if (!response.ok || json?.error)
          // Without a query, where a secret may be (a URL with a user and password is not fetched).
          error = createResponseError(response, text, url.replace(/[?#].*/, ''));
        else if (isArray(json?.[list])) {
          // Read whole: nothing more to wait for.
          done();
          return { ...sent, json };
        } else {
          error = new ChatApiError({
            type: 'http',
            status: response.status,
            // An object that does not parse (after any whitespace an endpoint sends to keep the
            // connection open) is a reply cut off, as a stream closed before its finish reason:
            // retryable, where something other than a chat reply is not.
            code: !json && /^\s*{/.test(text) ? 'stream_truncated' : 'invalid_response',
            // An HTML page (a Wi-Fi sign-in page answering in the endpoint's place) by its title:
            // its markup would show in the chat's notice.
            message: `Expected JSON with a \`${list}\` array, got ${/html/.test(type) ? `an HTML page${findMessage(text)?.replace(/^/, ': ') ?? ''}` : JSON.stringify(text.slice(0, 80))}.`,
            generationId,
          });
        }
      } catch (cause) {
        done();
        if (signal?.aborted) throw abortError();
        // A global the page lacks (`Response` under a test runner's DOM), or a bug in a fetch of
        // the app's: no retry mends it, and retries would hide it behind a "Network error".
        if (cause instanceof ReferenceError) throw cause;
        const reason: unknown = attemptSignal.reason;
        error = reason instanceof ChatApiError ? reason : createNetworkError(cause);
      }
      done();
      hide(error);
      const wait =
        error.retryAfter !== undefined
          ? error.retryAfter * 1000
          : Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (attempt >= (settings.maxRetries ?? 2) || !error.retryable || wait > 60_000) throw error;
      // Waits with `setTimeout` (so fake timers drive it); an abort ends the wait, and the next
      // attempt's check throws. The listener goes with the wait: a long-lived signal would keep
      // one per retry.
      await new Promise((resolve) => {
        const stop = () => {
          clearTimeout(pause);
          resolve(signal?.removeEventListener('abort', stop));
        };
        const pause = setTimeout(stop, wait);
        signal?.addEventListener('abort', stop);
      });
    }
  }

  /**
   * The chunks of a reply: the SSE body decoded, or a JSON completion (a server ignoring `stream`)
   * as one chunk. The decoder is returned as it is: a generator around it would add an async step
   * per chunk.
   */
  function read(
    sent: Sent,
    requestOptions: ChatRequestOptions,
    onCompletion?: (completion: ChatCompletion) => void,
    quiet?: boolean,
    onChunk?: (chunk: ChatCompletionChunk) => void,
  ): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    const { response, json, generationId } = sent;
    try {
      requestOptions.onResponse?.({ status: response.status, headers: response.headers, generationId });
    } catch (error) {
      sent.done();
      throw error;
    }
    const options: DecodeOptions = {
      ...sent,
      onComment: requestOptions.onComment,
      onCompletion,
      quiet,
      onChunk,
    };
    return json === undefined
      ? decodeChatStream(response.body!, options)
      : (async function* () {
          const { choices, ...rest } = json as ChatCompletion;
          const chunk: ChatCompletionChunk = {
            ...rest,
            object: 'chat.completion.chunk',
            choices: choices.map(({ message, ...choice }) => ({ ...choice, delta: message })),
          };
          try {
            foldChunk(undefined, chunk, onCompletion, 'http', generationId, response.status);
          } catch (error) {
            throw hide(error);
          }
          if (quiet) onChunk?.(chunk);
          else yield chunk;
        })();
  }

  return {
    options: settings,

    async complete(request, requestOptions = {}) {
      const sent = await send('/chat/completions', request, requestOptions);
      const completion = await collectCompletion(read(sent, requestOptions));
      // A JSON reply is returned as it came; a streamed one (`stream: true` in the request) as collected.
      return (sent.json as ChatCompletion | undefined) ?? completion;
    },

    stream(request, requestOptions = {}) {
      let started = false;
      const iterate = (
        quiet?: boolean,
        onChunk?: (chunk: ChatCompletionChunk) => void,
      ): AsyncIterator<ChatCompletionChunk> => {
        // Sends, then hands over to the decoder: later steps are the decoder's own, with no
        // generator around it (each would add an async step per chunk).
        let chunks: AsyncGenerator<ChatCompletionChunk, void, undefined> = (async function* () {
          if (started)
            throw new Error('A ChatStream can be iterated once: call client.stream() again to resend.');
          started = true;
          const sent = await send('/chat/completions', { ...request, stream: true }, requestOptions);
          stream.generationId = sent.generationId;
          chunks = read(
            sent,
            requestOptions,
            (completion) => {
              stream.completion = completion;
              stream.generationId ??= completion.id || undefined;
            },
            quiet,
            onChunk,
          );
          yield* chunks;
        })();
        return { next: () => chunks.next(), return: (value) => chunks.return(value) };
      };
      const stream = {
        generationId: undefined as string | undefined,
        completion: undefined as ChatCompletion | undefined,
        [Symbol.asyncIterator]: () => iterate(),
      };
      // `collectCompletion` reads it in one step: the decoder accumulates into `completion` anyway.
      // The store does too, taking each chunk from a callback.
      streams.set(stream, async (onChunk) => {
        await iterate(true, onChunk).next();
        return stream.completion;
      });
      return stream;
    },

    async models(requestOptions = {}) {
      return (await send('/models', undefined, requestOptions)).json as ModelsResponse;
    },
  };
}
