import { act, render, renderHook, screen } from '@testing-library/react';
import { type ReactNode, StrictMode, useEffect, useRef } from 'react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  ChatProvider,
  type ChatStoreApi,
  createChatStore,
  type UseChatOptions,
  useChatCompletion,
  useChatStore,
  useChatStream,
} from '../../src/index.js';
import { createFakeClient, textChunk, textReply, tick } from '../store/helpers.js';

type Send = (text: string) => Promise<unknown>;
const sender: { send: Send | undefined } = { send: undefined };

/** Exposes the chat's `send` to the test. */
function Sender({ options }: { options?: UseChatOptions }) {
  sender.send = useChatStream(options).send;
  return null;
}

function Contents() {
  const contents = useChatStore((state) => state.ids.map((id) => state.messages[id]?.content).join('|'));
  return <p data-testid="contents">{contents}</p>;
}

function Last() {
  const last = useChatStore((state) => state.messages[state.ids.at(-1) ?? '']);
  return <p data-testid="last">{`${last?.status}:${last?.content}`}</p>;
}

const countRenders: number[] = [];
function CountRenders() {
  countRenders.push(useChatStore((state) => state.ids.length));
  return null;
}

/** Sends once from a mount effect, guarded by a ref as apps do; records the last message shown. */
const seen: string[] = [];
function AutoSend({ options }: { options?: UseChatOptions }) {
  const { send, messages } = useChatStream(options);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void send('hi');
  }, [send]);
  const last = messages.at(-1);
  seen.push(`${last?.status}:${last?.content}`);
  return null;
}

const send = (text: string) => sender.send?.(text) ?? Promise.resolve();

afterEach(() => {
  localStorage.clear();
  sender.send = undefined;
  countRenders.length = 0;
});

describe('provider lifecycle and persistence', () => {
  it('StrictMode with a provider: one store, one request per send', async () => {
    const fake = createFakeClient(textReply('once'));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StrictMode>
        <ChatProvider client={fake.client}>{children}</ChatProvider>
      </StrictMode>
    );
    const { result } = renderHook(() => useChatStream(), { wrapper });
    const store = result.current.store;
    await act(() => result.current.send('hi'));
    expect(fake.requests).toHaveLength(1);
    expect(result.current.store).toBe(store);
    expect(result.current.messages).toHaveLength(2);
  });

  it('StrictMode: a send from a run-once mount effect is not aborted by the effects run twice', async () => {
    // The usual guard (a ref) sends once; StrictMode's cleanup between the two runs must not
    // stop that request, with a store of the hook's own or of a provider.
    const fake = createFakeClient(textReply('own reply'), textReply('provider reply'));
    seen.length = 0;
    render(
      <StrictMode>
        <AutoSend options={{ client: fake.client }} />
      </StrictMode>,
    );
    await act(() => tick(10));
    expect(seen.at(-1)).toBe('done:own reply');
    render(
      <StrictMode>
        <ChatProvider client={fake.client}>
          <AutoSend />
        </ChatProvider>
      </StrictMode>,
    );
    await act(() => tick(10));
    expect(seen.at(-1)).toBe('done:provider reply');
    expect(fake.signals.map((signal) => signal.aborted)).toEqual([false, false]);
  });

  it('unmounting the provider aborts its stream; a given store is left running', async () => {
    const fake = createFakeClient();
    const owned = render(
      <ChatProvider client={fake.client}>
        <Sender />
      </ChatProvider>,
    );
    act(() => {
      void send('hi');
    });
    await fake.stream(0);
    owned.unmount();
    await Promise.resolve();
    expect(fake.signals[0]?.aborted).toBe(true);

    const store = createChatStore({ client: fake.client });
    const given = render(
      <ChatProvider store={store}>
        <Sender />
      </ChatProvider>,
    );
    act(() => {
      void send('hi');
    });
    await fake.stream(1);
    given.unmount();
    await Promise.resolve();
    expect(fake.signals[1]?.aborted).toBe(false);
    store.abort();
  });

  it("a hook unmounted inside a provider leaves the provider's reply running, without the hook's callbacks", async () => {
    const fake = createFakeClient();
    const onFinish = vi.fn();
    const view = render(
      <ChatProvider client={fake.client} throttleMs={0}>
        <Sender options={{ onFinish }} />
        <Last />
      </ChatProvider>,
    );
    act(() => {
      void send('hi');
    });
    const live = await fake.stream(0);
    view.rerender(
      <ChatProvider client={fake.client} throttleMs={0}>
        <Last />
      </ChatProvider>,
    );
    await act(async () => {
      live.push(textChunk('still '), textChunk('here'));
      live.end();
      await tick();
    });
    expect(fake.signals[0]?.aborted).toBe(false);
    expect(screen.getByTestId('last').textContent).toBe('done:still here');
    expect(onFinish).not.toHaveBeenCalled();
  });

  it('persists to localStorage by default and restores after a remount (a reload)', async () => {
    const fake = createFakeClient(textReply('remembered'));
    const first = render(
      <ChatProvider
        client={fake.client}
        clientOptions={{ apiKey: 'sk-never-stored' }}
        storeOptions={{ persist: { key: 'app-chat' } }}
      >
        <Sender />
        <Contents />
      </ChatProvider>,
    );
    await act(() => send('hi'));
    first.unmount();
    expect(localStorage.getItem('app-chat')).toContain('remembered');
    expect(localStorage.getItem('app-chat')).not.toContain('sk-never-stored');
    render(
      <ChatProvider storeOptions={{ persist: { key: 'app-chat' } }}>
        <Contents />
      </ChatProvider>,
    );
    expect(screen.getByTestId('contents').textContent).toBe('hi|remembered');
  });

  it("a mounted provider shows another tab's messages as that tab writes them", async () => {
    render(
      <ChatProvider
        client={createFakeClient(textReply('mine')).client}
        storeOptions={{ persist: { key: 'tabs' } }}
      >
        <Sender />
        <Contents />
      </ChatProvider>,
    );
    await act(() => send('here'));
    // Another tab of the app: its own store over the same localStorage key.
    const other = createChatStore({
      client: createFakeClient(textReply('theirs')).client,
      persist: { key: 'tabs' },
    });
    await other.getState().send('there');
    // The browser tells the other tabs with a `storage` event (never the writing one).
    act(() => {
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: 'tabs',
          newValue: localStorage.getItem('tabs'),
          storageArea: localStorage,
        }),
      );
    });
    expect(screen.getByTestId('contents').textContent).toBe('here|mine|there|theirs');
  });

  it('a standalone hook follows other tabs while mounted, and stops on unmount', async () => {
    const { result, unmount } = renderHook(() =>
      useChatStream({ client: createFakeClient(textReply('mine')).client, persist: { key: 'solo' } }),
    );
    await act(() => result.current.send('here'));
    const store = result.current.store;
    const other = createChatStore({
      client: createFakeClient(textReply('theirs'), textReply('late')).client,
      persist: { key: 'solo' },
    });
    const tell = () =>
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: 'solo',
          newValue: localStorage.getItem('solo'),
          storageArea: localStorage,
        }),
      );
    await other.getState().send('there');
    act(tell);
    expect(result.current.messages.map((message) => message.content)).toEqual([
      'here',
      'mine',
      'there',
      'theirs',
    ]);
    unmount();
    const before = store.getState();
    await other.getState().send('after unmount');
    tell();
    expect(store.getState()).toBe(before);
  });

  it("a hook's own store shown again after a given store takes in what other tabs wrote meanwhile", async () => {
    const fake = createFakeClient(textReply('mine'), textReply('theirs'), textReply('mine again'));
    const given = createChatStore({ client: fake.client });
    const { result, rerender } = renderHook(
      (props: { store?: ChatStoreApi | undefined }) =>
        useChatStream({ client: fake.client, persist: { key: 'back' }, ...props }),
      { initialProps: {} },
    );
    await act(() => result.current.send('here'));
    rerender({ store: given });
    // While the given store is shown, another tab adds a thread (its event is not followed).
    const other = createChatStore({ client: fake.client, persist: { key: 'back' } });
    other.getState().createThread();
    await other.getState().send('there');
    act(() => {
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: 'back',
          newValue: localStorage.getItem('back'),
          storageArea: localStorage,
        }),
      );
    });
    rerender({});
    await act(() => result.current.send('here again'));
    // Its write keeps the other tab's thread.
    expect(result.current.store.getState().threads).toHaveLength(2);
    expect(localStorage.getItem('back')).toContain('there');
  });

  it('skipHydration reads the storage after mount (SSR-safe first render)', async () => {
    const seed = createChatStore({
      client: createFakeClient(textReply('later')).client,
      persist: { key: 'k2' },
    });
    await seed.getState().send('stored');
    render(
      <ChatProvider storeOptions={{ persist: { key: 'k2', skipHydration: true } }}>
        <CountRenders />
      </ChatProvider>,
    );
    await act(() => tick());
    expect(countRenders[0]).toBe(0);
    expect(countRenders.at(-1)).toBe(2);
  });

  it('a quota error is reported through onStorageError and the chat goes on', async () => {
    const onStorageError = vi.fn();
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    const fake = createFakeClient(textReply('fine'));
    const { result } = renderHook(() =>
      useChatStream({ client: fake.client, onStorageError, persist: { key: 'q', storage } }),
    );
    await act(async () => {
      await result.current.send('hi');
      await tick();
    });
    expect(result.current.messages.at(-1)?.content).toBe('fine');
    expect(onStorageError).toHaveBeenCalledTimes(1);
    expect(result.current.store.getState().storageError?.name).toBe('QuotaExceededError');
  });

  it('a mid-stream remount (reload) shows the interrupted reply as incomplete', async () => {
    const fake = createFakeClient();
    const first = render(
      <ChatProvider client={fake.client} storeOptions={{ persist: { key: 'mid', throttleMs: 0 } }}>
        <Sender options={{ throttleMs: 0 }} />
      </ChatProvider>,
    );
    act(() => {
      void send('hi');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('half'));
      await tick();
    });
    // A reload: the page is gone before any cleanup runs, so keep the storage as it is now.
    const snapshot = localStorage.getItem('mid');
    first.unmount();
    localStorage.setItem('mid', snapshot ?? '');
    render(
      <ChatProvider storeOptions={{ persist: { key: 'mid' } }}>
        <Last />
      </ChatProvider>,
    );
    expect(screen.getByTestId('last').textContent).toBe('incomplete:half');
  });
});

/** A chat of its own, persisted under `persistKey`. */
function PersistedChat({ persistKey }: { persistKey: string }) {
  return (
    <ChatProvider client={createFakeClient().client} storeOptions={{ persist: { key: persistKey } }}>
      <Contents />
    </ChatProvider>
  );
}

describe('development warning: two chats mounted on one persist key', () => {
  const warned = () =>
    vi
      .mocked(console.warn)
      .mock.calls.filter(([message]) => String(message).startsWith('react-chat-completions: two chats'));
  const spyOnWarn = () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => spy.mockRestore());
  };

  it('warns once, naming the key, when a second chat is mounted on it', () => {
    spyOnWarn();
    render(
      <>
        <PersistedChat persistKey="shared" />
        <PersistedChat persistKey="shared" />
        <PersistedChat persistKey="shared" />
      </>,
    );
    expect(warned()).toHaveLength(1);
    expect(warned()[0]?.[0]).toContain('"shared"');
    expect(warned()[0]?.[0]).toContain('persist.key');
  });

  it('does not warn for chats on keys of their own, under StrictMode, for one chat remounted, or for windows of one provider', () => {
    spyOnWarn();
    const first = render(
      <StrictMode>
        <PersistedChat persistKey="left" />
        <PersistedChat persistKey="right" />
      </StrictMode>,
    );
    first.unmount();
    // The same key again once the first chat on it is gone (a route change, a reload).
    render(<PersistedChat persistKey="left" />);
    // One provider's store shown by two parts (two windows of one chat): one chat.
    render(
      <ChatProvider client={createFakeClient().client} storeOptions={{ persist: { key: 'one-chat' } }}>
        <Contents />
        <Sender />
        <Sender />
      </ChatProvider>,
    );
    expect(warned()).toEqual([]);
  });

  it('is left out of production builds (`process.env.NODE_ENV`)', () => {
    spyOnWarn();
    vi.stubEnv('NODE_ENV', 'production');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    render(
      <>
        <PersistedChat persistKey="prod" />
        <PersistedChat persistKey="prod" />
      </>,
    );
    expect(warned()).toEqual([]);
  });
});

describe('a `store` option that comes and goes', () => {
  const wrapper = StrictMode;
  type StoreProps = { store?: ChatStoreApi | undefined };

  it('useChatStream: a given store, then one of its own (created once, aborted on unmount), and back', async () => {
    const fake = createFakeClient(textReply('given reply'));
    const given = createChatStore({ client: fake.client });
    const { result, rerender, unmount } = renderHook(
      (props: StoreProps) => useChatStream({ client: fake.client, ...props }),
      { wrapper, initialProps: { store: given } as StoreProps },
    );
    await act(() => result.current.send('to the given store'));
    rerender({ store: undefined });
    const own = result.current.store;
    expect(own).not.toBe(given);
    expect(result.current.messages).toEqual([]);
    act(() => {
      void result.current.send('to its own');
    });
    await fake.stream(0);
    rerender({ store: given });
    expect(result.current.store).toBe(given);
    expect(result.current.messages).toHaveLength(2);
    // The store it no longer shows stops, as on unmount.
    await act(() => tick());
    expect(fake.signals[1]?.aborted).toBe(true);
    rerender({ store: undefined });
    expect(result.current.store).toBe(own);
    expect(result.current.messages.map((message) => message.content)).toEqual(['to its own']);
    act(() => {
      void result.current.send('again');
    });
    await fake.stream(1);
    unmount();
    await Promise.resolve();
    expect(fake.signals[2]?.aborted).toBe(true);
  });

  it('useChatStream: its own store first, then a given one, then its own again', async () => {
    const fake = createFakeClient(textReply('own reply'));
    const given = createChatStore({ client: fake.client });
    const { result, rerender } = renderHook(
      (props: StoreProps) => useChatStream({ client: fake.client, ...props }),
      { wrapper, initialProps: {} as StoreProps },
    );
    const own = result.current.store;
    await act(() => result.current.send('hi'));
    rerender({ store: given });
    expect(result.current.store).toBe(given);
    expect(result.current.messages).toEqual([]);
    rerender({});
    expect(result.current.store).toBe(own);
    expect(result.current.messages.map((message) => message.content)).toEqual(['hi', 'own reply']);
  });

  it('the reply its own store stops when a given store comes calls the callbacks of that render', async () => {
    const fake = createFakeClient();
    const given = createChatStore({ client: fake.client });
    const first = vi.fn();
    const latest = vi.fn();
    const { result, rerender } = renderHook(
      (props: StoreProps & { onFinish: () => void }) => useChatStream({ client: fake.client, ...props }),
      { wrapper, initialProps: { onFinish: first } as StoreProps & { onFinish: () => void } },
    );
    act(() => {
      void result.current.send('hi');
    });
    const stream = await fake.stream(0);
    await act(async () => {
      stream.push(textChunk('half'));
      await tick();
    });
    rerender({ store: given, onFinish: latest });
    await act(() => tick());
    expect(fake.signals[0]?.aborted).toBe(true);
    expect(first).not.toHaveBeenCalled();
    expect(latest).toHaveBeenCalledOnce();
    expect(latest.mock.calls[0]?.[0]).toMatchObject({ isAbort: true });
  });

  it('useChatCompletion: a given store, then one of its own that sends', async () => {
    const fake = createFakeClient(textReply('whole'));
    const given = createChatStore({ client: fake.client });
    const { result, rerender } = renderHook(
      (props: StoreProps) => useChatCompletion({ client: fake.client, ...props }),
      { wrapper, initialProps: { store: given } as StoreProps },
    );
    rerender({ store: undefined });
    expect(result.current.store).not.toBe(given);
    await act(() => result.current.send('hi'));
    expect(result.current.messages.map((message) => message.content)).toEqual(['hi', 'whole']);
    expect(given.getState().ids).toEqual([]);
  });

  it('ChatProvider: a given store, then one of its own (kept while the store stays away), and back', async () => {
    const fake = createFakeClient(textReply('own reply'));
    const given = createChatStore({ client: fake.client });
    const view = (store?: ChatStoreApi) => (
      <StrictMode>
        <ChatProvider client={fake.client} store={store}>
          <Sender />
          <Contents />
        </ChatProvider>
      </StrictMode>
    );
    const { rerender } = render(view(given));
    rerender(view());
    await act(() => send('hi'));
    expect(given.getState().ids).toEqual([]);
    expect(screen.getByTestId('contents').textContent).toBe('hi|own reply');
    rerender(view(given));
    expect(screen.getByTestId('contents').textContent).toBe('');
    rerender(view());
    expect(screen.getByTestId('contents').textContent).toBe('hi|own reply');
  });
});
