/**
 * Wire types for an OpenRouter-compatible `POST /chat/completions` endpoint.
 *
 * Every field keeps its wire name. Every object type is open (`[key: string]: unknown`)
 * because the endpoint adds keys over time and the library must never strip them.
 */

/** Extra keys the endpoint may add; kept as they are. */
export interface OpenObject {
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------
// Content parts
// ---------------------------------------------------------------------------

/** Prompt-caching breakpoint (Anthropic Claude models). */
export interface CacheControl extends OpenObject {
  /** Always `ephemeral`. */
  type: 'ephemeral';
  /** How long the cached prefix lives, as the provider spells it; optional. */
  ttl?: string;
}

/** A text part of a message's content. */
export interface TextContentPart extends OpenObject {
  /** Always `text`. */
  type: 'text';
  /** The text. */
  text: string;
  /** A prompt-caching breakpoint on this part (Anthropic Claude models). */
  cache_control?: CacheControl;
}

/** An image input of a user or tool message. */
export interface ImageContentPart extends OpenObject {
  /** Always `image_url`. */
  type: 'image_url';
  /** The image, and its `detail`. */
  image_url: {
    /** An https URL or a `data:` URL; png, jpeg, webp or gif. */
    url: string;
    /** `auto`, `low` or `high`; optional. */
    detail?: 'auto' | 'low' | 'high';
  } & OpenObject;
}

/** An audio input of a user or tool message. */
export interface InputAudioContentPart extends OpenObject {
  /** Always `input_audio`. */
  type: 'input_audio';
  /** The audio and its format. */
  input_audio: {
    /** The audio, base64-encoded. */
    data: string;
    /** The audio's format: `wav`, `mp3`... */
    format: 'wav' | 'mp3' | (string & {});
  } & OpenObject;
}

/** A file input (PDFs, read by the `file-parser` plugin) of a user or tool message. */
export interface FileContentPart extends OpenObject {
  /** Always `file`. */
  type: 'file';
  /** The file: its name and its data (or an id in place of the data). */
  file: {
    /** The file's name. */
    filename?: string;
    /** The file's contents: a URL, or a `data:` URL (`data:application/pdf;base64,...`). */
    file_data?: string;
    /** The id of a file the provider already holds, in place of `file_data` where it supports that. */
    file_id?: string;
  } & OpenObject;
}

/** A video input of a user or tool message. */
export interface VideoContentPart extends OpenObject {
  /** Always `video_url`. */
  type: 'video_url';
  /** The video. */
  video_url: {
    /** The video's URL. */
    url: string;
  } & OpenObject;
}

/** Any input content part a user or tool message may carry. */
export type ContentPart =
  | TextContentPart
  | ImageContentPart
  | InputAudioContentPart
  | FileContentPart
  | VideoContentPart;

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/** Who a message is from: a message's `role`. */
export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** Instructions for the model. Text only. */
export interface SystemMessage extends OpenObject {
  /** Always `system`. */
  role: 'system';
  /** Text, or text parts (`validateRequest` refuses other parts). */
  content: string | TextContentPart[];
  /** An optional name of the message's author. */
  name?: string;
}

/** Instructions for the model with the `developer` role. Text only, like a system message. */
export interface DeveloperMessage extends OpenObject {
  /** Always `developer`. */
  role: 'developer';
  /** Text, or text parts (`validateRequest` refuses other parts). */
  content: string | TextContentPart[];
  /** An optional name of the message's author. */
  name?: string;
}

/** A message of the user. */
export interface UserMessage extends OpenObject {
  /** Always `user`. */
  role: 'user';
  /** Text, or content parts: text, images, audio, files, video. */
  content: string | ContentPart[];
  /** An optional name of the message's author. */
  name?: string;
}

/**
 * The result of one tool call: one such message per call, after the assistant message that made
 * the calls.
 */
export interface ToolMessage extends OpenObject {
  /** Always `tool`. */
  role: 'tool';
  /** The `id` of the call this answers (not empty). */
  tool_call_id: string;
  /** The result: text, or content parts. */
  content: string | ContentPart[];
  /** An optional name of the message's author. */
  name?: string;
}

/** A tool call as the assistant sends it. `arguments` is a JSON string. */
export interface ToolCall extends OpenObject {
  /**
   * The call's id; the `tool` message that answers it repeats it as `tool_call_id`. Accumulating a
   * stream makes one up (`call_...`) for a call sent without an id, or with another call's id.
   */
  id: string;
  /** Always `function`. */
  type: 'function';
  /** Which function to call, and with what. */
  function: {
    /** The name of one of the request's `tools`. */
    name: string;
    /** The arguments as a JSON string. A call without arguments may carry `""`: read it as `{}`. */
    arguments: string;
  } & OpenObject;
}

/**
 * A piece of the reasoning as text. In a stream, consecutive `reasoning.text` items with the same
 * `index` are one detail: their `text` concatenates.
 */
export interface ReasoningTextDetail extends OpenObject {
  /** Always `reasoning.text`. */
  type: 'reasoning.text';
  /** The reasoning text: the same text as the message's `reasoning`. */
  text?: string | null;
  /**
   * Opaque; send it back unmodified. In a stream it often comes late, in a detail without text;
   * the first non-null one is kept.
   */
  signature?: string | null;
  /** Opaque; in a stream the first non-null one is kept. */
  id?: string | null;
  /** The provider's format of the detail (e.g. `anthropic-claude-v1`): opaque; the first non-null is kept. */
  format?: string | null;
  /** The detail's position; in a stream, fragments of one detail share it. */
  index?: number;
}

/** A summary of the reasoning. It comes whole: a stream appends it, never merges it. */
export interface ReasoningSummaryDetail extends OpenObject {
  /** Always `reasoning.summary`. */
  type: 'reasoning.summary';
  /** The summary text. */
  summary: string;
  /** Opaque. */
  id?: string | null;
  /** The provider's format of the detail: opaque. */
  format?: string | null;
  /** The detail's position. */
  index?: number;
}

/** Reasoning the provider sends encrypted. It comes whole: a stream appends it, never merges it. */
export interface ReasoningEncryptedDetail extends OpenObject {
  /** Always `reasoning.encrypted`. */
  type: 'reasoning.encrypted';
  /** The encrypted reasoning: opaque, to send back unmodified. */
  data: string;
  /** Opaque. */
  id?: string | null;
  /** The provider's format of the detail: opaque. */
  format?: string | null;
  /** The detail's position. */
  index?: number;
}

/** One item of `reasoning_details`. Sent back to the endpoint unmodified. */
export type ReasoningDetail = ReasoningTextDetail | ReasoningSummaryDetail | ReasoningEncryptedDetail;

/** An image the model produced (`modalities: ["image"]`). */
export interface OutputImage extends OpenObject {
  /** Always `image_url`. */
  type: 'image_url';
  /** The image. */
  image_url: {
    /** The image as a `data:` URL (`data:image/png;base64,...`). */
    url: string;
  } & OpenObject;
  /** The image's position, when sent. */
  index?: number;
}

/** Audio the model produced (`modalities: ["audio"]`). `data` is base64. */
export interface OutputAudio extends OpenObject {
  /** The audio's id. */
  id?: string;
  /** When the audio expires, in Unix time (seconds). */
  expires_at?: number;
  /** The audio, base64-encoded. A stream sends it in fragments that concatenate. */
  data?: string;
  /** The spoken text. A stream sends it in fragments that concatenate. */
  transcript?: string;
  /** The audio's format (`wav`, `mp3`, `pcm16`...), when sent. */
  format?: string;
}

/** A web page the reply cites (the `web` plugin). */
export interface UrlCitation extends OpenObject {
  /** The page's URL. Accumulating a stream keeps one citation per URL. */
  url: string;
  /** The page's title. */
  title?: string;
  /** An excerpt of the page. */
  content?: string;
  /** Where the cited passage starts in the message's `content` (an offset into the text). */
  start_index?: number;
  /** Where the cited passage ends in the message's `content` (an offset into the text). */
  end_index?: number;
}

/** An annotation citing a web page (the `web` plugin). */
export interface UrlCitationAnnotation extends OpenObject {
  /** Always `url_citation`. */
  type: 'url_citation';
  /** The page cited. */
  url_citation: UrlCitation;
}

/** An annotation for a file the `file-parser` plugin read. */
export interface FileAnnotation extends OpenObject {
  /** Always `file`. */
  type: 'file';
  /** The file read. */
  file: {
    /** The file's hash. Accumulating a stream keeps one annotation per hash. */
    hash: string;
    /** The file's name. */
    name: string;
    /** What the parser read from the file, when sent; its shape is the plugin's. */
    content?: unknown;
  } & OpenObject;
}

/** An item of an assistant message's `annotations`: a web citation or a parsed file. */
export type Annotation = UrlCitationAnnotation | FileAnnotation;

/** One token of the reply with its log probability (`logprobs: true` in the request). */
export interface TokenLogprob extends OpenObject {
  /** The token's text. */
  token: string;
  /** The token's log probability (0 at most). */
  logprob: number;
  /** The token's bytes, `null` when the provider gives none. */
  bytes: number[] | null;
  /** The likeliest tokens at this position, as many as the request's `top_logprobs`. */
  top_logprobs?: {
    /** The token's text. */
    token: string;
    /** The token's log probability (0 at most). */
    logprob: number;
    /** The token's bytes, `null` when the provider gives none. */
    bytes: number[] | null;
  }[];
}

/**
 * A choice's `logprobs`: present with `logprobs: true` in the request, else `null` or absent. In a
 * stream each chunk brings the next tokens; the lists concatenate.
 */
export interface ChoiceLogprobs extends OpenObject {
  /** The tokens of the reply's `content`, in order; `null` when there are none. */
  content: TokenLogprob[] | null;
  /** The tokens of the `refusal`, when the model refused. */
  refusal?: TokenLogprob[] | null;
}

/**
 * The model's reply: a choice's `message` (a non-streaming response) or the stream's deltas
 * accumulated. Send it back as it came in the conversation's next requests.
 */
export interface AssistantMessage extends OpenObject {
  /** Always `assistant`. */
  role: 'assistant';
  /**
   * Text, `null` when the reply is only tool calls or images (`""` is seen for images too), or
   * content parts.
   */
  content: string | ContentPart[] | null;
  /** An optional name of the message's author. */
  name?: string;
  /** The model's refusal to answer, as text; `null` when it did not refuse. */
  refusal?: string | null;
  /**
   * The reasoning as plain text (reasoning models); `null` or absent when there is none or the
   * request has `reasoning: { exclude: true }`. `reasoning_details` carries the same text again:
   * read one of them, not both.
   */
  reasoning?: string | null;
  /**
   * The reasoning as structured items (text, summary, encrypted), the same text as `reasoning`.
   * Send them back unmodified with the message, above all when it has tool calls.
   */
  reasoning_details?: ReasoningDetail[];
  /**
   * The tools the model calls; answer each with a `tool` message. Check for them whatever the
   * `finish_reason`: it may say `stop` (or stay `null`) although calls came.
   */
  tool_calls?: ToolCall[];
  /** The images the model produced (`modalities` with `image`). */
  images?: OutputImage[];
  /** The audio the model produced (`modalities` with `audio`); `null` or absent when none. */
  audio?: OutputAudio | null;
  /** Web citations (the `web` plugin) and files read (the `file-parser` plugin). */
  annotations?: Annotation[];
}

/** A message of the conversation as sent on the wire. */
export type Message = SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage;

// ---------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------

/** A function the model may call: its name, what it does and its arguments' schema. */
export interface FunctionDefinition extends OpenObject {
  /** The function's name; the model's `tool_calls` name it (not empty). */
  name: string;
  /** What the function does, for the model to decide when to call it. */
  description?: string;
  /** JSON Schema for the arguments. */
  parameters?: JsonSchema;
  /** Whether the arguments must follow `parameters` exactly, where the provider supports it. */
  strict?: boolean | null;
}

/** An item of the request's `tools`. */
export interface ToolDefinition extends OpenObject {
  /** Always `function`. */
  type: 'function';
  /** The function the model may call. */
  function: FunctionDefinition;
}

/**
 * The request's `tool_choice`: `none` (no tool), `auto` (the model decides), `required` (some
 * tool), or `{ type: 'function', function: { name } }` (that tool).
 */
export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | ({
      /** Always `function`. */
      type: 'function';
      /** The tool the model must call. */
      function: {
        /** The name of one of the request's `tools`. */
        name: string;
      } & OpenObject;
    } & OpenObject);

/**
 * A JSON Schema object. Kept loose on purpose. Its sub-schemas may be the boolean schemas `true`
 * (anything) and `false` (nothing), as Zod 4's `z.toJSONSchema()` writes them.
 */
export interface JsonSchema extends OpenObject {
  /** The JSON type (`object`, `string`...), or a list of types. */
  type?: string | readonly string[];
  /** The schema of each property of an object. */
  properties?: Record<string, boolean | JsonSchema>;
  /** The properties an object must have. */
  required?: readonly string[];
  /** The schema of an array's items (or of each position). */
  items?: boolean | JsonSchema | readonly (boolean | JsonSchema)[];
  /** The values allowed. */
  enum?: readonly unknown[];
  /** What the value means; models read it. */
  description?: string;
  /** Whether an object may have other properties, or their schema. */
  additionalProperties?: boolean | JsonSchema;
}

/** `provider.max_price`: the highest prices accepted, by kind, in the endpoint's pricing units. */
export interface ProviderMaxPrice extends OpenObject {
  /** The highest price for prompt tokens. */
  prompt?: number | string;
  /** The highest price for completion tokens. */
  completion?: number | string;
  /** The highest price for images. */
  image?: number | string;
  /** The highest price per request. */
  request?: number | string;
}

/** The request's `provider`: which providers may serve the model, and in what order. */
export interface ProviderPreferences extends OpenObject {
  /** Providers to try first, in this order. */
  order?: string[];
  /** Whether other providers may serve when those of `order` cannot. */
  allow_fallbacks?: boolean | null;
  /** Only providers that support every parameter of the request. */
  require_parameters?: boolean | null;
  /** `deny` keeps to providers that do not collect data; `allow` accepts them. */
  data_collection?: 'allow' | 'deny' | null;
  /** Only providers with zero data retention. */
  zdr?: boolean | null;
  /** Only these providers. */
  only?: string[];
  /** Never these providers. */
  ignore?: string[];
  /** Only providers serving the model at these quantizations. */
  quantizations?: string[];
  /** What to rank providers by: `price`, `throughput` or `latency`. */
  sort?: 'price' | 'throughput' | 'latency' | (string & {}) | null;
  /** The highest prices accepted. */
  max_price?: ProviderMaxPrice;
}

/** The `web` plugin: web search; the reply cites pages as `url_citation` annotations. */
export interface WebPlugin extends OpenObject {
  /** Always `web`. */
  id: 'web';
  /** `false` turns an account default off. */
  enabled?: boolean;
  /** How many search results to use. */
  max_results?: number;
  /** The prompt given to the model with the search results. */
  search_prompt?: string;
  /** The search engine, by the endpoint's name for it. */
  engine?: string;
}

/** The `file-parser` plugin: reads PDFs sent as `file` parts; the reply carries `file` annotations. */
export interface FileParserPlugin extends OpenObject {
  /** Always `file-parser`. */
  id: 'file-parser';
  /** `false` turns an account default off. */
  enabled?: boolean;
  /** How PDFs are read. */
  pdf?: {
    /** The PDF engine, by the endpoint's name for it. */
    engine?: string;
  } & OpenObject;
}

/** The `response-healing` plugin. */
export interface ResponseHealingPlugin extends OpenObject {
  /** Always `response-healing`. */
  id: 'response-healing';
  /** `false` turns an account default off. */
  enabled?: boolean;
}

/** A plugin this library has no type for, by its `id`; its settings go as they are. */
export interface OtherPlugin extends OpenObject {
  /** The plugin's id. */
  id: string;
  /** `false` turns an account default off. */
  enabled?: boolean;
}

/** An item of the request's `plugins`. */
export type Plugin = WebPlugin | FileParserPlugin | ResponseHealingPlugin | OtherPlugin;

/** The request's `reasoning`: how much a reasoning model thinks, and whether the reply shows it. */
export interface ReasoningConfig extends OpenObject {
  /** How hard the model reasons: `xhigh`, `high`, `medium`, `low`, `minimal` or `none`. */
  effort?: 'xhigh' | 'high' | 'medium' | 'low' | 'minimal' | 'none' | (string & {}) | null;
  /** A budget of reasoning tokens, in place of `effort`. */
  max_tokens?: number | null;
  /** `true`: the model reasons, but the reply leaves its `reasoning` out. */
  exclude?: boolean | null;
  /** `true` turns reasoning on. */
  enabled?: boolean | null;
  /** The reasoning summary asked for, by the provider's name for it, where the provider supports one. */
  summary?: string | null;
}

/**
 * The request's `response_format`: `json_object` or `json_schema` make the reply's `content` JSON
 * (streamed as partial JSON; the chat store parses it into the message's `structured`). `text`,
 * `grammar` and `python` go to the endpoint as they are.
 */
export type ResponseFormat =
  | ({
      /** Plain text. */
      type: 'text';
    } & OpenObject)
  | ({
      /** Any JSON object. */
      type: 'json_object';
    } & OpenObject)
  | ({
      /** JSON that follows `json_schema.schema`. */
      type: 'json_schema';
      /** The schema the reply follows, with its name. */
      json_schema: {
        /** The schema's name. */
        name: string;
        /** Whether the reply must follow the schema exactly, where the provider supports it. */
        strict?: boolean | null;
        /** The JSON Schema of the reply; the chat store checks the finished reply against it. */
        schema?: JsonSchema;
        /** What the schema describes. */
        description?: string;
      } & OpenObject;
    } & OpenObject)
  | ({
      /** Text constrained by `grammar`. */
      type: 'grammar';
      /** The grammar, in the provider's notation. */
      grammar: string;
    } & OpenObject)
  | ({
      /** A provider's own format, passed on as is. */
      type: 'python';
    } & OpenObject);

/** The request's `stream_options`. */
export interface StreamOptions extends OpenObject {
  /** Ask for the usage chunk at the end of a stream. The endpoint accepts it and sends usage anyway. */
  include_usage?: boolean | null;
}

/** The request's `trace`: these keys are handled specially; other keys pass through as custom metadata. */
export interface TraceMetadata extends OpenObject {
  /** The id of the trace the request belongs to. */
  trace_id?: string;
  /** The trace's name. */
  trace_name?: string;
  /** The span's name. */
  span_name?: string;
  /** The generation's name. */
  generation_name?: string;
  /** The id of the parent span. */
  parent_span_id?: string;
}

/** The request's `debug` (streaming only: a request with `debug` and no `stream: true` is refused). */
export interface DebugOptions extends OpenObject {
  /**
   * `true` adds a first chunk (`choices: []`) whose `debug.echo_upstream_body` is the body sent to the
   * provider.
   */
  echo_upstream_body?: boolean;
}

/** An output modality of the request's `modalities`. */
export type Modality = 'text' | 'image' | 'audio';

/** The request body of `POST /chat/completions`, with wire names. */
export interface ChatCompletionRequest extends OpenObject {
  /** The conversation, oldest first. */
  messages: Message[];
  /**
   * Routing preferences when several providers serve the model (`order`, `allow_fallbacks`, `sort`,
   * `max_price`...).
   */
  provider?: ProviderPreferences | null;
  /**
   * Plugins for this request with their settings (`web`, `file-parser`, `response-healing`); `enabled: false`
   * turns an account default off.
   */
  plugins?: Plugin[];
  /** A stable identifier of your end user. */
  user?: string;
  /** At most 128 characters. Wins over the `x-session-id` header. */
  session_id?: string;
  /**
   * Observability metadata: `trace_id`, `trace_name`, `span_name`, `generation_name`, `parent_span_id`; other
   * keys pass through as custom metadata.
   */
  trace?: TraceMetadata;
  /** The model to use, e.g. `openai/gpt-4o-mini`. */
  model?: string;
  /** Fallback models, tried in order when the model fails before the first token. */
  models?: string[];
  /** -2 to 2. */
  frequency_penalty?: number | null;
  /** Token logit adjustments: token id to bias. */
  logit_bias?: Record<string, number> | null;
  /** Return the log probabilities of the output tokens (`top_logprobs` for the likeliest alternatives). */
  logprobs?: boolean | null;
  /** 0 to 20. */
  top_logprobs?: number | null;
  /** >= 1. */
  max_completion_tokens?: number | null;
  /** >= 1. Deprecated: use `max_completion_tokens`. */
  max_tokens?: number | null;
  /** At most 16 pairs; keys <= 64 characters, values <= 512 characters. */
  metadata?: Record<string, string>;
  /** -2 to 2. */
  presence_penalty?: number | null;
  /**
   * Configuration for reasoning models: an `effort`, or a `max_tokens` budget; `exclude: true` leaves
   * the reasoning out of the reply, `enabled: true` turns it on.
   */
  reasoning?: ReasoningConfig;
  /**
   * `{ type: 'json_object' }`, or `{ type: 'json_schema', json_schema: { name, strict, schema } }`: the
   * reply's `content` is JSON (streamed as partial JSON).
   */
  response_format?: ResponseFormat;
  /** An integer, for deterministic output where the provider supports it. */
  seed?: number | null;
  /** At most 4 stop sequences. */
  stop?: string | string[] | null;
  /**
   * `true` answers with Server-Sent Events, else with one JSON body (default `false`). `ChatClient.stream()`
   * sets it; `complete()` sends it as given.
   */
  stream?: boolean;
  /** Streaming options (`include_usage`). */
  stream_options?: StreamOptions;
  /** 0 to 2. */
  temperature?: number | null;
  /** Whether the model may call several tools in one reply. */
  parallel_tool_calls?: boolean | null;
  /** `none`, `auto`, `required`, or `{ type: 'function', function: { name } }` to force one tool. */
  tool_choice?: ToolChoice;
  /** The functions the model may call. Send them on every request of the conversation. */
  tools?: ToolDefinition[];
  /** 0 to 1. */
  top_p?: number | null;
  /** Streaming only. */
  debug?: DebugOptions;
  /**
   * Provider-specific image options, e.g. `{ aspect_ratio: '16:9', image_size: '2K' }` (with `modalities`
   * including `image`).
   */
  image_config?: Record<string, string | number | unknown[]>;
  /** The output modalities: `text`, `image`, `audio`. */
  modalities?: Modality[];
  /**
   * Automatic prompt caching (Anthropic Claude models): `{ type: 'ephemeral', ttl? }` puts a breakpoint on
   * the last cacheable block. Cached reads show in `usage.prompt_tokens_details.cached_tokens`.
   */
  cache_control?: CacheControl;
}

/**
 * Every request field except `messages` and `stream`: the defaults a provider or hook holds, and
 * a message's own (`send({ content, request })`). Unlike the wire types, an option bag:
 * - Closed: only the fields listed on `ChatCompletionRequest`, so a misspelled or unknown field
 *   (`temprature`), `messages` or `stream` written in an object literal is a type error. A field
 *   the types do not list yet goes through a spread, which TypeScript does not check for unknown
 *   keys (`{ model, ...{ new_field: 1 } }`), or a cast; every field is sent as given.
 * - A field set to `undefined` is left out, as if absent (the value of a layer below, such as the
 *   provider's `model`, stays), so that an app can pass `{ model: selectedModel }` before one is
 *   chosen.
 * Nested objects (`provider`, `reasoning`...) are wire JSON, open, and go as they are.
 */
export type ChatRequestParameters = {
  [Key in keyof ChatCompletionRequest as string extends Key
    ? never
    : number extends Key
      ? never
      : Key extends 'messages' | 'stream'
        ? never
        : Key]?: ChatCompletionRequest[Key] | undefined;
};

// ---------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------

/**
 * Why a reply ended: `stop`, `length` (the token limit), `tool_calls`, `content_filter`, `error`.
 * Known finish reasons; unknown strings are accepted too.
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | (string & {});

/**
 * Token counts and cost of one request. The three counts are always there; every detail is
 * optional, and some providers send only the counts. A stream sends it once, at the end, in one of
 * three shapes: a last chunk with `choices: []`, the final choice repeated (its `finish_reason`
 * again), or a choice with `finish_reason: null` after the `stop` chunk.
 */
export interface Usage extends OpenObject {
  /** Tokens of the prompt: what was sent. */
  prompt_tokens: number;
  /** Tokens of the reply, reasoning included. */
  completion_tokens: number;
  /** `prompt_tokens` plus `completion_tokens`. */
  total_tokens: number;
  /** Cost in credits (USD). */
  cost?: number | null;
  /** Whether the request ran on your own provider key (bring your own key). */
  is_byok?: boolean;
  /** Parts of `prompt_tokens`, when the provider reports them. */
  prompt_tokens_details?: {
    /** The part read from the prompt cache (see `cache_control`). */
    cached_tokens?: number;
    /** The part written to the prompt cache. */
    cache_write_tokens?: number;
    /** The part that is audio. */
    audio_tokens?: number;
  } & OpenObject;
  /** Parts of `completion_tokens`, when the provider reports them. */
  completion_tokens_details?: {
    /** The part spent on reasoning. */
    reasoning_tokens?: number;
    /** The part spent on images. */
    image_tokens?: number;
    /** The part spent on audio. */
    audio_tokens?: number;
  } & OpenObject;
  /** What the upstream provider charged, in credits (USD); each `null` when not reported. */
  cost_details?: {
    /** The whole upstream cost. */
    upstream_inference_cost?: number | null;
    /** The upstream cost of the prompt. */
    upstream_inference_prompt_cost?: number | null;
    /** The upstream cost of the completion. */
    upstream_inference_completions_cost?: number | null;
  } & OpenObject;
}

/** The `error` object of an error body or an error chunk. */
export interface WireError extends OpenObject {
  /**
   * The HTTP status (`402`) or a string code (`server_error`). An error chunk in a stream may
   * carry either.
   */
  code: number | string;
  /** What went wrong, for people. */
  message: string;
  /** Details, when the endpoint gives them (`null` or absent otherwise). */
  metadata?:
    | ({
        /**
         * The provider's own error (502): often a JSON string whose message is the real cause.
         * `ChatApiError`'s message includes it.
         */
        raw?: unknown;
        /** The provider that failed (502) or whose moderation flagged the input (403). */
        provider_name?: string;
        /** Why moderation flagged the input (403). */
        reasons?: string[];
        /** The kind of error in newer bodies: `rate_limit_exceeded`, `context_length_exceeded`... */
        error_type?: string;
      } & OpenObject)
    | null;
}

/**
 * `{ error, user_id }`: the body of a failed request, with the error's HTTP status. A 200 may carry
 * one too (no `choices`); `ChatClient` throws it as a `ChatApiError` either way.
 */
export interface ErrorBody extends OpenObject {
  /** What went wrong. */
  error: WireError;
  /** The id of the account's user, when sent. */
  user_id?: string;
}

/** One choice of a non-streaming response: its message and why it ended. */
export interface ChatCompletionChoice extends OpenObject {
  /** The choice's position in `choices` (0 for the first). */
  index: number;
  /** The reply. */
  message: AssistantMessage;
  /**
   * Why the reply ended. `null` when the endpoint never said: a stream may end without one. It
   * may say `stop` although the model called tools: look at `message.tool_calls`.
   */
  finish_reason: FinishReason | null;
  /** The provider's raw finish reason (`STOP`, `end_turn`, `MAX_TOKENS`...): opaque. */
  native_finish_reason?: string | null;
  /** The reply's token log probabilities, with `logprobs: true` in the request; else `null` or absent. */
  logprobs?: ChoiceLogprobs | null;
  /**
   * Why the choice failed, with `finish_reason: "error"` (in a 200 response). `ChatClient` throws it
   * as a `ChatApiError`.
   */
  error?: WireError;
}

/** A non-streaming response (and what `collectCompletion` builds from a stream). */
export interface ChatCompletion extends OpenObject {
  /** The generation id (`gen-...`), also sent in the `X-Generation-Id` header. */
  id: string;
  /** Always `chat.completion`, also when built from a stream. */
  object: 'chat.completion';
  /** When the completion was created, in Unix time (seconds). */
  created: number;
  /** The model that answered; with `models` fallbacks, it may differ from the request's `model`. */
  model: string;
  /** The provider that served the request (e.g. `OpenAI`); present in practice. */
  provider?: string;
  /** Opaque; `null` or absent when the provider gives none. */
  system_fingerprint?: string | null;
  /** The replies; usually one, at `index` 0. */
  choices: ChatCompletionChoice[];
  /** Token counts and cost; absent when the endpoint sends none. */
  usage?: Usage;
}

/**
 * A fragment of a tool call inside a stream delta. Fragments with the same `index` build one call:
 * `id`, `type` and `function.name` come once (usually first) or repeat, `function.arguments`
 * concatenates. Some providers send every call at index 0: a new `id` there starts a new call.
 */
export interface ToolCallDelta extends OpenObject {
  /** Which call the fragment belongs to; when missing, the fragment's position in `tool_calls`. */
  index?: number;
  /** The call's id; may be missing (one is made up). */
  id?: string | null;
  /** Always `function` when sent. */
  type?: 'function' | null;
  /** The function's name and a fragment of the arguments. */
  function?: {
    /** The function's name; usually in the first fragment only, some providers repeat it. */
    name?: string | null;
    /**
     * A fragment of the JSON arguments; fragments concatenate. A call without arguments may send
     * only `""` (read it as `{}`), and a whole call may be followed by whitespace-only fragments.
     */
    arguments?: string | null;
  } & OpenObject;
}

/** A fragment of the reply's audio inside a stream delta (`modalities` with `audio`). */
export interface AudioDelta extends OpenObject {
  /** The audio's id. */
  id?: string;
  /** When the audio expires, in Unix time (seconds). */
  expires_at?: number;
  /** A fragment of the base64 audio; fragments concatenate. */
  data?: string | null;
  /** A fragment of the spoken text; fragments concatenate. */
  transcript?: string | null;
  /** The audio's format (`wav`, `mp3`, `pcm16`...), when sent. */
  format?: string;
}

/**
 * What one stream chunk adds to a choice's message (`accumulateChunk` folds it in). `null` and
 * empty fields add nothing.
 */
export interface ChatCompletionDelta extends OpenObject {
  /** `assistant`; every chunk repeats it. */
  role?: 'assistant' | null;
  /** A text fragment; rarely content parts, which are appended. */
  content?: string | ContentPart[] | null;
  /** A fragment of the reasoning text. `reasoning_details` carries the same text again. */
  reasoning?: string | null;
  /**
   * New reasoning details: consecutive `reasoning.text` items with the same `index` merge (their
   * `text` concatenates, the first non-null `id`, `format` and `signature` stay); summaries and
   * encrypted items are appended whole.
   */
  reasoning_details?: ReasoningDetail[] | null;
  /** A fragment of the refusal text. */
  refusal?: string | null;
  /** Fragments of tool calls, each with the `index` of its call. */
  tool_calls?: ToolCallDelta[] | null;
  /** New images, appended. */
  images?: OutputImage[] | null;
  /** New annotations, appended (one per URL or file hash). */
  annotations?: Annotation[] | null;
  /** A fragment of the audio. */
  audio?: AudioDelta | null;
}

/** One choice of a stream chunk: a delta of its message, and its finish reason at the end. */
export interface ChatCompletionChunkChoice extends OpenObject {
  /** Which choice this chunk continues; when missing, its position in `choices`. */
  index?: number;
  /** What the chunk adds to the choice's message. */
  delta?: ChatCompletionDelta;
  /**
   * `null` until the choice's last chunk, which says why it ended. It may arrive twice (the usage
   * chunk may repeat the final choice) and be followed by a `null`, which does not reset it. It may
   * also stay `null` to the end, or say `stop` although tool calls came.
   */
  finish_reason?: FinishReason | null;
  /** The provider's raw finish reason (`STOP`, `end_turn`, `MAX_TOKENS`...): opaque. */
  native_finish_reason?: string | null;
  /** The log probabilities of this chunk's tokens (`logprobs: true`); the lists concatenate. */
  logprobs?: ChoiceLogprobs | null;
  /**
   * Why the choice failed, with `finish_reason: "error"`. `ChatClient` throws it as a `ChatApiError`
   * whose `partial` keeps the reply received before it.
   */
  error?: WireError;
}

/** One `data:` event of a stream. */
export interface ChatCompletionChunk extends OpenObject {
  /** The generation id (`gen-...`), the same on every chunk. */
  id?: string;
  /** `chat.completion.chunk`. */
  object?: 'chat.completion.chunk';
  /** When the completion was created, in Unix time (seconds). */
  created?: number;
  /** The model that answers; with `models` fallbacks, it may differ from the request's `model`. */
  model?: string;
  /** The provider that serves the request (e.g. `OpenAI`). */
  provider?: string;
  /** Opaque; `null` or absent when the provider gives none (often only on the first chunk). */
  system_fingerprint?: string | null;
  /** Usually one choice; `[]` in the usage chunk and in the `debug` chunk. */
  choices: ChatCompletionChunkChoice[];
  /** Token counts and cost, on one chunk at the end (see `Usage` for its three shapes). */
  usage?: Usage | null;
  /** A mid-stream error. The stream ends after it. */
  error?: WireError;
  /**
   * With `debug: { echo_upstream_body: true }`, on a first chunk (`choices: []`):
   * `echo_upstream_body`, the body sent to the provider.
   */
  debug?: OpenObject;
}

// ---------------------------------------------------------------------------
// Models list (`GET /models`, OpenRouter's format)
// ---------------------------------------------------------------------------

/**
 * One model of `GET /models`. Only `id` is required: a list from another server may lack the rest
 * (a model picker shows the `id` when there is no `name`).
 */
export interface ModelInfo extends OpenObject {
  /** The id to send as `model`, e.g. `openai/gpt-4o-mini`. */
  id: string;
  /** A name to show. */
  name?: string;
  /** A description of the model, for people. */
  description?: string;
  /** The context window, in tokens. */
  context_length?: number;
  /** Prices as decimal strings, in credits (USD). */
  pricing?: {
    /** Per prompt token. */
    prompt?: string;
    /** Per completion token. */
    completion?: string;
    /** Per image. */
    image?: string;
    /** Per request. */
    request?: string;
  } & OpenObject;
  /** What the model takes and produces. */
  architecture?: {
    /** The input modalities: `text`, `image`, `file`, `audio`... */
    input_modalities?: string[];
    /** The output modalities: `text`, `image`, `audio`. */
    output_modalities?: string[];
  } & OpenObject;
  /** The request fields the model accepts (`tools`, `reasoning`, `response_format`...). */
  supported_parameters?: string[];
}

/** The body of `GET /models`. */
export interface ModelsResponse extends OpenObject {
  /** The models. */
  data: ModelInfo[];
}
