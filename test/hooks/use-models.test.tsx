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
