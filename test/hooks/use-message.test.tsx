import { act, render, renderHook, screen } from '@testing-library/react';
import { memo, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatProvider,
  createChatStore,
  MessageList,
  useChatStore,
  useChatStoreApi,
  useMessage,
  useMessageIds,
} from '../../src/index.js';
import { createFakeClient, textChunk, textReply, tick } from '../store/helpers.js';

const rowRenders = new Map<string, number>();
const listRenders = { count: 0 };

const Row = memo(function Row({ id }: { id: string }) {
  const message = useMessage(id);
  rowRenders.set(id, (rowRenders.get(id) ?? 0) + 1);
  return <li data-testid={`row-${message?.role}`}>{String(message?.content ?? '')}</li>;
});

function List() {
  const ids = useMessageIds();
  listRenders.count++;
  return (
    <ul>
      {ids.map((id) => (
        <Row key={id} id={id} />
      ))}
    </ul>
  );
}

describe('per-message subscriptions', () => {
  it('a streamed token re-renders only the streaming row', async () => {
    const fake = createFakeClient(textReply('first answer'));
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    await store.getState().send('first question');
    rowRenders.clear();
    listRenders.count = 0;
    render(
      <ChatProvider store={store}>
        <List />
      </ChatProvider>,
    );
    const settled = [...store.getState().ids];
    act(() => {
      void store.getState().send('second');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('a'));
      await tick();
    });
    const listAfterCreation = listRenders.count;
    const settledCounts = settled.map((id) => rowRenders.get(id));
    const streamingId = store.getState().ids.at(-1) as string;
    const streamingBefore = rowRenders.get(streamingId) ?? 0;
    for (const token of ['b', 'c', 'd', 'e']) {
      await act(async () => {
        live.push(textChunk(token));
        await tick();
      });
    }
    expect(listRenders.count).toBe(listAfterCreation);
    expect(settled.map((id) => rowRenders.get(id))).toEqual(settledCounts);
    expect(rowRenders.get(streamingId)).toBe(streamingBefore + 4);
    expect(screen.getAllByTestId('row-assistant').at(-1)?.textContent).toBe('abcde');
    act(() => store.getState().stop());
  });

  it('useMessageIds keeps its array identity while the path does not change', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider store={store}>{children}</ChatProvider>
    );
    const { result } = renderHook(() => useMessageIds(), { wrapper });
    act(() => {
      void store.getState().send('hi');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('x'));
      await tick();
    });
    const during = result.current;
    await act(async () => {
      live.push(textChunk('y'));
      await tick();
    });
    expect(result.current).toBe(during);
    expect(result.current).toHaveLength(2);
    act(() => store.getState().stop());
  });

  it('useChatStore selects slices and useChatStoreApi returns the provider store', () => {
    const store = createChatStore();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider store={store}>{children}</ChatProvider>
    );
    const { result } = renderHook(
      () => ({ api: useChatStoreApi(), status: useChatStore((state) => state.status) }),
      {
        wrapper,
      },
    );
    expect(result.current.api).toBe(store);
    expect(result.current.status).toBe('idle');
  });

  it.each<[string, () => unknown]>([
    ['useChatStore', () => useChatStore((state) => state.status)],
    ['useMessage', () => useMessage('any')],
    ['useMessageIds', () => useMessageIds()],
    ['useChatStoreApi', () => useChatStoreApi()],
  ])('outside a provider, %s throws, saying how to fix it', (_name, hook) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(hook)).toThrow(/inside <ChatProvider>/);
  });

  it('outside a provider, a part says it is one of the chat parts that need a store', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<MessageList.Default />)).toThrow(/Chat parts and hooks \(MessageList, ChatComposer/);
  });
});
