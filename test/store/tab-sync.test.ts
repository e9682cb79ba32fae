import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ChatState,
  type ChatStoreApi,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import {
  createFakeClient,
  expectTrees,
  textChunk,
  textReply,
  tick,
  toolCallChunks,
  until,
} from './helpers.js';

/**
 * Browser tabs over one origin's `localStorage`: every tab has its own storage object over the
 * same data and its own event target; a write sends a `storage` event to every other tab, a
 * task later, as browsers do (never to the writer).
 */
function createTabs() {
  const data = new Map<string, string>();
  const tabs: {
    target: EventTarget;
    storage: ReturnType<typeof tabStorage>;
    writes: number;
    /** Writes throw (a full storage) while set. */
    full?: boolean;
  }[] = [];
  function tabStorage(self: () => (typeof tabs)[number]) {
    return {
      getItem: (key: string) => data.get(key) ?? null,
      setItem(key: string, value: string) {
        if (self().full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        data.set(key, value);
        self().writes++;
        for (const other of tabs) {
          if (other === self()) continue;
          const event = Object.assign(new Event('storage'), {
            key,
            newValue: value,
            storageArea: other.storage,
          });
          setTimeout(() => other.target.dispatchEvent(event), 0);
        }
      },
      removeItem: (key: string) => {
        data.delete(key);
      },
    };
  }
  const stops: (() => void)[] = [];
  return {
    data,
    tabs,
    /** Opens a tab: a store on the shared key, following the others. */
    open(
      client = createFakeClient().client,
      throttleMs?: number,
    ): ChatStoreApi & { tab: (typeof tabs)[number] } {
      const tab: (typeof tabs)[number] = {
        target: new EventTarget(),
        storage: tabStorage(() => tab),
        writes: 0,
      };
      tabs.push(tab);
      const store = createChatStore({
        client,
        throttleMs: 0,
        persist: { key: 'chat', storage: tab.storage, ...(throttleMs === undefined ? {} : { throttleMs }) },
      });
      vi.stubGlobal('addEventListener', tab.target.addEventListener.bind(tab.target));
      vi.stubGlobal('removeEventListener', tab.target.removeEventListener.bind(tab.target));
      stops.push(store.syncTabs());
      return Object.assign(store, { tab });
    },
    /** Closes a tab: it hears no more events. */
    close(store: { tab: (typeof tabs)[number] }) {
      tabs.splice(tabs.indexOf(store.tab), 1);
    },
    stopAll: () => {
      for (const stop of stops) stop();
    },
  };
}

/** Lets the queued `storage` events of every tab arrive (each may cause a write and more events). */
async function settle() {
  for (let round = 0; round < 6; round++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Tab A sends `text` (reply `r1`) in its one thread; then tab B opens (its next reply `r2`). */
async function oneExchange(tabs: ReturnType<typeof createTabs>, text: string) {
  const a = tabs.open(createFakeClient(textReply('r1')).client);
  await a.getState().send(text);
  const thread = a.getState().threadId;
  await settle();
  return { a, b: tabs.open(createFakeClient(textReply('r2')).client), thread };
}

/**
 * A first tab with two threads: `first` with one exchange (reply `r1`), then `second` (titled
 * `title`), with an exchange (reply `r2`) when `text` is given; `second` is active.
 */
async function twoThreads(tabs: ReturnType<typeof createTabs>, first: string, title: string, text?: string) {
  const a = tabs.open(createFakeClient(textReply('r1'), textReply('r2')).client);
  await a.getState().send(first);
  const one = a.getState().threadId;
  const two = a.getState().createThread(title);
  if (text) await a.getState().send(text);
  return { a, one, two };
}

/** Tab `a` runs a tool that never ends; tab `b` shows its call as running. */
async function runToolShownIn(a: ChatStoreApi, b: ChatStoreApi) {
  a.setOptions({
    client: createFakeClient(toolCallChunks([{ id: 'call_1', name: 'slow', args: '{}' }])).client,
    tools: [{ name: 'slow', execute: () => new Promise(() => {}) }],
  });
  void a.getState().send('run the tool');
  await until(() => selectLastAssistantMessage(a.getState())?.toolCalls?.call_1?.state === 'running');
  await settle();
  expect(selectLastAssistantMessage(b.getState())?.toolCalls?.call_1?.state).toBe('running');
}

/**
 * Two tabs on `twoThreads` (first thread "keep me", second "Doomed" with "delete me"), the first
 * one shown in A; B opened after A's writes.
 */
async function toDelete(tabs: ReturnType<typeof createTabs>) {
  const { a, one: kept, two: doomed } = await twoThreads(tabs, 'keep me', 'Doomed', 'delete me');
  a.getState().switchThread(kept);
  await settle();
  return { a, b: tabs.open(), kept, doomed };
}

/**
 * A tab (named `name`) whose reply streams (unanswered, from `fake`'s first stream) in its
 * `thread`, with a message queued behind it: "asked in <name>", then "queued in <name>".
 */
async function queuedBehindStream(tabs: ReturnType<typeof createTabs>, name: string) {
  const fake = createFakeClient();
  const store = tabs.open(fake.client);
  const thread = store.getState().threadId;
  void store.getState().send(`asked in ${name}`);
  await fake.stream(0);
  await store.getState().send(`queued in ${name}`);
  return { store, fake, thread };
}

/**
 * An async storage over `data` that stores each write and answers it when told (a slow disk):
 * `answers` holds one call per write, in order, that stores it and resolves it.
 */
function slowStorage(data = new Map<string, string>()) {
  const answers: (() => void)[] = [];
  const storage = {
    getItem: async (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) =>
      new Promise<void>((resolve) => answers.push(() => resolve(void data.set(key, value)))),
    removeItem: async (key: string) => void data.delete(key),
  };
  return { storage, answers };
}

/**
 * Tabs on one async storage over `data` (no `storage` events: a tab takes in the others' writes
 * when it reads again): `open` makes a tab's store and waits for its first read.
 */
function asyncTabs() {
  const data = new Map<string, string>();
  const storage = {
    getItem: async (key: string) => data.get(key) ?? null,
    setItem: async (key: string, value: string) => void data.set(key, value),
    removeItem: async (key: string) => void data.delete(key),
  };
  const open = async (client = createFakeClient().client) => {
    const store = createChatStore({ client, persist: { key: 'chat', storage } });
    await until(() => store.hasHydrated());
    return store;
  };
  return { data, storage, open };
}

const contents = (state: ChatState) => selectActiveMessages(state).map((message) => message.content);
/** A reload of `store`'s tab: a store reading what the shared storage holds (not following). */
const reloadOf = (store: ReturnType<ReturnType<typeof createTabs>['open']>) =>
  createChatStore({ persist: { key: 'chat', storage: store.tab.storage } });

const titles = (state: ChatState) => state.threads.map((thread) => thread.title).sort();

/** Every message's text in `state`'s active thread, the whole tree, sorted. */
const allTexts = (state: ChatState) =>
  Object.values(state.messages)
    .map((message) => message.content)
    .sort();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('tabs on one persisted key', () => {
  it("a tab that writes after another keeps the other's threads and messages", async () => {
    const tabs = createTabs();
    const seed = tabs.open(createFakeClient(textReply('seeded')).client);
    await seed.getState().send('seed');
    await settle();
    const a = tabs.open(createFakeClient(textReply('reply in A')).client);
    const b = tabs.open(createFakeClient(textReply('reply in B')).client);
    expect(contents(b.getState())).toEqual(['seed', 'seeded']);

    a.getState().createThread('A thread');
    await a.getState().send('written in A');
    await settle();
    // B sees A's thread at once, and what B writes next keeps it.
    expect(titles(b.getState())).toEqual(['A thread', 'seed']);
    b.getState().renameThread(b.getState().threadId, 'renamed in B');
    await b.getState().send('written in B');
    await settle();

    const reloaded = reloadOf(a);
    expect(titles(reloaded.getState())).toEqual(['A thread', 'renamed in B']);
    const aThread = reloaded.getState().threads.find((thread) => thread.title === 'A thread');
    reloaded.getState().switchThread(aThread?.id as string);
    expect(contents(reloaded.getState())).toEqual(['written in A', 'reply in A']);
    // A followed B in turn: the rename and B's messages are there, in A's own thread list.
    expect(titles(a.getState())).toEqual(['A thread', 'renamed in B']);
    a.getState().switchThread(b.getState().threadId);
    expect(contents(a.getState())).toEqual(['seed', 'seeded', 'written in B', 'reply in B']);
    tabs.stopAll();
  });

  it('the tab showing a thread another tab extends shows the new messages, without writing back', async () => {
    const tabs = createTabs();
    const a = tabs.open(createFakeClient(textReply('first'), textReply('second')).client);
    await a.getState().send('one');
    await settle();
    const b = tabs.open();
    expect(b.getState().threadId).toBe(a.getState().threadId);
    const bWrites = b.tab.writes;
    await a.getState().send('two');
    await settle();
    expect(contents(b.getState())).toEqual(['one', 'first', 'two', 'second']);
    expect(b.getState().usage.total_tokens).toBe(a.getState().usage.total_tokens);
    expect(b.tab.writes).toBe(bWrites);
    tabs.stopAll();
  });

  it('a thread deleted in one tab goes in the others; a tab showing it moves to another thread', async () => {
    const tabs = createTabs();
    const { a, one: kept, two: doomed } = await twoThreads(tabs, 'keep me', 'Doomed', 'delete me');
    await settle();
    const b = tabs.open();
    const c = tabs.open();
    c.getState().switchThread(kept);
    await settle();
    expect(b.getState().threadId).toBe(doomed);

    c.getState().deleteThread(doomed);
    await settle();
    for (const tab of [a, b, c]) {
      expect(tab.getState().threads.map((thread) => thread.id)).toEqual([kept]);
      expect(tab.getState().threadData[doomed]).toBeUndefined();
    }
    expect(b.getState().threadId).toBe(kept);
    expect(contents(b.getState())).toEqual(['keep me', 'r1']);
    expect(tabs.data.get('chat')).not.toContain('delete me');
    tabs.stopAll();
  });

  it('a deletion stays when the other tab writes the thread before it hears of it', async () => {
    const tabs = createTabs();
    const { a, b, kept, doomed } = await toDelete(tabs);
    // A deletes, then B writes (its rename) before A's event reaches it.
    a.getState().deleteThread(doomed);
    b.getState().renameThread(kept, 'Kept');
    await settle();
    for (const tab of [a, b]) expect(tab.getState().threads.map((thread) => thread.title)).toEqual(['Kept']);
    expect(tabs.data.get('chat')).not.toContain('delete me');
    tabs.stopAll();
  });

  it('a tab opened after a deletion keeps it while another tab still streams into that thread', async () => {
    const tabs = createTabs();
    const { a, two: doomed } = await twoThreads(tabs, 'keep me', 'Doomed');
    await settle();
    const fake = createFakeClient();
    const b = tabs.open(fake.client, 0);
    expect(b.getState().threadId).toBe(doomed);
    void b.getState().send('streaming into it');
    const live = await fake.stream(0);
    live.push(textChunk('first '));
    await settle();
    a.getState().deleteThread(doomed);
    await settle();
    // B keeps the thread it streams into, and writes it back with every update; A answers
    // each with a write without it, and nothing more (no write answers the answer).
    expect(b.getState().threads.some((thread) => thread.id === doomed)).toBe(true);
    const writes = [a.tab.writes, b.tab.writes];
    live.push(textChunk('more '));
    await settle();
    expect([a.tab.writes - (writes[0] ?? 0), b.tab.writes - (writes[1] ?? 0)]).toEqual([1, 1]);
    // A tab opened now, with A gone, knows of the deletion from the storage.
    tabs.close(a);
    const reopened = tabs.open();
    live.push(textChunk('second '));
    await settle();
    expect(reopened.getState().threads.some((thread) => thread.id === doomed)).toBe(false);
    live.end();
    await tick();
    await settle();
    for (const tab of [b, reopened])
      expect(tab.getState().threads.some((thread) => thread.id === doomed)).toBe(false);
    expect(tabs.data.get('chat')).not.toContain('streaming into it');
    tabs.stopAll();
  });

  it('a thread new in one tab is not taken for deleted by a tab that has not seen it', async () => {
    const tabs = createTabs();
    // Two tabs open on an empty storage at once: each starts a thread the other never saw.
    const a = tabs.open(createFakeClient(textReply('from A')).client);
    const b = tabs.open(createFakeClient(textReply('from B')).client);
    await Promise.all([a.getState().send('in A'), b.getState().send('in B')]);
    await settle();
    for (const tab of [a, b]) expect(titles(tab.getState())).toEqual(['in A', 'in B']);
    expect(contents(a.getState())).toEqual(['in A', 'from A']);
    expect(contents(b.getState())).toEqual(['in B', 'from B']);
    tabs.stopAll();
  });

  // Writes while streaming: throttled (the reply has unwritten changes when the other tab's write
  // arrives) or each one at once (the thread is as written, and only the stream keeps it).
  it.each([250, 0])(
    'a reply streaming here is never replaced by another tab; what that tab sent meanwhile is kept (persist throttle %i ms)',
    async (throttleMs) => {
      const tabs = createTabs();
      const fake = createFakeClient(textReply('ok'));
      const a = tabs.open(fake.client, throttleMs);
      await a.getState().send('before');
      const b = tabs.open(createFakeClient(textReply('B reply')).client);
      expect(contents(b.getState())).toEqual(['before', 'ok']);

      void a.getState().send('stream here');
      const live = await fake.stream(0);
      live.push(textChunk('partial '));
      await settle();
      // B sends in the same thread while A streams into it, and renames it.
      await b.getState().send('meanwhile in B');
      b.getState().renameThread(b.getState().threadId, 'Renamed in B');
      await settle();
      expect(contents(a.getState())).toEqual(['before', 'ok', 'stream here', 'partial ']);
      expect(a.getState().status).toBe('streaming');
      live.push(textChunk('and the rest'));
      live.end();
      await tick();
      await settle();
      // Each tab shows its own branch; both branches are in both trees and in the storage.
      expect(contents(a.getState())).toEqual(['before', 'ok', 'stream here', 'partial and the rest']);
      expect(contents(b.getState()).slice(-2)).toEqual(['meanwhile in B', 'B reply']);
      for (const tab of [a, b]) {
        const texts = Object.values(tab.getState().messages).map((message) => message.content);
        expect(texts).toEqual(expect.arrayContaining(['partial and the rest', 'meanwhile in B', 'B reply']));
      }
      expect(tabs.data.get('chat')).toContain('partial and the rest');
      expect(tabs.data.get('chat')).toContain('meanwhile in B');
      for (const tab of [a, b]) expect(tab.getState().threads[0]?.title).toBe('Renamed in B');
      // The usage totals count both replies of 3 + 4 tokens (the one streamed here has none), in
      // each tab: those of the replies taken from the other tab too.
      const totals = { prompt_tokens: 6, completion_tokens: 8, total_tokens: 14, cost: 0.002 };
      for (const tab of [a, b, reloadOf(a)]) expect(tab.getState().usage).toEqual(totals);
      tabs.stopAll();
    },
  );

  it('edits of one thread that cross in flight end the same in every tab and in the storage', async () => {
    const tabs = createTabs();
    const a = tabs.open(createFakeClient(textReply('first')).client);
    await a.getState().send('shared');
    await settle();
    const b = tabs.open();
    const thread = a.getState().threadId;
    // Both write before either hears of the other.
    b.getState().renameThread(thread, 'B title');
    a.getState().renameThread(thread, 'A title');
    await settle();
    // One of the two wins (the higher revision; both raised it at once), the same everywhere.
    const title = a.getState().threads[0]?.title;
    expect(['A title', 'B title']).toContain(title);
    expect(b.getState().threads[0]?.title).toBe(title);
    expect(tabs.data.get('chat')).toContain(`"${title}"`);
    tabs.stopAll();
  });

  it('edits of two threads that cross in flight both survive, everywhere', async () => {
    const tabs = createTabs();
    const { a, one, two } = await twoThreads(tabs, 'first', 'Two', 'second');
    await settle();
    const b = tabs.open();
    b.getState().renameThread(one, 'One, renamed in B');
    a.getState().renameThread(two, 'Two, renamed in A');
    await settle();
    for (const tab of [a, b])
      expect(titles(tab.getState())).toEqual(['One, renamed in B', 'Two, renamed in A']);
    const reloaded = reloadOf(a);
    expect(titles(reloaded.getState())).toEqual(['One, renamed in B', 'Two, renamed in A']);
    tabs.stopAll();
  });

  it('an exchange written just before another tab writes (another thread) is not lost', async () => {
    const tabs = createTabs();
    const { a, one: shared, two: other } = await twoThreads(tabs, 'first', 'Other');
    a.getState().switchThread(shared);
    await settle();
    const b = tabs.open(createFakeClient(textReply('from B')).client);
    // B's exchange is written; A writes (a rename of another thread) before B's events reach it.
    await b.getState().send('in B');
    a.getState().renameThread(other, 'Renamed in A');
    await settle();
    for (const tab of [a, b]) {
      expect(contents(tab.getState())).toEqual(['first', 'r1', 'in B', 'from B']);
      expect(titles(tab.getState())).toEqual(['Renamed in A', 'first']);
    }
    expect(tabs.data.get('chat')).toContain('from B');
    tabs.stopAll();
  });

  it('a reply another tab streams into a thread changed here (writes refused) ends whole, here and there', async () => {
    const tabs = createTabs();
    const fake = createFakeClient(textReply('r1'));
    const a = tabs.open(fake.client, 0);
    await a.getState().send('one');
    const thread = a.getState().threadId;
    await settle();
    const b = tabs.open();
    // B's writes are refused (quota) from its rename on; A streams a reply into that thread.
    b.tab.full = true;
    b.getState().renameThread(thread, 'Renamed in B');
    void a.getState().send('two');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await settle();
    live.push(textChunk(' and the rest'));
    live.end();
    await tick();
    await settle();
    b.tab.full = false;
    await b.rehydrate();
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      expect(titles(store.getState())).toEqual(['Renamed in B']);
      const replies = Object.values(store.getState().messages).filter(
        (message) => message.role === 'assistant',
      );
      expect(replies.map((message) => `${message.content}:${message.status}`)).toEqual([
        'r1:done',
        'partial and the rest:done',
      ]);
    }
    tabs.stopAll();
  });

  it('titles another tab gives, one after the other, to a thread changed here (writes refused): the last stays', async () => {
    const tabs = createTabs();
    const { a, b, thread } = await oneExchange(tabs, 'one');
    b.tab.full = true;
    await b.getState().send('from B');
    a.getState().renameThread(thread, 'First title');
    await settle();
    a.getState().renameThread(thread, 'Second title');
    await settle();
    b.tab.full = false;
    await b.rehydrate();
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      expect(titles(store.getState())).toEqual(['Second title']);
      const texts = Object.values(store.getState().messages).map((message) => message.content);
      expect(texts).toContain('from B');
    }
    tabs.stopAll();
  });

  it('a write that failed leaves what it carried to this tab, whatever other tabs write', async () => {
    const tabs = createTabs();
    const a = tabs.open(createFakeClient(textReply('r1'), textReply('r2')).client);
    await a.getState().send('one');
    await settle();
    const b = tabs.open(createFakeClient(textReply('b reply')).client);
    // The storage refuses every write of A's "two" exchange (quota), then has room again; B,
    // which never saw "two", writes the same thread.
    a.tab.full = true;
    await a.getState().send('two');
    a.tab.full = false;
    await b.getState().send('three');
    await settle();
    const texts = (store: ChatStoreApi) => Object.values(store.getState().messages).map((m) => m.content);
    for (const tab of [a, b])
      expect(texts(tab).sort()).toEqual(['b reply', 'one', 'r1', 'r2', 'three', 'two']);
    expect(contents(a.getState())).toEqual(['one', 'r1', 'two', 'r2']);
    expect(tabs.data.get('chat')).toContain('"two"');
    tabs.stopAll();
  });

  // Either tab's number the higher (it decides between revisions raised at once).
  it.each([
    [0.9, 0.1],
    [0.1, 0.9],
  ])(
    'a write refused here leaves the changes another tab made since to that tab (random %d, then %d)',
    async (aRandom, bRandom) => {
      const tabs = createTabs();
      vi.spyOn(Math, 'random').mockReturnValue(aRandom);
      const { a, one, two } = await twoThreads(tabs, 'first', 'Two', 'second');
      await settle();
      vi.spyOn(Math, 'random').mockReturnValue(bRandom);
      const b = tabs.open();
      const three = b.getState().createThread('Three');
      b.getState().switchThread(two);
      await settle();
      // A's rename is refused (quota); then B renames a thread and deletes another.
      a.tab.full = true;
      a.getState().renameThread(one, 'One, renamed in A');
      a.tab.full = false;
      b.getState().renameThread(two, 'Two, renamed in B');
      b.getState().deleteThread(three);
      await settle();
      for (const store of [a, b, reloadOf(a)])
        expect(titles(store.getState())).toEqual(['One, renamed in A', 'Two, renamed in B']);
      tabs.stopAll();
    },
  );

  it("while a reply streams here (its write pending), another tab's later edits are not undone", async () => {
    const tabs = createTabs();
    const fake = createFakeClient(textReply('ok'));
    const a = tabs.open(fake.client);
    await a.getState().send('here');
    const b = tabs.open(createFakeClient(textReply('b1'), textReply('b2')).client);
    const mine = b.getState().createThread('B thread');
    await settle();
    void a.getState().send('streaming');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await settle();
    await b.getState().send('b one');
    await settle();
    b.getState().renameThread(mine, 'B thread, renamed');
    await b.getState().send('b two');
    await settle();
    live.end();
    await tick();
    await settle();
    for (const tab of [a, b]) {
      const thread = tab.getState().threads.find((item) => item.id === mine);
      expect(thread?.title).toBe('B thread, renamed');
    }
    a.getState().switchThread(mine);
    expect(contents(a.getState())).toEqual(['b one', 'b1', 'b two', 'b2']);
    expect(tabs.data.get('chat')).toContain('B thread, renamed');
    tabs.stopAll();
  });

  it("a reply's end is not undone by a tab that read it cut and wrote the thread before hearing of the end", async () => {
    const tabs = createTabs();
    const { b, thread } = await oneExchange(tabs, 'first');
    const fake = createFakeClient();
    b.setOptions({ client: fake.client });
    void b.getState().send('ask');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await until(() => contents(b.getState()).at(-1) === 'partial');
    await settle();
    // A tab opened now reads the partial reply as cut; it renames the thread as B ends the reply.
    const c = tabs.open();
    expect(selectLastAssistantMessage(c.getState())?.status).toBe('incomplete');
    live.push(textChunk(' and the end'));
    live.end();
    await until(() => b.getState().status === 'idle');
    c.getState().renameThread(thread, 'Renamed in C');
    await settle();
    // The title is the version's with the higher revision (both raised it at once): the same
    // everywhere.
    const title = titles(b.getState());
    for (const store of [b, c, reloadOf(b)]) {
      const reply = selectLastAssistantMessage(store.getState());
      expect([reply?.content, reply?.status]).toEqual(['partial and the end', 'done']);
      expect(titles(store.getState())).toEqual(title);
    }
    tabs.stopAll();
  });

  it('a reply streaming in one tab while another tab edits the question: both versions kept, each shown where made', async () => {
    const tabs = createTabs();
    const fake = createFakeClient(textReply('r1'));
    // A writes every update of its reply (no throttle).
    const a = tabs.open(fake.client, 0);
    await a.getState().send('first');
    await settle();
    const b = tabs.open();
    void a.getState().send('ask');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await settle();
    const asked = Object.values(b.getState().messages).find((message) => message.content === 'ask')?.id;
    expect(asked).toBeDefined();
    b.setOptions({ client: createFakeClient(textReply('edited reply')).client });
    await b.getState().edit(asked as string, 'ask, edited');
    live.push(textChunk(' and the end'));
    live.end();
    await until(() => a.getState().status === 'idle');
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      expect(allTexts(store.getState())).toEqual(
        ['ask', 'ask, edited', 'edited reply', 'first', 'partial and the end', 'r1'].sort(),
      );
      expectTrees(store.getState());
    }
    expect(contents(a.getState())).toEqual(['first', 'r1', 'ask', 'partial and the end']);
    expect(contents(b.getState())).toEqual(['first', 'r1', 'ask, edited', 'edited reply']);
    tabs.stopAll();
  });

  it('two replies streaming into one thread: the one that ends first is kept whole', async () => {
    const tabs = createTabs();
    const aFake = createFakeClient(textReply('ok'));
    const a = tabs.open(aFake.client, 0);
    await a.getState().send('start');
    const bFake = createFakeClient();
    const b = tabs.open(bFake.client, 0);
    void a.getState().send('question A');
    const aLive = await aFake.stream(0);
    aLive.push(textChunk('A partial '));
    await settle();
    void b.getState().send('question B');
    const bLive = await bFake.stream(0);
    bLive.push(textChunk('B partial '));
    await settle();
    aLive.push(textChunk('and the end'));
    aLive.end();
    await tick();
    await settle();
    bLive.push(textChunk('and its end'));
    bLive.end();
    await tick();
    await settle();
    for (const tab of [a, b]) {
      const replies = Object.values(tab.getState().messages).filter(
        (message) => message.role === 'assistant',
      );
      expect(replies.map((message) => `${message.content}:${message.status}`).sort()).toEqual([
        'A partial and the end:done',
        'B partial and its end:done',
        'ok:done',
      ]);
    }
    expect(tabs.data.get('chat')).toContain('A partial and the end');
    expect(tabs.data.get('chat')).toContain('B partial and its end');
    tabs.stopAll();
  });

  it("a change in another thread leaves the shown thread's messages as they were (no re-render)", async () => {
    const tabs = createTabs();
    const { a, one: shown, two: other } = await twoThreads(tabs, 'shown', 'Other');
    a.getState().switchThread(shown);
    await settle();
    const b = tabs.open();
    const before = a.getState().messages;
    b.getState().renameThread(other, 'Renamed in B');
    await settle();
    expect(a.getState().threads.find((thread) => thread.id === other)?.title).toBe('Renamed in B');
    expect(a.getState().messages).toBe(before);
    tabs.stopAll();
  });

  it('a thread cleared here, then sent to, does not take back its old messages from a tab that had not seen the clear', async () => {
    const tabs = createTabs();
    const { a, one, two } = await twoThreads(tabs, 'first', 'Two');
    a.getState().switchThread(one);
    await settle();
    const bFake = createFakeClient();
    const b = tabs.open(bFake.client, 0);
    b.getState().switchThread(two);
    void b.getState().send('streaming in B');
    const bLive = await bFake.stream(0);
    await settle();
    // A clears its thread and asks again: its writes wait while the reply streams (throttled).
    // B writes (its reply goes on, in another thread) before it hears of the clear.
    const aFake = createFakeClient();
    a.setOptions({ client: aFake.client });
    a.getState().clear();
    void a.getState().send('after the clear');
    bLive.push(textChunk('more'));
    await settle();
    const aLive = await aFake.stream(0);
    aLive.push(textChunk('answer'));
    aLive.end();
    bLive.end();
    await tick();
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      store.getState().switchThread(one);
      expect(Object.values(store.getState().messages).map((message) => message.content)).toEqual([
        'after the clear',
        'answer',
      ]);
    }
    tabs.stopAll();
  });

  it('a thread cleared here (writes refused) takes what another tab sends there since, as a new root: no orphans', async () => {
    const tabs = createTabs();
    const { a, b } = await oneExchange(tabs, 'first');
    a.tab.full = true;
    a.getState().clear();
    // B has not seen the clear: its message answers 'r1', which the clear removed.
    await b.getState().send('sent in B');
    await settle();
    a.tab.full = false;
    await a.rehydrate();
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      expect(allTexts(store.getState())).toEqual(['r2', 'sent in B']);
      expect(contents(store.getState())).toEqual(['sent in B', 'r2']);
      expectTrees(store.getState());
    }
    tabs.stopAll();
  });

  it('a clear here and a message sent in another tab before it hears of it: both hold, as a new root', async () => {
    const tabs = createTabs();
    const { a, b } = await oneExchange(tabs, 'first');
    // Both write before either hears of the other's write.
    a.getState().clear();
    const sent = b.getState().send('sent in B');
    await sent;
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      expect(allTexts(store.getState())).toEqual(['r2', 'sent in B']);
      expect(contents(store.getState())).toEqual(['sent in B', 'r2']);
      expectTrees(store.getState());
    }
    tabs.stopAll();
  });

  it('a thread cleared here while its writes are refused stays empty when another tab writes', async () => {
    const tabs = createTabs();
    const { a, one, two } = await twoThreads(tabs, 'first', 'Two');
    a.getState().switchThread(one);
    await settle();
    const b = tabs.open();
    // A's writes are refused (quota) from its clear on, while B writes a change of another thread.
    a.tab.full = true;
    a.getState().clear();
    b.getState().renameThread(two, 'Two, renamed in B');
    await settle();
    a.tab.full = false;
    await a.rehydrate();
    await settle();
    for (const store of [a, b, reloadOf(a)]) {
      store.getState().switchThread(one);
      expect(store.getState().messages).toEqual({});
      expect(titles(store.getState())).toEqual(['Two, renamed in B', 'first']);
    }
    tabs.stopAll();
  });

  it('a thread deleted after a failed write stays deleted in every tab', async () => {
    const tabs = createTabs();
    const { a, b, kept, doomed } = await toDelete(tabs);
    // The storage is full for one write (a rename); the user then deletes a thread to make room.
    a.tab.full = true;
    a.getState().renameThread(kept, 'Kept');
    a.tab.full = false;
    a.getState().deleteThread(doomed);
    await settle();
    for (const tab of [a, b]) expect(tab.getState().threads.map((thread) => thread.id)).toEqual([kept]);
    expect(tabs.data.get('chat')).not.toContain('delete me');
    tabs.stopAll();
  });

  // The deletion's write lands, waits behind a reply streaming here (throttled), or is refused (quota).
  it.each(['written', 'pending', 'refused'] as const)(
    'a thread deleted here stays deleted through a rehydrate (its write %s)',
    async (write) => {
      const tabs = createTabs();
      const { a, b, kept, doomed } = await toDelete(tabs);
      const fake = createFakeClient();
      a.setOptions({ client: fake.client });
      if (write === 'pending') {
        void a.getState().send('streaming');
        (await fake.stream(0)).push(textChunk('partial'));
        await until(() => contents(a.getState()).at(-1) === 'partial');
      }
      a.tab.full = write === 'refused';
      a.getState().deleteThread(doomed);
      a.tab.full = false;
      await a.rehydrate();
      expect(a.getState().threads.map((thread) => thread.id)).toEqual([kept]);
      fake.streams[0]?.end();
      await tick();
      await settle();
      for (const tab of [a, b]) expect(tab.getState().threads.map((thread) => thread.id)).toEqual([kept]);
      expect(tabs.data.get('chat')).not.toContain('delete me');
      tabs.stopAll();
    },
  );

  it('a rehydrate in a tab left with one empty thread keeps the deletion its refused write carried', async () => {
    const tabs = createTabs();
    const a = tabs.open(createFakeClient(textReply('r')).client);
    await a.getState().send('delete me');
    const doomed = a.getState().threadId;
    const empty = a.getState().createThread('Empty');
    a.tab.full = true;
    a.getState().deleteThread(doomed);
    a.tab.full = false;
    await a.rehydrate();
    expect(a.getState().threads.map((thread) => thread.id)).toEqual([empty]);
    expect(tabs.data.get('chat')).not.toContain('delete me');
    tabs.stopAll();
  });

  it('a change whose write was refused still reaches the other tabs after a read of an emptied storage', async () => {
    const tabs = createTabs();
    const { a, b, thread } = await oneExchange(tabs, 'hello');
    await settle();
    // A's next exchange is refused (quota); then the storage is emptied (site data cleared) and
    // has room again, and A reads it: nothing there, so what A holds stays as it is.
    a.tab.full = true;
    a.setOptions({ client: createFakeClient(textReply('more reply')).client });
    await a.getState().send('more');
    a.tab.full = false;
    tabs.data.delete('chat');
    await a.rehydrate();
    // A change elsewhere writes A's threads; B reads that write. The refused exchange is new to B.
    a.getState().createThread('Other');
    await settle();
    await b.rehydrate();
    b.getState().switchThread(thread);
    expect(selectActiveMessages(b.getState()).map((message) => message.content)).toEqual([
      'hello',
      'r1',
      'more',
      'more reply',
    ]);
    tabs.stopAll();
  });

  // A's rename waits behind a reply streaming here (throttled), or is refused (quota).
  it.each(['pending', 'refused'] as const)(
    'a rehydrate keeps what this tab has not written (%s) and takes what another tab wrote since',
    async (write) => {
      const tabs = createTabs();
      const { a, one, two } = await twoThreads(tabs, 'first', 'Two', 'second');
      a.getState().switchThread(one);
      await settle();
      const b = tabs.open();
      const fake = createFakeClient();
      a.setOptions({ client: fake.client });
      if (write === 'pending') {
        void a.getState().send('streaming');
        (await fake.stream(0)).push(textChunk('partial'));
        await until(() => contents(a.getState()).at(-1) === 'partial');
      }
      a.tab.full = write === 'refused';
      a.getState().renameThread(one, 'One, renamed in A');
      a.tab.full = false;
      // B renames the other thread; A reads before B's event reaches it.
      b.getState().renameThread(two, 'Two, renamed in B');
      await a.rehydrate();
      expect(titles(a.getState())).toEqual(['One, renamed in A', 'Two, renamed in B']);
      expect(contents(a.getState())).toEqual([
        'first',
        'r1',
        ...(write === 'pending' ? ['streaming', 'partial'] : []),
      ]);
      fake.streams[0]?.end();
      await tick();
      await settle();
      for (const store of [a, b, reloadOf(a)])
        expect(titles(store.getState())).toEqual(['One, renamed in A', 'Two, renamed in B']);
      tabs.stopAll();
    },
  );

  it('a rehydrate before the event of a deletion in another tab takes it: the tab showing it moves', async () => {
    const tabs = createTabs();
    const { a, b, kept, doomed } = await toDelete(tabs);
    b.getState().switchThread(doomed);
    await settle();
    a.getState().deleteThread(doomed);
    await b.rehydrate();
    expect(b.getState().threadId).toBe(kept);
    expect(b.getState().threads.map((thread) => thread.id)).toEqual([kept]);
    await settle();
    expect(a.getState().threads.map((thread) => thread.id)).toEqual([kept]);
    expect(tabs.data.get('chat')).not.toContain('delete me');
    tabs.stopAll();
  });

  it("async storage (no events): a rehydrate takes the other tab's writes and keeps deletions, even one made while it reads", async () => {
    const { data, open } = asyncTabs();
    const a = await open(createFakeClient(textReply('r1'), textReply('r2')).client);
    await a.getState().send('keep me');
    const kept = a.getState().threadId;
    const doomed = a.getState().createThread('Doomed');
    await a.getState().send('delete me');
    a.getState().switchThread(kept);
    await tick();
    const b = await open();
    // A starts reading, then deletes a thread before the read answers.
    const read = a.rehydrate();
    a.getState().deleteThread(doomed);
    await read;
    expect(a.getState().threads.map((thread) => thread.id)).toEqual([kept]);
    // B never heard of the deletion and writes; A's next read takes B's change, not the thread.
    b.getState().renameThread(kept, 'Kept');
    await tick();
    await a.rehydrate();
    expect(titles(a.getState())).toEqual(['Kept']);
    await tick();
    expect(data.get('chat')).not.toContain('delete me');
    await b.rehydrate();
    expect(titles(b.getState())).toEqual(['Kept']);
  });

  // A's refused change is a rename of the thread B leaves alone, or an exchange in the thread B
  // renames; either tab's number the higher (it decides between revisions raised at once).
  it.each(
    (['rename', 'send'] as const).flatMap((change) => [
      [change, 0.9, 0.1] as const,
      [change, 0.1, 0.9] as const,
    ]),
  )(
    "async storage: after A's write is refused (%s; random %d, then %d), a rehydrate takes B's later rename and keeps A's change",
    async (change, aRandom, bRandom) => {
      const data = new Map<string, string>();
      const open = async (client = createFakeClient().client) => {
        const tab = { full: false };
        const storage = {
          getItem: async (key: string) => data.get(key) ?? null,
          setItem: async (key: string, value: string) => {
            if (tab.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            data.set(key, value);
          },
          removeItem: async (key: string) => void data.delete(key),
        };
        const onStorageError = vi.fn();
        const store = createChatStore({ client, onStorageError, persist: { key: 'chat', storage } });
        await until(() => store.hasHydrated());
        return Object.assign(store, { tab, onStorageError });
      };
      vi.spyOn(Math, 'random').mockReturnValue(aRandom);
      const a = await open(createFakeClient(textReply('r1'), textReply('r2'), textReply('r3')).client);
      await a.getState().send('first');
      const one = a.getState().threadId;
      const two = a.getState().createThread('Two');
      await a.getState().send('second');
      await tick();
      vi.spyOn(Math, 'random').mockReturnValue(bRandom);
      const b = await open();
      // A's change is refused (quota); then B renames thread two, and A reads.
      a.tab.full = true;
      if (change === 'rename') a.getState().renameThread(one, 'One, renamed in A');
      else await a.getState().send('more');
      await until(() => a.onStorageError.mock.calls.length > 0);
      expect(a.getState().storageError?.name).toBe('QuotaExceededError');
      a.tab.full = false;
      b.getState().renameThread(two, 'Two, renamed in B');
      await tick();
      await a.rehydrate();
      await tick();
      await b.rehydrate();
      const expected = [change === 'rename' ? 'One, renamed in A' : 'first', 'Two, renamed in B'].sort();
      const reload = await open();
      for (const store of [a, b, reload]) {
        expect(titles(store.getState())).toEqual(expected);
        store.getState().switchThread(two);
        expect(contents(store.getState())).toEqual([
          'second',
          'r2',
          ...(change === 'send' ? ['more', 'r3'] : []),
        ]);
      }
    },
  );

  it('async storage: a write sent before the last one is answered is taken by the other tab too', async () => {
    const data = new Map<string, string>();
    const answers: (() => void)[] = [];
    // Stores at once, answers when told (a slow disk).
    const storage = {
      getItem: async (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => {
        data.set(key, value);
        return new Promise<void>((resolve) => answers.push(resolve));
      },
      removeItem: async (key: string) => void data.delete(key),
    };
    const a = createChatStore({ persist: { key: 'chat', storage } });
    const b = createChatStore({ persist: { key: 'chat', storage } });
    await until(() => a.hasHydrated() && b.hasHydrated());
    const id = a.getState().threadId;
    a.getState().renameThread(id, 'x');
    await b.rehydrate();
    expect(titles(b.getState())).toEqual(['x']);
    // A's second write goes before its first is answered.
    a.getState().renameThread(id, 'y');
    await b.rehydrate();
    expect(titles(b.getState())).toEqual(['y']);
    for (const answer of answers) answer();
  });

  // Each tab sends without reading the other's writes; A writes more often. Either write lands last.
  it.each(['A', 'B'] as const)(
    'async storage: messages sent at once in two tabs are all kept, whichever wrote more (%s wrote last)',
    async (last) => {
      const { open } = asyncTabs();
      const a = await open(createFakeClient(textReply('r1'), textReply('a1'), textReply('a2')).client);
      await a.getState().send('first');
      await tick();
      const b = await open(createFakeClient(textReply('b1')).client);
      expect(contents(b.getState())).toEqual(['first', 'r1']);
      const sendInA = async () => {
        await a.getState().send('from A');
        await a.getState().send('more from A');
        await tick();
      };
      const sendInB = async () => {
        await b.getState().send('from B');
        await tick();
      };
      if (last === 'A') {
        await sendInB();
        await sendInA();
      } else {
        await sendInA();
        await sendInB();
      }
      for (const store of [a, b, a, b]) {
        await store.rehydrate();
        await tick();
      }
      const reload = await open();
      for (const store of [a, b, reload]) {
        expect(allTexts(store.getState())).toEqual(
          ['a1', 'a2', 'b1', 'first', 'from A', 'from B', 'more from A', 'r1'].sort(),
        );
        expectTrees(store.getState());
      }
      // Each tab shows its own branch; the reload, the last writer's.
      expect(contents(a.getState())).toEqual(['first', 'r1', 'from A', 'a1', 'more from A', 'a2']);
      expect(contents(b.getState())).toEqual(['first', 'r1', 'from B', 'b1']);
    },
  );

  it("async storage: messages written over by another tab's renames, which add none, are written again", async () => {
    const { open } = asyncTabs();
    const a = await open();
    const b = await open(createFakeClient(textReply('reply in B')).client);
    const thread = a.getState().threadId;
    a.getState().renameThread(thread, 'zero');
    await tick();
    await b.rehydrate();
    expect(b.getState().threadId).toBe(thread);
    // B sends; A, not having read it, renames the thread three times (more writes than B's).
    await b.getState().send('sent in B');
    await tick();
    for (const title of ['one', 'two', 'three']) {
      a.getState().renameThread(thread, title);
      await tick();
    }
    for (const store of [b, a, b]) {
      await store.rehydrate();
      await tick();
    }
    const reload = await open();
    for (const store of [a, b, reload]) {
      expect(titles(store.getState())).toEqual(['three']);
      expect(contents(store.getState())).toEqual(['sent in B', 'reply in B']);
    }
  });

  it('async storage: a write with nothing new in a thread does not beat a change made there after the one before', async () => {
    const { storage, answers } = slowStorage();
    const answer = async (count = Number.POSITIVE_INFINITY) => {
      for (let index = 0; index < count && answers.length; index++) {
        answers.shift()?.();
        await tick(1);
      }
    };
    // A's number the higher: it wins between revisions raised at once.
    vi.spyOn(Math, 'random').mockReturnValue(0.9);
    const a = createChatStore({
      client: createFakeClient(new Error('The endpoint is down.')).client,
      persist: { key: 'chat', storage, throttleMs: 0 },
    });
    vi.spyOn(Math, 'random').mockReturnValue(0.1);
    const b = createChatStore({ persist: { key: 'chat', storage } });
    await until(() => a.hasHydrated() && b.hasHydrated());
    const thread = a.getState().threadId;
    // A's message is written, then its failure (the thread as it was); B reads the first write
    // and renames the thread before the second is answered.
    await a.getState().send('hello');
    await answer(1);
    await b.rehydrate();
    b.getState().renameThread(thread, 'Renamed in B');
    await answer();
    for (const store of [a, b, a, b]) {
      await store.rehydrate();
      await answer();
    }
    const reload = createChatStore({ persist: { key: 'chat', storage } });
    await until(() => reload.hasHydrated());
    for (const store of [a, b, reload]) {
      expect(titles(store.getState())).toEqual(['Renamed in B']);
      expect(contents(store.getState())).toEqual(['hello']);
    }
  });

  it('async storage: a thread taken while an older write was on its way, then deleted, stays deleted', async () => {
    const data = new Map<string, string>();
    const answers = new Map<ChatStoreApi, (() => void)[]>();
    const open = (options: Parameters<typeof createChatStore>[0] = {}, throttleMs?: number) => {
      const { storage, answers: queue } = slowStorage(data);
      const store = createChatStore({ ...options, persist: { key: 'chat', storage, throttleMs } });
      answers.set(store, queue);
      return store;
    };
    const answer = async (store: ChatStoreApi, count = Number.POSITIVE_INFINITY) => {
      for (const next of answers.get(store)?.splice(0, count) ?? []) next();
      await tick();
    };
    const fake = createFakeClient();
    const a = open();
    const b = open({ client: fake.client }, 60_000);
    await until(() => a.hasHydrated() && b.hasHydrated());
    // B's rename is on its way when B takes A's new thread; the rename's write is answered after.
    b.getState().renameThread(b.getState().threadId, 'B');
    const fromA = a.getState().createThread('From A');
    await answer(a);
    await b.rehydrate();
    expect(titles(b.getState())).toContain('From A');
    await answer(b, 1);
    // B deletes it while a reply streams there (the write waits); A writes it again meanwhile.
    void b.getState().send('streaming');
    (await fake.stream(0)).push(textChunk('partial'));
    b.getState().deleteThread(fromA);
    await a.rehydrate();
    await answer(a);
    await b.rehydrate();
    expect(titles(b.getState())).not.toContain('From A');
    b.abort();
  });

  it('async storage: a rehydrate while the write of a clear is unanswered keeps the thread empty', async () => {
    const { storage, answers } = slowStorage();
    const answerAll = async () => {
      while (answers.length) {
        answers.shift()?.();
        await tick(1);
      }
    };
    const a = createChatStore({
      client: createFakeClient(textReply('r1')).client,
      persist: { key: 'chat', storage },
    });
    await until(() => a.hasHydrated());
    await a.getState().send('one');
    await answerAll();
    // The storage still holds the exchange (this tab's own write) when A reads it again.
    a.getState().clear();
    await a.rehydrate();
    await answerAll();
    const reload = createChatStore({ persist: { key: 'chat', storage } });
    await until(() => reload.hasHydrated());
    // Out of the tree, not only off the active path (they would show as another branch).
    for (const store of [a, reload]) expect(store.getState().messages).toEqual({});
  });

  it('async storage: a thread deleted while the write holding it is still unanswered stays deleted', async () => {
    const { storage, answers } = slowStorage();
    const answer = async () => {
      answers.shift()?.();
      await tick();
    };
    const a = createChatStore({ persist: { key: 'chat', storage } });
    const b = createChatStore({ persist: { key: 'chat', storage } });
    await until(() => a.hasHydrated() && b.hasHydrated());
    a.getState().renameThread(a.getState().threadId, 'Kept');
    await answer();
    // A makes a thread and deletes it before the storage answered the write that holds it.
    const doomed = a.getState().createThread('Doomed');
    a.getState().deleteThread(doomed);
    await answer();
    await b.rehydrate();
    expect(titles(b.getState())).toEqual(['Doomed', 'Kept']);
    await answer();
    await b.rehydrate();
    await tick();
    await answer();
    await a.rehydrate();
    for (const store of [a, b]) expect(titles(store.getState())).toEqual(['Kept']);
  });

  // Each write lists the latest 100 deletions: a tab that read none of them learns of those only.
  it.each([100, 101])('a tab that missed %i deletions drops the latest 100 of them', async (count) => {
    const tabs = createTabs();
    const a = tabs.open();
    const doomed = Array.from({ length: count }, (_, index) => a.getState().createThread(`t${index}`));
    await settle();
    const b = tabs.open();
    // A deletes them all before B hears of any: B reads A's last write only.
    for (const id of doomed) a.getState().deleteThread(id);
    await settle();
    const back = count > 100 ? ['t0'] : [];
    for (const tab of [a, b]) expect(titles(tab.getState())).toEqual(['New chat', ...back]);
    tabs.stopAll();
  });

  it('a reply streaming in another tab shows as streaming here, and its running tool as running', async () => {
    const tabs = createTabs();
    const fake = createFakeClient(textReply('ok'));
    const a = tabs.open(fake.client, 0);
    await a.getState().send('first');
    const b = tabs.open();
    void a.getState().send('stream');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await settle();
    expect(selectLastAssistantMessage(b.getState())).toMatchObject({
      status: 'streaming',
      content: 'partial',
    });
    live.end();
    await tick();
    await settle();
    expect(selectLastAssistantMessage(b.getState())).toMatchObject({ status: 'done', content: 'partial' });

    await runToolShownIn(a, b);
    // A reload still reads them as cut: the stream and the run ended with the page.
    const reloaded = reloadOf(a);
    expect(selectLastAssistantMessage(reloaded.getState())?.toolCalls?.call_1?.state).toBe('error');
    a.abort();
    tabs.stopAll();
  });

  it('a call approved in one tab is no longer awaiting approval in the others: it runs once', async () => {
    const tabs = createTabs();
    const runs: string[] = [];
    const tools = (tab: string) => [
      { name: 'risky', needsApproval: true, execute: () => String(runs.push(tab)) },
    ];
    const a = tabs.open();
    a.setOptions({
      client: createFakeClient(toolCallChunks([{ id: 'call_1', name: 'risky', args: '{}' }])).client,
      tools: tools('A'),
    });
    await a.getState().send('do it');
    await settle();
    const b = tabs.open();
    b.setOptions({ client: createFakeClient(textReply('after, in B')).client, tools: tools('B') });
    expect(selectLastAssistantMessage(b.getState())?.toolCalls?.call_1?.state).toBe('awaiting-approval');

    b.getState().approveToolCall('call_1');
    await until(() => b.getState().status === 'idle' && runs.length === 1);
    await settle();
    expect(a.getState().messages[selectActiveMessages(a.getState())[2]?.id as string]).toBeDefined();
    a.getState().approveToolCall('call_1');
    a.getState().denyToolCall('call_1');
    await settle();
    expect(runs).toEqual(['B']);
    expect(contents(a.getState()).at(-1)).toBe('after, in B');
    tabs.stopAll();
  });

  it('a tab closed while a reply streams or a tool runs leaves them cut, for the tabs that follow it', async () => {
    const tabs = createTabs();
    const fake = createFakeClient();
    const a = tabs.open(fake.client, 0);
    const b = tabs.open();
    void a.getState().send('stream');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await settle();
    b.getState().switchThread(a.getState().threadId);
    expect(selectLastAssistantMessage(b.getState())?.status).toBe('streaming');
    a.tab.target.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(selectLastAssistantMessage(b.getState())).toMatchObject({
      status: 'incomplete',
      content: 'partial',
    });
    expect(b.getState().messages).toEqual(reloadOf(b).getState().messages);

    await runToolShownIn(a, b);
    a.tab.target.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(selectLastAssistantMessage(b.getState())?.toolCalls?.call_1?.state).toBe('error');
    tabs.stopAll();
  });

  it('tabs opened together on an empty key end with one thread, not an empty "New chat" each', async () => {
    const tabs = createTabs();
    const a = tabs.open(createFakeClient(textReply('hi')).client);
    const b = tabs.open();
    const c = tabs.open();
    await a.getState().send('hello');
    await settle();
    for (const tab of [a, b, c]) expect(titles(tab.getState())).toEqual(['hello']);
    // B showed its own empty thread: it shows the thread A wrote now, as a tab opened later would.
    expect(b.getState().threadId).toBe(a.getState().threadId);
    expect(contents(b.getState())).toEqual(['hello', 'hi']);
    const reloaded = reloadOf(b);
    expect(titles(reloaded.getState())).toEqual(['hello']);
    // A thread made on purpose is kept, empty or not.
    c.getState().createThread('made in C');
    await settle();
    expect(titles(a.getState())).toEqual(['hello', 'made in C']);
    tabs.stopAll();
  });

  it("the empty thread a tab opened with, once written in its list, is not taken for another tab's unwritten one", async () => {
    const tabs = createTabs();
    const a = tabs.open();
    const b = tabs.open();
    const c = tabs.open();
    const first = a.getState().threadId;
    // A makes a thread: its write lists the empty one it opened with. C reads it; B, which has
    // not, writes; C reads that (without A's first thread); then A uses its first thread.
    a.getState().createThread('Made in A');
    await c.rehydrate();
    b.getState().createThread('Made in B');
    await c.rehydrate();
    a.getState().renameThread(first, 'Renamed in A');
    await settle();
    for (const tab of [a, b, c, reloadOf(a)]) expect(titles(tab.getState())).toContain('Renamed in A');
    tabs.stopAll();
  });

  it('messages queued in a thread left here stay here (never written) when another tab extends it', async () => {
    const tabs = createTabs();
    const { store: a, fake, thread: one } = await queuedBehindStream(tabs, 'A');
    a.getState().createThread();
    await settle();
    expect(tabs.data.get('chat')).not.toContain('queued in A');
    const b = tabs.open(createFakeClient(textReply('answered in B')).client);
    b.getState().switchThread(one);
    expect(b.getState().queue).toEqual([]);
    await b.getState().send('sent in B');
    await settle();
    a.getState().switchThread(one);
    await fake.stream(1);
    expect(fake.requests[1]?.messages.map((message) => message.content)).toEqual([
      'asked in A',
      'sent in B',
      'answered in B',
      'queued in A',
    ]);
    a.abort();
    tabs.stopAll();
  });

  it('the thread shown here, deleted by another tab while its queue waits for an approval: the queue goes, unsent', async () => {
    const tabs = createTabs();
    const { a, one, two: doomed } = await twoThreads(tabs, 'keep me', 'Doomed');
    await settle();
    const fake = createFakeClient();
    const b = tabs.open(fake.client);
    b.setOptions({
      client: fake.client,
      tools: [{ name: 'risky', needsApproval: true, execute: () => 'ran' }],
    });
    expect(b.getState().threadId).toBe(doomed);
    void b.getState().send('do it');
    const live = await fake.stream(0);
    await b.getState().send('queued in B');
    live.push(...toolCallChunks([{ id: 'call_1', name: 'risky', args: '{}' }]));
    live.end();
    await until(() => b.getState().status === 'idle');
    expect(b.getState().queue).toHaveLength(1);
    a.getState().deleteThread(doomed);
    await settle();
    expect(b.getState().threadId).toBe(one);
    expect(b.getState().threads.map((thread) => thread.id)).toEqual([one]);
    expect(b.getState().queue).toEqual([]);
    expect(b.getState().error).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    tabs.stopAll();
  });

  it('the thread a reply streams into here, deleted by another tab, stays until the reply ends but sends nothing queued', async () => {
    const tabs = createTabs();
    const { a, one, two: doomed } = await twoThreads(tabs, 'keep me', 'Doomed');
    await settle();
    const fake = createFakeClient();
    const b = tabs.open(fake.client, 0);
    void b.getState().send('streaming into it');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await b.getState().send('queued in B');
    await settle();
    a.getState().deleteThread(doomed);
    await settle();
    expect(b.getState().threadId).toBe(doomed);
    expect(b.getState().status).toBe('streaming');
    live.end();
    await tick();
    await settle();
    expect(fake.requests).toHaveLength(1);
    expect(b.getState().threadId).toBe(one);
    expect(b.getState().threads.map((thread) => thread.id)).toEqual([one]);
    expect(b.getState().queue).toEqual([]);
    expect(tabs.data.get('chat')).not.toContain('queued in B');
    b.abort();
    tabs.stopAll();
  });

  // B still shows the thread when it reads, or has moved to another one.
  it.each([true, false])(
    'the thread a reply streams into here, deleted by a tab closed since, goes at the next read once the reply ended (shown: %s)',
    async (shown) => {
      const tabs = createTabs();
      const { a, one, two: doomed } = await twoThreads(tabs, 'keep me', 'Doomed');
      await settle();
      const fake = createFakeClient();
      const b = tabs.open(fake.client, 0);
      void b.getState().send('streaming into it');
      const live = await fake.stream(0);
      live.push(textChunk('partial'));
      await settle();
      // A deletes the thread and is closed: nobody answers B's writes (which list it) any more.
      a.getState().deleteThread(doomed);
      tabs.close(a);
      await settle();
      expect(b.getState().threadId).toBe(doomed);
      live.end();
      await tick();
      if (!shown) b.getState().switchThread(one);
      await b.rehydrate();
      for (const store of [b, reloadOf(b)]) {
        expect(store.getState().threadId).toBe(one);
        expect(store.getState().threads.map((thread) => thread.id)).toEqual([one]);
      }
      tabs.stopAll();
    },
  );

  it('a queue parked in a thread another tab deletes goes with it: never sent, even if the thread comes back', async () => {
    const tabs = createTabs();
    const { store: b, fake, thread: doomed } = await queuedBehindStream(tabs, 'B');
    // Left while its reply streams: the reply stops, the queue is parked (sent on coming back).
    const shown = b.getState().createThread('Shown');
    await settle();
    const a = tabs.open();
    // A writer that follows no tab (a store on A's storage), still holding the thread.
    const stale = reloadOf(a);
    a.getState().deleteThread(doomed);
    await settle();
    tabs.close(a);
    expect(b.getState().threads.map((thread) => thread.id)).toEqual([shown]);
    // 100 deletions later B no longer remembers that one: the stale writer brings the thread back.
    for (let index = 0; index < 100; index++) b.getState().deleteThread(b.getState().createThread());
    stale.getState().renameThread(doomed, 'Back');
    await settle();
    b.getState().switchThread(doomed);
    await tick();
    expect(b.getState().threadId).toBe(doomed);
    expect(contents(b.getState())).toEqual(['asked in B']);
    expect(b.getState().queue).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    b.abort();
    tabs.stopAll();
  });

  it('ignores other keys, other storages, removals and unreadable values; the stop ends following', async () => {
    const tabs = createTabs();
    const a = tabs.open(createFakeClient(textReply('ok')).client);
    const before = a.getState();
    const dispatch = (init: Record<string, unknown>) =>
      a.tab.target.dispatchEvent(
        Object.assign(new Event('storage'), { key: 'chat', storageArea: a.tab.storage, ...init }),
      );
    const other = JSON.stringify({
      state: { threadId: 'x', threads: [{ id: 'x', title: 'X', createdAt: 1, updatedAt: 1 }] },
      version: 1,
    });
    dispatch({ key: 'other', newValue: other });
    dispatch({ storageArea: {}, newValue: other });
    dispatch({ newValue: null });
    dispatch({ newValue: '{broken' });
    expect(a.getState()).toBe(before);
    // A value the storage no longer holds (overwritten since) is skipped; the current one is read.
    dispatch({ newValue: other });
    expect(a.getState()).toBe(before);
    tabs.data.set('chat', other);
    dispatch({ newValue: other });
    expect(titles(a.getState())).toContain('X');

    const stopped = reloadOf(a);
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    const stop = stopped.syncTabs();
    stop();
    const state = stopped.getState();
    tabs.data.set('chat', other.replace('"X"', '"Y"'));
    target.dispatchEvent(
      Object.assign(new Event('storage'), {
        key: 'chat',
        storageArea: a.tab.storage,
        newValue: tabs.data.get('chat'),
      }),
    );
    expect(stopped.getState()).toBe(state);
    // Without persistence there is nothing to follow.
    expect(createChatStore().syncTabs()).toBeTypeOf('function');
    tabs.stopAll();
  });
});
