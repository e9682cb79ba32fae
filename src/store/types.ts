import type {
  AssistantMessage,
  ChatApiError,
  ChatRequestError,
  DeveloperMessage,
  FinishReason,
  SystemMessage,
  ToolMessage,
  Usage,
  UserMessage,
} from '../core/index.js';

/** Where one message stands. */
export type MessageStatus = 'streaming' | 'done' | 'incomplete' | 'error';

/** Where the conversation stands. */
export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'error';

/** Where one tool call stands. */
export type ToolCallState =
  | 'streaming'
  | 'pending'
  | 'awaiting-approval'
  | 'running'
  | 'done'
  | 'error'
  | 'denied';

/** Any error the store records: typed errors from the core, or another `Error` (a tool's, storage's). */
export type ChatError = ChatApiError | ChatRequestError | Error;

/** Timing of one assistant reply, in milliseconds since the epoch and derived rates. */
export interface MessageTiming {
  startedAt: number;
  firstTokenAt?: number;
  finishedAt?: number;
  /** Time from the request to the first token. */
  timeToFirstTokenMs?: number;
  /** Completion tokens per second after the first token (from usage when known). */
  tokensPerSecond?: number;
}

/** UI state of one tool call of an assistant message, keyed by `tool_calls[i].id`. */
export interface ToolCallStatus {
  state: ToolCallState;
  /** Parsed arguments once the call is complete. */
  args?: unknown;
  /** What the tool returned (also sent back as a `tool` message). */
  result?: unknown;
  /** Why the call failed or was denied. */
  error?: string;
}

/** Structured output (`response_format` json) of an assistant message. */
export interface StructuredOutput {
  /** The JSON parsed so far, tolerant of an unfinished document. */
  partial?: unknown;
  /** The final value, once the reply is complete and valid. */
  value?: unknown;
  /** Why the final value is invalid (bad JSON, missing required field, wrong type). */
  error?: string;
}

/** UI fields that sit beside the wire fields of every message. Stripped before a request. */
export interface MessageUiFields {
  id: string;
  parentId: string | null;
  createdAt: number;
  status: MessageStatus;
  finishReason?: FinishReason | null;
  usage?: Usage;
  /** The model that answered. */
  model?: string;
  generationId?: string;
  timing?: MessageTiming;
  error?: ChatError;
  /** Assistant messages with tool calls: one entry per call id. */
  toolCalls?: Record<string, ToolCallStatus>;
  structured?: StructuredOutput;
}

/** A message in the store: a wire message plus UI fields beside it. */
export type ChatMessage =
  | (SystemMessage & MessageUiFields)
  | (DeveloperMessage & MessageUiFields)
  | (UserMessage & MessageUiFields)
  | (AssistantMessage & MessageUiFields)
  | (ToolMessage & MessageUiFields);

/** The names of the UI fields, used to strip them when building a request. */
export const MESSAGE_UI_FIELDS = [
  'id',
  'parentId',
  'createdAt',
  'status',
  'finishReason',
  'usage',
  'model',
  'generationId',
  'timing',
  'error',
  'toolCalls',
  'structured',
] as const satisfies readonly (keyof MessageUiFields)[];
