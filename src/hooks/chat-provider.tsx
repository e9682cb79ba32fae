import type { ReactNode } from 'react';
import { defined } from '../store/defined.js';
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
 * Props of `ChatProvider`: request-time options (read fresh on every request) plus the store.
 * `Tools`, inferred from `tools`, types `onToolCall` (see `ChatToolCallEvent`).
 */
export interface ChatProviderProps<Tools extends ChatTools = ChatTools, Event = ChatToolCallEvent<Tools>>
  extends ChatOptions<Tools, Event> {
  /** Use this store instead of creating one. */
  store?: ChatStoreApi | undefined;
  /** Creation options of the store the provider creates (persistence, initial messages). */
  storeOptions?: ChatStoreOptions | undefined;
  /** The subtree that uses the chat: its hooks and components find the store through the provider. */
  children?: ReactNode;
}

/**
 * Creates one chat store for its subtree (two providers never share state) and keeps its
 * options current: a change of `request`, `clientOptions`, `tools` or any callback applies to
 * the next request. While mounted, a persisted store follows other tabs' writes (`syncTabs`);
 * unmounting aborts what its store is running.
 *
 * @example
 * <ChatProvider clientOptions={{ baseUrl: '/api/chat' }} request={{ model: 'openai/gpt-4o-mini' }} tools={tools}>
 *   <ChatWindow />
 * </ChatProvider>
 */
export function ChatProvider<const Tools extends ChatTools = ChatTools>(props: ChatProviderProps<Tools>) {
  const { store, storeOptions, children, ...options } = props;
  return (
    <ChatStoreContext.Provider
      value={useStoreInstance(store, { ...storeOptions, ...defined(options) }, options, true)}
    >
      {children}
    </ChatStoreContext.Provider>
  );
}
