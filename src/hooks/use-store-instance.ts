import { useEffect, useId, useRef } from 'react';
import type { Message } from '../core/index.js';
import {
  type ChatOptions,
  type ChatStoreApi,
  type ChatStoreOptions,
  createChatStore,
} from '../store/index.js';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

/**
 * The store a provider or hook works on, with `options` applied at request time: `given` (the
 * app's, or a provider's), with `layer` over its options while mounted (`below` the layers of the
 * hooks under a provider); else a store of its own, created from `options` when first needed (in
 * render, never in an effect: StrictMode's double mount sends nothing twice) and kept, so a
 * `store` that goes and comes back switches between the two. While shown, the own store follows
 * other tabs' writes, after reading its storage first when hydration was skipped (SSR) or when
 * it comes back after a given store (it did not follow them meanwhile);
 * unmounting or a given store stops that and aborts what it runs. A given store is left to the app.
 */
export function useStoreInstance(
  given: ChatStoreApi | null | undefined,
  options: ChatStoreOptions,
  layer: ChatOptions,
  below?: boolean,
): ChatStoreApi {
  // Initial messages without an id get one from their place: the server's render and the
  // browser's hydration agree, and two chats of a page differ.
  const prefix = useId();
  const ownStore = useRef<ChatStoreApi>(undefined);
  const store =
    given ??
    // biome-ignore lint/suspicious/noAssignInExpressions: created once, when first needed
    (ownStore.current ??= createChatStore({
      ...options,
      // A message with an id is passed as it is (a 10,000-message thread is not copied).
      initialMessages: options.initialMessages?.map((message, index) =>
        (message as { id?: unknown }).id ? message : { id: prefix + index, ...(message as Message) },
      ),
    }));
  const own = store === ownStore.current;
  const latest = useRef(layer);
  const mounts = useRef(0);
  const skipHydration = options.persist?.skipHydration;

  useIsomorphicLayoutEffect(() => {
    latest.current = layer;
    // Also while a given store is shown: the reply its own store stops then calls these callbacks.
    ownStore.current?.setOptions(options);
  });
  useIsomorphicLayoutEffect(
    () => (own ? undefined : store.attachOptions(() => latest.current, below)),
    [store, own, below],
  );
  useEffect(() => {
    if (!own) return undefined;
    // Shown again after a given store (-1): it did not follow other tabs meanwhile, so it reads first.
    if (skipHydration || mounts.current < 0) void store.rehydrate();
    const stopSync = store.syncTabs();
    const mount = ++mounts.current;
    return () => {
      stopSync();
      // StrictMode runs the effect again right after this: only an unmount (no run since) aborts.
      queueMicrotask(() => {
        if (mount !== mounts.current) return;
        mounts.current = -1;
        store.abort();
      });
    };
  }, [store, own, skipHydration]);
  return store;
}
