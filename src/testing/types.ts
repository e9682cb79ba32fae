import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ErrorBody,
  ModelsResponse,
  WireError,
} from '../core/types.js';

/** HTTP statuses the endpoint is known to answer with (WIRE.md, "Errors"). */
export type MockErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 408
  | 413
  | 422
  | 429
  | 500
  | 502
  | 503
  | 524
  | 529;

/**
 * A behaviour of the mock. `auto` picks one from the request (tools, modalities, reasoning, web
 * plugin, response_format, max tokens); the others force it, like the `mock/<scenario>` model ids.
 */
export type MockScenario =
  | 'auto'
  | 'text'
  | 'reasoning'
  | 'tools'
  | 'image'
  | 'citations'
  | 'audio'
  | 'json'
  | 'slow'
  | 'xss'
  | 'refusal'
  | 'content-filter'
  | 'file-parser'
  | 'error-html'
  | 'error-in-body'
  | 'error-midstream'
  | 'error-midstream-string'
  | 'error-midstream-tools'
  | 'truncated'
  | 'truncated-tools'
  | 'invalid-chunk'
  | `error-${MockErrorStatus}`;

/** Which of the three usage shapes of WIRE.md ends a stream. */
export type MockUsageShape =
  /** A last chunk with `choices: []` and `usage` (default). */
  | 'empty-choices'
  /** The final choice sent again (its `finish_reason` arrives twice) with `usage`. */
  | 'repeat-finish'
  /** A choice with `finish_reason: null` plus `usage`, after the `stop` chunk. */
  | 'null-finish';

/**
 * How the reasoning of a reply comes (WIRE.md's three `reasoning_details` types), as providers send
 * it. Each reply with reasoning (the `reasoning` scenario, or a request's `reasoning`) takes it, tool
 * steps included; with `reasoning: { exclude: true }` none comes in any form.
 */
export type MockReasoningFormat =
  /**
   * Plain text (Anthropic's form, default): `reasoning` fragments, each also a `reasoning.text` detail
   * at index 0, then a detail with no text carrying the `signature`.
   */
  | 'text'
  /**
   * A summary (OpenAI's form): each sentence whole in `reasoning` and again as a
   * `reasoning.summary` detail, then the reasoning itself as one `reasoning.encrypted` detail.
   */
  | 'summary'
  /** Encrypted only (redacted): one `reasoning.encrypted` detail, no `reasoning` text. */
  | 'encrypted';

/**
 * How a reply carries `system_fingerprint` (ENDPOINT.md types it string or null; WIRE.md says it
 * may be missing).
 */
export type MockSystemFingerprint =
  /** A string, in the JSON reply and the stream's first chunk (default). */
  | 'present'
  /** `null` there. */
  | 'null'
  /** Left out of every chunk and of the JSON reply. */
  | 'absent';

/** A tool call a `MockScriptedReply` makes. */
export interface MockScriptedToolCall {
  /** The tool's name (any name: the request's tools are not checked). */
  name: string;
  /**
   * The arguments: a value, sent as its JSON; a string, sent as it is (`'{"city":'` to test
   * arguments that do not parse). Default `{}`.
   */
  arguments?: unknown;
  /** The call's id. Default: a random `call_…` (the same on every run under a `seed`). */
  id?: string | undefined;
}

/**
 * A page a `MockScriptedReply` cites: sent as a `url_citation` annotation,
 * `{ type: "url_citation", url_citation: { url, title, content, start_index, end_index } }`.
 */
export interface MockScriptedCitation {
  /**
   * The page's URL: any absolute URL (`javascript:alert(1)` too, to test that the app refuses to
   * link it).
   */
  url: string;
  /** The page's title. Default: none. */
  title?: string | undefined;
  /** The passage of the page cited. Default: none. */
  content?: string | undefined;
  /** Where the citing passage starts in the reply's `content` (an offset into the text). Default: none. */
  start_index?: number | undefined;
  /** Where it ends (not included), `start_index` or more. Default: none. */
  end_index?: number | undefined;
}

/**
 * Token counts a `MockScriptedReply` gives its `usage`, in place of the ones the mock counts (its
 * words, reasoning and images). `total_tokens` is always `prompt_tokens` plus `completion_tokens`,
 * and `cost` follows the counts at the mock's prices. The details are parts of their totals and
 * never add up to more: a total left out is counted with the details given in it; a
 * `completion_tokens` given comes with the completion details given only (how it splits is the
 * script's to say: the reasoning and image tokens counted could exceed it); details given that
 * exceed a total given (`cached_tokens` plus `cache_write_tokens`, or `audio_tokens`, over
 * `prompt_tokens`; `reasoning_tokens` plus `image_tokens` over `completion_tokens`) throw a
 * `TypeError`.
 */
export interface MockScriptedUsage {
  /** Tokens of the prompt. Default: an estimate from the request's messages, or the details given if more. */
  prompt_tokens?: number | undefined;
  /**
   * Tokens of the reply, reasoning and images included. Default: what the reply streams, the
   * completion details given in place of the counted ones (`{ reasoning_tokens: 300 }` and two
   * words: 302).
   */
  completion_tokens?: number | undefined;
  /**
   * Parts of `prompt_tokens`. Default: `cached_tokens` half the prompt with prompt caching on a
   * later turn (at most what `cache_write_tokens` leaves of it), else 0; the others 0.
   */
  prompt_tokens_details?:
    | {
        /** Tokens read from the prompt cache. */
        cached_tokens?: number | undefined;
        /** Tokens written to the prompt cache. */
        cache_write_tokens?: number | undefined;
        /** Tokens of audio input. */
        audio_tokens?: number | undefined;
      }
    | undefined;
  /**
   * Parts of `completion_tokens`. Default: those of the reply's reasoning and images; with
   * `completion_tokens` given, none (the details given only; none given, no `completion_tokens_details`).
   */
  completion_tokens_details?:
    | {
        /** Tokens spent reasoning. */
        reasoning_tokens?: number | undefined;
        /** Tokens spent on images. */
        image_tokens?: number | undefined;
      }
    | undefined;
}

/**
 * A reply scripted in `replies`: its reasoning, its text, its refusal, its images, its citations,
 * then its tool calls; it ends with `finish_reason` (by default `"tool_calls"` when it has any,
 * else `"stop"`) and the `usage`, or with an `error`.
 */
export interface MockScriptedReply {
  /** The text, streamed word by word. Default: none. */
  content?: string | undefined;
  /**
   * The reasoning, streamed before the text in the `reasoningFormat`, whether or not the request
   * asks for reasoning (a model that reasons by default); the request's `reasoning` still turns it
   * off (`enabled: false`, `effort: "none"`), hides it (`exclude`) or caps it (`max_tokens`).
   * Default: the mock's own reasoning, when the request or `mock/reasoning` asks for it.
   */
  reasoning?: string | undefined;
  /**
   * A refusal: streamed word by word in `delta.refusal` after the text (the JSON reply's
   * `message.refusal`), as `mock/refusal` sends its own. Default: none.
   */
  refusal?: string | undefined;
  /**
   * Generated images, by URL, each in a delta of its own after the text (`delta.images`, the JSON
   * reply's `message.images`: `{ type: "image_url", image_url: { url }, index }`), each billed 1290
   * `image_tokens` as `mock/image` bills its own. A `data:` URL (`createGradientPngDataUrl()` makes
   * the PNG `mock/image` sends) or an `https:` URL; any absolute URL is sent as given
   * (`data:image/svg+xml,…` to test that the app refuses it). Default: none.
   */
  images?: readonly string[] | undefined;
  /**
   * Pages the reply cites, sent in one delta after the text and images as `url_citation`
   * annotations, as `mock/citations` sends its own. Default: none.
   */
  annotations?: readonly MockScriptedCitation[] | undefined;
  /** The tool calls, streamed after the rest, their arguments in fragments. Default: none. */
  tool_calls?: readonly MockScriptedToolCall[] | undefined;
  /**
   * Why the reply ended: `"length"` (cut at the token limit), `"content_filter"`, `"stop"`,
   * `"tool_calls"`, or any other string a provider may send (`"error"` is the `error` field's).
   * Default: `"tool_calls"` with tool calls, else `"stop"`. The request's `max_completion_tokens`
   * and `stop` still end the reply as they would (`"length"`, `"stop"`).
   */
  finish_reason?: 'stop' | 'length' | 'tool_calls' | 'content_filter' | (string & {}) | undefined;
  /**
   * Ends the reply with an error after the rest, as `mock/error-midstream` does: a stream sends
   * the error chunk (a top-level `error`, `finish_reason: "error"`) and no usage or `[DONE]`; a
   * request without `stream` gets a 200 whose `choices[0]` has the message so far,
   * `finish_reason: "error"` and the `error`. `true` sends the mock's own (code 502, "Provider
   * disconnected…"); an object `{ code, message, metadata? }` is sent as given (`code` a number or
   * a string such as `"server_error"`). Not with `finish_reason`, nor with `usage` (the stream's
   * error chunk has none; the reply without `stream` has the counted usage). Default: none.
   */
  error?: true | WireError | undefined;
  /**
   * Token counts in place of the ones the mock counts (see `MockScriptedUsage`); not with `error`.
   * Default: counted.
   */
  usage?: MockScriptedUsage | undefined;
}

/**
 * Where a streamed reply waits, and for what (the `hold` option): `createMockGate` makes one a test
 * opens by hand; any object of this shape does too.
 */
export interface MockHold {
  /**
   * Where a stream waits: after its first `afterChunks` `data:` chunks (the first is the empty
   * role chunk: 2 is after the first token; 0, before anything, headers sent). Left out, or past
   * the reply's content: before the chunk that ends it (the `finish_reason` or error chunk; for a
   * truncated stream, before it closes), its text all sent.
   */
  afterChunks?: number | undefined;
  /**
   * Called once per stream when it gets there; the stream goes on when the promise resolves, and
   * errors with what it rejects with. `signal` aborts when the client aborts or stops reading: the
   * stream then ends at once, whatever the promise does.
   */
  wait(signal: AbortSignal): Promise<void>;
}

/** What the mock was asked, for `onRequest`. */
export interface MockRequestInfo {
  /** The HTTP method, upper case. */
  method: string;
  /** The request's URL as the transport gave it. */
  url: string;
  /** The request headers. */
  headers: Headers;
}

/**
 * Options of `createMockFetch`, `createMockHandlers`, `startMockServer` and `createMockReply`. Each
 * throws a `TypeError` at once for a `scenario`, `usageShape`, `systemFingerprint`,
 * `reasoningFormat` or `replies` the mock cannot use.
 */
export interface MockEndpointOptions {
  /** Milliseconds between streamed chunks. Default 15; use 0 in tests (still asynchronous). */
  tokenDelayMs?: number | undefined;
  /** Milliseconds before the first token (keep-alive comments fill the wait). Default `20 * tokenDelayMs`, at most 400. */
  firstTokenDelayMs?: number | undefined;
  /** Makes ids and choices deterministic. Default: the request's `seed`, else random. */
  seed?: number | undefined;
  /** Clock for `created` (milliseconds). Default `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * Called with every valid chat-completions body (and the request line and headers); a body the
   * mock refuses with a 400 (not JSON, outside the endpoint's limits) is not reported. What it
   * throws (a failing `expect`) fails that request, and is thrown again, uncaught, in a microtask:
   * the test runner reports it (the chat would take the failed request for a network error).
   */
  onRequest?: ((body: ChatCompletionRequest, request: MockRequestInfo) => void) | undefined;
  /**
   * Forces a behaviour for every request, whatever the model id; or, as a function of the request,
   * for the requests it returns one for (`undefined`: the model id's), such as a 429 for the first
   * request only: `() => (calls++ === 0 ? 'error-429' : undefined)`. It is called once per valid
   * chat-completions request (retries included), after `onRequest`; an unknown scenario it returns
   * fails that request with a `TypeError`.
   */
  scenario?: MockScenario | ((request: ChatCompletionRequest) => MockScenario | undefined) | undefined;
  /**
   * Scripted replies: the n-th assistant turn of a conversation gets `replies[n % replies.length]`;
   * a function may return `undefined` to keep the default reply. A string is the text of a text
   * reply, or of the JSON reply to a `response_format` (as given, JSON or not; `mock/json` keeps its
   * own): a reply the mock makes of its own accord, tool calls or an image, stays as it is; a
   * `MockScriptedReply` is the whole reply (text, reasoning, refusal, images, citations, tool
   * calls, its finish reason or error, its usage), whatever the request's tools and prompt (for
   * `mock/auto`, `mock/text`, `mock/tools` and `mock/reasoning`, any other model id too). An entry
   * the mock cannot send throws a `TypeError` naming it (`replies[1].images[0]`). A function is
   * called once for each request whose reply it can script, and what it returns is checked then
   * (one the mock cannot send fails that request with that `TypeError`): every request to the
   * scenarios above, and those to the ones that cut a text (`mock/error-midstream`,
   * `mock/error-midstream-string`, `mock/content-filter`, `mock/truncated`, `mock/invalid-chunk`;
   * `mock/error-midstream-tools` and `mock/truncated-tools` when no tool fits); not for the others
   * (`mock/slow`, `mock/image`, `mock/json`…, errors before the reply), whose replies are their own.
   */
  replies?:
    | readonly (string | MockScriptedReply)[]
    | ((request: ChatCompletionRequest) => string | MockScriptedReply | undefined)
    | undefined;
  /** How a stream reports usage. Default `empty-choices`. */
  usageShape?: MockUsageShape | undefined;
  /** Whether replies carry `system_fingerprint` as a string, as `null`, or not at all. Default `present`. */
  systemFingerprint?: MockSystemFingerprint | undefined;
  /** How reasoning comes: `text` (default), `summary` or `encrypted` (see `MockReasoningFormat`). */
  reasoningFormat?: MockReasoningFormat | undefined;
  /**
   * The `Retry-After` header of the 429 and 503 errors (`mock/error-429`, `mock/error-503`), in
   * whole seconds: `retryAfter: 30` to check an app's "Try again in 30 seconds", `0` for a retry at
   * once; `null` sends none. Default 2 on a 429, 5 on a 503.
   */
  retryAfter?: number | null | undefined;
  /**
   * Holds every streamed reply open at a point until a test lets it go (`hold: createMockGate()`),
   * so a test can see a reply that is still streaming, and stop it, with no delay and no fake
   * timers. JSON replies and errors before the stream are not held.
   */
  hold?: MockHold | undefined;
}

/** One SSE event of a mock stream, with the pause before it. */
export type MockStreamEvent =
  /** A comment line (`: OPENROUTER PROCESSING`): a keep-alive, before the first chunk and in long pauses. */
  | {
      /** Always `comment`. */
      type: 'comment';
      /** The comment's text, without the leading `: `. */
      comment: string;
      /** Milliseconds before the event. */
      delayMs: number;
    }
  /** A `data:` line holding a chunk as JSON. */
  | {
      /** Always `chunk`. */
      type: 'chunk';
      /** The chunk sent. */
      chunk: ChatCompletionChunk;
      /** Milliseconds before the event. */
      delayMs: number;
    }
  /** A `data:` line that is not JSON (the `invalid-chunk` scenario). */
  | {
      /** Always `raw`. */
      type: 'raw';
      /** The text after `data: `, as sent. */
      data: string;
      /** Milliseconds before the event. */
      delayMs: number;
    }
  /** `data: [DONE]` after a finished reply; a stream ending in an error chunk or cut short has none. */
  | {
      /** Always `done`. */
      type: 'done';
      /** Milliseconds before the event. */
      delayMs: number;
    };

/** What the mock answers to a request, before any transport turns it into bytes. */
export type MockReply =
  /** A stream (`stream: true`): Server-Sent Events, each with its pause. */
  | {
      /** Always `stream`. */
      type: 'stream';
      /** Always 200: an error before the stream is a `json` or `text` reply, one during it a chunk. */
      status: 200;
      /** `Content-Type: text/event-stream`, `X-Generation-Id`... */
      headers: Record<string, string>;
      /** The events, in order. */
      events: MockStreamEvent[];
    }
  /** A JSON body: a completion, an error body (any status, 200 included) or the models list. */
  | {
      /** Always `json`. */
      type: 'json';
      /** The HTTP status. */
      status: number;
      /**
       * `Content-Type: application/json`, plus `X-Generation-Id` for a completion and `Retry-After`
       * for a 429 or 503.
       */
      headers: Record<string, string>;
      /** The body, before `JSON.stringify`. */
      body: ChatCompletion | ErrorBody | ModelsResponse;
      /** Milliseconds before answering. */
      delayMs: number;
    }
  /** A body that is not JSON: the HTML error page, a cut-off JSON document. */
  | {
      /** Always `text`. */
      type: 'text';
      /** The HTTP status. */
      status: number;
      /** The response headers (`Content-Type`...). */
      headers: Record<string, string>;
      /** The body, as sent. */
      body: string;
      /** Milliseconds before answering. */
      delayMs: number;
    };
