/** Public exports of src/hooks: the React binding of the chat store. */
export type { ChatProviderProps } from './chat-provider.js';
export { ChatProvider } from './chat-provider.js';
export type { ChatCompletionControls, ChatCompletionVariables } from './use-chat-completion.js';
export { useChatCompletion } from './use-chat-completion.js';
export type { ChatControls } from './use-chat-controls.js';
export type { UseChatOptions } from './use-chat-instance.js';
export { useChatStore, useChatStoreApi, useMessage, useMessageIds } from './use-chat-store.js';
export { useChatStream } from './use-chat-stream.js';
export type { ModelsSource, UseModelsOptions, UseModelsResult } from './use-models.js';
export { useModels } from './use-models.js';
