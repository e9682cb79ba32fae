import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatApiError } from '../../src/core/index.js';
import { createPublisher } from '../../src/store/batcher.js';
import { type ChatStoreApi, createChatStore, selectLastAssistantMessage } from '../../src/store/index.js';
import { createFakeClient, finishChunk, installFakeFrames, textChunk, tick } from './helpers.js';

/** Counts the publications that changed the reply message. */
function countReplyPublications(store: ChatStoreApi) {
  const counter = { count: 0 };
  store.subscribe((state, previous) => {
    const id = state.ids.at(-1);
    if (id && state.messages[id]?.role === 'assistant' && state.messages[id] !== previous.messages[id]) {
      counter.count++;
    }
  });
  return counter;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('publication batching', () => {
  it('a 1,000-chunk stream publishes at most once per animation frame', async () => {
    const frames = installFakeFrames();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    const publications = countReplyPublications(store);
    const sent = store.getState().send('go');
    const live = await fake.stream(0);
    // The frame that paints the user's message.
    frames.run();
    let framesRun = 0;
    let expected = '';
    for (let batch = 0; batch < 10; batch++) {
      for (let index = 0; index < 100; index++) {
        const token = `t${batch * 100 + index} `;
        expected += token;
        live.push(textChunk(token));
      }
      await tick();
      expect(frames.pending()).toBeLessThanOrEqual(1);
      framesRun += frames.run();
      if (batch === 0) {
        // The first token was published at once; the frame that paints it publishes nothing more.
        expect(selectLastAssistantMessage(store.getState())?.content).toBe('t0 ');
        framesRun += frames.run();
      }
      expect(selectLastAssistantMessage(store.getState())?.content).toBe(expected);
    }
    live.push(finishChunk());
    live.end();
    await sent;
    // The first token creates the message at once; then one per frame; then the final state.
    expect(framesRun).toBe(11);
    expect(publications.count).toBeLessThanOrEqual(framesRun + 2);
    expect(publications.count).toBeGreaterThanOrEqual(framesRun);
    expect(selectLastAssistantMessage(store.getState())).toMatchObject({ status: 'done', content: expected });
  });

  it('publishes the first token at once and flushes before the status leaves streaming', async () => {
    const frames = installFakeFrames();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    const atStatusChange: string[] = [];
    store.subscribe((state, previous) => {
      if (previous.status === 'streaming' && state.status !== 'streaming') {
        const reply = selectLastAssistantMessage(state);
        atStatusChange.push(`${reply?.status}:${reply?.content}`);
      }
    });
    const sent = store.getState().send('go');
    const live = await fake.stream(0);
    // The frame that paints the user's message.
    frames.run();
    live.push(textChunk('Hel'));
    await tick();
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('Hel');
    // The frame that paints it: it publishes nothing.
    expect(frames.pending()).toBe(1);
    live.push(textChunk('lo'), textChunk('!'));
    await tick();
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('Hel');
    expect(frames.pending()).toBe(1);
    live.push(finishChunk());
    live.end();
    await sent;
    expect(atStatusChange).toEqual(['done:Hello!']);
  });

  it('errors are not delayed: the pending text is flushed with the error at once', async () => {
    const frames = installFakeFrames();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    const sent = store.getState().send('go');
    const live = await fake.stream(0);
    live.push(textChunk('a'), textChunk('b'));
    await tick();
    live.fail(new ChatApiError({ type: 'stream', code: 'server_error', message: 'upstream died' }));
    await sent;
    expect(frames.pending()).toBe(0);
    expect(store.getState().status).toBe('error');
    expect(selectLastAssistantMessage(store.getState())).toMatchObject({ status: 'error', content: 'ab' });
  });

  it('falls back to a timer where there is no requestAnimationFrame', async () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    vi.useFakeTimers();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    const publications = countReplyPublications(store);
    void store.getState().send('go');
    await vi.advanceTimersByTimeAsync(0);
    const live = fake.streams[0];
    live?.push(textChunk('a'));
    await vi.advanceTimersByTimeAsync(0);
    live?.push(textChunk('b'), textChunk('c'), textChunk('d'));
    await vi.advanceTimersByTimeAsync(0);
    expect(publications.count).toBe(1);
    await vi.advanceTimersByTimeAsync(16);
    expect(publications.count).toBe(2);
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('abcd');
    store.getState().stop();
  });

  it('throttleMs sets the interval and 0 publishes every chunk', async () => {
    vi.useFakeTimers();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 100 });
    const publications = countReplyPublications(store);
    void store.getState().send('go');
    await vi.advanceTimersByTimeAsync(0);
    fake.streams[0]?.push(textChunk('a'), textChunk('b'), textChunk('c'));
    await vi.advanceTimersByTimeAsync(50);
    expect(publications.count).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(publications.count).toBe(2);
    store.getState().stop();
    vi.useRealTimers();

    const every = createFakeClient();
    const eager = createChatStore({ client: every.client, throttleMs: 0 });
    const eagerCount = countReplyPublications(eager);
    const sent = eager.getState().send('go');
    const live = await every.stream(0);
    live.push(textChunk('a'), textChunk('b'), textChunk('c'));
    await tick();
    expect(eagerCount.count).toBe(3);
    live.end();
    await sent;
  });
});

describe('createPublisher', () => {
  it('cancel drops the pending data: a later frame publishes nothing', () => {
    const frames = installFakeFrames();
    const publish = vi.fn();
    const publisher = createPublisher(publish, undefined);
    publisher.schedule();
    publisher.cancel();
    publisher.publishedNow();
    while (frames.pending() > 0) frames.run();
    expect(publish).not.toHaveBeenCalled();
    // What is scheduled after it is published as usual.
    publisher.schedule();
    while (frames.pending() > 0) frames.run();
    expect(publish).toHaveBeenCalledTimes(1);
  });
});
