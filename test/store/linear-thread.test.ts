import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/index.js';
import { addMessage, buildChildren, linearThread, removeMessage } from '../../src/store/tree.js';

let counter = 0;
const createId = (prefix: string) => `${prefix}_${++counter}`;
const message = (id: string | undefined, content: string): Message =>
  (id === undefined ? { role: 'user', content } : { id, role: 'user', content }) as Message;

describe('linearThread', () => {
  it('links each message to the one before, and children equal the ones rebuilt from the record', () => {
    const list = Array.from({ length: 50 }, (_, index) =>
      message(index % 7 === 0 ? undefined : `m${index}`, `${index}`),
    );
    const thread = linearThread(list, createId, 1);
    expect(thread.ids).toHaveLength(50);
    thread.ids.forEach((id, index) => {
      expect(thread.messages[id]?.parentId).toBe(index === 0 ? null : thread.ids[index - 1]);
    });
    expect(thread.children).toEqual(buildChildren(thread.messages));
    expect(Object.keys(thread.children)).toEqual(Object.keys(buildChildren(thread.messages)));
    expect(thread.children['']).toEqual([thread.ids[0]]);
  });

  it.each([
    ['a repeated id', ['a', 'b', 'a', 'c']],
    ['an empty id', ['', 'x', 'y']],
    ['ids that are array indices', ['z', '10', '2', 'q', '1']],
  ])('gives the same messages and children as the record rebuilt, with %s', (_, ids) => {
    const thread = linearThread(
      ids.map((id, index) => message(id, `c${index}`)),
      createId,
      1,
    );
    expect(thread.children).toEqual(buildChildren(thread.messages));
    expect(Object.keys(thread.children)).toEqual(Object.keys(buildChildren(thread.messages)));
  });
});

describe('linearThread: what is kept', () => {
  it('keeps a given createdAt and status, and assigns them (now, done) to messages without', () => {
    const given = { ...message('kept', 'old'), createdAt: 123, status: 'incomplete' } as unknown as Message;
    const thread = linearThread([given, message('new', 'fresh')], createId, 1000);
    expect(thread.messages.kept).toMatchObject({ createdAt: 123, status: 'incomplete' });
    expect(thread.messages.new).toMatchObject({ createdAt: 1000, status: 'done' });
  });
});

describe('the tree helpers', () => {
  const root = {
    id: 'root',
    role: 'user',
    content: 'q',
    parentId: null,
    createdAt: 1,
    status: 'done',
  } as const;
  const reply = {
    id: 'reply',
    role: 'assistant',
    content: 'a',
    parentId: 'root',
    createdAt: 2,
    status: 'done',
  } as const;

  it('adding a message again (a rewrite) updates it without listing it twice under its parent', () => {
    const once = addMessage({ messages: {}, children: {} }, reply);
    const twice = addMessage(once, { ...reply, content: 'a, rewritten' });
    expect(twice.children).toEqual({ root: ['reply'] });
    expect(twice.messages.reply?.content).toBe('a, rewritten');
  });

  it('removing the only child of a message leaves it no (empty) list of children', () => {
    const data = addMessage(addMessage({ messages: {}, children: {} }, root), reply);
    expect(removeMessage(data, 'reply')).toEqual({ messages: { root }, children: { '': ['root'] } });
  });
});

describe('message ids that objects inherit', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'refuses %s with a clear TypeError, in linearThread and in a store',
    async (id) => {
      expect(() => linearThread([message('a', 'first'), message(id, 'second')], createId, 1)).toThrow(
        new TypeError(
          `Message id ${JSON.stringify(id)} is reserved (an Object.prototype member); use another id.`,
        ),
      );
      const { createChatStore } = await import('../../src/store/index.js');
      expect(() => createChatStore({ initialMessages: [message(id, 'only')] })).toThrow(TypeError);
      const store = createChatStore({ initialMessages: [message('kept', 'kept')] });
      expect(() => store.getState().setMessages([message(id, 'replaced')])).toThrow(TypeError);
      expect(store.getState().ids).toEqual(['kept']);
    },
  );
});
