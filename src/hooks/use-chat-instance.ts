import { useContext } from 'react';
import type {
  ChatOptions,
  ChatStoreApi,
  ChatStoreOptions,
  ChatToolCallEvent,
  ChatTools,
} from '../store/index.js';
import { ChatStoreContext } from './chat-context.js';
import { useStoreInstance } from './use-store-instance.js';

/**
 * Options of `useChatStream` and `useChatCompletion`. `Tools`, inferred from `tools`, types
 * `onToolCall` and `addToolResult` (see `ChatToolCallEvent`). `initialMessages`, `persist` and
 * `createId` make the hook's own store: inside a `ChatProvider` or with `store`, they do nothing.
 */
export interface UseChatOptions<Tools extends ChatTools = ChatTools, Event = ChatToolCallEvent<Tools>>
  extends ChatStoreOptions<Tools, Event> {
  /** Use this store (else the nearest `ChatProvider`'s, else one of the hook's own). */
  store?: ChatStoreApi | undefined;
}

/**
 * The store a chat hook works on, with the hook's options applied at request time: the given
 * store, the provider's, or one of the component's own (`useStoreInstance`). `fixed` options (the
 * hook's own) win over the given ones.
 */
export function useChatInstance(options: UseChatOptions, fixed?: ChatOptions): ChatStoreApi {
  const contextStore = useContext(ChatStoreContext);
  const { store, ...rest } = options;
  const merged = { ...rest, ...fixed };
  return useStoreInstance(store ?? contextStore, merged, merged);
}
