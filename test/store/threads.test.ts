import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  type ChatState,
  createChatStore,
  DEFAULT_THREAD_TITLE,
  selectActiveMessages,
} from '../../src/store/index.js';
import { createFakeClient, finishChunk, textChunk, textReply, tick, until } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether what `ref` points to is collected once nothing holds it (a full collection forced). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let attempt = 0; attempt < 5 && ref.deref(); attempt++) {
    // A target stays alive until the task that made its WeakRef (or last read it) ends.
    await tick(1);
    gc();
  }
  return ref.deref() === undefined;
}

const contents = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).map((message) => `${message.role}:${message.content}`);

describe('threads', () => {
  it('starts with one untitled thread, titled by the first user message', async () => {
    const fake = createFakeClient(textReply('hi'));
    const store = createChatStore({ client: fake.client });
    expect(store.getState().threads).toHaveLength(1);
    expect(store.getState().threads[0]?.title).toBe(DEFAULT_THREAD_TITLE);
    await store
      .getState()
      .send('Plan a   trip to\nLisbon in May, with a very long description that goes on and on');
    const title = store.getState().threads[0]?.title ?? '';
    expect(title.startsWith('Plan a trip to Lisbon in May')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(60);
  });

  it('a first message of images alone leaves the thread untitled: the first user message with words names it', async () => {
    const store = createChatStore({ client: createFakeClient(textReply('a cat'), textReply('yes')).client });
    const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    await store.getState().send([image]);
    expect(store.getState().threads[0]?.title).toBe(DEFAULT_THREAD_TITLE);
    await store.getState().send('Is it a Maine Coon?');
    expect(store.getState().threads[0]?.title).toBe('Is it a Maine Coon?');
  });

  it('a user message holding a null part (saved data of an unexpected shape) does not stop a send naming the thread', async () => {
    const store = createChatStore({
      client: createFakeClient(textReply('yes')).client,
      initialMessages: [{ role: 'user', content: [null as never] }],
    });
    await store.getState().send('Hello there');
    expect(store.getState().error).toBeUndefined();
    expect(store.getState().threads[0]?.title).toBe('Hello there');
  });

  it('a first message of up to 60 characters is the whole title; a longer one is cut to 57 and "..."', async () => {
    const titleFor = async (text: string) => {
      const store = createChatStore({ client: createFakeClient(textReply('hi')).client });
      await store.getState().send(text);
      return store.getState().threads[0]?.title;
    };
    const sixty = 'a'.repeat(60);
    expect(await titleFor(sixty)).toBe(sixty);
    expect(await titleFor(`${sixty}b`)).toBe(`${'a'.repeat(57)}...`);
  });

  describe('a thread filled with messages passed in is named as a send would name it', () => {
    const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const title = (store: ReturnType<typeof createChatStore>) =>
      store.getState().threads.find((thread) => thread.id === store.getState().threadId)?.title;

    it('setMessages names an untitled thread by its first user message with words; its time stays', () => {
      const store = createChatStore({ client: createFakeClient().client });
      const { updatedAt } = store.getState().threads[0]!;
      store.getState().setMessages([
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: [image] },
        { role: 'user', content: [{ type: 'text', text: '  Is it a\nMaine   Coon? ' }, image] },
        { role: 'user', content: 'Later' },
      ]);
      expect(title(store)).toBe('Is it a Maine Coon?');
      expect(store.getState().threads[0]?.updatedAt).toBe(updatedAt);
    });

    it('setMessages with a function, and a long first message cut to 57 characters and "..."', () => {
      const store = createChatStore({ client: createFakeClient().client });
      store.getState().setMessages(() => [{ role: 'user', content: 'b'.repeat(61) }]);
      expect(title(store)).toBe(`${'b'.repeat(57)}...`);
    });

    it('messages without a user message with words leave it untitled: the next send names it', async () => {
      const store = createChatStore({ client: createFakeClient(textReply('a cat')).client });
      store.getState().setMessages([
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: [image] },
      ]);
      expect(title(store)).toBe(DEFAULT_THREAD_TITLE);
      await store.getState().send('What is it?');
      expect(title(store)).toBe('What is it?');
    });

    it('initialMessages name the first thread', () => {
      const store = createChatStore({
        client: createFakeClient().client,
        initialMessages: [
          { role: 'assistant', content: 'Welcome' },
          { role: 'user', content: 'Plan a trip' },
        ],
      });
      expect(store.getState().threads.map((thread) => thread.title)).toEqual(['Plan a trip']);
    });

    it('a title given to createThread or by renameThread stays', () => {
      const store = createChatStore({ client: createFakeClient().client });
      store.getState().createThread('Given');
      store.getState().setMessages([{ role: 'user', content: 'Words' }]);
      expect(title(store)).toBe('Given');
      store.getState().renameThread(store.getState().threadId, 'Renamed');
      store.getState().setMessages([{ role: 'user', content: 'Other words' }]);
      expect(title(store)).toBe('Renamed');
    });

    it('a title the first messages gave stays when setMessages replaces them (the list shows the thread so)', async () => {
      const store = createChatStore({ client: createFakeClient(textReply('hi')).client });
      await store.getState().send('First question');
      store.getState().setMessages([{ role: 'user', content: 'Another conversation' }]);
      expect(title(store)).toBe('First question');
      store.getState().clear();
      store.getState().setMessages([{ role: 'user', content: 'Yet another' }]);
      expect(title(store)).toBe('First question');
    });

    it('a send in a thread still untitled takes the first user message with words on its path (one an edit gave words)', async () => {
      const store = createChatStore({
        client: createFakeClient(textReply('a cat'), textReply('b'), textReply('c')).client,
      });
      await store.getState().send([image]);
      await store.getState().edit(store.getState().ids[0]!, [{ type: 'text', text: 'Is it a cat?' }, image]);
      expect(title(store)).toBe(DEFAULT_THREAD_TITLE);
      await store.getState().send('And this one?');
      expect(title(store)).toBe('Is it a cat?');
    });
  });

  it('create, switch, rename and delete keep each conversation and its session id apart', async () => {
    const fake = createFakeClient(textReply('first reply'), textReply('second reply'), textReply('third'));
    const store = createChatStore({ client: fake.client });
    const firstId = store.getState().threadId;
    await store.getState().send('in first');
    const secondId = store.getState().createThread('Second');
    expect(store.getState().threadId).toBe(secondId);
    expect(store.getState().ids).toEqual([]);
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['Second', 'in first']);
    await store.getState().send('in second');
    expect(fake.requests[0]?.session_id).toBe(firstId);
    expect(fake.requests[1]?.session_id).toBe(secondId);
    expect(fake.requests[1]?.messages).toEqual([{ role: 'user', content: 'in second' }]);

    store.getState().switchThread(firstId);
    expect(contents(store)).toEqual(['user:in first', 'assistant:first reply']);
    expect(store.getState().usage.total_tokens).toBe(7);
    await store.getState().send('more');
    expect(fake.requests[2]?.messages.map((message) => message.content)).toEqual([
      'in first',
      'first reply',
      'more',
    ]);

    store.getState().renameThread(secondId, 'Renamed');
    expect(store.getState().threads.find((thread) => thread.id === secondId)?.title).toBe('Renamed');

    store.getState().deleteThread(firstId);
    expect(store.getState().threadId).toBe(secondId);
    expect(contents(store)).toEqual(['user:in second', 'assistant:second reply']);
    store.getState().deleteThread(secondId);
    expect(store.getState().threads).toHaveLength(1);
    expect(store.getState().ids).toEqual([]);
  });

  it('switching threads stops a running reply, kept as incomplete in its thread', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const firstId = store.getState().threadId;
    void store.getState().send('long question');
    const live = await fake.stream(0);
    live.push(textChunk('half an answer'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    store.getState().createThread();
    expect(fake.signals[0]?.aborted).toBe(true);
    expect(store.getState().status).toBe('idle');
    store.getState().switchThread(firstId);
    expect(selectActiveMessages(store.getState())[1]).toMatchObject({
      status: 'incomplete',
      content: 'half an answer',
    });
  });

  it('switching to the thread already shown changes nothing: its reply goes on', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const sent = store.getState().send('question');
    const live = await fake.stream(0);
    live.push(textChunk('half'));
    await tick();
    const before = store.getState();
    store.getState().switchThread(before.threadId);
    expect(store.getState()).toBe(before);
    expect(live.live).toBe(true);
    live.push(textChunk(' and the rest'), finishChunk());
    live.end();
    await sent;
    expect(contents(store)).toEqual(['user:question', 'assistant:half and the rest']);
  });

  it("what the stopped reply's onFinish does to the thread list stays after the switch", async () => {
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      onFinish: ({ isAbort }) => {
        const { renameThread, threadId } = store.getState();
        if (isAbort) renameThread(threadId, 'Stopped');
      },
    });
    void store.getState().send('long question');
    const live = await fake.stream(0);
    live.push(textChunk('half an answer'));
    await tick();
    store.getState().createThread('Next');
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['Next', 'Stopped']);
  });

  it('an action whose stop moved to another thread does nothing there, even on a message of the same id', async () => {
    const fake = createFakeClient();
    const given = [
      { id: 'q', role: 'user' as const, content: 'Question' },
      { id: 'a', role: 'assistant' as const, content: 'Answer' },
    ];
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      onFinish: ({ isAbort }) => {
        // The app opens a thread holding the same ids (its own welcome messages, say).
        if (!isAbort) return;
        store.getState().createThread('Other');
        store.getState().setMessages(given);
      },
    });
    store.getState().setMessages(given);
    void store.getState().send('more');
    const live = await fake.stream(0);
    live.push(textChunk('half an answer'));
    await tick();
    const regenerated = store.getState().regenerate('a');
    await tick();
    expect(fake.requests).toHaveLength(1);
    await regenerated;
    expect(store.getState().threads.map((thread) => thread.title)).toContain('Other');
    expect(contents(store)).toEqual(['user:Question', 'assistant:Answer']);
  });

  it('threadSessionIds: false and an explicit session_id win over the thread id', async () => {
    const fake = createFakeClient(textReply('a'), textReply('b'));
    const store = createChatStore({ client: fake.client, threadSessionIds: false });
    await store.getState().send('x');
    store.setOptions({ client: fake.client, request: { session_id: 'mine' } });
    await store.getState().send('y');
    expect(fake.requests[0]).not.toHaveProperty('session_id');
    expect(fake.requests[1]?.session_id).toBe('mine');
  });

  describe('queued messages', () => {
    const queued = (store: ReturnType<typeof createChatStore>) =>
      store.getState().queue.map((item) => item.content);

    it('stay with their thread: leaving stops its reply, returning sends the next one (as a stop would)', async () => {
      const fake = createFakeClient();
      const store = createChatStore({ client: fake.client, throttleMs: 0 });
      const firstId = store.getState().threadId;
      void store.getState().send('one');
      await fake.stream(0);
      const extras = { name: 'ada', metadata: { draftId: 7 }, request: { temperature: 0.5 } };
      await store.getState().send({ content: 'two', ...extras });
      await store.getState().send('three');
      const secondId = store.getState().createThread();
      expect(fake.signals[0]?.aborted).toBe(true);
      expect(store.getState().queue).toEqual([]);
      await tick();
      expect(fake.requests).toHaveLength(1);

      store.getState().switchThread(firstId);
      expect(queued(store)).toEqual(['three']);
      const two = await fake.stream(1);
      expect(fake.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: 'two', name: 'ada' });
      expect(fake.requests[1]?.temperature).toBe(0.5);
      expect(selectActiveMessages(store.getState()).at(-1)).toMatchObject({ content: 'two', ...extras });

      // Left by a switch this time, while 'two' streams: 'three' waits in its thread again.
      two.push(textChunk('half'));
      await tick();
      store.getState().switchThread(secondId);
      expect(fake.signals[1]?.aborted).toBe(true);
      expect(store.getState().queue).toEqual([]);
      store.getState().switchThread(firstId);
      expect(store.getState().queue).toEqual([]);
      const three = await fake.stream(2);
      three.push(textChunk('r3'), finishChunk());
      three.end();
      await until(() => store.getState().status === 'idle' && contents(store).length === 5);
      // The first reply was stopped before its first token: nothing of it stays.
      expect(contents(store)).toEqual([
        'user:one',
        'user:two',
        'assistant:half',
        'user:three',
        'assistant:r3',
      ]);
      expect(fake.requests).toHaveLength(3);
    });

    it('still wait for a retry or a send when their thread comes back after a failed reply', async () => {
      const fake = createFakeClient();
      const store = createChatStore({ client: fake.client, throttleMs: 0 });
      const firstId = store.getState().threadId;
      void store.getState().send('one');
      const first = await fake.stream(0);
      await store.getState().send('two');
      first.fail(new Error('net'));
      await until(() => store.getState().status === 'error');
      store.getState().createThread();
      store.getState().switchThread(firstId);
      await tick();
      expect(fake.requests).toHaveLength(1);
      expect(queued(store)).toEqual(['two']);
    });

    it('go with their thread when it is deleted; the thread shown next brings its own', async () => {
      const fake = createFakeClient();
      const store = createChatStore({ client: fake.client, throttleMs: 0 });
      void store.getState().send('a1');
      await fake.stream(0);
      await store.getState().send('a2');
      const secondId = store.getState().createThread();
      void store.getState().send('b1');
      await fake.stream(1);
      await store.getState().send('b2');
      store.getState().deleteThread(secondId);
      expect(store.getState().queue).toEqual([]);
      const a2 = await fake.stream(2);
      expect(fake.requests[2]?.messages.at(-1)).toEqual({ role: 'user', content: 'a2' });
      a2.push(textChunk('r2'), finishChunk());
      a2.end();
      await until(() => store.getState().status === 'idle');
      await tick();
      expect(fake.requests).toHaveLength(3);
    });

    // Called unbound: an abort's DOMException keeps the receivers of its stack's frames (here a
    // state that still holds the queue) for as long as the test's fake client keeps its signal.
    const drops: [string, (state: ChatState) => void][] = [
      ['clear()', ({ clear }) => clear()],
      ['setMessages()', ({ setMessages }) => setMessages([{ role: 'user', content: 'replaced' }])],
      ['deleting their thread', ({ deleteThread, threadId }) => deleteThread(threadId)],
      [
        'deleting their thread after leaving it',
        ({ createThread, deleteThread, threadId }) => {
          createThread();
          deleteThread(threadId);
        },
      ],
    ];
    it.each(drops)('dropped by %s, leave nothing of theirs behind', async (_name, drop) => {
      const fake = createFakeClient();
      const store = createChatStore({ client: fake.client });
      void store.getState().send('one');
      await fake.stream(0);
      // Made in a function of its own: no variable of the test holds the metadata.
      const ref = ((metadata: Record<string, unknown>) => {
        void store.getState().send({ content: 'two', metadata, request: { temperature: 0 } });
        return new WeakRef(metadata);
      })({ draftId: 7 });
      expect(store.getState().queue).toHaveLength(1);
      drop(store.getState());
      expect(store.getState().queue).toEqual([]);
      expect(await collected(ref)).toBe(true);
      store.abort();
    });
  });
});
