import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatApiError } from '../../src/core/index.js';
import {
  createChatStore,
  DEFAULT_THREAD_TITLE,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import { createFakeClient, textChunk, textReply, tick, toolCallChunks, until } from './helpers.js';

function memoryStorage() {
  const data = new Map<string, string>();
  const storage = {
    data,
    writes: 0,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => {
      storage.writes++;
      data.set(key, value);
    },
    removeItem: (key: string) => {
      data.delete(key);
    },
  };
  return storage;
}

/** Saved history (two threads, 'Other' active) behind an async storage, as IndexedDB would be. */
async function savedHistoryBehindAsyncStorage() {
  const storage = memoryStorage();
  const seed = createChatStore({
    client: createFakeClient(textReply('stored'), textReply('other stored')).client,
    persist: { key: 'k', storage },
  });
  await seed.getState().send('saved question');
  const saved = seed.getState().threadId;
  const other = seed.getState().createThread('Other');
  await seed.getState().send('other question');
  const asyncStorage = {
    getItem: async (key: string) => storage.getItem(key),
    setItem: async (key: string, value: string) => storage.setItem(key, value),
    removeItem: async (key: string) => storage.removeItem(key),
  };
  return { storage, asyncStorage, saved, other };
}

const contents = (state: Parameters<typeof selectActiveMessages>[0]) =>
  selectActiveMessages(state).map((message) => message.content);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('persistence', () => {
  it('queued messages are never written: a thread left keeps them here, a reload has none', async () => {
    const storage = memoryStorage();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, persist: { key: 'chat', storage } });
    const first = store.getState().threadId;
    void store.getState().send('asked');
    await fake.stream(0);
    await store.getState().send({ content: 'queued', metadata: { draftId: 7 } });
    store.getState().createThread();
    expect(storage.data.get('chat')).not.toContain('queued');
    const reloaded = createChatStore({
      client: createFakeClient().client,
      persist: { key: 'chat', storage },
    });
    reloaded.getState().switchThread(first);
    expect(reloaded.getState().queue).toEqual([]);
    expect(contents(reloaded.getState())).toEqual(['asked']);
    store.getState().switchThread(first);
    await fake.stream(1);
    expect(contents(store.getState())).toEqual(['asked', 'queued']);
    store.abort();
  });

  it('a reload restores threads, messages, the active thread and usage', async () => {
    const storage = memoryStorage();
    const fake = createFakeClient(textReply('first reply'), textReply('second reply'));
    const store = createChatStore({ client: fake.client, persist: { key: 'chat', storage } });
    await store.getState().send('hello');
    const firstThread = store.getState().threadId;
    store.getState().createThread('Other');
    await store.getState().send('other thread');
    store.getState().switchThread(firstThread);

    const reloaded = createChatStore({
      client: createFakeClient().client,
      persist: { key: 'chat', storage },
    });
    const state = reloaded.getState();
    expect(reloaded.hasHydrated()).toBe(true);
    expect(state.threadId).toBe(firstThread);
    expect(state.threads.map((thread) => thread.title)).toEqual(['Other', 'hello']);
    expect(selectActiveMessages(state).map((message) => message.content)).toEqual(['hello', 'first reply']);
    expect(state.usage).toEqual(store.getState().usage);
    expect(state.status).toBe('idle');
    reloaded.getState().switchThread(state.threads[0]?.id as string);
    expect(selectActiveMessages(reloaded.getState()).map((message) => message.content)).toEqual([
      'other thread',
      'second reply',
    ]);
  });

  it('a reload mid-stream brings the reply back as incomplete, and a running tool as interrupted', async () => {
    const storage = memoryStorage();
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      persist: { key: 'chat', storage, throttleMs: 0 },
    });
    void store.getState().send('tell me');
    const live = await fake.stream(0);
    live.push(textChunk('half of '), textChunk('it'));
    await tick();
    const reloaded = createChatStore({ persist: { key: 'chat', storage } });
    expect(selectLastAssistantMessage(reloaded.getState())).toMatchObject({
      status: 'incomplete',
      content: 'half of it',
    });
    expect(reloaded.getState().status).toBe('idle');
    store.abort();

    const toolStorage = memoryStorage();
    const toolFake = createFakeClient(toolCallChunks([{ id: 'call_1', name: 'slow', args: '{}' }]));
    const toolStore = createChatStore({
      client: toolFake.client,
      persist: { key: 'chat', storage: toolStorage, throttleMs: 0 },
      tools: [{ name: 'slow', execute: () => new Promise(() => {}) }],
    });
    void toolStore.getState().send('run it');
    await until(
      () => selectLastAssistantMessage(toolStore.getState())?.toolCalls?.call_1?.state === 'running',
    );
    const afterReload = createChatStore({ persist: { key: 'chat', storage: toolStorage } });
    expect(selectLastAssistantMessage(afterReload.getState())?.toolCalls?.call_1).toMatchObject({
      state: 'error',
      error: expect.stringMatching(/reloaded/),
    });
    toolStore.abort();
  });

  it('a tool result JSON cannot write (a BigInt, a cycle) is saved as the text the model got; the chat still saves', async () => {
    const storage = memoryStorage();
    const cyclic: Record<string, unknown> = { name: 'node' };
    cyclic.self = cyclic;
    const results: unknown[] = [10n, cyclic];
    const store = createChatStore({
      client: createFakeClient(
        toolCallChunks([
          { id: 'call_1', name: 'lookup', args: '{}' },
          { id: 'call_2', name: 'lookup', args: '{}' },
        ]),
        textReply('found'),
        textReply('later'),
      ).client,
      persist: { key: 'chat', storage, throttleMs: 0 },
      tools: [{ name: 'lookup', execute: () => results.shift() }],
    });
    await store.getState().send('look it up');
    await store.getState().send('and then');
    expect(store.getState().storageError).toBeUndefined();
    const reloaded = createChatStore({ persist: { key: 'chat', storage } });
    const messages = selectActiveMessages(reloaded.getState());
    expect(messages.map((message) => message.content)).toEqual([
      'look it up',
      null,
      '10',
      '[object Object]',
      'found',
      'and then',
      'later',
    ]);
    expect(messages[1]?.toolCalls?.call_1).toMatchObject({ state: 'done', result: '10' });
  });

  it('never writes the API key or client; errors survive as typed errors', async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      clientOptions: {
        apiKey: 'sk-secret-key',
        baseUrl: 'http://127.0.0.1/api/v1',
        maxRetries: 0,
        fetch: async () =>
          new Response(JSON.stringify({ error: { code: 429, message: 'Slow down' } }), {
            status: 429,
            headers: { 'content-type': 'application/json', 'retry-after': '7' },
          }),
      },
      persist: { key: 'chat', storage },
    });
    await store.getState().send('hi');
    expect(store.getState().error).toMatchObject({ status: 429 });
    store.setOptions({
      client: {
        stream: () =>
          (async function* () {
            yield textChunk('cut');
            throw new ChatApiError({
              type: 'stream',
              code: 502,
              message: 'Provider died',
              status: undefined,
            });
          })(),
        complete: () => Promise.reject(new Error('unused')),
      },
    });
    await store.getState().send('again');
    const written = storage.data.get('chat') ?? '';
    expect(written).not.toContain('sk-secret-key');
    expect(written).not.toContain('apiKey');
    const reloaded = createChatStore({ persist: { key: 'chat', storage } });
    const reply = selectLastAssistantMessage(reloaded.getState());
    expect(reply?.status).toBe('error');
    expect(reply?.error).toBeInstanceOf(ChatApiError);
    expect(reply?.error).toMatchObject({ message: 'Provider died', code: 502, type: 'stream' });
  });

  it('storage errors (quota) are reported once, chatting continues, recovery clears them', async () => {
    const storage = memoryStorage();
    let full = true;
    const failing = {
      ...storage,
      setItem: (key: string, value: string) => {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        storage.setItem(key, value);
      },
    };
    const onStorageError = vi.fn();
    const fake = createFakeClient(textReply('still here'), textReply('and now saved'));
    const store = createChatStore({
      client: fake.client,
      onStorageError,
      persist: { key: 'chat', storage: failing },
    });
    await store.getState().send('hi');
    await tick();
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('still here');
    expect(onStorageError).toHaveBeenCalledTimes(1);
    expect(onStorageError.mock.calls[0]?.[0]).toMatchObject({ name: 'QuotaExceededError' });
    expect(store.getState().storageError?.name).toBe('QuotaExceededError');
    full = false;
    await store.getState().send('again');
    await tick();
    expect(store.getState().storageError).toBeUndefined();
    expect(storage.data.get('chat')).toContain('and now saved');
  });

  it('async storage: a write refused, then the next one taken in the same tick, leaves no error shown', async () => {
    const data = new Map<string, string>();
    const answers: { value: string; resolve: () => void; reject: (error: Error) => void }[] = [];
    const storage = {
      getItem: async (key: string) => data.get(key) ?? null,
      setItem: (_key: string, value: string) =>
        new Promise<void>((resolve, reject) => answers.push({ value, resolve, reject })),
      removeItem: async (key: string) => void data.delete(key),
    };
    const onStorageError = vi.fn();
    const store = createChatStore({ onStorageError, persist: { key: 'chat', storage } });
    await until(() => store.hasHydrated());
    const id = store.getState().threadId;
    store.getState().renameThread(id, 'one');
    store.getState().renameThread(id, 'two');
    const [first, second] = answers.splice(0);
    first?.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    data.set('chat', second?.value as string);
    second?.resolve();
    await tick();
    expect(onStorageError).toHaveBeenCalledTimes(1);
    expect(store.getState().storageError).toBeUndefined();
  });

  it('works with async storage: hydrates later, reports rejected writes', async () => {
    const storage = memoryStorage();
    const seed = createChatStore({
      client: createFakeClient(textReply('stored')).client,
      persist: { key: 'k', storage },
    });
    await seed.getState().send('saved question');
    let reject = false;
    const asyncStorage = {
      getItem: async (key: string) => storage.getItem(key),
      setItem: async (key: string, value: string) => {
        if (reject) throw new Error('disk full');
        storage.setItem(key, value);
      },
      removeItem: async (key: string) => storage.removeItem(key),
    };
    const onStorageError = vi.fn();
    const store = createChatStore({ onStorageError, persist: { key: 'k', storage: asyncStorage } });
    expect(store.hasHydrated()).toBe(false);
    await until(() => store.hasHydrated());
    expect(selectActiveMessages(store.getState()).map((message) => message.content)).toEqual([
      'saved question',
      'stored',
    ]);
    reject = true;
    store.getState().renameThread(store.getState().threadId, 'x');
    await until(() => onStorageError.mock.calls.length > 0);
    expect(onStorageError.mock.calls[0]?.[0]).toMatchObject({ message: 'disk full' });
  });

  it.each([
    ['sync', false],
    ['async', true],
  ])(
    '%s storage: initialMessages seed only a chat with nothing saved; a reload adds no thread',
    async (_kind, async) => {
      const storage = memoryStorage();
      const wrapped = async
        ? {
            getItem: async (key: string) => storage.getItem(key),
            setItem: async (key: string, value: string) => storage.setItem(key, value),
            removeItem: async (key: string) => storage.removeItem(key),
          }
        : storage;
      const open = async (reply = 'r') => {
        const store = createChatStore({
          client: createFakeClient(textReply(reply)).client,
          initialMessages: [{ role: 'assistant', content: 'How can I help?' }],
          persist: { key: 'k', storage: wrapped },
        });
        await until(() => store.hasHydrated());
        return store;
      };
      const first = await open('first reply');
      expect(contents(first.getState())).toEqual(['How can I help?']);
      await first.getState().send('question');
      await tick();
      for (let reload = 0; reload < 2; reload++) {
        const state = (await open()).getState();
        expect(state.threads.map((thread) => thread.title)).toEqual(['question']);
        expect(state.threadId).toBe(first.getState().threadId);
        expect(contents(state)).toEqual(['How can I help?', 'question', 'first reply']);
      }
    },
  );

  it('async storage: a thread created before hydration stays active, the saved threads are kept', async () => {
    const { storage, asyncStorage, saved, other } = await savedHistoryBehindAsyncStorage();
    const store = createChatStore({ persist: { key: 'k', storage: asyncStorage } });
    expect(store.hasHydrated()).toBe(false);
    const fresh = store.getState().createThread('fresh');
    await until(() => store.hasHydrated());
    const state = store.getState();
    expect(state.threadId).toBe(fresh);
    expect(state.threads.map((thread) => thread.title)).toEqual([
      'fresh',
      'New chat',
      'Other',
      'saved question',
    ]);
    // Written right after hydration, with no further action: the saved history is back in storage.
    await tick();
    const written = JSON.parse(storage.data.get('k') as string).state;
    expect(written.threadId).toBe(fresh);
    expect(JSON.stringify(written.threadData)).toContain('saved question');
    expect(JSON.stringify(written.threadData)).toContain('other question');
    store.getState().switchThread(saved);
    expect(contents(store.getState())).toEqual(['saved question', 'stored']);
    store.getState().switchThread(other);
    expect(contents(store.getState())).toEqual(['other question', 'other stored']);
    store.getState().switchThread(fresh);
    expect(contents(store.getState())).toEqual([]);
    await tick();
    expect(storage.data.get('k')).toContain('saved question');
    expect(storage.data.get('k')).toContain('other stored');
  });

  it('async storage: a message sent before hydration keeps its thread active, the saved threads are kept', async () => {
    const { storage, asyncStorage, saved, other } = await savedHistoryBehindAsyncStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('new reply')).client,
      persist: { key: 'k', storage: asyncStorage },
    });
    expect(store.hasHydrated()).toBe(false);
    const active = store.getState().threadId;
    const sent = store.getState().send('new q');
    await until(() => store.hasHydrated());
    await sent;
    const state = store.getState();
    expect(state.threadId).toBe(active);
    expect(state.status).toBe('idle');
    expect(contents(state)).toEqual(['new q', 'new reply']);
    expect(state.threads.map((thread) => thread.title)).toEqual(['new q', 'Other', 'saved question']);
    await tick();
    const written = storage.data.get('k') ?? '';
    expect(written).toContain('new reply');
    expect(written).toContain('saved question');
    expect(written).toContain('other stored');
    store.getState().switchThread(saved);
    expect(contents(store.getState())).toEqual(['saved question', 'stored']);
    store.getState().switchThread(other);
    expect(contents(store.getState())).toEqual(['other question', 'other stored']);
  });

  // skipHydration: the app reads the storage later (after SSR hydration); the user acts first.
  it.each(
    (['sync', 'async'] as const).flatMap((kind) =>
      (['send', 'createThread', 'renameThread'] as const).map((action) => [kind, action] as const),
    ),
  )(
    'skipHydration, %s storage: a %s before the first rehydrate() keeps the saved threads',
    async (kind, action) => {
      const { storage, asyncStorage, saved, other } = await savedHistoryBehindAsyncStorage();
      const store = createChatStore({
        client: createFakeClient(textReply('new reply')).client,
        initialMessages: [{ role: 'assistant', content: 'How can I help?' }],
        persist: { key: 'k', storage: kind === 'sync' ? storage : asyncStorage, skipHydration: true },
      });
      const mine = store.getState().threadId;
      if (action === 'send') await store.getState().send('new q');
      else if (action === 'createThread') store.getState().createThread('fresh');
      else store.getState().renameThread(mine, 'renamed');
      await tick();
      // Nothing is written before the storage was read.
      expect(storage.data.get('k')).toContain('other stored');
      await store.rehydrate();
      const state = store.getState();
      const title = { send: 'new q', createThread: 'fresh', renameThread: 'renamed' }[action];
      // As when async storage answers late: the thread the store opened with stays (it has a greeting).
      const opened = action === 'createThread' ? ['New chat'] : [];
      expect(state.threads.map((thread) => thread.title)).toEqual([
        title,
        ...opened,
        'Other',
        'saved question',
      ]);
      await tick();
      const written = storage.data.get('k') ?? '';
      for (const text of [title, 'saved question', 'stored', 'other stored']) expect(written).toContain(text);
      if (action !== 'createThread') expect(state.threadId).toBe(mine);
      if (action === 'send') expect(contents(state)).toEqual(['How can I help?', 'new q', 'new reply']);
      store.getState().switchThread(saved);
      expect(contents(store.getState())).toEqual(['saved question', 'stored']);
      store.getState().switchThread(other);
      expect(contents(store.getState())).toEqual(['other question', 'other stored']);
    },
  );

  it('skipHydration with nothing saved: what was held before the first rehydrate() is written by it', async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('kept')).client,
      persist: { key: 'k', storage, skipHydration: true },
    });
    await store.getState().send('before the read');
    expect(storage.writes).toBe(0);
    await store.rehydrate();
    expect(contents(createChatStore({ persist: { key: 'k', storage } }).getState())).toEqual([
      'before the read',
      'kept',
    ]);
  });

  it('the title setMessages gives an untitled thread is saved: a reload keeps it', () => {
    const storage = memoryStorage();
    const store = createChatStore({ client: createFakeClient().client, persist: { key: 'chat', storage } });
    store.getState().setMessages([{ role: 'user', content: 'Imported question' }]);
    store.getState().createThread();
    store.getState().setMessages([{ role: 'user', content: 'Another import' }]);

    const reloaded = createChatStore({
      client: createFakeClient().client,
      persist: { key: 'chat', storage },
    });
    expect(reloaded.getState().threads.map((thread) => thread.title)).toEqual([
      'Another import',
      'Imported question',
    ]);
  });

  it('a saved active thread missing from the saved thread list is listed, untitled', async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('kept')).client,
      persist: { key: 'chat', storage },
    });
    await store.getState().send('hello');
    const { threadId, ids } = store.getState();
    const stored = JSON.parse(storage.data.get('chat') as string);
    stored.state.threads = [];
    storage.data.set('chat', JSON.stringify(stored));

    const reloaded = createChatStore({
      client: createFakeClient().client,
      persist: { key: 'chat', storage },
    });
    expect(reloaded.getState().threadId).toBe(threadId);
    expect(reloaded.getState().threads).toEqual([
      expect.objectContaining({ id: threadId, title: DEFAULT_THREAD_TITLE }),
    ]);
    expect(reloaded.getState().ids).toEqual(ids);
  });

  it('a saved title that is not text reads as untitled (shown, it threw: the chat did not render)', async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('kept')).client,
      persist: { key: 'chat', storage },
    });
    await store.getState().send('hello');
    const stored = JSON.parse(storage.data.get('chat') as string);
    stored.state.threads[0].title = { text: 'hello' };
    storage.data.set('chat', JSON.stringify(stored));

    const reloaded = createChatStore({
      client: createFakeClient().client,
      persist: { key: 'chat', storage },
    });
    expect(reloaded.getState().threads).toEqual([
      expect.objectContaining({ id: store.getState().threadId, title: DEFAULT_THREAD_TITLE }),
    ]);
    expect(reloaded.getState().ids).toEqual(store.getState().ids);
  });

  it('stored ids that disagree with the tree are rebuilt from their last message up', async () => {
    const storage = memoryStorage();
    const fake = createFakeClient(textReply('first reply'));
    const store = createChatStore({ client: fake.client, persist: { key: 'chat', storage } });
    await store.getState().send('hello');
    const [hello, reply] = store.getState().ids as [string, string];
    // Storage edited by hand (or by an older build): the active path lost its first message.
    const stored = JSON.parse(storage.data.get('chat') as string);
    expect(stored.state.ids).toEqual([hello, reply]);
    stored.state.ids = [reply];
    storage.data.set('chat', JSON.stringify(stored));

    const next = createFakeClient(textReply('second reply'));
    const reloaded = createChatStore({ client: next.client, persist: { key: 'chat', storage } });
    expect(reloaded.getState().ids).toEqual([hello, reply]);
    await reloaded.getState().send('again');
    expect(next.requests[0]?.messages.map((message) => message.content)).toEqual([
      'hello',
      'first reply',
      'again',
    ]);
    expect(selectActiveMessages(reloaded.getState()).map((message) => message.content)).toEqual([
      'hello',
      'first reply',
      'again',
      'second reply',
    ]);
  });

  it('retry on a stored path that ends at a reply whose calls were answered adds no second answers', async () => {
    const storage = memoryStorage();
    const fake = createFakeClient(
      toolCallChunks([{ id: 'call_1', name: 'lookup', args: '{}' }]),
      textReply('looked up'),
    );
    const tools = [{ name: 'lookup', execute: () => 'found' }];
    const store = createChatStore({ client: fake.client, tools, persist: { key: 'chat', storage } });
    await store.getState().send('look it up');
    const [question, calling, answer] = store.getState().ids as [string, string, string];
    expect(store.getState().messages[answer]).toMatchObject({ role: 'tool', content: 'found' });
    // Storage whose active path stops at the reply with calls (its answers are stored below it).
    const stored = JSON.parse(storage.data.get('chat') as string);
    stored.state.ids = [question, calling];
    storage.data.set('chat', JSON.stringify(stored));

    const next = createFakeClient(textReply('again'));
    const reloaded = createChatStore({ client: next.client, tools, persist: { key: 'chat', storage } });
    expect(reloaded.getState().ids).toEqual([question, calling]);
    await reloaded.getState().retry();
    const answers = Object.values(reloaded.getState().messages).filter((message) => message.role === 'tool');
    expect(answers.map((message) => message.id)).toEqual([answer]);
    expect(next.requests).toHaveLength(0);
  });

  it.each(['toString', 'constructor', '__proto__'])(
    'a stored message whose id or parent is %j (an Object.prototype member) is dropped, the rest kept',
    async (name) => {
      const storage = memoryStorage();
      const store = createChatStore({
        client: createFakeClient(textReply('first reply')).client,
        persist: { key: 'chat', storage },
      });
      await store.getState().send('hello');
      const ids = store.getState().ids;
      // Storage edited by hand, or another writer of it: a message whose parent (or own id) is a
      // name every object inherits, and that name at the end of the active path.
      const stored = JSON.parse(storage.data.get('chat') as string);
      const message = { role: 'user', content: 'odd', status: 'done', createdAt: 1 };
      stored.state.messages.child = { ...message, id: 'child', parentId: name };
      Object.defineProperty(stored.state.messages, name, {
        value: { ...message, id: name, parentId: null },
        enumerable: true,
      });
      stored.state.ids = [...ids, name];
      // And a tool call whose stored status is not an object.
      stored.state.messages[ids.at(-1) as string].toolCalls = { broken: null };
      storage.data.set('chat', JSON.stringify(stored));

      const onStorageError = vi.fn();
      const next = createFakeClient(textReply('second reply'));
      const reloaded = createChatStore({
        client: next.client,
        onStorageError,
        persist: { key: 'chat', storage },
      });
      await tick();
      // Before, the children of "toString" were the inherited function: the whole history failed
      // to load, and the next write erased it. An id named so read as Object's own member.
      expect(onStorageError).not.toHaveBeenCalled();
      expect(reloaded.getState().ids).toEqual(ids);
      expect(Object.keys(reloaded.getState().messages)).toEqual(ids);
      expect(Object.getPrototypeOf(reloaded.getState().messages)).toBe(Object.prototype);
      await reloaded.getState().send('again');
      expect(next.requests[0]?.messages.map((sent) => sent.content)).toEqual([
        'hello',
        'first reply',
        'again',
      ]);
      expect(storage.data.get('chat')).toContain('first reply');
    },
  );

  // Tool call ids come from the model: one named like an Object.prototype member is an id as any.
  describe.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'a tool call with id %j',
    (id) => {
      const risky = { name: 'risky', needsApproval: true, execute: () => 'ran' };
      const calls = toolCallChunks([
        { id, name: 'risky', args: '{}' },
        { id: 'call_b', name: 'risky', args: '{}' },
      ]);
      const statusOf = (store: ReturnType<typeof createChatStore>) => {
        const toolCalls = selectLastAssistantMessage(store.getState())?.toolCalls ?? {};
        return Object.hasOwn(toolCalls, id) ? toolCalls[id] : 'missing';
      };

      it('keeps its status through reloads, and runs once approved', async () => {
        const storage = memoryStorage();
        const persist = { key: 'chat', storage };
        const store = createChatStore({ client: createFakeClient(calls).client, tools: [risky], persist });
        await store.getState().send('go');
        expect(statusOf(store)).toEqual({ state: 'awaiting-approval', args: {} });
        const fake = createFakeClient(textReply('done'));
        const reloaded = createChatStore({ client: fake.client, tools: [risky], persist });
        expect(statusOf(reloaded)).toEqual({ state: 'awaiting-approval', args: {} });
        // The other call's approval is written: the call must still be there, and after a reload.
        reloaded.getState().approveToolCall('call_b');
        await tick();
        expect(statusOf(reloaded)).toEqual({ state: 'awaiting-approval', args: {} });
        const again = createChatStore({ client: fake.client, tools: [risky], persist });
        expect(statusOf(again)).toEqual({ state: 'awaiting-approval', args: {} });
        again.getState().approveToolCall(id);
        await until(() => again.getState().status === 'idle' && fake.requests.length === 1);
        expect(fake.requests[0]?.messages.slice(-2)).toMatchObject([
          { role: 'tool', tool_call_id: id, content: 'ran' },
          { role: 'tool', tool_call_id: 'call_b', content: 'ran' },
        ]);
      });

      it('is read as interrupted after a reload while its arguments streamed', async () => {
        const storage = memoryStorage();
        const fake = createFakeClient();
        const store = createChatStore({
          client: fake.client,
          tools: [risky],
          persist: { key: 'chat', storage, throttleMs: 0 },
        });
        void store.getState().send('go');
        (await fake.stream(0)).push(...calls.slice(0, 2));
        await until(() => selectLastAssistantMessage(store.getState()) !== undefined);
        const reloaded = createChatStore({ persist: { key: 'chat', storage } });
        expect(statusOf(reloaded)).toMatchObject({
          state: 'error',
          error: expect.stringMatching(/reloaded/),
        });
        store.abort();
      });
    },
  );

  it('getInitialState() is the state before the read (the server snapshot); another version is not read', async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('saved')).client,
      persist: { key: 'chat', storage },
    });
    await store.getState().send('hi');
    const reloaded = createChatStore({ persist: { key: 'chat', storage } });
    // What the server rendered, for React's hydration; the state is what was saved.
    expect(reloaded.getInitialState().ids).toEqual([]);
    expect(contents(reloaded.getState())).toEqual(['hi', 'saved']);
    const stored = JSON.parse(storage.data.get('chat') as string);
    expect(stored.version).toBe(1);
    storage.data.set('chat', JSON.stringify({ ...stored, version: 2 }));
    const onStorageError = vi.fn();
    const other = createChatStore({ onStorageError, persist: { key: 'chat', storage } });
    await tick();
    expect(onStorageError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Saved chat version 2 is kept; this chat is not saved.' }),
    );
    expect(other.hasHydrated()).toBe(true);
    expect(other.getState().ids).toEqual([]);
  });

  it('corrupt stored JSON is reported and the store starts empty', async () => {
    const storage = memoryStorage();
    storage.data.set('chat', '{not json');
    const onStorageError = vi.fn();
    const store = createChatStore({ onStorageError, persist: { key: 'chat', storage } });
    await tick();
    expect(onStorageError).toHaveBeenCalled();
    expect(store.getState().ids).toEqual([]);
    // Read, though unreadable: an app waiting for hasHydrated() goes on (with the error shown).
    expect(store.hasHydrated()).toBe(true);
  });

  it('a saved chat of another version is never written over: the chat goes on in memory, the error stays', async () => {
    const storage = memoryStorage();
    const newer = JSON.stringify({ state: { future: true }, version: 2 });
    storage.data.set('chat', newer);
    const onStorageError = vi.fn();
    const store = createChatStore({
      onStorageError,
      client: createFakeClient(textReply('in memory')).client,
      persist: { key: 'chat', storage },
    });
    await tick();
    await store.getState().send('hi');
    store.getState().createThread('Another');
    await tick();
    expect(storage.data.get('chat')).toBe(newer);
    expect(storage.writes).toBe(0);
    expect(store.getState().threads).toHaveLength(2);
    expect(store.getState().storageError?.message).toBe(
      'Saved chat version 2 is kept; this chat is not saved.',
    );
    expect(onStorageError).toHaveBeenCalledTimes(1);
    // What the app can do (README): remove the key and read again; this chat is saved from then on.
    storage.data.delete('chat');
    await store.rehydrate();
    await tick();
    expect(JSON.parse(storage.data.get('chat') as string).version).toBe(1);
    expect(store.getState().threads).toHaveLength(2);
  });

  it('a chat another version wrote after this tab read its own is not written over either, until version 1 is read again', async () => {
    const storage = memoryStorage();
    const onStorageError = vi.fn();
    const store = createChatStore({
      onStorageError,
      client: createFakeClient(textReply('1'), textReply('2'), textReply('3'), textReply('4')).client,
      persist: { key: 'chat', storage },
    });
    await tick();
    await store.getState().send('one');
    await tick();
    const ours = storage.data.get('chat');
    expect(JSON.parse(ours as string).version).toBe(1);
    // Another tab, on a newer version of the library, writes; this tab reads it (`rehydrate()`, as
    // a \`storage\` event does).
    const newer = JSON.stringify({ state: { future: true }, version: 2 });
    storage.data.set('chat', newer);
    await store.rehydrate();
    expect(store.getState().storageError?.message).toBe(
      'Saved chat version 2 is kept; this chat is not saved.',
    );
    await store.getState().send('two');
    await tick();
    expect(storage.data.get('chat')).toBe(newer);
    // Version 1 again (that tab closed, this version wrote there): read, and written as before.
    storage.data.set('chat', ours as string);
    await store.rehydrate();
    await store.getState().send('three');
    await tick();
    const written = JSON.parse(storage.data.get('chat') as string);
    expect(written.version).toBe(1);
    expect(Object.keys(written.state.messages)).toHaveLength(6);
    // Held again by another version's chat, then a value that is not JSON: replaced, as always.
    storage.data.set('chat', newer);
    await store.rehydrate();
    storage.data.set('chat', '{not json');
    await store.rehydrate();
    await store.getState().send('four');
    await tick();
    expect(Object.keys(JSON.parse(storage.data.get('chat') as string).state.messages)).toHaveLength(8);
  });

  it('a read that fails is no read: nothing is written over the saved chat until rehydrate() reads it', async () => {
    const { storage, asyncStorage } = await savedHistoryBehindAsyncStorage();
    const saved = storage.data.get('k');
    let fail = true;
    const flaky = {
      ...asyncStorage,
      getItem: async (key: string) => {
        if (fail) throw new Error('The database is busy.');
        return asyncStorage.getItem(key);
      },
    };
    const onStorageError = vi.fn();
    const store = createChatStore({
      onStorageError,
      client: createFakeClient(textReply('kept here')).client,
      persist: { key: 'k', storage: flaky },
    });
    await until(() => store.hasHydrated());
    expect(onStorageError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'The database is busy.' }),
    );
    await store.getState().send('while unread');
    await tick();
    // The saved history is untouched, and the error stays shown (no write cleared it).
    expect(storage.data.get('k')).toBe(saved);
    expect(store.getState().storageError?.message).toBe('The database is busy.');
    fail = false;
    await store.rehydrate();
    await until(() => storage.data.get('k') !== saved);
    const state = store.getState();
    // Merged as a late first read: this tab's thread stays active, the saved threads are listed.
    expect(contents(state)).toEqual(['while unread', 'kept here']);
    expect(state.threads.map((thread) => thread.title)).toEqual(['while unread', 'Other', 'saved question']);
    const written = JSON.parse(storage.data.get('k') as string).state;
    expect(written.threads).toHaveLength(3);
    await until(() => store.getState().storageError === undefined);
  });

  it('a value JSON cannot read is replaced by the next write', async () => {
    const storage = memoryStorage();
    storage.data.set('chat', '{not json');
    const store = createChatStore({
      onStorageError: () => {},
      client: createFakeClient(textReply('ok')).client,
      persist: { key: 'chat', storage },
    });
    await store.getState().send('hi');
    await tick();
    expect(JSON.parse(storage.data.get('chat') as string).state.ids).toHaveLength(2);
  });

  it('async storage answering undefined for a missing key (idb-keyval) is nothing saved, not an error', async () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: async (name: string) => data.get(name),
      setItem: async (name: string, value: string) => {
        data.set(name, value);
      },
      removeItem: async (name: string) => {
        data.delete(name);
      },
    };
    const onStorageError = vi.fn();
    const store = createChatStore({
      onStorageError,
      client: createFakeClient(textReply('ok')).client,
      persist: { key: 'chat', storage: storage as never },
    });
    await until(() => store.hasHydrated());
    await store.getState().send('hi');
    await tick();
    expect(onStorageError).not.toHaveBeenCalled();
    expect(JSON.parse(data.get('chat') as string).state.ids).toHaveLength(2);
  });

  it('hasHydrated() stays true while a later rehydrate() of async storage runs', async () => {
    let answer: ((value: string | null) => void) | undefined;
    const storage = {
      getItem: () =>
        new Promise<string | null>((resolve) => {
          answer = resolve;
        }),
      setItem: () => {},
      removeItem: () => {},
    };
    const store = createChatStore({ persist: { key: 'chat', storage } });
    expect(store.hasHydrated()).toBe(false);
    answer?.(null);
    await until(() => store.hasHydrated());
    const again = store.rehydrate();
    expect(store.hasHydrated()).toBe(true);
    answer?.(null);
    await again;
    expect(store.hasHydrated()).toBe(true);
  });

  it('uses localStorage by default and lives in memory without any storage', async () => {
    const noStorage = createChatStore({
      client: createFakeClient(textReply('ok')).client,
      persist: { key: 'chat' },
    });
    await noStorage.getState().send('hi');
    expect(noStorage.getState().ids).toHaveLength(2);

    const local = memoryStorage();
    vi.stubGlobal('localStorage', local);
    const store = createChatStore({
      client: createFakeClient(textReply('ok')).client,
      persist: { key: 'chat' },
    });
    await store.getState().send('hi');
    expect(local.data.get('chat')).toContain('"hi"');
  });

  it("a message's metadata survives a reload", async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('ok')).client,
      persist: { key: 'chat', storage },
    });
    await store.getState().send({ content: 'hi', metadata: { source: 'voice', tags: ['a'] } });
    const reloaded = createChatStore({
      client: createFakeClient().client,
      persist: { key: 'chat', storage },
    });
    const [first] = selectActiveMessages(reloaded.getState());
    expect(first).toMatchObject({ content: 'hi', metadata: { source: 'voice', tags: ['a'] } });
  });

  it("a send's own request parameters survive a reload: a regenerate after it asks with them", async () => {
    const storage = memoryStorage();
    const store = createChatStore({
      client: createFakeClient(textReply('ok')).client,
      request: { model: 'default/model' },
      persist: { key: 'chat', storage },
    });
    await store.getState().send({ content: 'hi', request: { model: 'special/model', temperature: 0.1 } });
    const fake = createFakeClient(textReply('again'));
    const reloaded = createChatStore({
      client: fake.client,
      request: { model: 'default/model' },
      persist: { key: 'chat', storage },
    });
    expect(selectActiveMessages(reloaded.getState())[0]?.request).toEqual({
      model: 'special/model',
      temperature: 0.1,
    });
    await reloaded.getState().regenerate();
    expect(fake.requests[0]).toMatchObject({ model: 'special/model', temperature: 0.1 });
    expect(JSON.stringify(fake.requests[0]?.messages)).not.toContain('special');
  });

  it('while a reply streams, writes are throttled; the final state is written at once', async () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0, persist: { key: 'chat', storage } });
    void store.getState().send('go');
    await vi.advanceTimersByTimeAsync(0);
    const live = fake.streams[0];
    const before = storage.writes;
    for (let index = 0; index < 50; index++) {
      live?.push(textChunk(`${index} `));
      await vi.advanceTimersByTimeAsync(10);
    }
    // 50 publications over 500 ms: about one write per 250 ms, and the partial reply is saved
    // while it streams (a reload now keeps it).
    expect(storage.writes - before).toBeLessThanOrEqual(3);
    expect(storage.writes - before).toBeGreaterThanOrEqual(1);
    expect(storage.data.get('chat')).toContain('"content":"0 1 ');
    expect(storage.data.get('chat')).toContain('"status":"streaming"');
    live?.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('idle');
    expect(storage.data.get('chat')).toContain('49 "');
  });

  it('while a reply streams, a write that took long spaces the next ones (ten times its time at least)', async () => {
    vi.useFakeTimers();
    // Two chats streaming the same reply: one storage answers at once, the other takes 100 ms a
    // write (a large chat: its JSON and a sync `setItem`), as the clock says.
    const writesWhileStreaming = async (msPerWrite: number) => {
      const storage = memoryStorage();
      const setItem = storage.setItem;
      storage.setItem = (key, value) => {
        vi.setSystemTime(Date.now() + msPerWrite);
        setItem(key, value);
      };
      const fake = createFakeClient();
      const store = createChatStore({
        client: fake.client,
        throttleMs: 0,
        persist: { key: 'chat', storage },
      });
      void store.getState().send('go');
      await vi.advanceTimersByTimeAsync(0);
      const before = storage.writes;
      for (let index = 0; index < 200; index++) {
        fake.streams[0]?.push(textChunk(`${index} `));
        await vi.advanceTimersByTimeAsync(10);
      }
      const writes = storage.writes - before;
      // Still saved while it streams, and at once when it ends.
      expect(storage.data.get('chat')).toContain('"status":"streaming"');
      fake.streams[0]?.end();
      await vi.advanceTimersByTimeAsync(0);
      expect(storage.data.get('chat')).toContain('199 "');
      return writes;
    };
    // 2 s of streaming: one write per 250 ms when writes are quick, one per second or more when
    // each takes 100 ms (a tenth of the time at most).
    expect(await writesWhileStreaming(0)).toBeGreaterThanOrEqual(7);
    expect(await writesWhileStreaming(100)).toBeLessThanOrEqual(2);
  });
});
