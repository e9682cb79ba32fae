import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useModels } from '../../src/index.js';

describe('useModels', () => {
  it('refetch keeps its identity across renders (an effect that lists it runs when its other inputs change, not at every render)', async () => {
    const models = vi.fn(async () => ({ data: [{ id: 'x/y' }] }));
    const queryClient = new QueryClient();
    const { result, rerender } = renderHook(
      ({ apiKey }: { apiKey: string }) => useModels({ client: { models }, clientOptions: { apiKey } }),
      {
        initialProps: { apiKey: 'key-1' },
        wrapper: ({ children }: { children: ReactNode }) => (
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        ),
      },
    );
    await waitFor(() => expect(result.current.status).toBe('success'));
    const { refetch } = result.current;
    rerender({ apiKey: 'key-1' });
    expect(result.current.refetch).toBe(refetch);
    rerender({ apiKey: 'key-2' });
    expect(result.current.refetch).toBe(refetch);
    refetch();
    await waitFor(() => expect(models).toHaveBeenCalledTimes(2));
  });
});

describe('useModels staleTime', () => {
  /** Mounts the hook, then a second one once the list arrived: how often was the list fetched? */
  async function fetchesForTwoMounts(queryClient: QueryClient, staleTime?: number) {
    const models = vi.fn(async () => ({ data: [{ id: 'x/y' }] }));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const options = staleTime === undefined ? { client: { models } } : { client: { models }, staleTime };
    const first = renderHook(() => useModels(options), { wrapper });
    await waitFor(() => expect(first.result.current.status).toBe('success'));
    renderHook(() => useModels(options), { wrapper });
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    return models.mock.calls.length;
  }

  it('follows the app’s QueryClient default staleTime (a second mount refetches a stale list)', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0 } } });
    expect(await fetchesForTwoMounts(queryClient)).toBe(2);
  });

  it('follows defaults the app set for its query key', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    queryClient.setQueryDefaults(['react-chat-completions', 'models'], { staleTime: 0 });
    expect(await fetchesForTwoMounts(queryClient)).toBe(2);
  });

  it('keeps the list fresh for an hour when the app set no default', async () => {
    expect(await fetchesForTwoMounts(new QueryClient())).toBe(1);
  });

  it('its own staleTime option wins over the app’s default', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 0 } } });
    expect(await fetchesForTwoMounts(queryClient, Infinity)).toBe(1);
  });
});
