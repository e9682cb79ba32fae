import { useEffect } from 'react';
import type { ChatStoreApi } from '../store/index.js';

/**
 * The lifecycle of a store a provider or hook made for itself (`own`): while mounted it follows
 * other tabs' writes, after reading its storage first when hydration was skipped (SSR); unmounting
 * stops that and aborts what the store runs. A store given by the app is left to the app.
 */
export function useOwnStore(store: ChatStoreApi, own: boolean, skipHydration: boolean | undefined): void {
  useEffect(() => {
    if (!own) return undefined;
    if (skipHydration) void store.rehydrate();
    const stopSync = store.syncTabs();
    return () => {
      stopSync();
      store.abort();
    };
  }, [store, own, skipHydration]);
}
