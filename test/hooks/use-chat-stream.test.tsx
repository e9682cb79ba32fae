import { act, render, renderHook, screen } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatProvider,
  type ChatTool,
  createChatStore,
  useChatStore,
  useChatStream,
} from '../../src/index.js';
import type { ChatClientLike } from '../../src/store/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import {
  createFakeClient,
  finishChunk,
  textChunk,
  textReply,
  tick,
  toolCallChunks,
} from '../store/helpers.js';

function Count({ label }: { label: string }) {
  const count = useChatStore((state) => state.ids.length);
  return <span data-testid={label}>{count}</span>;
}

const sender: { send: ((text: string) => Promise<unknown>) | undefined } = { send: undefined };
function Sender() {
  sender.send = useChatStream().send;
  return null;
}

/** A hook that makes its own store and shows it through a provider, as in the README. */
const owner: { client?: ChatClientLike; chat?: ReturnType<typeof useChatStream> } = {};
function StoreOwner() {
  const chat = useChatStream({ client: owner.client, request: { model: 'hook/model', seed: 3 } });
  owner.chat = chat;
  return (
    <ChatProvider store={chat.store} request={{ model: 'provider/model' }}>
      <Sender />
    </ChatProvider>
  );
}

function FirstLayer() {
  useChatStream({ request: { temperature: 0.1, seed: 1 } });
  return null;
}
function SecondLayer() {
  sender.send = useChatStream({ request: { temperature: 0.2 } }).send;
  return null;
}

const contents = (messages: { role: string; content?: unknown }[]) =>
  messages.map((message) => `${message.role}:${typeof message.content === 'string' ? message.content : ''}`);

describe('useChatStream', () => {
  it('works without a provider: send, stream, done', async () => {
    const fake = createFakeClient(textReply('Hello there'));
    const { result } = renderHook(() => useChatStream({ client: fake.client, throttleMs: 0 }));
    expect(result.current.status).toBe('idle');
    await act(() => result.current.send('Hi'));
    expect(contents(result.current.messages)).toEqual(['user:Hi', 'assistant:Hello there']);
    expect(result.current.status).toBe('idle');
    expect(result.current.usage.total_tokens).toBe(7);
  });

  it('streams through the core client and the mock endpoint', async () => {
    const fetch = createMockFetch({ tokenDelayMs: 0, replies: ['Streamed **reply**.'] });
    const { result } = renderHook(() =>
      useChatStream({
        clientOptions: { baseUrl: 'http://127.0.0.1/api/v1', fetch },
        request: { model: 'mock/text' },
      }),
    );
    await act(() => result.current.send('Hi'));
    expect(result.current.messages.at(-1)).toMatchObject({ status: 'done', content: 'Streamed **reply**.' });
  });

  it('shows the streaming state between tokens', async () => {
    const fake = createFakeClient();
    const { result } = renderHook(() => useChatStream({ client: fake.client, throttleMs: 0 }));
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.send('Hi');
    });
    expect(result.current.status).toBe('submitted');
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Hel'));
      await tick();
    });
    expect(result.current.status).toBe('streaming');
    expect(result.current.messages.at(-1)).toMatchObject({ status: 'streaming', content: 'Hel' });
    await act(async () => {
      result.current.stop();
      await sent;
    });
    expect(result.current.messages.at(-1)).toMatchObject({ status: 'incomplete', content: 'Hel' });
  });

  it('reads options fresh at every request and calls the latest callbacks', async () => {
    const fake = createFakeClient(textReply('1'), textReply('2'));
    const first = vi.fn();
    const second = vi.fn();
    const { result, rerender } = renderHook(
      (props: { model: string; onFinish: () => void }) =>
        useChatStream({ client: fake.client, request: { model: props.model }, onFinish: props.onFinish }),
      { initialProps: { model: 'model/a', onFinish: first } },
    );
    await act(() => result.current.send('one'));
    rerender({ model: 'model/b', onFinish: second });
    await act(() => result.current.send('two'));
    expect(fake.requests.map((request) => request.model)).toEqual(['model/a', 'model/b']);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('client options (headers, base URL) changed between renders apply to the next request', async () => {
    const seen: string[] = [];
    const fetch = createMockFetch({
      tokenDelayMs: 0,
      onRequest: (_body, request) => seen.push(`${request.url} ${request.headers.get('x-team')}`),
    });
    const { result, rerender } = renderHook(
      (props: { team: string; base: string }) =>
        useChatStream({
          clientOptions: { baseUrl: props.base, fetch, headers: { 'x-team': props.team } },
          request: { model: 'mock/text' },
        }),
      { initialProps: { team: 'red', base: 'http://127.0.0.1/a' } },
    );
    await act(() => result.current.send('one'));
    rerender({ team: 'blue', base: 'http://127.0.0.1/b' });
    await act(() => result.current.send('two'));
    expect(seen).toEqual([
      'http://127.0.0.1/a/chat/completions red',
      'http://127.0.0.1/b/chat/completions blue',
    ]);
  });

  it('inside a provider, hooks share the store and layer their options over the provider', async () => {
    const fake = createFakeClient(textReply('shared'));
    const onFinish = vi.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider client={fake.client} request={{ model: 'provider/model', temperature: 0.1 }}>
        {children}
      </ChatProvider>
    );
    const { result } = renderHook(
      () => ({
        chat: useChatStream({ request: { temperature: 0.9 }, onFinish }),
        status: useChatStore((state) => state.status),
        ids: useChatStore((state) => state.ids),
      }),
      { wrapper },
    );
    await act(() => result.current.chat.send('hi'));
    expect(result.current.ids).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({ model: 'provider/model', temperature: 0.9 });
    expect(onFinish).toHaveBeenCalledTimes(1);
  });

  it("a provider given a store: the hooks inside still layer their options over the provider's", async () => {
    // The app's store (as `store` from an outer useChatStream), a provider showing it, a hook below.
    const fake = createFakeClient(textReply('one'), textReply('two'));
    const store = createChatStore({ client: fake.client, request: { model: 'store/model', seed: 1 } });
    const providerFinish = vi.fn();
    const hookFinish = vi.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StrictMode>
        <ChatProvider
          store={store}
          request={{ model: 'provider/model', temperature: 0.1 }}
          system="From the provider."
          onFinish={providerFinish}
        >
          {children}
        </ChatProvider>
      </StrictMode>
    );
    const { result, rerender } = renderHook(
      (props: { temperature: number }) =>
        useChatStream({
          request: { temperature: props.temperature },
          system: 'From the hook.',
          onFinish: hookFinish,
        }),
      { wrapper, initialProps: { temperature: 0.9 } },
    );
    await act(() => result.current.send('hi'));
    rerender({ temperature: 0.7 });
    await act(() => result.current.send('again'));
    expect(fake.requests.map(({ model, seed, temperature }) => [model, seed, temperature])).toEqual([
      ['provider/model', 1, 0.9],
      ['provider/model', 1, 0.7],
    ]);
    expect(fake.requests[0]?.messages[0]).toEqual({ role: 'system', content: 'From the hook.' });
    // Callbacks of every layer run.
    expect([providerFinish.mock.calls.length, hookFinish.mock.calls.length]).toEqual([2, 2]);
  });

  it('<ChatProvider store={chat.store} request={…}> overrides the options of the hook that made the store, its sends included', async () => {
    const fake = createFakeClient(textReply('one'), textReply('two'));
    owner.client = fake.client;
    render(<StoreOwner />);
    await act(() => owner.chat?.send('from the hook that made the store'));
    await act(() => sender.send?.('from a hook under the provider'));
    expect(fake.requests.map(({ model, seed }) => [model, seed])).toEqual([
      ['provider/model', 3],
      ['provider/model', 3],
    ]);
  });

  it('two hooks under one provider: where their options meet, the one that took the store last wins', async () => {
    const fake = createFakeClient(textReply('one'));
    render(
      <ChatProvider client={fake.client} request={{ model: 'provider/model', temperature: 0.5 }}>
        <FirstLayer />
        <SecondLayer />
      </ChatProvider>,
    );
    await act(() => sender.send?.('hi'));
    expect(fake.requests[0]).toMatchObject({ model: 'provider/model', temperature: 0.2, seed: 1 });
  });

  it("options set to undefined keep the provider's and the store options' values", async () => {
    const fake = createFakeClient(textReply('shared'));
    // An app's wrappers passing on their own optional props, which they were not given.
    const app: { system?: string | undefined; model?: string | undefined } = {};
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider
        client={fake.client}
        request={{ model: 'provider/model' }}
        system={app.system}
        storeOptions={{ system: 'Be brief.' }}
      >
        {children}
      </ChatProvider>
    );
    const { result } = renderHook(() => useChatStream({ request: { model: app.model, temperature: 0.9 } }), {
      wrapper,
    });
    await act(() => result.current.send('hi'));
    expect(fake.requests[0]).toMatchObject({ model: 'provider/model', temperature: 0.9 });
    expect(fake.requests[0]?.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('two providers never share state', async () => {
    const fake = createFakeClient(textReply('a'));
    render(
      <>
        <ChatProvider client={fake.client}>
          <Count label="first" />
          <Sender />
        </ChatProvider>
        <ChatProvider client={fake.client}>
          <Count label="second" />
        </ChatProvider>
      </>,
    );
    await act(() => sender.send?.('hi') ?? Promise.resolve());
    expect(screen.getByTestId('first').textContent).toBe('2');
    expect(screen.getByTestId('second').textContent).toBe('0');
  });

  it('StrictMode: the store is created once per component and one send is one request', async () => {
    const fake = createFakeClient(textReply('only once'));
    const { result } = renderHook(() => useChatStream({ client: fake.client }), { wrapper: StrictMode });
    const store = result.current.store;
    await act(() => result.current.send('hi'));
    expect(fake.requests).toHaveLength(1);
    expect(result.current.store).toBe(store);
    expect(contents(result.current.messages)).toEqual(['user:hi', 'assistant:only once']);
  });

  it('unmounting mid-stream aborts the request, with no update or warning after unmount', async () => {
    const errors = vi.spyOn(console, 'error');
    const fake = createFakeClient();
    const { result, unmount } = renderHook(() => useChatStream({ client: fake.client, throttleMs: 0 }));
    act(() => {
      void result.current.send('hi');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('partial'));
      await tick();
    });
    const store = result.current.store;
    const renders = vi.fn();
    store.subscribe(renders);
    unmount();
    // The abort waits a microtask: StrictMode's effect re-run right after a cleanup cancels it.
    await Promise.resolve();
    expect(fake.signals[0]?.aborted).toBe(true);
    renders.mockClear();
    live.push(textChunk(' more'));
    await tick();
    expect(renders).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
  });

  it('returns what the README lists: the state, every action (functions) and the store', () => {
    const { result } = renderHook(() => useChatStream({ client: createFakeClient().client }));
    const state = ['messages', 'status', 'error', 'usage', 'queue', 'store'];
    const actions = [
      'send',
      'stop',
      'regenerate',
      'edit',
      'retry',
      'switchBranch',
      'setMessages',
      'clear',
      'clearError',
      'cancelQueued',
      'addToolResult',
      'approveToolCall',
      'denyToolCall',
    ];
    expect(Object.keys(result.current).sort()).toEqual([...state, ...actions].sort());
    for (const name of actions)
      expect(result.current[name as keyof typeof result.current]).toBeTypeOf('function');
    expect(result.current.store.getState().send).toBe(result.current.send);
  });

  it('exposes every action: regenerate, edit, retry, setMessages, clear', async () => {
    const fake = createFakeClient(textReply('A1'), textReply('A1 again'), textReply('A1 edited'));
    const { result } = renderHook(() => useChatStream({ client: fake.client }));
    await act(() => result.current.send('Q1'));
    await act(() => result.current.regenerate());
    expect(contents(result.current.messages)).toEqual(['user:Q1', 'assistant:A1 again']);
    const q1 = result.current.messages[0]?.id as string;
    await act(() => result.current.edit(q1, 'Q1 edited'));
    expect(contents(result.current.messages)).toEqual(['user:Q1 edited', 'assistant:A1 edited']);
    act(() => result.current.switchBranch(q1));
    expect(contents(result.current.messages)).toEqual(['user:Q1', 'assistant:A1 again']);
    fake.script(new Error('boom'), textReply('recovered'));
    await act(() => result.current.send('Q2'));
    expect(result.current.status).toBe('error');
    expect(result.current.error?.message).toBe('boom');
    await act(() => result.current.retry());
    expect(contents(result.current.messages).slice(-2)).toEqual(['user:Q2', 'assistant:recovered']);
    act(() => result.current.setMessages([{ role: 'user', content: 'replaced' }]));
    expect(contents(result.current.messages)).toEqual(['user:replaced']);
    act(() => result.current.clear());
    expect(result.current.messages).toEqual([]);
  });

  it('tool approval, denial and results through the hook', async () => {
    const execute = vi.fn(() => 'ran');
    const tools: ChatTool[] = [{ name: 'risky', execute, needsApproval: true }, { name: 'manual' }];
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_risky', name: 'risky', args: '{}' },
        { id: 'call_deny', name: 'risky', args: '{}' },
        { id: 'call_manual', name: 'manual', args: '{}' },
      ]),
      textReply('all done'),
    );
    const { result } = renderHook(() => useChatStream({ client: fake.client, tools }));
    await act(() => result.current.send('go'));
    const calls = () => result.current.messages[1]?.toolCalls ?? {};
    expect(calls().call_risky?.state).toBe('awaiting-approval');
    expect(calls().call_manual?.state).toBe('pending');
    await act(async () => {
      result.current.approveToolCall('call_risky');
      result.current.denyToolCall('call_deny', 'no');
      await tick();
    });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(fake.requests).toHaveLength(1);
    await act(async () => {
      result.current.addToolResult('call_manual', { ok: true });
      await tick(10);
    });
    expect(fake.requests).toHaveLength(2);
    expect(contents(result.current.messages).at(-1)).toBe('assistant:all done');
    expect(calls().call_deny?.state).toBe('denied');
  });

  it('queue: messages sent while busy are visible and cancellable', async () => {
    const fake = createFakeClient();
    const { result } = renderHook(() => useChatStream({ client: fake.client }));
    act(() => {
      void result.current.send('one');
    });
    await fake.stream(0);
    await act(() => result.current.send('two'));
    expect(result.current.queue.map((item) => item.content)).toEqual(['two']);
    act(() => result.current.cancelQueued(result.current.queue[0]?.id as string));
    expect(result.current.queue).toEqual([]);
    act(() => result.current.stop());
  });

  it('send twice in one task (a double click): one request, the second message queued and sent after it', async () => {
    const fake = createFakeClient();
    const { result } = renderHook(() => useChatStream({ client: fake.client, throttleMs: 0 }));
    act(() => {
      void result.current.send('one');
      void result.current.send('two');
    });
    expect(contents(result.current.messages)).toEqual(['user:one']);
    expect(result.current.queue.map((item) => item.content)).toEqual(['two']);
    const first = await fake.stream(0);
    expect(fake.requests).toHaveLength(1);
    await act(async () => {
      first.push(...textReply('r1'));
      first.end();
      await tick();
    });
    const second = await fake.stream(1);
    expect(result.current.queue).toEqual([]);
    expect(fake.requests[1]?.messages.map((message) => message.content)).toEqual(['one', 'r1', 'two']);
    await act(async () => {
      second.push(...textReply('r2'));
      second.end();
      await tick();
    });
    expect(contents(result.current.messages)).toEqual([
      'user:one',
      'assistant:r1',
      'user:two',
      'assistant:r2',
    ]);
    expect(result.current.status).toBe('idle');
  });

  it('callbacks replaced by a render while a reply streams: its later chunks and its finish call the new ones', async () => {
    const fake = createFakeClient();
    const before = { onChunk: vi.fn(), onFinish: vi.fn() };
    const after = { onChunk: vi.fn(), onFinish: vi.fn() };
    const { result, rerender } = renderHook(
      (callbacks: typeof before) => useChatStream({ client: fake.client, throttleMs: 0, ...callbacks }),
      { initialProps: before },
    );
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.send('hi');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Hel'));
      await tick();
    });
    rerender(after);
    await act(async () => {
      live.push(textChunk('lo'), finishChunk());
      live.end();
      await sent;
    });
    expect([before.onChunk.mock.calls.length, after.onChunk.mock.calls.length]).toEqual([1, 2]);
    expect(before.onFinish).not.toHaveBeenCalled();
    expect(after.onFinish).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.objectContaining({ content: 'Hello' }) }),
    );
  });

  it('a stopped reply keeps its text; retry() asks again without a second user message', async () => {
    const fake = createFakeClient();
    const { result } = renderHook(() => useChatStream({ client: fake.client, throttleMs: 0 }));
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.send('Tell me');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Once upon'));
      await tick();
      result.current.stop();
      await sent;
    });
    expect(result.current).toMatchObject({ status: 'idle', error: undefined });
    const stopped = result.current.messages[1];
    expect(stopped).toMatchObject({ status: 'incomplete', content: 'Once upon' });
    fake.script(textReply('Once upon a time.'));
    await act(() => result.current.retry());
    expect(contents(result.current.messages)).toEqual(['user:Tell me', 'assistant:Once upon a time.']);
    // The stopped reply stays as the earlier version; the request asked from the user message.
    expect(result.current.store.getState().messages[stopped?.id as string]?.content).toBe('Once upon');
    expect(fake.requests[1]?.messages).toEqual([{ role: 'user', content: 'Tell me' }]);
    const users = Object.values(result.current.store.getState().messages).filter(
      (message) => message.role === 'user',
    );
    expect(users).toHaveLength(1);
  });

  it('onError comes before onFinish({ isError }); a reply cut before its first token has no onFinish', async () => {
    const events: string[] = [];
    const fake = createFakeClient();
    const { result } = renderHook(() =>
      useChatStream({
        client: fake.client,
        throttleMs: 0,
        onError: (error) => events.push(`error ${error.message} (${result.current.store.getState().status})`),
        onFinish: ({ message, isError, isAbort }) =>
          events.push(`finish ${message.content} error=${isError} abort=${isAbort}`),
      }),
    );
    // Cut mid-reply: the partial reply is reported after the error, the chat already in 'error'.
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.send('a');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('partial'));
      await tick();
      live.fail(new Error('cut'));
      await sent;
    });
    expect(events).toEqual(['error cut (error)', 'finish partial error=true abort=false']);
    // Refused before any token, then stopped before any token: no reply, so no onFinish.
    fake.script(new Error('refused'));
    await act(() => result.current.send('b'));
    act(() => {
      sent = result.current.send('c');
    });
    await fake.stream(1);
    await act(async () => {
      result.current.stop();
      await sent;
    });
    expect(events.slice(2)).toEqual(['error refused (error)']);
    expect(contents(result.current.messages)).toEqual(['user:a', 'assistant:partial', 'user:b', 'user:c']);
  });

  it('uses a given store', async () => {
    const fake = createFakeClient(textReply('x'));
    const store = createChatStore({ client: fake.client });
    const { result } = renderHook(() => useChatStream({ store }));
    expect(result.current.store).toBe(store);
    await act(() => result.current.send('hi'));
    expect(store.getState().ids).toHaveLength(2);
  });
});

describe('useChatStream: what send resolves with', () => {
  const weather: ChatTool<{ city: string }> = {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: () => ({ temperature: 21 }),
  };

  it('the reply as the chat shows it: done, failed (never a rejection), stopped', async () => {
    const fake = createFakeClient(textReply('Hello there'));
    const onError = vi.fn();
    const { result } = renderHook(() => useChatStream({ client: fake.client, throttleMs: 0, onError }));
    const done = await act(() => result.current.send('Hi'));
    expect(done).toMatchObject({ role: 'assistant', content: 'Hello there', status: 'done' });
    expect(done).toBe(result.current.messages.at(-1));

    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.send('Again');
    });
    const failing = await fake.stream(0);
    const failed = await act(async () => {
      failing.push(textChunk('Half'));
      await tick();
      failing.fail(new Error('cut'));
      return sent;
    });
    expect(failed).toMatchObject({ content: 'Half', status: 'error', error: { message: 'cut' } });
    expect(failed).toBe(result.current.messages.at(-1));
    expect(onError).toHaveBeenCalledTimes(1);

    act(() => {
      sent = result.current.send('Once more');
    });
    const stopping = await fake.stream(1);
    const stopped = await act(async () => {
      stopping.push(textChunk('Part'));
      await tick();
      result.current.stop();
      return sent;
    });
    expect(stopped).toMatchObject({ content: 'Part', status: 'incomplete' });
    expect(stopped).toBe(result.current.messages.at(-1));
  });

  it('the last reply of a tool run: the answer after the results', async () => {
    const fake = createFakeClient(
      toolCallChunks([{ id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' }]),
      textReply('It is 21 degrees.'),
    );
    const { result } = renderHook(() => useChatStream({ client: fake.client, tools: [weather] }));
    const reply = await act(() => result.current.send('Weather in Paris?'));
    expect(contents(result.current.messages)).toEqual([
      'user:Weather in Paris?',
      'assistant:',
      'tool:{"temperature":21}',
      'assistant:It is 21 degrees.',
    ]);
    expect(reply).toBe(result.current.messages.at(-1));
  });

  it("whenBusy 'reject': nothing for the message refused; the running send still gets its reply", async () => {
    const fake = createFakeClient();
    const { result } = renderHook(() =>
      useChatStream({ client: fake.client, throttleMs: 0, whenBusy: 'reject', onError: () => {} }),
    );
    let first: Promise<unknown> | undefined;
    act(() => {
      first = result.current.send('one');
    });
    await expect(act(() => result.current.send('refused'))).resolves.toBeUndefined();
    const one = await fake.stream(0);
    const reply = await act(async () => {
      one.push(...textReply('r1'));
      one.end();
      return first;
    });
    expect(reply).toMatchObject({ content: 'r1', status: 'done' });
    expect(reply).toBe(result.current.messages.at(-1));
  });
});
