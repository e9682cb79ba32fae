import { accumulateChunk, collectCompletion, getChunkError } from './accumulate.js';
import { ChatApiError, ChatRequestError } from './errors.js';
import {
  createNetworkError,
  createResponseError,
  createStreamError,
  createTimeoutError,
  extendError,
} from './response-error.js';
import { decodeChatStream } from './sse.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ModelsResponse } from './types.js';
import { validateRequest } from './validate.js';

/** The endpoint used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = 'https://novapai.ai/api/v1';

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
  /** Retries for 408, 429, 5xx, network errors and timeouts before the body is used. Default 2. */
  maxRetries?: number | undefined;
  /** Milliseconds to wait for the response headers and then for each read of the body. */
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
  status: number;
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
  /** Called once the response that will be used arrives. */
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
  models(options?: { signal?: AbortSignal | undefined }): Promise<ModelsResponse>;
}

interface Sent {
  response: Response;
  /** The parsed body when it was JSON; `undefined` for an unread SSE body. */
  json?: unknown;
  signal: AbortSignal;
  onWait(waiting: boolean): void;
  done(): void;
}

const MAX_RETRY_WAIT = 60_000;

const isDict = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'AbortError'
    ? reason
    : new DOMException('This operation was aborted', 'AbortError');
}

/** Waits `ms` (with `setTimeout`, so fake timers drive it); rejects with `AbortError` on abort. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function invalidResponse(response: Response, message: string): ChatApiError {
  return new ChatApiError({
    type: 'http',
    status: response.status,
    code: 'invalid_response',
    message,
    generationId: response.headers.get('x-generation-id') ?? undefined,
  });
}

/** A JSON completion sent to a streaming request (some servers ignore `stream`), as one chunk. */
function completionToChunk({ choices, ...rest }: ChatCompletion): ChatCompletionChunk {
  return {
    ...rest,
    object: 'chat.completion.chunk',
    choices: choices.map(({ message, ...choice }) => ({ ...choice, delta: message })),
  };
}

function checked(response: Response, json: unknown): ChatCompletion {
  if (isDict(json) && Array.isArray(json.choices)) return json as ChatCompletion;
  throw invalidResponse(response, 'Expected a chat completion with `choices`, got another JSON body.');
}

/**
 * Creates a client for an OpenRouter-compatible chat completions endpoint. No React, no globals
 * captured at creation: `fetch` is looked up on every call.
 *
 * @example
 * const client = createChatClient({ apiKey: 'sk-...' });
 * for await (const chunk of client.stream({ model: 'openai/gpt-4o-mini', messages })) {
 *   process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
 * }
 */
export function createChatClient(options: ChatClientOptions = {}): ChatClient {
  const settings: ChatClientOptions = { ...options };
  // Hidden from console.log and JSON.stringify of `client.options`.
  if (settings.apiKey !== undefined) Object.defineProperty(settings, 'apiKey', { enumerable: false });
  Object.freeze(settings);
  const secret = settings.apiKey;

  async function send(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    requestOptions: ChatRequestOptions,
    stream: boolean,
    sessionInBody: boolean,
  ): Promise<Sent> {
    const { signal } = requestOptions;
    const url = `${(settings.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`;
    const headers = new Headers({ Accept: stream ? 'text/event-stream' : 'application/json' });
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    if (secret) headers.set('Authorization', `Bearer ${secret}`);
    if (settings.appUrl) headers.set('HTTP-Referer', settings.appUrl);
    if (settings.appTitle) headers.set('X-Title', settings.appTitle);
    if (settings.sessionId && !sessionInBody) headers.set('x-session-id', settings.sessionId);
    const shared = typeof settings.headers === 'function' ? await settings.headers() : settings.headers;
    for (const extra of [shared, requestOptions.headers]) {
      for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
    }
    const retries = Math.max(0, settings.maxRetries ?? 2);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal);
      const controller = new AbortController();
      const onAbort = () => controller.abort(abortError(signal!));
      signal?.addEventListener('abort', onAbort);
      const { timeoutMs } = settings;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onWait = (waiting: boolean) => {
        clearTimeout(timer);
        if (waiting && timeoutMs) {
          timer = setTimeout(() => controller.abort(createTimeoutError(timeoutMs)), timeoutMs);
        }
      };
      const done = () => {
        onWait(false);
        signal?.removeEventListener('abort', onAbort);
      };
      let error: ChatApiError;
      onWait(true);
      try {
        const fetchFunction = settings.fetch ?? globalThis.fetch;
        const response = await fetchFunction(url, {
          method,
          headers,
          body: body ?? null,
          signal: controller.signal,
        });
        const type = response.headers.get('content-type') ?? '';
        if (response.ok && (stream ? !type.includes('json') : type.includes('event-stream'))) {
          const release = () => {
            done();
            // Frees the connection when the body was never read (a locked body just refuses).
            response.body?.cancel().catch(() => {});
          };
          return { response, signal: controller.signal, onWait, done: release };
        }
        // Error bodies and JSON replies are read whole here, so a failure is still retryable.
        const text = await response.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          // Handled below.
        }
        if (!response.ok || (isDict(json) && json.error)) error = createResponseError(response, text);
        else if (json === undefined) {
          error = invalidResponse(
            response,
            `Expected a JSON response, got ${JSON.stringify(text.slice(0, 80))}.`,
          );
        } else return { response, json, signal: controller.signal, onWait, done };
      } catch (cause) {
        done();
        if (signal?.aborted) throw abortError(signal);
        const reason: unknown = controller.signal.reason;
        error = reason instanceof ChatApiError ? reason : createNetworkError(cause);
      }
      done();
      if (secret && error.message.includes(secret)) {
        error = extendError(error, { message: error.message.split(secret).join('[redacted]') });
      }
      const wait =
        error.retryAfter !== undefined
          ? error.retryAfter * 1000
          : Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (attempt >= retries || !error.retryable || wait > MAX_RETRY_WAIT) throw error;
      await sleep(wait, signal);
    }
  }

  const info = (response: Response): ChatResponseInfo => ({
    status: response.status,
    headers: response.headers,
    generationId: response.headers.get('x-generation-id') ?? undefined,
  });

  const validated = (request: ChatCompletionRequest) => {
    const issues = validateRequest(request);
    if (issues.length > 0) throw new ChatRequestError(issues);
    return JSON.stringify(request);
  };

  return {
    options: settings,

    async complete(request, requestOptions = {}) {
      const body = validated(request);
      const sent = await send('POST', '/chat/completions', body, requestOptions, false, !!request.session_id);
      try {
        const { response } = sent;
        const { generationId } = info(response);
        requestOptions.onResponse?.(info(response));
        if (sent.json === undefined) {
          if (!response.body) throw invalidResponse(response, 'The response has no body.');
          return await collectCompletion(
            decodeChatStream(response.body, {
              signal: sent.signal,
              onWait: sent.onWait,
              onComment: requestOptions.onComment,
              generationId,
            }),
          );
        }
        const completion = checked(response, sent.json);
        const error = getChunkError(completion);
        if (error) {
          throw extendError(createStreamError(error, completion, generationId ?? completion.id), {
            type: 'http',
            status: response.status,
          });
        }
        return completion;
      } finally {
        sent.done();
      }
    },

    stream(request, requestOptions = {}) {
      let started = false;
      let generationId: string | undefined;
      let completion: ChatCompletion | undefined;
      async function* iterate(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
        const body = validated({ ...request, stream: true });
        const sent = await send(
          'POST',
          '/chat/completions',
          body,
          requestOptions,
          true,
          !!request.session_id,
        );
        try {
          const { response } = sent;
          generationId = info(response).generationId;
          requestOptions.onResponse?.(info(response));
          if (sent.json !== undefined) {
            const whole = checked(response, sent.json);
            const chunk = completionToChunk(whole);
            completion = accumulateChunk(undefined, chunk);
            generationId ??= whole.id || undefined;
            const error = getChunkError(whole);
            if (error) throw createStreamError(error, completion, generationId);
            yield chunk;
            return;
          }
          if (!response.body) throw invalidResponse(response, 'The response has no body.');
          yield* decodeChatStream(response.body, {
            signal: sent.signal,
            onWait: sent.onWait,
            onComment: requestOptions.onComment,
            generationId,
            onCompletion: (next) => {
              completion = next;
              generationId ??= next.id || undefined;
            },
          });
        } finally {
          sent.done();
        }
      }
      return {
        get generationId() {
          return generationId;
        },
        get completion() {
          return completion;
        },
        [Symbol.asyncIterator]() {
          if (started)
            throw new Error('A ChatStream can be iterated once: call client.stream() again to resend.');
          started = true;
          return iterate();
        },
      };
    },

    async models(requestOptions = {}) {
      const sent = await send('GET', '/models', undefined, requestOptions, false, false);
      try {
        const json = sent.json;
        if (isDict(json) && Array.isArray(json.data)) return json as ModelsResponse;
        throw invalidResponse(sent.response, 'Expected a models list ({ "data": [...] }).');
      } finally {
        sent.done();
      }
    },
  };
}
