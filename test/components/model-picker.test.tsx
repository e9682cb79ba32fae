import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ModelPicker, useModels } from '../../src/index.js';
import { expectNoAxeViolations } from './axe-helper';

const BASE_URL = 'http://127.0.0.1:9/api/v1';

function modelsFetch(status = 200) {
  // The URL is asserted by each test on the mock's calls: an expect in here would only reject the fetch.
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    if (status !== 200) return Response.json({ error: { code: status, message: 'down' } }, { status });
    return Response.json({
      data: [
        { id: 'openai/gpt-4o-mini', name: 'GPT-4o mini' },
        { id: 'anthropic/claude-sonnet-4', name: 'Claude Sonnet 4' },
      ],
    });
  });
}

describe('useModels', () => {
  it('fetches the list from baseUrl/models, showing the fallback until it arrives', async () => {
    const fetch = modelsFetch();
    const { result } = renderHook(() =>
      useModels({
        clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
        fallback: ['fallback/model'],
        queryClient: new QueryClient(),
      }),
    );
    expect(result.current.models).toEqual([{ id: 'fallback/model' }]);
    expect(result.current.isFallback).toBe(true);
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.models.map((model) => model.id)).toEqual([
      'openai/gpt-4o-mini',
      'anthropic/claude-sonnet-4',
    ]);
    expect(result.current.isFallback).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/models`, expect.objectContaining({ method: 'GET' }));
  });

  it('keeps the fallback when the fetch fails', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 0 } } });
    const fetch = modelsFetch(500);
    const { result } = renderHook(() =>
      useModels({
        clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
        fallback: ['fallback/model'],
        queryClient,
      }),
    );
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.models).toEqual([{ id: 'fallback/model' }]);
    expect(result.current.isFallback).toBe(true);
    expect(result.current.error?.message).toContain('down');
    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/models`, expect.anything());
  });

  it('asks once for each failure the client does not retry (a 401), and as often as the client retries a 500', async () => {
    for (const [status, maxRetries, calls] of [
      [401, 2, 1],
      [500, 2, 3],
    ] as const) {
      const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 0 } } });
      const fetch = modelsFetch(status);
      const { result, unmount } = renderHook(() =>
        useModels({ clientOptions: { baseUrl: BASE_URL, fetch, maxRetries }, queryClient }),
      );
      await waitFor(() => expect(result.current.status).toBe('error'), { timeout: 5_000 });
      expect(fetch).toHaveBeenCalledTimes(calls);
      unmount();
    }
  });

  it('keeps the fallback when the fetch fails, also under an app QueryClient whose queries throw to error boundaries by default', async () => {
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retryDelay: 0, throwOnError: true } },
    });
    const fetch = modelsFetch(500);
    const { result } = renderHook(
      () =>
        useModels({
          clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
          fallback: ['fallback/model'],
        }),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        ),
      },
    );
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.models).toEqual([{ id: 'fallback/model' }]);
    expect(result.current.isFallback).toBe(true);
  });

  it('caches the fetched list for an hour by default: a later mount within it fetches nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const queryClient = new QueryClient();
      const fetch = modelsFetch();
      const mount = async () => {
        const { result, unmount } = renderHook(() =>
          useModels({ clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 }, queryClient }),
        );
        await waitFor(() => expect(result.current.status).toBe('success'));
        expect(result.current.isFallback).toBe(false);
        unmount();
      };
      const start = Date.now();
      await mount();
      expect(fetch).toHaveBeenCalledTimes(1);
      vi.setSystemTime(start + 59 * 60 * 1000);
      await mount();
      expect(fetch).toHaveBeenCalledTimes(1);
      vi.setSystemTime(start + 61 * 60 * 1000);
      await mount();
      await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    } finally {
      vi.useRealTimers();
    }
  });

  it('enabled: false fetches nothing (the fallback stays); refetch() asks again', async () => {
    const fetch = modelsFetch();
    const queryClient = new QueryClient();
    const { result, rerender } = renderHook(
      ({ enabled }: { enabled: boolean }) =>
        useModels({
          clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
          fallback: ['f/m'],
          enabled,
          queryClient,
        }),
      { initialProps: { enabled: false } },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
    expect(result.current).toMatchObject({ models: [{ id: 'f/m' }], isFallback: true });
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.isFallback).toBe(false));
    expect(fetch).toHaveBeenCalledTimes(1);
    result.current.refetch();
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
  });

  it('lists a model the endpoint lists twice (a proxy with two deployments of it) once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const client = {
      models: vi.fn(async () => ({
        data: [{ id: 'x/y', name: 'X' }, { id: 'z/w' }, { id: 'x/y', name: 'X again' }],
      })),
    };
    const { result } = renderHook(() => useModels({ client, queryClient: new QueryClient() }));
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.models).toEqual([{ id: 'x/y', name: 'X' }, { id: 'z/w' }]);
    render(<ModelPicker models={result.current.models} />);
    expect(error.mock.calls.map((call) => String(call[0]))).toEqual([]);
  });

  it('uses a given client', async () => {
    const client = { models: vi.fn(async () => ({ data: [{ id: 'x/y' }] })) };
    const { result } = renderHook(() => useModels({ client, queryClient: new QueryClient() }));
    await waitFor(() => expect(result.current.models).toEqual([{ id: 'x/y' }]));
  });
});

describe('ModelPicker', () => {
  it('chooses from a models prop by keyboard', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    const { container } = render(
      <ModelPicker
        models={['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4']}
        onValueChange={onValueChange}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Model' });
    expect(select).toHaveProperty('value', 'openai/gpt-4o-mini');
    await user.selectOptions(select, 'anthropic/claude-sonnet-4');
    expect(onValueChange).toHaveBeenCalledWith('anthropic/claude-sonnet-4');
    await expectNoAxeViolations(container);
  });

  it('controlled, asks again for a model the owner declined', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(
      <ModelPicker
        models={['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4']}
        value="openai/gpt-4o-mini"
        onValueChange={onValueChange}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Model' });
    await user.selectOptions(select, 'anthropic/claude-sonnet-4');
    // Declined (the owner keeps its value): the select shows it, and picking again asks again.
    expect(select).toHaveProperty('value', 'openai/gpt-4o-mini');
    await user.selectOptions(select, 'anthropic/claude-sonnet-4');
    expect(onValueChange.mock.calls).toEqual([['anthropic/claude-sonnet-4'], ['anthropic/claude-sonnet-4']]);
  });

  it('fetches models when none are given and keeps a controlled value listed', async () => {
    const fetch = modelsFetch();
    render(
      <ModelPicker
        clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }}
        value="custom/model"
        onValueChange={() => {}}
      />,
    );
    await waitFor(() => expect(screen.getByRole('option', { name: 'Claude Sonnet 4' })).toBeTruthy());
    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/models`, expect.anything());
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveProperty('value', 'custom/model');
  });

  it("an endpoint's list with names of another shape shows those models by id, without crashing", async () => {
    const fetch = vi.fn(async () =>
      Response.json({
        data: [
          { id: 'a/object-name', name: { en: 'Object' } },
          { id: 'b/empty-name', name: '' },
          { id: 'c/named', name: 'Named' },
        ],
      }),
    );
    // Another URL than the other tests': the list is cached by URL in the shared QueryClient.
    const baseUrl = 'http://127.0.0.1:9/odd-names/v1';
    render(<ModelPicker clientOptions={{ baseUrl, fetch, maxRetries: 0 }} onFallbackChange={() => {}} />);
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'Named' })).toHaveLength(2));
    const model = screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement;
    expect(Array.from(model.options, (option) => option.textContent)).toEqual([
      'a/object-name',
      'b/empty-name',
      'Named',
    ]);
    const fallback = screen.getByRole('listbox', { name: 'Fallback models' }) as HTMLSelectElement;
    expect(Array.from(fallback.options, (option) => option.textContent)).toEqual(['b/empty-name', 'Named']);
  });

  it('a refetch that fails while the fetched list is shown says nothing is wrong with it (it stays in use)', async () => {
    let down = false;
    const fetch = vi.fn(async () =>
      down
        ? new Response('{"error":{"code":500,"message":"down"}}', { status: 500 })
        : Response.json({ data: [{ id: 'a/one', name: 'One' }] }),
    );
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 0 } } });
    const { container } = render(
      <QueryClientProvider client={queryClient}>
        <ModelPicker clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByRole('option', { name: 'One' })).toBeTruthy());
    down = true;
    await act(() => queryClient.refetchQueries());
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(queryClient.getQueryCache().getAll()[0]?.state.status).toBe('error'));
    expect(screen.getByRole('option', { name: 'One' })).toBeTruthy();
    expect(screen.queryByText('Could not load the model list.')).toBeNull();
    expect(container.querySelector('.rcc-model-picker')?.getAttribute('data-state')).toBe('ready');
  });

  it('keeps controlled fallback models listed (and chosen) when the list lacks them, as it does the model', async () => {
    const user = userEvent.setup();
    const onFallbackChange = vi.fn();
    render(
      <ModelPicker
        models={['a/one', 'b/two']}
        value="a/one"
        fallback={['z/elsewhere']}
        onFallbackChange={onFallbackChange}
      />,
    );
    const fallback = screen.getByRole('listbox', { name: 'Fallback models' }) as HTMLSelectElement;
    expect(Array.from(fallback.selectedOptions, (option) => option.value)).toEqual(['z/elsewhere']);
    // It can be unpicked.
    await user.deselectOptions(fallback, 'z/elsewhere');
    expect(onFallbackChange).toHaveBeenLastCalledWith([]);
  });

  it('announces a failure to load the list: its status region is there, empty, while the list loads', async () => {
    const fetch = modelsFetch(500);
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 0 } } });
    render(
      <QueryClientProvider client={queryClient}>
        <ModelPicker clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }} fallbackList={['f/m']} />
      </QueryClientProvider>,
    );
    // Screen readers announce a change in a live region, not one inserted with its text.
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');
    await waitFor(() => expect(status.textContent).toBe('Could not load the model list.'));
    expect(screen.getByRole('status')).toBe(status);
  });

  it('chooses fallback models (the request `models` list)', async () => {
    const user = userEvent.setup();
    const onFallbackChange = vi.fn();
    const { container } = render(
      <ModelPicker
        models={['a/one', 'b/two', 'c/three']}
        defaultValue="a/one"
        onFallbackChange={onFallbackChange}
      />,
    );
    const fallback = screen.getByRole('listbox', { name: 'Fallback models' });
    expect(Array.from((fallback as HTMLSelectElement).options, (option) => option.value)).toEqual([
      'b/two',
      'c/three',
    ]);
    await user.selectOptions(fallback, ['c/three']);
    expect(onFallbackChange).toHaveBeenLastCalledWith(['c/three']);
    await expectNoAxeViolations(container);
  });
});
