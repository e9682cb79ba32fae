import { type ReactNode, useRef, useState } from 'react';
import {
  type ChatOptions,
  type ChatStoreApi,
  type ChatStoreOptions,
  createChatStore,
} from '../store/index.js';
import { ChatStoreContext } from './chat-context.js';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';
import { useOwnStore } from './use-own-store.js';

/** Props of `ChatProvider`: request-time options (read fresh on every request) plus the store. */
export interface ChatProviderProps extends ChatOptions {
  /** Use this store instead of creating one. */
  store?: ChatStoreApi;
  /** Creation options of the store the provider creates (persistence, initial messages). */
  storeOptions?: ChatStoreOptions | undefined;
  children?: ReactNode;
}

/**
 * Creates one chat store for its subtree (two providers never share state) and keeps its
 * options current: a change of `request`, `clientOptions`, `tools` or any callback applies to
 * the next request. While mounted, a persisted store follows other tabs' writes (`syncTabs`);
 * unmounting aborts what its store is running.
 *
 * @example
 * <ChatProvider clientOptions={{ apiKey }} request={{ model: 'openai/gpt-4o-mini' }} tools={tools}>
 *   <ChatWindow />
 * </ChatProvider>
 */
export function ChatProvider(props: ChatProviderProps) {
  const { store: givenStore, storeOptions, children, ...options } = props;
  const merged = { ...storeOptions, ...options };
  const [ownStore] = useState(() => (givenStore ? undefined : createChatStore(merged)));
  const store = givenStore ?? (ownStore as ChatStoreApi);
  const latest = useRef<ChatOptions>(options);

  useIsomorphicLayoutEffect(() => {
    latest.current = options;
    if (store === ownStore) store.setOptions(merged);
  });
  useIsomorphicLayoutEffect(() => {
    if (store !== ownStore) return store.attachOptions(() => latest.current);
    return undefined;
  }, [store, ownStore]);
  useOwnStore(store, store === ownStore, storeOptions?.persist?.skipHydration);

  return <ChatStoreContext.Provider value={store}>{children}</ChatStoreContext.Provider>;
}
