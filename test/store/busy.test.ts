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

  it('regenerate and edit send the queue after their reply; switchBranch leaves it waiting for the next send', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const last = (index: number) => fake.requests[index]?.messages.at(-1)?.content;
    void store.getState().send('one');
    const first = await fake.stream(0);
    first.push(textChunk('r1'), finishChunk());
    first.end();
    await until(() => store.getState().status === 'idle');
    const userOne = selectActiveMessages(store.getState())[0]!.id;
    // A message queued behind a regenerated reply goes once that reply ends.
    void store.getState().regenerate();
    const regenerated = await fake.stream(1);
    await store.getState().send('two');
    regenerated.push(textChunk('r1b'), finishChunk());
    regenerated.end();
    const replyTwo = await fake.stream(2);
    expect(last(2)).toBe('two');
    // One queued behind the reply an edit asks for: the edit's reply first, then the message.
    await store.getState().send('three');
    void store.getState().edit(userOne, 'one, edited');
    const edited = await fake.stream(3);
    expect(replyTwo.signal?.aborted).toBe(true);
    expect(last(3)).toBe('one, edited');
    expect(store.getState().queue.map((item) => item.content)).toEqual(['three']);
    edited.push(textChunk('r1c'), finishChunk());
    edited.end();
    const replyThree = await fake.stream(4);
    expect(last(4)).toBe('three');
    // Switching branch stops the reply; a message queued then waits for the next send, before it.
    await store.getState().send('four');
    store.getState().switchBranch(userOne);
    await tick();
    expect(replyThree.signal?.aborted).toBe(true);
    expect(fake.requests).toHaveLength(5);
    expect(store.getState().status).toBe('idle');
    expect(store.getState().queue.map((item) => item.content)).toEqual(['four']);
    void store.getState().send('five');
    await fake.stream(5);
    expect(fake.requests[5]?.messages.map((message) => message.content)).toEqual([
      'one',
      'r1b',
      'two',
      'four',
    ]);
    expect(store.getState().queue.map((item) => item.content)).toEqual(['five']);
    store.abort();
  });
  it('the edit of a reply stops it; the queue waits for the next send, which sends it first', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    void store.getState().send('one');
    const live = await fake.stream(0);
    live.push(textChunk('half an ans'));
    await until(() => store.getState().status === 'streaming');
    await store.getState().send('two');
    expect(store.getState().queue.map((item) => item.content)).toEqual(['two']);
    const reply = selectActiveMessages(store.getState())[1]!;
    await store.getState().edit(reply.id, 'a whole answer');
    await tick();
    expect(live.signal?.aborted).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    expect(selectActiveMessages(store.getState()).map((message) => message.content)).toEqual([
      'one',
      'a whole answer',
    ]);
    expect(store.getState().queue.map((item) => item.content)).toEqual(['two']);
    void store.getState().send('three');
    await fake.stream(1);
    expect(fake.requests[1]?.messages.map((message) => message.content)).toEqual([
      'one',
      'a whole answer',
      'two',
    ]);
    expect(store.getState().queue.map((item) => item.content)).toEqual(['three']);
    store.abort();
  });
});
