import { describe, expect, it, vi } from 'vitest';
import {
  type ChatTool,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import { createFakeClient, textChunk, textReply, tick, toolCallChunks, until, usage } from './helpers.js';

// Races a real app produces: callbacks that act on the store, actions while tools are triaged,
// a queue meeting errors and tool calls. Each test pins what the store must do.

type Store = ReturnType<typeof createChatStore>;

const weatherCall = (id = 'call_1') =>
  toolCallChunks([{ id, name: 'get_weather', args: '{"city":"Paris"}' }]);

const weather = (extra: Partial<ChatTool> = {}): ChatTool => ({
  name: 'get_weather',
  parameters: { type: 'object' },
  ...extra,
});

const pickThread = ({ threadId, ids, messages }: ReturnType<Store['getState']>) => ({
  threadId,
  ids,
  messages,
});

const contents = (store: Store) =>
  selectActiveMessages(store.getState()).map((message) => `${message.role}:${message.content ?? ''}`);

const callState = (store: Store, id = 'call_1') =>
  Object.values(store.getState().messages).find((message) => message.toolCalls?.[id])?.toolCalls?.[id];

describe('store races', () => {
  it('stop while an app callback triages a call resolves the call; nothing is written afterwards', async () => {
    let release = () => {};
    const execute = vi.fn(async () => 'sunny');
    const fake = createFakeClient(weatherCall(), textReply('done'));
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute })],
      onToolCall: () =>
        new Promise((resolve) => {
          release = () => resolve(undefined);
        }),
    });
    const sent = store.getState().send('hi');
    await until(() => callState(store)?.state === 'streaming' && store.getState().status === 'submitted');
    await tick();
    store.getState().stop();
    const writes = vi.fn();
    store.subscribe(writes);
    release();
    await sent;
    await tick();
    expect(callState(store)).toMatchObject({ state: 'error', error: 'Stopped by the user.' });
    expect(writes).not.toHaveBeenCalled();
    expect(execute).not.toHaveBeenCalled();
    expect(store.getState().status).toBe('idle');
  });

  it('a call cut off mid-arguments by stop is not sent back with broken JSON', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0, tools: [weather()] });
    void store.getState().send('one');
    const live = await fake.stream(0);
    const chunks = weatherCall();
    live.push(textChunk('Checking. '), chunks[0]!, chunks[1]!);
    await tick();
    store.getState().stop();
    await tick();
    fake.script(textReply('ok'));
    await store.getState().send('two');
    const sent = JSON.stringify(fake.requests[1]?.messages);
    expect(fake.requests[1]?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent).not.toContain('tool_calls');
    expect(sent).toContain('Checking. ');
  });

  it('stop or retry from onFinish / onError does not finish the reply twice', async () => {
    // (a) retry from onError: the failed reply stays failed, one onFinish for it.
    const finishes: string[] = [];
    let retried = false;
    const fake = createFakeClient();
    const store: Store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      onFinish: (event) => finishes.push(`${event.message.content}:${event.message.status}`),
      onError: () => {
        if (retried) return;
        retried = true;
        void store.getState().retry();
      },
    });
    void store.getState().send('hi');
    const live = await fake.stream(0);
    live.push(textChunk('part '));
    await tick();
    live.fail(new Error('net'));
    const again = await fake.stream(1);
    again.push(textChunk('whole'));
    again.end();
    await until(() => store.getState().status === 'idle' && finishes.length >= 2);
    expect(finishes).toEqual(['part :error', 'whole:done']);

    // (b) stop from onFinish of a reply with tool calls: usage counted once, the reply stays done.
    const events: boolean[] = [];
    const tools = createFakeClient([
      ...weatherCall().slice(0, -1),
      { ...weatherCall().at(-1)!, usage: usage(10, 5) },
    ]);
    const other: Store = createChatStore({
      client: tools.client,
      tools: [weather({ execute: async () => 'sunny' })],
      onFinish: (event) => {
        events.push(event.isAbort);
        if (!event.isAbort) other.getState().stop();
      },
    });
    await other.getState().send('weather?');
    await tick();
    expect(events).toEqual([false]);
    expect(other.getState().usage.total_tokens).toBe(15);
    expect(selectLastAssistantMessage(other.getState())?.status).toBe('done');
  });

  it('a stop from onFinish of a reply that calls tools ends its calls as stopped, not streaming forever', async () => {
    const execute = vi.fn(async () => 'sunny');
    const fake = createFakeClient(weatherCall());
    const store: Store = createChatStore({
      client: fake.client,
      tools: [weather({ execute })],
      onFinish: () => store.getState().stop(),
    });
    await store.getState().send('weather?');
    await tick();
    expect(callState(store)).toMatchObject({ state: 'error', error: 'Stopped by the user.' });
    expect(execute).not.toHaveBeenCalled();
    expect(store.getState().status).toBe('idle');
    expect(contents(store)).toEqual(['user:weather?', 'assistant:', 'tool:Error: Stopped by the user.']);
    expect(fake.requests).toHaveLength(1);
  });

  it('after a failed reply the queue keeps its order: a new message waits behind a queued one', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    void store.getState().send('one');
    const first = await fake.stream(0);
    await store.getState().send('two');
    first.fail(new Error('net'));
    await until(() => store.getState().status === 'error');
    expect(store.getState().queue.map((item) => item.content)).toEqual(['two']);
    fake.script(textReply('reply two'), textReply('reply three'));
    await store.getState().send('three');
    await until(() => store.getState().status === 'idle' && store.getState().queue.length === 0);
    const users = contents(store).filter((line) => line.startsWith('user:'));
    expect(users).toEqual(['user:one', 'user:two', 'user:three']);
  });

  it('a queued message waits for calls only the user can settle, then goes once they are', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0, tools: [weather()] });
    void store.getState().send('one');
    const first = await fake.stream(0);
    await store.getState().send('two');
    first.push(...weatherCall());
    first.end();
    await until(() => callState(store)?.state === 'pending');
    await tick(10);
    expect(callState(store)?.state).toBe('pending');
    expect(fake.requests).toHaveLength(1);
    expect(store.getState().queue.map((item) => item.content)).toEqual(['two']);
    fake.script(textReply('after the result'), textReply('reply two'));
    store.getState().addToolResult('call_1', { temperature: 18 });
    await until(() => store.getState().queue.length === 0 && store.getState().status === 'idle');
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[2]?.messages.at(-1)).toEqual({ role: 'user', content: 'two' });
  });

  it('editing a reply after an error leaves the conversation idle, with no error', async () => {
    const fake = createFakeClient(textReply('first'), new Error('boom'));
    const store = createChatStore({ client: fake.client });
    await store.getState().send('q1');
    await store.getState().send('q2');
    expect(store.getState().status).toBe('error');
    await store.getState().edit(store.getState().ids[1] as string, 'edited');
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
  });

  it('retry after a reload cut a tool run short answers the calls and continues', async () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    };
    const fake = createFakeClient(weatherCall());
    const store = createChatStore({
      client: fake.client,
      persist: { key: 'chat', storage, throttleMs: 0 },
      tools: [weather({ execute: () => new Promise(() => {}) })],
    });
    void store.getState().send('hi');
    await until(() => callState(store)?.state === 'running');
    await tick();
    // The page reloads while the tool runs.
    const next = createFakeClient(textReply('answered'));
    const reloaded = createChatStore({
      client: next.client,
      persist: { key: 'chat', storage },
      tools: [weather({ execute: async () => 'x' })],
    });
    expect(callState(reloaded)?.state).toBe('error');
    await reloaded.getState().retry();
    expect(next.requests).toHaveLength(1);
    expect(next.requests[0]?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(contents(reloaded).at(-1)).toBe('assistant:answered');
  });

  it('callbacks replaced while a reply streams are the ones its chunks, finish and error call', async () => {
    // A component re-renders on every token with new closures: the reply must call the latest.
    const fake = createFakeClient();
    const old = { onChunk: vi.fn(), onFinish: vi.fn(), onError: vi.fn() };
    const store = createChatStore({ client: fake.client, throttleMs: 0, ...old });
    void store.getState().send('one');
    const live = await fake.stream(0);
    live.push(textChunk('Hel'));
    await tick();
    const layer = { onChunk: vi.fn(), onFinish: vi.fn(), onError: vi.fn() };
    store.setOptions({ client: fake.client, throttleMs: 0, ...layer });
    live.push(textChunk('lo'));
    live.fail(new Error('net'));
    await until(() => store.getState().status === 'error');
    expect(layer.onChunk).toHaveBeenCalledTimes(1);
    expect(layer.onError).toHaveBeenCalledTimes(1);
    expect(layer.onFinish).toHaveBeenCalledTimes(1);
    expect(old.onChunk).toHaveBeenCalledTimes(1);
    expect(old.onError).not.toHaveBeenCalled();
    expect(old.onFinish).not.toHaveBeenCalled();
    // The same through an attached layer (a hook inside a provider), on a reply that finishes.
    let hook = { onFinish: vi.fn() };
    const first = hook.onFinish;
    store.attachOptions(() => hook);
    void store.getState().retry();
    const again = await fake.stream(1);
    again.push(textChunk('Hi'));
    await tick();
    hook = { onFinish: vi.fn() };
    again.end();
    await until(() => store.getState().status === 'idle');
    expect(hook.onFinish).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it('a store that reports an error is free: a send from onError or a subscriber starts at once', async () => {
    // (a) whenBusy 'reject': a send from onError was refused as busy while the status said error.
    const busy = vi.fn();
    const fake = createFakeClient(new Error('boom'), textReply('second'));
    const store: Store = createChatStore({
      client: fake.client,
      whenBusy: 'reject',
      onError: (error) => {
        if (error.name === 'ChatBusyError') busy();
        else void store.getState().send('again');
      },
    });
    await store.getState().send('first');
    await tick(10);
    expect(busy).not.toHaveBeenCalled();
    expect(contents(store)).toEqual(['user:first', 'user:again', 'assistant:second']);
    // (b) the default queue: a send from a subscriber seeing the error was held, and never sent.
    const other = createFakeClient(new Error('net'), textReply('after'));
    const queued: Store = createChatStore({ client: other.client, throttleMs: 0 });
    let sent = false;
    queued.subscribe((state) => {
      if (state.status !== 'error' || sent) return;
      sent = true;
      void queued.getState().send('next');
    });
    await queued.getState().send('one');
    await tick(10);
    expect(queued.getState().queue).toEqual([]);
    expect(other.requests).toHaveLength(2);
    expect(contents(queued)).toEqual(['user:one', 'user:next', 'assistant:after']);
  });

  it('a result for a call of a failed reply clears the error: the run that goes on never shows it', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0, tools: [weather()], maxSteps: 1 });
    void store.getState().send('weather?');
    const live = await fake.stream(0);
    live.push(...weatherCall().slice(0, -1));
    await tick();
    live.fail(new Error('net'));
    await until(() => store.getState().status === 'error');
    store.getState().addToolResult('call_1', 'sunny');
    expect(store.getState()).toMatchObject({ status: 'submitted', error: undefined });
    // maxSteps reached: the run ends with the result answered, and no error left behind.
    await until(() => store.getState().status !== 'submitted');
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    expect(contents(store)).toEqual(['user:weather?', 'assistant:', 'tool:sunny']);
  });

  /** A store whose next `onFinish` after `arm()` sends "follow-up" (once). */
  function followUpStore() {
    const fake = createFakeClient();
    let followUp = false;
    const store: Store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      onFinish: () => {
        if (followUp) void store.getState().send('follow-up');
        followUp = false;
      },
    });
    return { fake, store, arm: () => (followUp = true), armed: () => followUp };
  }

  it('a send from onFinish of the reply that clear() or a thread switch stops does not run on after it', async () => {
    // onFinish (isAbort) runs inside the action's stop, before the thread is emptied or left.
    const { fake, store, arm } = followUpStore();
    const stopWith = async (index: number, action: () => void) => {
      void store.getState().send(`one ${index}`);
      const live = await fake.stream(index);
      live.push(textChunk('partial'));
      await tick();
      arm();
      action();
      expect(fake.signals.every((signal) => signal.aborted)).toBe(true);
      expect(store.getState().status).toBe('idle');
    };
    await stopWith(0, () => store.getState().clear());
    expect(store.getState().ids).toEqual([]);

    const first = store.getState().threadId;
    await stopWith(2, () => store.getState().createThread());
    expect(store.getState().ids).toEqual([]);
    store.getState().switchThread(first);
    expect(contents(store)).toEqual(['user:one 2', 'assistant:partial', 'user:follow-up']);
  });

  it.each([
    [
      'stop()',
      (store: Store) => store.getState().stop(),
      ['user:one', 'assistant:partial', 'user:follow-up'],
    ],
    [
      'setMessages()',
      (store: Store) => store.getState().setMessages([{ role: 'user', content: 'replaced' }]),
      ['user:replaced'],
    ],
    [
      'abort() (unmount)',
      (store: Store) => store.abort(),
      ['user:one', 'assistant:partial', 'user:follow-up'],
    ],
  ] as const)(
    'a send from onFinish of the reply that %s ends is stopped with it',
    async (_name, end, left) => {
      const { fake, store, arm, armed } = followUpStore();
      void store.getState().send('one');
      const live = await fake.stream(0);
      live.push(textChunk('partial'));
      await tick();
      arm();
      end(store);
      expect(armed()).toBe(false);
      await tick(20);
      expect(fake.signals.length).toBeGreaterThan(0);
      expect(fake.signals.every((signal) => signal.aborted)).toBe(true);
      expect(fake.streams.filter((stream) => stream.live)).toEqual([]);
      expect(store.getState().status).toBe('idle');
      expect(contents(store)).toEqual(left);
    },
  );

  // What the stopped reply's onFinish does: empties the chat, replaces its messages, or leaves
  // the thread (a new one, or another one).
  const leaves = {
    clear: (store: Store) => store.getState().clear(),
    setMessages: (store: Store) => store.getState().setMessages([{ role: 'user', content: 'replaced' }]),
    createThread: (store: Store) => void store.getState().createThread('New'),
    switchThread: (store: Store) =>
      store.getState().switchThread(store.getState().threads.at(-1)?.id as string),
  };
  const acts = {
    edit: (store: Store) => store.getState().edit(store.getState().ids[2] as string, 'edited'),
    regenerate: (store: Store) => store.getState().regenerate(),
    'regenerate(user message)': (store: Store) => store.getState().regenerate(store.getState().ids[0]),
    switchBranch: async (store: Store) => store.getState().switchBranch(store.getState().ids[1] as string),
  };
  it.each(
    (Object.keys(leaves) as (keyof typeof leaves)[]).flatMap((leave) =>
      (Object.keys(acts) as (keyof typeof acts)[]).map((act) => [act, leave] as const),
    ),
  )(
    '%s whose stop has onFinish %s the chat does nothing: not there, nor in the chat left',
    async (act, leave) => {
      const fake = createFakeClient(textReply('elsewhere'), textReply('first reply'));
      let reaction: (() => void) | undefined;
      const store: Store = createChatStore({
        client: fake.client,
        throttleMs: 0,
        onFinish: () => {
          const react = reaction;
          reaction = undefined;
          react?.();
        },
      });
      await store.getState().send('in the other thread');
      const shown = store.getState().createThread('Shown');
      await store.getState().send('one');
      void store.getState().send('two');
      const live = await fake.stream(0);
      live.push(textChunk('partial'));
      await tick();
      let left: unknown;
      reaction = () => {
        leaves[leave](store);
        left = { ...store.getState() };
      };
      // Before, the action went on in what the stop left: a request that waits for its reply.
      const acted = acts[act](store);
      await tick();
      const { threadId, ids, messages, status, error } = store.getState();
      store.abort();
      await acted;
      expect(left).toBeDefined();
      expect(fake.requests).toHaveLength(3);
      expect({ threadId, ids, messages, status, error }).toEqual({
        ...pickThread(left as ReturnType<Store['getState']>),
        status: 'idle',
        error: undefined,
      });
      if (leave !== 'clear' && leave !== 'setMessages') {
        store.getState().switchThread(shown);
        expect(contents(store)).toEqual([
          'user:one',
          'assistant:first reply',
          'user:two',
          'assistant:partial',
        ]);
      }
    },
  );

  it('retry while a request is on its way does not send it again', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    void store.getState().send('q');
    await fake.stream(0);
    await store.getState().retry();
    await tick();
    expect(fake.requests).toHaveLength(1);
    expect(fake.signals[0]?.aborted).toBe(false);
    store.abort();
  });
});
