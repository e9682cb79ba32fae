import { MutationCache, onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatApiError,
  type ChatClientLike,
  ChatProvider,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { createFakeClient, textReply } from '../store/helpers.js';

const clientOptions = (fetch = createMockFetch({ tokenDelayMs: 0, replies: ['A whole reply.'] })) => ({
  baseUrl: 'http://127.0.0.1/api/v1',
  fetch,
  maxRetries: 0,
});

describe('useChatCompletion', () => {
  it('asks for whole replies (no streaming) without a QueryClient provider', async () => {
    const requests: unknown[] = [];
    const fetch = createMockFetch({
      tokenDelayMs: 0,
      replies: ['A whole reply.'],
      onRequest: (body) => requests.push(body),
    });
    const { result } = renderHook(() =>
      useChatCompletion({ clientOptions: clientOptions(fetch), request: { model: 'mock/text' } }),
    );
    await act(() => result.current.send('Hi'));
    expect(requests[0]).toMatchObject({ model: 'mock/text' });
    expect((requests[0] as { stream?: boolean }).stream).not.toBe(true);
    expect(result.current.messages.map((message) => message.content)).toEqual(['Hi', 'A whole reply.']);
    expect(result.current.messages[1]?.status).toBe('done');
    expect(result.current.status).toBe('idle');
    expect(result.current.mutation.isSuccess).toBe(true);
    expect(result.current.mutation.data?.choices[0]?.message.content).toBe('A whole reply.');
  });

  it("runs through the app's QueryClient when there is one", async () => {
    const queryClient = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(
      () => useChatCompletion({ clientOptions: clientOptions(), request: { model: 'mock/text' } }),
      { wrapper },
    );
    await act(() => result.current.send('Hi'));
    const mutations = queryClient.getMutationCache().getAll();
    expect(mutations).toHaveLength(1);
    expect(mutations[0]?.state.status).toBe('success');
  });

  it('errors land in the chat state and the mutation; retry works', async () => {
    const onError = vi.fn();
    const { result, rerender } = renderHook(
      (props: { model: string }) =>
        useChatCompletion({ clientOptions: clientOptions(), request: { model: props.model }, onError }),
      { initialProps: { model: 'mock/error-402' } },
    );
    await act(() => result.current.send('Hi'));
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(ChatApiError);
    expect((result.current.error as ChatApiError).status).toBe(402);
    expect(result.current.mutation.isError).toBe(true);
    expect(onError).toHaveBeenCalledTimes(1);
    rerender({ model: 'mock/text' });
    await act(() => result.current.retry());
    expect(result.current.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(result.current.status).toBe('idle');
  });

  it('inside a ChatProvider it shares the store and turns its requests non-streaming', async () => {
    const fake = createFakeClient(textReply('whole'));
    const stream = vi.spyOn(fake.client, 'stream');
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider client={fake.client}>{children}</ChatProvider>
    );
    const { result } = renderHook(() => useChatCompletion(), { wrapper });
    await act(() => result.current.send('Hi'));
    expect(stream).not.toHaveBeenCalled();
    expect(result.current.messages.at(-1)?.content).toBe('whole');
  });

  it('a useChatStream beside it in the provider sends non-streaming too (as the README says); each in its own provider streams', async () => {
    const shared = createFakeClient(textReply('whole'), textReply('again'));
    const sharedStream = vi.spyOn(shared.client, 'stream');
    const { result } = renderHook(() => ({ completion: useChatCompletion(), chat: useChatStream() }), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <ChatProvider client={shared.client}>{children}</ChatProvider>
      ),
    });
    await act(() => result.current.chat.send('Hi'));
    expect(sharedStream).not.toHaveBeenCalled();
    expect(result.current.chat.messages.at(-1)?.content).toBe('whole');

    const own = createFakeClient(textReply('streamed'));
    const ownStream = vi.spyOn(own.client, 'stream');
    const apart = renderHook(() => ({
      completion: useChatCompletion({ client: shared.client }),
      chat: useChatStream({ client: own.client }),
    }));
    await act(() => apart.result.current.chat.send('Hi'));
    expect(ownStream).toHaveBeenCalledTimes(1);
    expect(apart.result.current.chat.messages.at(-1)?.content).toBe('streamed');
  });

  it('an app QueryClient whose mutations throw to error boundaries by default: a failed reply stays in the chat, which keeps rendering', async () => {
    const queryClient = new QueryClient({ defaultOptions: { mutations: { throwOnError: true } } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(
      () => useChatCompletion({ clientOptions: clientOptions(), request: { model: 'mock/error-429' } }),
      { wrapper },
    );
    await act(() => result.current.send('Hi'));
    await waitFor(() => expect(result.current.mutation.isError).toBe(true));
    expect(result.current.status).toBe('error');
    expect((result.current.error as ChatApiError).status).toBe(429);
  });

  it('sends while React Query thinks the browser is offline: the request is tried (and fails as the chat shows it), not paused', async () => {
    const queryClient = new QueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const fake = createFakeClient(
      new ChatApiError({ type: 'network', code: 'network_error', message: 'Failed to fetch' }),
      textReply('back online'),
    );
    const onError = vi.fn();
    const { result } = renderHook(() => useChatCompletion({ client: fake.client, onError }), { wrapper });
    onlineManager.setOnline(false);
    try {
      await act(() => result.current.send('Hi'));
      await waitFor(() => expect(result.current.status).toBe('error'));
      expect((result.current.error as ChatApiError).type).toBe('network');
      expect(result.current.mutation.isPaused).toBe(false);
      expect(result.current.mutation.isError).toBe(true);
      expect(onError).toHaveBeenCalledTimes(1);
      await act(() => result.current.retry());
      expect(result.current.messages.at(-1)?.content).toBe('back online');
      expect(result.current.mutation.isSuccess).toBe(true);
    } finally {
      onlineManager.setOnline(true);
    }
  });

  it('stop() is no error: not in the chat, not in the mutation nor the cache; retry and errors still work', async () => {
    const fake = createFakeClient(
      textReply('after the stop'),
      textReply('fast reply'),
      new ChatApiError({ type: 'http', status: 402, code: 402, message: 'Payment required' }),
    );
    // While `slow`, a request waits until it is aborted, as a slow endpoint would.
    let slow = true;
    const client: ChatClientLike = {
      ...fake.client,
      complete: (request, options) =>
        slow
          ? new Promise((_resolve, reject) =>
              options?.signal?.addEventListener('abort', () =>
                reject(new DOMException('This operation was aborted', 'AbortError')),
              ),
            )
          : fake.client.complete(request, options),
    };
    const cacheErrors = vi.fn();
    const queryClient = new QueryClient({ mutationCache: new MutationCache({ onError: cacheErrors }) });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const onError = vi.fn();
    const { result } = renderHook(() => useChatCompletion({ client, onError }), { wrapper });
    const contentsNow = () => result.current.messages.map((message) => message.content);
    act(() => {
      void result.current.send('Hi');
    });
    await waitFor(() => expect(result.current.mutation.isPending).toBe(true));
    act(() => result.current.stop());
    await waitFor(() => expect(result.current.mutation.isPending).toBe(false));
    expect(result.current.status).toBe('idle');
    expect(result.current.error).toBeUndefined();
    expect(contentsNow()).toEqual(['Hi']);
    expect(result.current.mutation.error).toBeNull();
    expect(result.current.mutation.status).toBe('idle');
    expect(queryClient.getMutationCache().getAll()[0]?.state.status).toBe('success');
    expect(cacheErrors).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();

    slow = false;
    await act(() => result.current.retry());
    expect(contentsNow()).toEqual(['Hi', 'after the stop']);
    expect(result.current.mutation.isSuccess).toBe(true);
    expect(result.current.mutation.data?.choices[0]?.message.content).toBe('after the stop');

    // A stop followed at once by a send: the mutation shows the new request, not the stopped one.
    slow = true;
    act(() => {
      void result.current.send('Slow');
    });
    await waitFor(() => expect(result.current.mutation.isPending).toBe(true));
    await act(async () => {
      result.current.stop();
      slow = false;
      await result.current.send('Fast');
    });
    await waitFor(() => expect(result.current.mutation.isSuccess).toBe(true));
    expect(result.current.mutation.data?.choices[0]?.message.content).toBe('fast reply');
    expect(contentsNow().slice(-2)).toEqual(['Fast', 'fast reply']);

    await act(() => result.current.send('Again'));
    expect((result.current.error as ChatApiError).status).toBe(402);
    expect((result.current.mutation.error as ChatApiError).status).toBe(402);
    expect(cacheErrors).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
