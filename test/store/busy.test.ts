import { describe, expect, it, vi } from 'vitest';
import { ChatBusyError, createChatStore, selectActiveMessages } from '../../src/store/index.js';
import { createFakeClient, finishChunk, textChunk, tick, until } from './helpers.js';

const contents = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).map((message) => `${message.role}:${message.content}`);

describe('whenBusy', () => {
  it("'queue' (default) holds messages, visible and cancellable, and sends them in order afterwards", async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const first = store.getState().send('one');
    const live = await fake.stream(0);
    await store.getState().send('two');
    await store.getState().send('three');
    await store.getState().send('four');
    expect(store.getState().queue.map((item) => item.content)).toEqual(['two', 'three', 'four']);
    store.getState().cancelQueued(store.getState().queue[1]?.id as string);
    expect(store.getState().queue.map((item) => item.content)).toEqual(['two', 'four']);
    expect(fake.requests).toHaveLength(1);
    live.push(textChunk('r1'), finishChunk());
    live.end();
    await first;
    const second = await fake.stream(1);
    expect(store.getState().queue.map((item) => item.content)).toEqual(['four']);
    second.push(textChunk('r2'), finishChunk());
    second.end();
    const third = await fake.stream(2);
    third.push(textChunk('r4'), finishChunk());
    third.end();
    await until(
      () =>
        store.getState().status === 'idle' &&
        store.getState().queue.length === 0 &&
        contents(store).length === 6,
    );
    expect(contents(store)).toEqual([
      'user:one',
      'assistant:r1',
      'user:two',
      'assistant:r2',
      'user:four',
      'assistant:r4',
    ]);
  });

  it("'reject' refuses with a ChatBusyError through onError and changes nothing", async () => {
    const onError = vi.fn();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, whenBusy: 'reject', onError });
    void store.getState().send('one');
    await fake.stream(0);
    const before = store.getState().ids;
    await store.getState().send('two');
    expect(onError).toHaveBeenCalledWith(expect.any(ChatBusyError));
    expect(store.getState().ids).toBe(before);
    expect(store.getState().queue).toEqual([]);
    expect(store.getState().status).toBe('submitted');
    store.getState().stop();
  });

  it("'interrupt' stops the running reply (kept as incomplete) and sends at once", async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, whenBusy: 'interrupt', throttleMs: 0 });
    void store.getState().send('one');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await tick();
    void store.getState().send('two');
    expect(fake.signals[0]?.aborted).toBe(true);
    const next = await fake.stream(1);
    next.push(textChunk('answer'), finishChunk());
    next.end();
    await until(() => store.getState().status === 'idle');
    expect(contents(store)).toEqual(['user:one', 'assistant:partial', 'user:two', 'assistant:answer']);
    expect(selectActiveMessages(store.getState())[1]?.status).toBe('incomplete');
    expect(fake.requests[1]?.messages.map((message) => message.content)).toEqual(['one', 'partial', 'two']);
  });

  it('stop sends the next queued message; abort() (teardown) does not', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    void store.getState().send('one');
    await fake.stream(0);
    await store.getState().send('two');
    store.abort();
    await tick();
    expect(fake.requests).toHaveLength(1);
    expect(store.getState().queue).toHaveLength(1);
    // A new message waits behind the queued one: 'two' goes first, 'three' after the stop.
    void store.getState().send('three');
    await fake.stream(1);
    expect(fake.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: 'two' });
    store.getState().stop();
    await fake.stream(2);
    expect(fake.requests[2]?.messages.at(-1)).toEqual({ role: 'user', content: 'three' });
    store.abort();
  });
});
