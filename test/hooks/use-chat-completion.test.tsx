import {
  MutationCache,
  onlineManager,
  QueryClient,
  QueryClientProvider,
  useIsMutating,
} from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatApiError,
  type ChatClientLike,
  ChatProvider,
  ChatRequestError,
  createChatStore,
  StructuredOutputError,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { createFakeClient, textReply } from '../store/helpers.js';

/** The mutation key the README gives for `useIsMutating` and a `MutationCache`'s filters. */
const MUTATION_KEY = ['react-chat-completions', 'completion'];

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

  it('send and retry resolve with the whole reply; a request refused before any reply, with nothing', async () => {
    const { result, rerender } = renderHook(
      (props: { model: string }) =>
        useChatCompletion({
          clientOptions: clientOptions(),
          request: { model: props.model },
          onError: () => {},
        }),
      { initialProps: { model: 'mock/error-402' } },
    );
    await expect(act(() => result.current.send('Hi'))).resolves.toBeUndefined();
    expect(result.current.status).toBe('error');
    rerender({ model: 'mock/text' });
    const retried = await act(() => result.current.retry());
    expect(retried).toMatchObject({ role: 'assistant', content: 'A whole reply.', status: 'done' });
    expect(retried).toBe(result.current.messages.at(-1));
    const sent = await act(() => result.current.send('Again'));
    expect(sent).toMatchObject({ role: 'assistant', status: 'done' });
    expect(sent).toBe(result.current.messages.at(-1));
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

describe('useChatCompletion: a stop with a client that does not end its request at once', () => {
  it('the mutation is idle at once (not pending, not counted by useIsMutating), and the reply that comes after is no success of it', async () => {
    const fake = createFakeClient(textReply('too late'));
    // A client that ignores the signal: its reply comes when it comes.
    let answer: () => void = () => {};
    const client: ChatClientLike = {
      ...fake.client,
      complete: (request, options) =>
        new Promise((resolve) => {
          answer = () => resolve(fake.client.complete(request, options));
        }),
    };
    const cacheSuccess = vi.fn();
    const queryClient = new QueryClient({ mutationCache: new MutationCache({ onSuccess: cacheSuccess }) });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(
      () => ({ chat: useChatCompletion({ client }), mutating: useIsMutating({ mutationKey: MUTATION_KEY }) }),
      { wrapper },
    );
    act(() => {
      void result.current.chat.send('Hi');
    });
    await waitFor(() => expect(result.current.mutating).toBe(1));
    expect(result.current.chat.mutation.isPending).toBe(true);
    act(() => result.current.chat.stop());
    await waitFor(() => expect(result.current.mutating).toBe(0));
    expect(result.current.chat.mutation.status).toBe('idle');
    expect(result.current.chat.status).toBe('idle');
    expect(cacheSuccess.mock.calls.map((call) => call[0])).toEqual([undefined]);

    // The stopped request's reply arrives: neither the chat nor the mutation takes it.
    await act(async () => answer());
    await waitFor(() => expect(fake.requests).toHaveLength(1));
    expect(result.current.chat.messages.map((message) => message.content)).toEqual(['Hi']);
    expect(result.current.chat.mutation.status).toBe('idle');
    expect(result.current.chat.mutation.data).toBeUndefined();
    expect(cacheSuccess.mock.calls.map((call) => call[0])).toEqual([undefined]);
  });
});

describe('useChatCompletion: an app whose mutations run one at a time (a default `scope`)', () => {
  it('a request stopped while it waits its turn is never sent; the next one is', async () => {
    const fake = createFakeClient(textReply('the next one'));
    const queryClient = new QueryClient({ defaultOptions: { mutations: { scope: { id: 'app' } } } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useChatCompletion({ client: fake.client }), { wrapper });
    // One of the app's own mutations is running: the chat's waits behind it.
    let finishAppMutation: () => void = () => {};
    const appMutation = queryClient
      .getMutationCache()
      .build(queryClient, { mutationFn: () => new Promise<void>((resolve) => (finishAppMutation = resolve)) })
      .execute(undefined);
    act(() => {
      void result.current.send('Hi');
    });
    await waitFor(() => expect(result.current.mutation.isPaused).toBe(true));
    act(() => result.current.stop());
    await act(async () => {
      finishAppMutation();
      await appMutation;
    });
    await waitFor(() => expect(queryClient.isMutating()).toBe(0));
    expect(fake.requests).toHaveLength(0);
    expect(result.current.status).toBe('idle');
    expect(result.current.mutation.status).toBe('idle');

    await act(() => result.current.send('Again'));
    expect(fake.requests).toHaveLength(1);
    expect(result.current.messages.at(-1)?.content).toBe('the next one');
    expect(result.current.mutation.isSuccess).toBe(true);
  });
});

describe("useChatCompletion under an app's QueryClient defaults", () => {
  it('retry: 3 and a MutationCache onError, in StrictMode: a failure is sent as often as the client retries it, typed, reported once; an invalid request is a ChatRequestError, not sent', async () => {
    const cacheErrors = vi.fn();
    const queryClient = new QueryClient({
      mutationCache: new MutationCache({ onError: cacheErrors }),
      defaultOptions: { mutations: { retry: 3, retryDelay: 0, gcTime: 0 } },
    });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StrictMode>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </StrictMode>
    );
    const bodies: unknown[] = [];
    const fetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => void bodies.push(body) });
    const { result, rerender } = renderHook(
      (props: { temperature?: number }) =>
        useChatCompletion({
          clientOptions: { ...clientOptions(fetch), maxRetries: 1 },
          request: { model: 'mock/error-500', ...props },
        }),
      { wrapper, initialProps: {} },
    );
    await act(() => result.current.send('Hi'));
    await waitFor(() => expect(result.current.mutation.isError).toBe(true));
    expect(bodies).toHaveLength(2);
    expect(result.current.mutation.error).toBeInstanceOf(ChatApiError);
    expect(result.current.mutation.error).toBe(result.current.error);
    expect(result.current.mutation.failureCount).toBe(1);
    expect(cacheErrors).toHaveBeenCalledTimes(1);
    expect(cacheErrors.mock.calls[0]?.[0]).toBeInstanceOf(ChatApiError);
    expect(cacheErrors.mock.calls[0]?.[3]?.options.mutationKey).toEqual(MUTATION_KEY);

    rerender({ temperature: 5 });
    await act(() => result.current.send('Again'));
    await waitFor(() => expect(result.current.mutation.error).toBeInstanceOf(ChatRequestError));
    expect(result.current.error).toBeInstanceOf(ChatRequestError);
    expect(bodies).toHaveLength(2);
    expect(cacheErrors).toHaveBeenCalledTimes(2);
  });

  it('structured output that fails its schema: the chat has the StructuredOutputError, the mutation (the request) succeeded with its data', async () => {
    const fake = createFakeClient(textReply('{"city": 3}'));
    const onError = vi.fn();
    const { result } = renderHook(() =>
      useChatCompletion({
        client: fake.client,
        onError,
        request: {
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'place',
              schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          },
        },
      }),
    );
    await act(() => result.current.send('Where?'));
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(StructuredOutputError);
    expect(onError).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(result.current.mutation.isSuccess).toBe(true));
    expect(result.current.mutation.data?.choices[0]?.message.content).toBe('{"city": 3}');
  });
});

describe('useChatCompletion: several on one store', () => {
  for (const withQueryClient of [true, false]) {
    it(`each one's mutation shows the store's requests, whichever hook sent them (${withQueryClient ? "the app's QueryClient" : 'no QueryClient'})`, async () => {
      const fake = createFakeClient(textReply('one'), textReply('two'));
      const queryClient = new QueryClient();
      const wrapper = ({ children }: { children: ReactNode }) =>
        withQueryClient ? (
          <QueryClientProvider client={queryClient}>
            <ChatProvider client={fake.client}>{children}</ChatProvider>
          </QueryClientProvider>
        ) : (
          <ChatProvider client={fake.client}>{children}</ChatProvider>
        );
      const { result } = renderHook(() => ({ first: useChatCompletion(), second: useChatCompletion() }), {
        wrapper,
      });
      const contents = () =>
        [result.current.first, result.current.second].map(
          (chat) => chat.mutation.data?.choices[0]?.message.content,
        );
      await act(() => result.current.first.send('Hi'));
      await waitFor(() => expect(contents()).toEqual(['one', 'one']));
      expect(result.current.first.mutation.isSuccess).toBe(true);
      await act(() => result.current.second.send('Again'));
      await waitFor(() => expect(contents()).toEqual(['two', 'two']));
      // One mutation per request, not one per hook.
      if (withQueryClient) expect(queryClient.getMutationCache().getAll()).toHaveLength(2);
    });
  }

  it("a store kept across QueryClients (one per test, say): each client's cache has the requests made under it", async () => {
    const fake = createFakeClient(textReply('one'), textReply('two'));
    const store = createChatStore({ client: fake.client });
    for (const reply of ['one', 'two']) {
      const queryClient = new QueryClient();
      const { result, unmount } = renderHook(() => useChatCompletion({ store }), {
        wrapper: ({ children }: { children: ReactNode }) => (
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        ),
      });
      await act(() => result.current.send('Hi'));
      await waitFor(() => expect(result.current.mutation.data?.choices[0]?.message.content).toBe(reply));
      expect(queryClient.getMutationCache().getAll()).toHaveLength(1);
      unmount();
    }
  });
});
