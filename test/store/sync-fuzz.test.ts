import fc from 'fast-check';
import { afterEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import {
  type ChatClientLike,
  type ChatState,
  type ChatStoreApi,
  createChatStore,
  serializeError,
  type ThreadData,
} from '../../src/store/index.js';
import { createRandom } from '../../src/testing/random.js';
import { ControlledStream, expectTrees, finishChunk, textChunk, textReply } from './helpers.js';

/**
 * Random sequences of actions in 2 or 3 tabs on one persisted key, checked against what the README
 * and the JSDoc promise. Two storages: `localStorage`-like (sync, a `storage` event per write to
 * each other tab, delivered when the sequence says, as `tab-sync.test.ts` does it), and async (no
 * events; every read and write answered when the sequence says; tabs follow through `rehydrate()`).
 * Seeded throughout (fast-check, `Math.random`, `Date`): a failure replays the same.
 *
 * After every step: no action threw, no tab's active thread is missing from its list, a thread
 * that left a tab's list never comes back to it, `storageError` shows exactly when the last write
 * the storage answered was refused (and `onStorageError` was called), a reload shows what is
 * stored, the API key and request headers are never written. At the end, once every tab took in
 * every write: the tabs and a reload agree on the threads (order, titles) and their messages, no
 * reply streams on, deleted threads stay deleted, and messages, titles and finished replies are
 * where their tab left them, and every thread is a tree whose active path runs from a root, except
 * where the README allows a loss:
 * - two tabs changed a thread's title at once, each writing before it read the other's write: one
 *   title wins (what each page knew is tracked: every change and write carries the set of changes
 *   its page had seen); their messages are merged, so none is lost that way;
 * - a page was reloaded before the storage held its change, or (async storage, until it reads)
 *   a tab that had not read it wrote over it, and no open page holds it any more.
 */

const KEY = 'chat';
const API_KEY = 'sk-or-v1-fuzz-secret-0123456789';
const HEADER_SECRET = 'fuzz-header-secret-9876';

type Mode = 'events' | 'async';

type Action =
  | { type: 'send'; tab: number; fail: boolean }
  | { type: 'startStream'; tab: number }
  | { type: 'pushChunk'; tab: number }
  | { type: 'endStream'; tab: number }
  | { type: 'createThread'; tab: number; titled: boolean }
  | { type: 'switchThread'; tab: number; pick: number }
  | { type: 'renameThread'; tab: number; pick: number }
  | { type: 'deleteThread'; tab: number; pick: number }
  | { type: 'clear'; tab: number }
  | { type: 'edit'; tab: number; pick: number }
  | { type: 'regenerate'; tab: number; pick: number }
  | { type: 'switchBranch'; tab: number; pick: number }
  | { type: 'deliver'; tab: number; count: number }
  | { type: 'answerWrite'; tab: number }
  | { type: 'answerAll' }
  | { type: 'reload'; tab: number }
  | { type: 'rehydrate'; tab: number }
  | { type: 'refuse'; tab: number; count: number }
  | { type: 'room'; tab: number };

const tab = fc.nat(2);
const pick = fc.nat(7);
const actionArb = (mode: Mode): fc.Arbitrary<Action> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ type: fc.constant('send'), tab, fail: fc.nat(5).map((n) => n === 0) }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('startStream'), tab }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('pushChunk'), tab }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('endStream'), tab }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('createThread'), tab, titled: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('switchThread'), tab, pick }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('renameThread'), tab, pick }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('deleteThread'), tab, pick }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('clear'), tab }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('edit'), tab, pick }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('regenerate'), tab, pick }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('switchBranch'), tab, pick }) },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('deliver'), tab, count: fc.integer({ min: 1, max: 3 }) }),
    },
    ...(mode === 'async'
      ? [
          { weight: 6, arbitrary: fc.record({ type: fc.constant('answerWrite'), tab }) },
          { weight: 1, arbitrary: fc.record({ type: fc.constant('answerAll') }) },
        ]
      : []),
    { weight: 2, arbitrary: fc.record({ type: fc.constant('reload'), tab }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('rehydrate'), tab }) },
    {
      weight: 3,
      // One or two writes, or every write until there is room again.
      arbitrary: fc.record({ type: fc.constant('refuse'), tab, count: fc.constantFrom(1, 2, 1000) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('room'), tab }),
    },
  ) as fc.Arbitrary<Action>;

/** A change made in one page: the threads it touched and the changes that page knew of. */
interface Change {
  id: number;
  page: Page;
  know: Set<number>;
  threads: Set<string>;
  /** The threads whose title it changed. */
  titles: Set<string>;
}

/** One page of a tab: its store, and what the model knows about it. */
interface Page {
  store: ChatStoreApi;
  storage: StateStorage;
  /** The changes this page has seen (its own, and those of every value it read). */
  know: Set<number>;
  stop: () => void;
  /** Each thread's version (JSON) it last read or wrote. */
  versions: Map<string, string>;
  /** The deleted threads listed in what it read or wrote. */
  tombs: Set<string>;
  /** Threads that left its list. */
  gone: Set<string>;
  listed: Set<string>;
  /** The outcome of its last write the storage answered. */
  lastWrite: boolean | undefined;
  onStorageError: Mock<(error: Error) => void>;
  /** The next request streams under the test's control, or fails. */
  hold: boolean;
  failNext: boolean;
  streams: ControlledStream[];
  live: { stream: ControlledStream; thread: string; message: string; text: string } | undefined;
  /** Reads of events whose value the storage no longer holds: not taken in (the handler skips them). */
  checking: boolean;
  runs: Promise<unknown>[];
}

interface Tab {
  index: number;
  target: EventTarget;
  /** Values of other tabs' writes, whose `storage` events this tab has not received yet. */
  inbox: string[];
  /** Writes to refuse (quota). */
  refuse: number;
  throttleMs: number;
  page: Page;
}

const threadsOf = (state: ChatState) =>
  new Map(
    state.threads.map((thread) => [
      thread.id,
      {
        summary: thread,
        messages: thread.id === state.threadId ? state.messages : state.threadData[thread.id]?.messages,
      },
    ]),
  );

const dataOf = (state: ChatState, id: string): ThreadData | undefined =>
  id === state.threadId ? state : state.threadData[id];

/** JSON with sorted keys and errors as written: equal values of two tabs print the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item) => {
    if (item instanceof Error) return serializeError(item);
    if (item && typeof item === 'object' && !Array.isArray(item))
      return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)));
    return item;
  });
}

/**
 * What a tab shows: its threads in order, and each one's message tree. A reply still marked as
 * streaming reads as cut (as a reload reads it): whether one may be is checked on its own.
 */
const shown = (state: ChatState) =>
  state.threads.map((thread) => ({
    thread,
    messages: canonical(dataOf(state, thread.id)?.messages ?? {}).replaceAll(
      '"status":"streaming"',
      '"status":"incomplete"',
    ),
  }));

const flush = async (times = 1) => {
  for (let index = 0; index < times; index++) await new Promise((resolve) => setImmediate(resolve));
};

function createWorld(mode: Mode, tabCount: number, seed: number) {
  // Seeded: tab numbers and ids are the same on every run of a sequence.
  const random = createRandom(seed);
  vi.spyOn(Math, 'random').mockImplementation(random);
  let clock = Date.UTC(2025, 0, 1);
  vi.setSystemTime(clock);
  const data = new Map<string, string>();
  /** The changes the stored value carries (those its writer knew). */
  let storedKnow = new Set<number>();
  /** Each change's first write: what its writer knew then. */
  const firstStored = new Map<number, Set<number>>();
  const store = (know: Set<number>) => {
    storedKnow = know;
    for (const id of know) if (!firstStored.has(id)) firstStored.set(id, know);
  };
  const changes: Change[] = [];
  const lost = new Set<number>();
  /** Records whose effect neither the storage nor any open page holds any more. */
  const vanished = new Set<object>();
  const messages: { id: string; thread: string; change: Change }[] = [];
  const renames: { thread: string; title: string; change: Change }[] = [];
  const deletions: { thread: string; change: Change }[] = [];
  const clears: { thread: string; change: Change }[] = [];
  const finals: { id: string; thread: string; content: string; change: Change }[] = [];
  const seen = new Set<string>();
  const reads: { page: Page; stale: boolean; run: () => void }[] = [];
  const writes: { tab: Tab; value: string; run: (ok: boolean) => void }[] = [];
  let counter = 0;
  let nextChange = 0;
  let written = 0;
  /** A new change of `page`, touching nothing yet; it knows what the page knows. */
  const newChange = (page: Page): Change => ({
    id: nextChange++,
    page,
    know: new Set(page.know),
    threads: new Set(),
    titles: new Set(),
  });

  const refusal = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  /** Each thread's version in a stored value: its summary and messages, as JSON. */
  function versions(value: string | null | undefined) {
    const state = value ? JSON.parse(value).state : { threads: [] };
    return new Map<string, string>(
      state.threads.map((thread: { id: string }) => [
        thread.id,
        JSON.stringify([
          thread,
          (thread.id === state.threadId ? state : state.threadData[thread.id])?.messages,
        ]),
      ]),
    );
  }

  const tombstones = (value: string | null | undefined): string[] =>
    (value && JSON.parse(value).state.deleted) || [];

  /**
   * A write is a change of its own for the threads it carries in a version the page neither read
   * nor wrote before: the page changed them since (in several writes, for a reply), or merged them.
   */
  function noteWrite(page: Page, value: string) {
    const now = versions(value);
    const made = newChange(page);
    for (const [id, text] of now) {
      const was = page.versions.get(id);
      if (was === text) continue;
      made.threads.add(id);
      const [before, after] = [was ? JSON.parse(was) : [{}, {}], JSON.parse(text)];
      if (before[0].title !== after[0].title) made.titles.add(id);
    }
    page.versions = now;
    for (const id of tombstones(value)) page.tombs.add(id);
    if (!made.threads.size) return;
    made.know.add(made.id);
    page.know.add(made.id);
    changes.push(made);
  }

  function storageOf(tab: Tab, page: Page): Page['storage'] {
    const learn = () => {
      if (page.checking) return;
      for (const id of storedKnow) page.know.add(id);
      page.versions = versions(data.get(KEY));
      for (const id of tombstones(data.get(KEY))) page.tombs.add(id);
    };
    if (mode === 'events') {
      return {
        getItem(key) {
          learn();
          return data.get(key) ?? null;
        },
        setItem(key, value) {
          noteWrite(page, value);
          if (tab.refuse > 0) {
            tab.refuse--;
            page.lastWrite = false;
            throw refusal();
          }
          data.set(key, value);
          written++;
          store(new Set(page.know));
          page.lastWrite = true;
          for (const other of tabs) if (other !== tab) other.inbox.push(value);
        },
        removeItem: (key) => void data.delete(key),
      };
    }
    return {
      getItem(key) {
        // The store keeps only its latest read: one started before it answers for nothing.
        for (const read of reads) if (read.page === page) read.stale = true;
        return new Promise((resolve) =>
          reads.push({
            page,
            stale: false,
            run() {
              if (!this.stale) learn();
              resolve(data.get(key) ?? null);
            },
          }),
        );
      },
      setItem(key, value) {
        noteWrite(page, value);
        const know = new Set(page.know);
        return new Promise<void>((resolve, reject) =>
          writes.push({
            tab,
            value,
            run(ok) {
              page.lastWrite = ok;
              if (!ok) return reject(refusal());
              data.set(key, value);
              written++;
              store(know);
              resolve();
            },
          }),
        );
      },
      removeItem: async (key) => void data.delete(key),
    };
  }

  function clientOf(page: Page): ChatClientLike {
    return {
      stream(_request, options) {
        if (page.hold) {
          page.hold = false;
          const stream = new ControlledStream(options?.signal);
          page.streams.push(stream);
          return stream;
        }
        const fail = page.failNext;
        page.failNext = false;
        const chunks = textReply(`reply ${++counter}`);
        return (async function* () {
          await Promise.resolve();
          if (fail) throw new Error('The endpoint failed.');
          for (const chunk of chunks) {
            if (options?.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
            yield chunk;
          }
        })();
      },
      complete: () => Promise.reject(new Error('unused')),
    };
  }

  function open(tab: Tab): Page {
    const page = {
      know: new Set<number>(),
      gone: new Set<string>(),
      listed: new Set<string>(),
      versions: new Map(),
      tombs: new Set<string>(),
      lastWrite: undefined,
      onStorageError: vi.fn(),
      hold: false,
      failNext: false,
      streams: [],
      live: undefined,
      checking: false,
      runs: [],
    } as unknown as Page;
    page.storage = storageOf(tab, page);
    tab.page = page;
    page.store = createChatStore({
      client: clientOf(page),
      clientOptions: { apiKey: API_KEY, headers: { 'X-Fuzz': HEADER_SECRET } },
      throttleMs: 0,
      onStorageError: page.onStorageError,
      persist: { key: KEY, storage: page.storage, throttleMs: tab.throttleMs },
    });
    vi.stubGlobal('addEventListener', tab.target.addEventListener.bind(tab.target));
    vi.stubGlobal('removeEventListener', tab.target.removeEventListener.bind(tab.target));
    page.stop = page.store.syncTabs();
    return page;
  }

  const tabs: Tab[] = [];
  for (let index = 0; index < tabCount; index++) {
    const tab = {
      index,
      target: new EventTarget(),
      inbox: [],
      refuse: 0,
      // The second tab's writes wait while a reply streams there (no timer fires in a run).
      throttleMs: index === 1 ? 1e6 : 0,
    } as unknown as Tab;
    tabs.push(tab);
    open(tab);
  }

  /** Runs `run` as a change of `page`: what it touched is found by comparing the threads. */
  async function change(page: Page, run: () => unknown) {
    const before = threadsOf(page.store.getState());
    const made = newChange(page);
    made.know.add(made.id);
    page.know.add(made.id);
    const result = run();
    if (result instanceof Promise) page.runs.push(result);
    await result;
    await flush();
    const after = threadsOf(page.store.getState());
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const [was, now] = [before.get(id), after.get(id)];
      if (was?.summary !== now?.summary || was?.messages !== now?.messages) made.threads.add(id);
      if (was?.summary.title !== now?.summary.title) made.titles.add(id);
    }
    changes.push(made);
    collect(made);
    return { made, before, after };
  }

  /**
   * Messages that appeared since the last look are a change of the page that made them (`made`,
   * or one seen now: a queued message sent when a reply ended). Pages holding them already, and
   * the storage when it does, know of it.
   */
  function collect(made?: Change) {
    const found = new Map<string, { thread: string; holders: Page[] }>();
    for (const tab of tabs) {
      const state = tab.page.store.getState();
      for (const thread of state.threads)
        for (const id of Object.keys(dataOf(state, thread.id)?.messages ?? {})) {
          if (seen.has(id)) continue;
          const item = found.get(id) ?? { thread: thread.id, holders: [] };
          item.holders.push(tab.page);
          found.set(id, item);
        }
    }
    for (const [id, { thread, holders }] of found) {
      seen.add(id);
      let owner = made && holders.includes(made.page) ? made : undefined;
      if (!owner) {
        const page = holders[0] as Page;
        owner = newChange(page);
        owner.know.add(owner.id);
        changes.push(owner);
        if (data.get(KEY)?.includes(id)) store(new Set([...storedKnow, owner.id]));
      }
      for (const page of holders) page.know.add(owner.id);
      owner.threads.add(thread);
      messages.push({ id, thread, change: owner });
    }
  }

  const concurrent = (a: Change, b: Change) => a.page !== b.page && !a.know.has(b.id) && !b.know.has(a.id);
  const rivals = (made: Change) =>
    changes.filter(
      (other) => concurrent(made, other) && [...other.threads].some((id) => made.threads.has(id)),
    );
  /** Another page changed the same thread without knowing of this change (nor it of theirs). */
  const conflicted = (made: Change) => rivals(made).length > 0;
  /** Stored without knowing of `other`: that write may beat `other`'s whole. */
  const blind = (made: Change, other: Change) => firstStored.get(made.id)?.has(other.id) === false;
  /**
   * Titles: one of two rival changes both written before either page read the other's can win
   * (messages are merged); and a page keeps its own new title over another page's.
   */
  const retitled = (made: Change, thread: string) =>
    rivals(made).some((other) => other.titles.has(thread) || (blind(made, other) && blind(other, made)));

  const pickOf = <T>(list: readonly T[], index: number) => list[index % Math.max(1, list.length)];

  async function deliver(tab: Tab, count: number) {
    for (let index = 0; index < count; index++) {
      if (mode === 'events') {
        const value = tab.inbox.shift();
        if (value === undefined) return;
        const page = tab.page;
        const event = Object.assign(new Event('storage'), {
          key: KEY,
          newValue: value,
          storageArea: page.storage,
        });
        page.checking = value !== data.get(KEY);
        tab.target.dispatchEvent(event);
        page.checking = false;
      } else {
        const at = reads.findIndex((read) => read.page === tab.page);
        if (at < 0) return;
        reads.splice(at, 1)[0]?.run();
      }
      await flush();
    }
  }

  async function answerWrite(tab: Tab) {
    const at = writes.findIndex((write) => write.tab === tab);
    if (at < 0) return;
    const ok = tab.refuse === 0;
    if (!ok) tab.refuse--;
    writes.splice(at, 1)[0]?.run(ok);
    await flush();
  }

  /** Every pending read and write answered in one go (in order; refusals as set). */
  async function answerAll() {
    while (reads.length || writes.length) {
      for (const read of reads.splice(0)) read.run();
      for (const write of writes.splice(0)) {
        const ok = write.tab.refuse === 0;
        if (!ok) write.tab.refuse--;
        write.run(ok);
      }
      await flush();
    }
  }

  async function startStream(page: Page) {
    const state = page.store.getState();
    if (state.status === 'submitted' || state.status === 'streaming') return;
    page.hold = true;
    const text = `streamed ${++counter} `;
    const thread = state.threadId;
    const streams = page.streams.length;
    await change(page, async () => {
      page.runs.push(page.store.getState().send(`ask ${++counter}`));
      await flush();
      const stream = page.streams[streams];
      if (!stream) return;
      stream.push(textChunk(text));
      await flush();
      const message = page.store.getState().ids.at(-1) as string;
      page.live = { stream, thread, message, text };
    });
  }

  async function endStream(page: Page) {
    const live = page.live;
    if (!live) return;
    page.live = undefined;
    if (live.stream.signal?.aborted) return;
    const { made } = await change(page, async () => {
      live.stream.push(textChunk('end.'), finishChunk('stop'));
      live.stream.end();
      await flush();
    });
    finals.push({ id: live.message, thread: live.thread, content: `${live.text}end.`, change: made });
  }

  async function act(action: Action) {
    clock += 1000;
    vi.setSystemTime(clock);
    if (action.type === 'answerAll') return answerAll();
    const tab = tabs[action.tab % tabs.length] as Tab;
    const page = tab.page;
    const state = page.store.getState();
    const get = () => page.store.getState();
    const active = () =>
      get()
        .ids.map((id) => get().messages[id])
        .filter((message) => message !== undefined);
    switch (action.type) {
      case 'send':
        page.failNext = action.fail;
        await change(page, () => get().send(`message ${++counter}`));
        return;
      case 'startStream':
        return startStream(page);
      case 'pushChunk': {
        const live = page.live;
        if (!live || live.stream.signal?.aborted) return;
        const more = `more ${++counter} `;
        live.text += more;
        await change(page, () => live.stream.push(textChunk(more)));
        return;
      }
      case 'endStream':
        return endStream(page);
      case 'createThread':
        await change(page, () => get().createThread(action.titled ? `made ${++counter}` : undefined));
        return;
      case 'switchThread':
        await change(page, () => get().switchThread(pickOf(state.threads, action.pick)?.id as string));
        return;
      case 'renameThread': {
        const thread = pickOf(state.threads, action.pick)?.id as string;
        const title = `title ${++counter}`;
        const { made } = await change(page, () => get().renameThread(thread, title));
        renames.push({ thread, title, change: made });
        return;
      }
      case 'deleteThread': {
        const thread = pickOf(state.threads, action.pick)?.id as string;
        const { made } = await change(page, () => get().deleteThread(thread));
        deletions.push({ thread, change: made });
        return;
      }
      case 'clear': {
        const { made } = await change(page, () => get().clear());
        clears.push({ thread: state.threadId, change: made });
        return;
      }
      case 'edit': {
        const target = pickOf(active(), action.pick);
        if (target) await change(page, () => get().edit(target.id, `edited ${++counter}`));
        return;
      }
      case 'regenerate': {
        const target = action.pick === 0 ? undefined : pickOf(active(), action.pick);
        await change(page, () => get().regenerate(target?.id));
        return;
      }
      case 'switchBranch': {
        const target = pickOf(Object.keys(state.messages), action.pick);
        if (target) await change(page, () => get().switchBranch(target));
        return;
      }
      case 'deliver':
        return deliver(tab, action.count);
      case 'answerWrite':
        return answerWrite(tab);
      case 'rehydrate':
        if (mode === 'events') await page.store.rehydrate();
        else page.runs.push(page.store.rehydrate());
        await flush();
        return;
      case 'refuse':
        tab.refuse += action.count;
        return;
      case 'room':
        tab.refuse = 0;
        return;
      case 'reload': {
        // The page goes (what runs in it stops, as on `pagehide`) and a new one reads the storage.
        await change(page, () => tab.target.dispatchEvent(new Event('pagehide')));
        page.stop();
        page.live = undefined;
        tab.inbox = [];
        const fresh = open(tab);
        const raw = data.get(KEY);
        if (mode === 'events' && raw) expectStored(fresh.store.getState(), raw);
        await flush();
        return;
      }
    }
  }

  /** The reloaded tab shows what the storage holds: its threads, in order, and their messages. */
  function expectStored(state: ChatState, raw: string) {
    const saved = JSON.parse(raw).state;
    expect(state.threadId).toBe(saved.threadId);
    expect(state.threads).toEqual(saved.threads);
    for (const thread of state.threads) {
      const stored = thread.id === saved.threadId ? saved : saved.threadData[thread.id];
      expect(Object.keys(dataOf(state, thread.id)?.messages ?? {}).sort()).toEqual(
        Object.keys(stored?.messages ?? {}).sort(),
      );
    }
  }

  /**
   * A change neither the storage nor any open page knows of is lost for good: its page was
   * reloaded before the storage held it, or a tab that had not read it wrote over it since (with
   * async storage, documented: until it reads, the tab that writes last wins).
   */
  function sweep() {
    for (const made of changes)
      if (!storedKnow.has(made.id) && !tabs.some((tab) => tab.page.know.has(made.id))) lost.add(made.id);
    // The same for what a change of a page reloaded since wrote, looked up where it is: a change's
    // messages go out over several writes (a reply after its question). (Lost by an open page, it
    // would be a fault of the merge.)
    const closed = (item: { change: Change }) => !tabs.some((tab) => tab.page === item.change.page);
    const stored = (text: string) =>
      data.get(KEY)?.includes(text) || writes.some((write) => write.value.includes(text));
    const held = (thread: string, has: (state: ChatState) => boolean) =>
      tabs.some((tab) => {
        const state = tab.page.store.getState();
        return state.threads.some((item) => item.id === thread) && has(state);
      });
    for (const item of messages)
      if (
        closed(item) &&
        !stored(`"id":"${item.id}"`) &&
        !held(item.thread, (state) => !!dataOf(state, item.thread)?.messages[item.id])
      )
        vanished.add(item);
    // A deletion, when no open page, nor the storage, nor a write on its way lists it.
    for (const item of deletions)
      if (
        closed(item) &&
        ![data.get(KEY), ...writes.map((write) => write.value)].some((value) =>
          tombstones(value).includes(item.thread),
        ) &&
        !tabs.some((tab) => tab.page.tombs.has(item.thread))
      )
        vanished.add(item);
    for (const item of renames)
      if (
        closed(item) &&
        !stored(`"title":${JSON.stringify(item.title)}`) &&
        !held(item.thread, (state) => state.threads.some((thread) => thread.title === item.title))
      )
        vanished.add(item);
    for (const item of finals)
      if (
        closed(item) &&
        !stored(`"content":${JSON.stringify(item.content)}`) &&
        !held(item.thread, (state) => dataOf(state, item.thread)?.messages[item.id]?.content === item.content)
      )
        vanished.add(item);
  }

  /** What holds after every step. */
  function checkStep() {
    sweep();
    const raw = data.get(KEY) ?? '';
    expect(raw).not.toContain(API_KEY);
    expect(raw).not.toContain(HEADER_SECRET);
    for (const tab of tabs) {
      const page = tab.page;
      const state = page.store.getState();
      const ids = state.threads.map((thread) => thread.id);
      expect(ids).toContain(state.threadId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of page.listed) if (!ids.includes(id)) page.gone.add(id);
      for (const id of ids) {
        // A thread that left a page's list (deleted there or elsewhere) never comes back to it.
        expect(page.gone.has(id), `thread ${id} came back in tab ${tab.index}`).toBe(false);
        page.listed.add(id);
      }
      for (const id of state.ids) expect(state.messages[id]).toBeDefined();
      // Every thread is a tree: each parent is one of its messages (a clear elsewhere leaves no
      // orphan), and the active path runs from a root, parent to child.
      expectTrees(state);
      // The last write the storage answered decides: refused, the error shows; taken, it is gone.
      if (page.lastWrite !== undefined)
        expect(state.storageError !== undefined, `storageError of tab ${tab.index}`).toBe(!page.lastWrite);
      if (state.storageError) expect(page.onStorageError).toHaveBeenCalled();
    }
  }

  /** Lets every tab take in every other tab's writes, until nothing is written any more. */
  async function converge() {
    for (const tab of tabs) tab.refuse = 0;
    for (const tab of tabs) await endStream(tab.page);
    collect();
    for (let round = 0; ; round++) {
      expect(round, 'the tabs keep answering each other').toBeLessThan(30);
      const before = written;
      if (mode === 'async') await answerAll();
      for (const tab of tabs) {
        await deliver(tab, Number.POSITIVE_INFINITY);
        if (mode === 'events') await tab.page.store.rehydrate();
        else {
          tab.page.runs.push(tab.page.store.rehydrate());
          await answerAll();
        }
        await flush();
      }
      if (written === before && tabs.every((tab) => !tab.inbox.length) && !reads.length && !writes.length)
        break;
    }
    collect();
  }

  /** What holds once every write was taken everywhere. */
  async function checkEnd() {
    for (const tab of tabs) await Promise.all(tab.page.runs);
    checkStep();
    // Nothing written: each tab shows the empty thread it opened with (nothing to agree on).
    if (!data.has(KEY)) return;
    const reader = createChatStore({
      persist: {
        key: KEY,
        storage: { getItem: (key) => data.get(key) ?? null, setItem() {}, removeItem() {} },
      },
    });
    const views = tabs.map((tab) => tab.page.store.getState());
    const state = views[0] as ChatState;
    // Every tab agrees on the threads, their order and titles, and their messages; so does a
    // reload (which reads a reply still streaming as cut).
    for (const view of views.slice(1)) expect(shown(view)).toEqual(shown(state));
    expect(shown(reader.getState())).toEqual(shown(state));
    const troubled = (thread: string) =>
      changes.some((made) => made.threads.has(thread) && (lost.has(made.id) || conflicted(made)));
    // Nothing streams any more: a reply shown as streaming is the copy of a page that stopped it
    // since, taken whole by a version of the thread changed meanwhile elsewhere (the README's
    // limit: one version wins whole).
    for (const thread of state.threads)
      for (const message of Object.values(dataOf(state, thread.id)?.messages ?? {}))
        if (message.status === 'streaming')
          expect(troubled(thread.id), `${message.id} streams on`).toBe(true);
    const listed = new Set(state.threads.map((thread) => thread.id));
    const deleted = new Set(deletions.filter((item) => !vanished.has(item)).map((item) => item.thread));
    for (const id of deleted) expect(listed.has(id), `deleted thread ${id} is back`).toBe(false);
    for (const message of messages) {
      if (deleted.has(message.thread) || vanished.has(message)) continue;
      // A clear that knew of it removed it on purpose.
      if (clears.some((item) => item.thread === message.thread && item.change.know.has(message.change.id)))
        continue;
      expect(
        Object.hasOwn(dataOf(state, message.thread)?.messages ?? {}, message.id),
        `message ${message.id} of thread ${message.thread} was lost`,
      ).toBe(true);
    }
    for (const id of listed) {
      const last = renames.filter((item) => item.thread === id).at(-1);
      if (!last || lost.has(last.change.id) || vanished.has(last) || retitled(last.change, id)) continue;
      expect(state.threads.find((thread) => thread.id === id)?.title, `title of ${id}`).toBe(last.title);
    }
    for (const final of finals) {
      if (deleted.has(final.thread) || vanished.has(final)) continue;
      if (clears.some((item) => item.thread === final.thread && item.change.know.has(final.change.id)))
        continue;
      const message = dataOf(state, final.thread)?.messages[final.id];
      if (message) expect(message.content, `streamed reply ${final.id}`).toBe(final.content);
    }
    for (const tab of tabs) {
      tab.page.store.abort();
      tab.page.stop();
    }
  }

  return { tabs, act, collect, checkStep, converge, checkEnd };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function run(mode: Mode, tabCount: number, seed: number, actions: Action[]) {
  vi.useFakeTimers({ toFake: ['Date'] });
  const world = createWorld(mode, tabCount, seed);
  try {
    for (const action of actions) {
      await world.act(action);
      world.collect();
      world.checkStep();
    }
    await world.converge();
    await world.checkEnd();
  } finally {
    for (const tab of world.tabs) tab.page.store.abort();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    vi.restoreAllMocks();
  }
}

describe.each([
  ['events', 7, 150],
  ['async', 11, 150],
] as const)('tabs on one key, random actions (%s storage)', (mode, seed, numRuns) => {
  it('converge, lose nothing they promise to keep, never bring a deleted thread back', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.integer(),
        // Up to 50 actions (fast-check's default size would keep them under about 20).
        fc.array(actionArb(mode), { minLength: 5, maxLength: 50, size: 'max' }),
        (tabCount, seed, actions) => run(mode, tabCount, seed, actions),
      ),
      { seed, numRuns },
    );
  }, 60_000);
});

// Sequences the property found once (with other seeds), kept as fixed cases.
describe('tabs on one key, sequences found before (async storage)', () => {
  it.each([
    {
      why: "a tab whose write another tab's renames wrote over, adding nothing, writes its messages again",
      tabs: 2,
      seed: 0,
      actions: [
        { type: 'renameThread', tab: 0, pick: 0 },
        { type: 'answerAll' },
        { type: 'renameThread', tab: 0, pick: 0 },
        { type: 'reload', tab: 1 },
        { type: 'renameThread', tab: 0, pick: 0 },
        { type: 'deliver', tab: 1, count: 1 },
        { type: 'switchBranch', tab: 0, pick: 0 },
        { type: 'switchBranch', tab: 0, pick: 0 },
        { type: 'deliver', tab: 0, count: 1 },
        { type: 'rehydrate', tab: 0 },
        { type: 'startStream', tab: 1 },
      ],
    },
    {
      why: 'a clear merged from a version older than the one read before is written with a higher revision',
      tabs: 2,
      seed: 33880021,
      actions: [
        { type: 'startStream', tab: 1 },
        { type: 'deliver', tab: 1, count: 1 },
        { type: 'reload', tab: 0 },
        { type: 'startStream', tab: 0 },
        { type: 'answerWrite', tab: 1 },
        { type: 'deliver', tab: 0, count: 1 },
        { type: 'deleteThread', tab: 0, pick: 0 },
        { type: 'reload', tab: 1 },
        { type: 'clear', tab: 0 },
        { type: 'reload', tab: 0 },
        { type: 'rehydrate', tab: 0 },
        { type: 'rehydrate', tab: 0 },
        { type: 'edit', tab: 0, pick: 0 },
        { type: 'answerWrite', tab: 1 },
        { type: 'reload', tab: 0 },
      ],
    },
  ] as { why: string; tabs: number; seed: number; actions: Action[] }[])(
    '$why',
    async ({ tabs, seed, actions }) => {
      await run('async', tabs, seed, actions);
    },
  );
});
