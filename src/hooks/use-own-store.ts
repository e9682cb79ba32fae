import { useEffect, useRef } from 'react';
import type { ChatStoreApi } from '../store/index.js';

/**
 * The lifecycle of a store a provider or hook made for itself (`own`): while mounted it follows
 * other tabs' writes, after reading its storage first when hydration was skipped (SSR); unmounting
 * stops that and aborts what the store runs. A store given by the app is left to the app.
 */
export function useOwnStore(store: ChatStoreApi, own: boolean, skipHydration: boolean | undefined): void {
  const mounts = useRef(0);
  useEffect(() => {
    if (!own) return undefined;
    if (skipHydration) void store.rehydrate();
    const stopSync = store.syncTabs();
    const mount = ++mounts.current;
    return () => {
      stopSync();
      // StrictMode runs the effect again right after this: only an unmount (no run since) aborts.
      queueMicrotask(() => mount === mounts.current && store.abort());
    };
  }, [store, own, skipHydration]);
}
