import { act, render } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { Message } from '../../src/index.js';
import { ChatWindow, createChatStore } from '../../src/index.js';
import { createFakeClient, textChunk, textReply } from '../store/helpers.js';

/** Net listeners added to `target`, by event type (added minus removed). */
function countListeners(target: Window | Document) {
  const counts = new Map<string, number>();
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  vi.spyOn(target, 'addEventListener').mockImplementation((type, listener, options) => {
    counts.set(type, (counts.get(type) ?? 0) + 1);
    add(type, listener, options);
  });
  vi.spyOn(target, 'removeEventListener').mockImplementation((type, listener, options) => {
    counts.set(type, (counts.get(type) ?? 0) - 1);
    remove(type, listener, options);
  });
  return counts;
}

it('a long session (thread switches, replies, regenerations, a reply cut by a switch, deletions) leaves no listener or subscription behind', async () => {
  const windowListeners = countListeners(window);
  const documentListeners = countListeners(document);
  const memory = new Map<string, string>();
  const storage = {
    getItem: (key: string) => memory.get(key) ?? null,
    setItem: (key: string, value: string) => void memory.set(key, value),
    removeItem: (key: string) => void memory.delete(key),
  };
  const fake = createFakeClient();
  const store = createChatStore({ client: fake.client, throttleMs: 0, persist: { key: 'long', storage } });
  let subscriptions = 0;
  const subscribe = store.subscribe;
  store.subscribe = (listener) => {
    subscriptions++;
    const unsubscribe = subscribe(listener);
    return () => {
      subscriptions--;
      unsubscribe();
    };
  };
  for (let thread = 0; thread < 30; thread++) {
    if (thread > 0) store.getState().createThread();
    store
      .getState()
      .setMessages(
        Array.from(
          { length: 20 },
          (_, index): Message =>
            index % 2
              ? { role: 'assistant', content: `Reply ${index} of ${thread}` }
              : { role: 'user', content: `Question ${index} of ${thread}` },
        ),
      );
  }
  const ids = store.getState().threads.map((thread) => thread.id);
  // Threads 0-9 are used, 10-19 deleted; thread 20 is where the counts are compared.
  const counted = ids[20] as string;
  render(<ChatWindow store={store} threads />);
  await act(async () => store.getState().switchThread(counted));
  const counts = () => ({
    subscriptions,
    window: Object.fromEntries([...windowListeners].filter(([, count]) => count !== 0)),
    document: Object.fromEntries([...documentListeners].filter(([, count]) => count !== 0)),
  });
  const before = counts();
  expect(before.subscriptions).toBeGreaterThan(0);

  for (let index = 0; index < 40; index++) {
    await act(async () => store.getState().switchThread(ids[index % 10] as string));
  }
  for (let index = 0; index < 5; index++) {
    fake.script(textReply('An answer'), textReply('Another answer'));
    await act(() => store.getState().send('Asked'));
    await act(() => store.getState().regenerate());
    await act(async () => store.getState().switchThread(ids[index + 1] as string));
  }
  // A reply still streaming when another thread is shown: it stops there.
  for (let index = 0; index < 5; index++) {
    await act(async () => void store.getState().send('Left while answered'));
    await act(async () => fake.streams.at(-1)?.push(textChunk('Partial ')));
    await act(async () => store.getState().switchThread(ids[index + 5] as string));
  }
  await act(async () => {
    for (const id of ids.slice(10, 20)) store.getState().deleteThread(id);
  });
  await act(async () => store.getState().switchThread(counted));

  expect(fake.streams.every((stream) => stream.closed)).toBe(true);
  expect(store.getState().threads).toHaveLength(20);
  expect(counts()).toEqual(before);
});
