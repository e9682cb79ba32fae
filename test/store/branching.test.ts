import { describe, expect, it, vi } from 'vitest';
import {
  type ChatMessage,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
  selectSiblings,
} from '../../src/store/index.js';
import { createFakeClient, deltaChunk, textChunk, textReply, tick } from './helpers.js';

const contents = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).map((message) => `${message.role}:${message.content}`);

async function conversation() {
  const fake = createFakeClient(textReply('A1'), textReply('A2'));
  const store = createChatStore({ client: fake.client });
  await store.getState().send('Q1');
  await store.getState().send('Q2');
  return { fake, store };
}

const idOf = (store: ReturnType<typeof createChatStore>, content: string) =>
  (Object.values(store.getState().messages).find((message) => message.content === content) as ChatMessage).id;

describe('branching', () => {
  it('edit adds a sibling version of a user message, asks for a reply, and sends only the new path', async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A1 edited'));
    const q1 = idOf(store, 'Q1');
    await store.getState().edit(q1, 'Q1 edited');
    expect(contents(store)).toEqual(['user:Q1 edited', 'assistant:A1 edited']);
    const edited = idOf(store, 'Q1 edited');
    expect(selectSiblings(store.getState(), edited)).toEqual({ ids: [q1, edited], index: 1 });
    expect(selectSiblings(store.getState(), q1)).toEqual({ ids: [q1, edited], index: 0 });
    expect(fake.requests[2]?.messages).toEqual([{ role: 'user', content: 'Q1 edited' }]);
  });

  it('switchBranch goes back to an earlier version with its whole continuation', async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A1 edited'));
    const q1 = idOf(store, 'Q1');
    await store.getState().edit(q1, 'Q1 edited');
    store.getState().switchBranch(q1);
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2']);
    store.getState().switchBranch(idOf(store, 'Q1 edited'));
    expect(contents(store)).toEqual(['user:Q1 edited', 'assistant:A1 edited']);
  });

  it('switching away from a failed turn leaves its error behind: retry() does not redo the branch shown', async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A1 edited'), new Error('boom'), textReply('Q3 answered'));
    const q1 = idOf(store, 'Q1');
    await store.getState().edit(q1, 'Q1 edited');
    await store.getState().send('Q3');
    expect(store.getState()).toMatchObject({ status: 'error', error: { message: 'boom' } });
    // Back to the first version, where nothing failed.
    store.getState().switchBranch(q1);
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    await store.getState().retry();
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2']);
    expect(fake.requests).toHaveLength(4);
    // The failed turn, shown again, is retried as before.
    store.getState().switchBranch(idOf(store, 'Q3'));
    await store.getState().retry();
    expect(contents(store)).toEqual([
      'user:Q1 edited',
      'assistant:A1 edited',
      'user:Q3',
      'assistant:Q3 answered',
    ]);
  });

  it('retry(id) of an earlier reply asks for a new version of it; retry(last id) is retry()', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client });
    const sent = store.getState().send('Q1');
    await vi.waitFor(() => expect(fake.streams).toHaveLength(1));
    fake.streams[0]?.push(textChunk('half'));
    fake.streams[0]?.fail(new Error('boom'));
    await sent;
    const failed = store.getState().ids.at(-1) as string;
    fake.script(textReply('A2'), textReply('A1'), new Error('again'));
    await store.getState().send('Q2');
    expect(contents(store)).toEqual(['user:Q1', 'assistant:half', 'user:Q2', 'assistant:A2']);
    await store.getState().retry(failed);
    expect(fake.requests[2]?.messages).toEqual([{ role: 'user', content: 'Q1' }]);
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1']);
    expect(selectSiblings(store.getState(), idOf(store, 'A1')).ids).toHaveLength(2);
    // The last reply's own id, or none: the ordinary retry of the last reply.
    await store.getState().send('Q3');
    fake.script(textReply('A3'));
    await store.getState().retry(store.getState().ids.at(-1));
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q3', 'assistant:A3']);
    expect(fake.requests[4]?.messages.at(-1)).toEqual({ role: 'user', content: 'Q3' });
    // The last reply finished well: retry(its id), as retry(), has nothing to redo (no new version).
    const nothing = store.getState().retry(idOf(store, 'A3'));
    await tick();
    expect(fake.requests).toHaveLength(5);
    await nothing;
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q3', 'assistant:A3']);
  });

  it.each([
    ['reasoning', { reasoning: 'Thinking it over' }],
    [
      'an image',
      { images: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    ],
  ])(
    'retry keeps a failed reply holding only %s as an earlier version (only an empty one goes)',
    async (_what, delta) => {
      const fake = createFakeClient();
      const store = createChatStore({ client: fake.client });
      const sent = store.getState().send('Q1');
      await vi.waitFor(() => expect(fake.streams).toHaveLength(1));
      fake.streams[0]?.push(deltaChunk(delta));
      fake.streams[0]?.fail(new Error('boom'));
      await sent;
      const failed = store.getState().ids.at(-1) as string;
      expect(store.getState().messages[failed]).toMatchObject({
        role: 'assistant',
        status: 'error',
        ...delta,
      });
      fake.script(textReply('A1'));
      await store.getState().retry();
      expect(contents(store)).toEqual(['user:Q1', 'assistant:A1']);
      expect(selectSiblings(store.getState(), idOf(store, 'A1')).ids).toEqual([failed, idOf(store, 'A1')]);
    },
  );

  it('regenerate and retry given an event (onClick={retry}) act as when given nothing', async () => {
    const fake = createFakeClient(textReply('A1'), new Error('boom'), textReply('A2'), textReply('A2 again'));
    const store = createChatStore({ client: fake.client });
    await store.getState().send('Q1');
    await store.getState().send('Q2');
    const event = { type: 'click' } as unknown as string;
    await store.getState().retry(event);
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2']);
    await store.getState().regenerate(event);
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2 again']);
  });

  it('regenerate keeps the old reply as a sibling; the default target is the last reply', async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A2 again'));
    const a2 = idOf(store, 'A2');
    await store.getState().regenerate();
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2 again']);
    const again = selectLastAssistantMessage(store.getState()) as ChatMessage;
    expect(selectSiblings(store.getState(), again.id)).toEqual({ ids: [a2, again.id], index: 1 });
    expect(fake.requests[2]?.messages.map((message) => message.content)).toEqual(['Q1', 'A1', 'Q2']);
  });

  it('regenerate with no reply after the last user message (it failed before a token) asks for one', async () => {
    const { fake, store } = await conversation();
    fake.script(new Error('offline'));
    await store.getState().send('Q3');
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2', 'user:Q3']);
    fake.script(textReply('A3'));
    await store.getState().regenerate();
    expect(contents(store)).toEqual([
      'user:Q1',
      'assistant:A1',
      'user:Q2',
      'assistant:A2',
      'user:Q3',
      'assistant:A3',
    ]);
    expect(fake.requests).toHaveLength(4);
  });

  it('regenerate of an earlier reply drops the later turns from the active path only', async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A1 v2'));
    await store.getState().regenerate(idOf(store, 'A1'));
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1 v2']);
    expect(fake.requests[2]?.messages.map((message) => message.content)).toEqual(['Q1']);
    store.getState().switchBranch(idOf(store, 'A1'));
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2']);
  });

  it("regenerate({ messageId }) (the AI SDK's shape) regenerates that reply; without messageId, the default", async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A1 v2'), textReply('A1 v3'));
    await store.getState().regenerate({ messageId: idOf(store, 'A1') });
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1 v2']);
    expect(fake.requests[2]?.messages.map((message) => message.content)).toEqual(['Q1']);
    await store.getState().regenerate({});
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1 v3']);
    expect(selectSiblings(store.getState(), idOf(store, 'A1 v3')).ids).toHaveLength(3);
  });

  it('regenerate given a user message adds a new reply to it', async () => {
    const { fake, store } = await conversation();
    fake.script(textReply('A2 alt'));
    await store.getState().regenerate(idOf(store, 'Q2'));
    expect(contents(store).at(-1)).toBe('assistant:A2 alt');
    expect(selectSiblings(store.getState(), idOf(store, 'A2 alt')).ids).toHaveLength(2);
  });

  it('editing an assistant message makes a version without a request', async () => {
    const { fake, store } = await conversation();
    await store.getState().edit(idOf(store, 'A2'), 'A2 fixed by hand');
    expect(contents(store).at(-1)).toBe('assistant:A2 fixed by hand');
    expect(fake.requests).toHaveLength(2);
  });

  it('selectSiblings keeps its result identity while no version is added', async () => {
    const { fake, store } = await conversation();
    const a2 = idOf(store, 'A2');
    const first = selectSiblings(store.getState(), a2);
    fake.script(textReply('A3'));
    await store.getState().send('Q3');
    expect(selectSiblings(store.getState(), a2)).toBe(first);
    expect(selectSiblings(store.getState(), 'nope')).toEqual({ ids: [], index: -1 });
  });
});
