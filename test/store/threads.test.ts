import { describe, expect, it } from 'vitest';
import { createChatStore, DEFAULT_THREAD_TITLE, selectActiveMessages } from '../../src/store/index.js';
import { createFakeClient, textChunk, textReply } from './helpers.js';

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

  it('threadSessionIds: false and an explicit session_id win over the thread id', async () => {
    const fake = createFakeClient(textReply('a'), textReply('b'));
    const store = createChatStore({ client: fake.client, threadSessionIds: false });
    await store.getState().send('x');
    store.setOptions({ client: fake.client, request: { session_id: 'mine' } });
    await store.getState().send('y');
    expect(fake.requests[0]).not.toHaveProperty('session_id');
    expect(fake.requests[1]?.session_id).toBe('mine');
  });
});
