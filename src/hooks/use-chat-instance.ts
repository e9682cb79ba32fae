import { useContext, useRef, useState } from 'react';
import {
  type ChatOptions,
  type ChatStoreApi,
  type ChatStoreOptions,
  createChatStore,
} from '../store/index.js';
import { ChatStoreContext } from './chat-context.js';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';
import { useOwnStore } from './use-own-store.js';

/** Options of `useChatStream` and `useChatCompletion`. */
export interface UseChatOptions extends ChatStoreOptions {
  /** Use this store (else the nearest `ChatProvider`'s, else one of the hook's own). */
  store?: ChatStoreApi;
}

/**
 * The store a chat hook works on, with the hook's options applied at request time: the given
 * store, the provider's, or one created once for this component (never in an effect, so
 * StrictMode's double mount sends nothing twice). A store of its own follows other tabs while
 * mounted (`syncTabs`) and is aborted on unmount.
 */
export function useChatInstance(options: UseChatOptions, fixed: ChatOptions): ChatStoreApi {
  const contextStore = useContext(ChatStoreContext);
  const { store: givenStore, ...rest } = options;
  const [ownStore] = useState(() =>
    givenStore || contextStore ? undefined : createChatStore({ ...rest, ...fixed }),
  );
  const store = givenStore ?? contextStore ?? (ownStore as ChatStoreApi);
  const latest = useRef<ChatOptions>({ ...rest, ...fixed });

  useIsomorphicLayoutEffect(() => {
    latest.current = { ...rest, ...fixed };
    if (store === ownStore) store.setOptions(latest.current);
  });
  useIsomorphicLayoutEffect(() => {
    if (store !== ownStore) return store.attachOptions(() => latest.current);
    return undefined;
  }, [store, ownStore]);
  useOwnStore(store, store === ownStore, options.persist?.skipHydration);
  return store;
}
