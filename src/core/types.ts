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
  type: 'ephemeral';
  ttl?: string;
}

export interface TextContentPart extends OpenObject {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}

export interface ImageContentPart extends OpenObject {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' } & OpenObject;
}

export interface InputAudioContentPart extends OpenObject {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' | (string & {}) } & OpenObject;
}

export interface FileContentPart extends OpenObject {
  type: 'file';
  file: { filename?: string; file_data?: string; file_id?: string } & OpenObject;
}

export interface VideoContentPart extends OpenObject {
  type: 'video_url';
  video_url: { url: string } & OpenObject;
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

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface SystemMessage extends OpenObject {
  role: 'system';
  content: string | TextContentPart[];
  name?: string;
}

export interface DeveloperMessage extends OpenObject {
  role: 'developer';
  content: string | TextContentPart[];
  name?: string;
}

export interface UserMessage extends OpenObject {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}

export interface ToolMessage extends OpenObject {
  role: 'tool';
  tool_call_id: string;
  content: string | ContentPart[];
  name?: string;
}

/** A tool call as the assistant sends it. `arguments` is a JSON string. */
export interface ToolCall extends OpenObject {
  id: string;
  type: 'function';
  function: { name: string; arguments: string } & OpenObject;
}

export interface ReasoningTextDetail extends OpenObject {
  type: 'reasoning.text';
  text?: string | null;
  signature?: string | null;
  id?: string | null;
  format?: string | null;
  index?: number;
}

export interface ReasoningSummaryDetail extends OpenObject {
  type: 'reasoning.summary';
  summary: string;
  id?: string | null;
  format?: string | null;
  index?: number;
}

export interface ReasoningEncryptedDetail extends OpenObject {
  type: 'reasoning.encrypted';
  data: string;
  id?: string | null;
  format?: string | null;
  index?: number;
}

/** One item of `reasoning_details`. Sent back to the endpoint unmodified. */
export type ReasoningDetail = ReasoningTextDetail | ReasoningSummaryDetail | ReasoningEncryptedDetail;

/** An image the model produced (`modalities: ["image"]`). */
export interface OutputImage extends OpenObject {
  type: 'image_url';
  image_url: { url: string } & OpenObject;
  index?: number;
}

/** Audio the model produced (`modalities: ["audio"]`). `data` is base64. */
export interface OutputAudio extends OpenObject {
  id?: string;
  expires_at?: number;
  data?: string;
  transcript?: string;
  format?: string;
}

export interface UrlCitation extends OpenObject {
  url: string;
  title?: string;
  content?: string;
  start_index?: number;
  end_index?: number;
}

export interface UrlCitationAnnotation extends OpenObject {
  type: 'url_citation';
  url_citation: UrlCitation;
}

export interface FileAnnotation extends OpenObject {
  type: 'file';
  file: { hash: string; name: string; content?: unknown } & OpenObject;
}

export type Annotation = UrlCitationAnnotation | FileAnnotation;

export interface TokenLogprob extends OpenObject {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs?: { token: string; logprob: number; bytes: number[] | null }[];
}

export interface ChoiceLogprobs extends OpenObject {
  content: TokenLogprob[] | null;
  refusal?: TokenLogprob[] | null;
}

export interface AssistantMessage extends OpenObject {
  role: 'assistant';
  /** Text, `null` when the reply is only tool calls or images, or content parts. */
  content: string | ContentPart[] | null;
  name?: string;
  refusal?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  tool_calls?: ToolCall[];
  images?: OutputImage[];
  audio?: OutputAudio | null;
  annotations?: Annotation[];
}

/** A message of the conversation as sent on the wire. */
export type Message = SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage;

// ---------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------

export interface FunctionDefinition extends OpenObject {
  name: string;
  description?: string;
  /** JSON Schema for the arguments. */
  parameters?: JsonSchema;
  strict?: boolean | null;
}

export interface ToolDefinition extends OpenObject {
  type: 'function';
  function: FunctionDefinition;
}

export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | ({ type: 'function'; function: { name: string } & OpenObject } & OpenObject);

/** A JSON Schema object. Kept loose on purpose. */
export interface JsonSchema extends OpenObject {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  enum?: unknown[];
  description?: string;
  additionalProperties?: boolean | JsonSchema;
}

export interface ProviderMaxPrice extends OpenObject {
  prompt?: number | string;
  completion?: number | string;
  image?: number | string;
  request?: number | string;
}

export interface ProviderPreferences extends OpenObject {
  order?: string[];
  allow_fallbacks?: boolean | null;
  require_parameters?: boolean | null;
  data_collection?: 'allow' | 'deny' | null;
  zdr?: boolean | null;
  only?: string[];
  ignore?: string[];
  quantizations?: string[];
  sort?: 'price' | 'throughput' | 'latency' | (string & {}) | null;
  max_price?: ProviderMaxPrice;
}

export interface WebPlugin extends OpenObject {
  id: 'web';
  enabled?: boolean;
  max_results?: number;
  search_prompt?: string;
  engine?: string;
}

export interface FileParserPlugin extends OpenObject {
  id: 'file-parser';
  enabled?: boolean;
  pdf?: { engine?: string } & OpenObject;
}

export interface ResponseHealingPlugin extends OpenObject {
  id: 'response-healing';
  enabled?: boolean;
}

export interface OtherPlugin extends OpenObject {
  id: string;
  enabled?: boolean;
}

export type Plugin = WebPlugin | FileParserPlugin | ResponseHealingPlugin | OtherPlugin;

export interface ReasoningConfig extends OpenObject {
  effort?: 'xhigh' | 'high' | 'medium' | 'low' | 'minimal' | 'none' | (string & {}) | null;
  max_tokens?: number | null;
  exclude?: boolean | null;
  enabled?: boolean | null;
  summary?: string | null;
}

export type ResponseFormat =
  | ({ type: 'text' } & OpenObject)
  | ({ type: 'json_object' } & OpenObject)
  | ({
      type: 'json_schema';
      json_schema: {
        name: string;
        strict?: boolean | null;
        schema?: JsonSchema;
        description?: string;
      } & OpenObject;
    } & OpenObject)
  | ({ type: 'grammar'; grammar: string } & OpenObject)
  | ({ type: 'python' } & OpenObject);

export interface StreamOptions extends OpenObject {
  /** Ask for the usage chunk at the end of a stream. The endpoint accepts it and sends usage anyway. */
  include_usage?: boolean | null;
}

export interface TraceMetadata extends OpenObject {
  trace_id?: string;
  trace_name?: string;
  span_name?: string;
  generation_name?: string;
  parent_span_id?: string;
}

export interface DebugOptions extends OpenObject {
  /**
   * `true` adds a first chunk (`choices: []`) whose `debug.echo_upstream_body` is the body sent to the
   * provider.
   */
  echo_upstream_body?: boolean;
}

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
 * Every request field except `messages` and `stream`: the defaults a provider or hook holds.
 * Unlike the wire types, an option bag: a field set to `undefined` is left out, as if absent
 * (the value of a layer below, such as the provider's `model`, stays), so that an app can pass
 * `{ model: selectedModel }` before one is chosen. Nested objects (`provider`, `reasoning`...)
 * are wire JSON and go as they are.
 */
export type ChatRequestParameters = {
  [Key in keyof ChatCompletionRequest as Key extends 'messages' | 'stream' ? never : Key]?:
    | ChatCompletionRequest[Key]
    | undefined;
};

// ---------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------

/** Known finish reasons; unknown strings are accepted too. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | (string & {});

export interface Usage extends OpenObject {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Cost in credits (USD). */
  cost?: number | null;
  is_byok?: boolean;
  prompt_tokens_details?: {
    cached_tokens?: number;
    cache_write_tokens?: number;
    audio_tokens?: number;
  } & OpenObject;
  completion_tokens_details?: {
    reasoning_tokens?: number;
    image_tokens?: number;
    audio_tokens?: number;
  } & OpenObject;
  cost_details?: {
    upstream_inference_cost?: number | null;
    upstream_inference_prompt_cost?: number | null;
    upstream_inference_completions_cost?: number | null;
  } & OpenObject;
}

/** The `error` object of an error body or an error chunk. */
export interface WireError extends OpenObject {
  code: number | string;
  message: string;
  metadata?:
    | ({ raw?: unknown; provider_name?: string; reasons?: string[]; error_type?: string } & OpenObject)
    | null;
}

/** `{ error, user_id }`: the body of a failed request. */
export interface ErrorBody extends OpenObject {
  error: WireError;
  user_id?: string;
}

export interface ChatCompletionChoice extends OpenObject {
  index: number;
  message: AssistantMessage;
  finish_reason: FinishReason | null;
  native_finish_reason?: string | null;
  logprobs?: ChoiceLogprobs | null;
  error?: WireError;
}

/** A non-streaming response (and what `collectCompletion` builds from a stream). */
export interface ChatCompletion extends OpenObject {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  provider?: string;
  system_fingerprint?: string | null;
  choices: ChatCompletionChoice[];
  usage?: Usage;
}

/** A fragment of a tool call inside a stream delta. */
export interface ToolCallDelta extends OpenObject {
  index?: number;
  id?: string | null;
  type?: 'function' | null;
  function?: { name?: string | null; arguments?: string | null } & OpenObject;
}

export interface AudioDelta extends OpenObject {
  id?: string;
  expires_at?: number;
  data?: string | null;
  transcript?: string | null;
  format?: string;
}

export interface ChatCompletionDelta extends OpenObject {
  role?: 'assistant' | null;
  /** A text fragment; rarely content parts, which are appended. */
  content?: string | ContentPart[] | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[] | null;
  refusal?: string | null;
  tool_calls?: ToolCallDelta[] | null;
  images?: OutputImage[] | null;
  annotations?: Annotation[] | null;
  audio?: AudioDelta | null;
}

export interface ChatCompletionChunkChoice extends OpenObject {
  index?: number;
  delta?: ChatCompletionDelta;
  finish_reason?: FinishReason | null;
  native_finish_reason?: string | null;
  logprobs?: ChoiceLogprobs | null;
  error?: WireError;
}

/** One `data:` event of a stream. */
export interface ChatCompletionChunk extends OpenObject {
  id?: string;
  object?: 'chat.completion.chunk';
  created?: number;
  model?: string;
  provider?: string;
  system_fingerprint?: string | null;
  choices: ChatCompletionChunkChoice[];
  usage?: Usage | null;
  /** A mid-stream error. The stream ends after it. */
  error?: WireError;
  debug?: OpenObject;
}

// ---------------------------------------------------------------------------
// Models list (`GET /models`, OpenRouter's format)
// ---------------------------------------------------------------------------

export interface ModelInfo extends OpenObject {
  id: string;
  name?: string;
  description?: string;
  context_length?: number;
  pricing?: { prompt?: string; completion?: string; image?: string; request?: string } & OpenObject;
  architecture?: { input_modalities?: string[]; output_modalities?: string[] } & OpenObject;
  supported_parameters?: string[];
}

export interface ModelsResponse extends OpenObject {
  data: ModelInfo[];
}
