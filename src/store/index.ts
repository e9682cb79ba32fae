/** Public exports of src/store: the zustand/vanilla chat store, its selectors and types. */
export type { ChatStoreApi, ChatStoreOptions } from './create-chat-store.js';
export { createChatStore } from './create-chat-store.js';
export type { DefinedTool, DefineTool } from './define-tool.js';
export { defineTool } from './define-tool.js';
export type { SerializedError } from './errors.js';
export { ChatBusyError, reviveError, StructuredOutputError, serializeError } from './errors.js';
export type { IdPrefix } from './ids.js';
export type {
  ChatCallbacks,
  ChatClientLike,
  ChatFinishEvent,
  ChatOptions,
  ChatTool,
  ChatToolCallEvent,
  ChatTools,
  InferToolArgs,
  InferToolResult,
  ResolvedChatOptions,
  ToolCallEvent,
  ToolExecutionContext,
  ToolNamed,
  ToolNames,
  ToolResultOf,
  WhenBusy,
} from './options.js';
export type { ChatPersistOptions, PersistedChat } from './persistence.js';
export type { RequestParts } from './request.js';
export { buildRequest, toWireConversation, toWireMessage, toWireTool } from './request.js';
export type { JsonSchemaResponseFormat, StructuredValueOf } from './response-format.js';
export { defineResponseFormat, getStructuredValue } from './response-format.js';
export type { SiblingInfo } from './selectors.js';
export {
  selectActiveMessages,
  selectIsBusy,
  selectLastAssistantMessage,
  selectSiblings,
} from './selectors.js';
export type { StructuredFormat } from './structured.js';
export { DEFAULT_THREAD_TITLE } from './thread-actions.js';
export type {
  ChatActions,
  ChatError,
  ChatMessage,
  ChatMessageOf,
  ChatState,
  ChatStatus,
  MessageStatus,
  MessageTiming,
  MessageUiFields,
  QueuedMessage,
  SendInput,
  StructuredOutput,
  ThreadData,
  ThreadSummary,
  ThreadUsage,
  ToolCallState,
  ToolCallStatus,
  ToolCallStatusOf,
  ToolResultOptions,
} from './types.js';
export { MESSAGE_UI_FIELDS } from './types.js';
