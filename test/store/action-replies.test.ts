import { describe, expect, it, vi } from 'vitest';
import {
  type ChatMessage,
  type ChatTool,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import { createFakeClient, finishChunk, textChunk, textReply, toolCallChunks, until } from './helpers.js';

type Store = ReturnType<typeof createChatStore>;

/** The reply as the store has it now (the very object, so nothing is left out). */
const inStore = (store: Store, reply: ChatMessage | undefined) =>
  reply && store.getState().messages[reply.id];

const weather: ChatTool<{ city: string }> = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const weatherCall = (id = 'call_1') =>
  toolCallChunks([{ id, name: 'get_weather', args: JSON.stringify({ city: 'Paris' }) }]);

describe('what the conversation actions resolve with', () => {
  it('send: the reply, as the store has it once it is done', async () => {
    const fake = createFakeClient(textReply('Hello there'));
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const reply = await store.getState().send('Hi');
    expect(reply).toBeDefined();
    expect(reply).toBe(selectLastAssistantMessage(store.getState()));
    expect(reply).toMatchObject({ role: 'assistant', content: 'Hello there', status: 'done' });
  });

  it('send: a failed reply, with its error (it never rejects); nothing when it failed before a token', async () => {
    const onError = vi.fn();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0, onError });
    const sent = store.getState().send('Hi');
    const live = await fake.stream(0);
    live.push(textChunk('Half a'));
    await until(() => live.quiet);
    const failure = new Error('The connection dropped.');
    live.fail(failure);
    const reply = await sent;
    expect(reply).toMatchObject({ role: 'assistant', content: 'Half a', status: 'error', error: failure });
    expect(reply).toBe(inStore(store, reply));
    expect(onError).toHaveBeenCalledWith(failure);

    fake.script(new Error('Refused.'));
    await expect(store.getState().send('Again')).resolves.toBeUndefined();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('Refused.');
  });

  it('send: a stopped reply, incomplete; nothing when stopped before a token', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const sent = store.getState().send('Hi');
    const live = await fake.stream(0);
    live.push(textChunk('Part'));
    await until(() => live.quiet);
    store.getState().stop();
    const reply = await sent;
    expect(reply).toMatchObject({ role: 'assistant', content: 'Part', status: 'incomplete' });
    expect(reply).toBe(inStore(store, reply));

    const early = store.getState().send('Again');
    await fake.stream(1);
    store.getState().stop();
    await expect(early).resolves.toBeUndefined();
  });

  it('send: the last reply of a tool run (the answer after the tool results), not the one calling', async () => {
    const execute = vi.fn(() => ({ temperature: 21 }));
    const fake = createFakeClient(weatherCall(), textReply('It is 21 degrees.'));
    const store = createChatStore({ client: fake.client, tools: [{ ...weather, execute }] });
    const reply = await store.getState().send('Weather in Paris?');
    expect(selectActiveMessages(store.getState()).map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(reply).toBe(selectLastAssistantMessage(store.getState()));
    expect(reply).toMatchObject({ content: 'It is 21 degrees.', status: 'done' });
  });

  it('send: a reply whose calls wait for the app, with the calls as they stand', async () => {
    const fake = createFakeClient(weatherCall());
    const store = createChatStore({ client: fake.client, tools: [weather] });
    const reply = await store.getState().send('Weather in Paris?');
    expect(reply).toBe(selectLastAssistantMessage(store.getState()));
    expect(reply?.toolCalls?.call_1?.state).toBe('pending');
  });

  it('send: the last reply of a tool run stopped while its tool runs, with the call stopped', async () => {
    let started = false;
    const fake = createFakeClient(weatherCall());
    const execute = (_args: unknown, { signal }: { signal: AbortSignal }) =>
      new Promise((_resolve, reject) => {
        started = true;
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const store = createChatStore({ client: fake.client, tools: [{ ...weather, execute }] });
    const sent = store.getState().send('Weather in Paris?');
    await until(() => started);
    store.getState().stop();
    const reply = await sent;
    expect(reply).toBe(selectLastAssistantMessage(store.getState()));
    expect(reply?.toolCalls?.call_1?.state).toBe('error');
  });

  it('send: nothing when the answer after the tool results fails or is stopped before a token', async () => {
    const execute = () => ({ temperature: 21 });
    const fake = createFakeClient(weatherCall(), new Error('Refused.'));
    const store = createChatStore({
      client: fake.client,
      onError: () => {},
      tools: [{ ...weather, execute }],
    });
    // Not the reply that called the tool (done, its call done): the run failed after it.
    await expect(store.getState().send('Weather in Paris?')).resolves.toBeUndefined();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('Refused.');

    fake.script(weatherCall('call_2'));
    const sent = store.getState().send('And in Rome?');
    await fake.stream(0);
    store.getState().stop();
    await expect(sent).resolves.toBeUndefined();
  });

  it("whenBusy 'reject': nothing for the message refused; the running send still gets its reply", async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, whenBusy: 'reject', onError: () => {} });
    const first = store.getState().send('one');
    const live = await fake.stream(0);
    await expect(store.getState().send('two')).resolves.toBeUndefined();
    live.push(textChunk('r1'), finishChunk());
    live.end();
    expect(await first).toMatchObject({ content: 'r1', status: 'done' });
  });

  it("whenBusy 'interrupt': the reply stopped for the new message, then the new message's reply", async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, whenBusy: 'interrupt', throttleMs: 0 });
    const first = store.getState().send('one');
    const live = await fake.stream(0);
    live.push(textChunk('partial'));
    await until(() => live.quiet);
    const second = store.getState().send('two');
    const next = await fake.stream(1);
    next.push(textChunk('answer'), finishChunk());
    next.end();
    expect(await first).toMatchObject({ content: 'partial', status: 'incomplete' });
    expect(await second).toMatchObject({ content: 'answer', status: 'done' });
  });

  it('regenerate, retry and edit: the reply they asked for', async () => {
    const fake = createFakeClient(textReply('first'), textReply('second'), new Error('Refused.'));
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const first = await store.getState().send('Hi');
    const regenerated = await store.getState().regenerate();
    expect(regenerated).toMatchObject({ content: 'second', status: 'done', parentId: first?.parentId });
    expect(regenerated).toBe(selectLastAssistantMessage(store.getState()));

    await expect(store.getState().regenerate()).resolves.toBeUndefined();
    fake.script(textReply('third'));
    const retried = await store.getState().retry();
    expect(retried).toMatchObject({ content: 'third', status: 'done' });
    expect(retried).toBe(selectLastAssistantMessage(store.getState()));

    fake.script(textReply('fourth'));
    const user = selectActiveMessages(store.getState())[0]!;
    const edited = await store.getState().edit(user.id, 'Hello');
    expect(edited).toMatchObject({ content: 'fourth', status: 'done' });
    expect(edited).toBe(selectLastAssistantMessage(store.getState()));
    // The edit of a reply asks for none.
    await expect(store.getState().edit(edited!.id, 'changed')).resolves.toBeUndefined();
  });

  it('nothing when no reply came, even in a thread holding a message of id ""', async () => {
    const fake = createFakeClient(new Error('Refused.'));
    const store = createChatStore({
      client: fake.client,
      onError: () => {},
      initialMessages: [{ id: '', role: 'user', content: 'given' }],
    });
    await expect(store.getState().send('Hi')).resolves.toBeUndefined();
  });

  it('nothing when the reply is no longer in the thread shown (its onFinish cleared the chat)', async () => {
    const fake = createFakeClient(textReply('Hello there'));
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      onFinish: () => store.getState().clear(),
    });
    await expect(store.getState().send('Hi')).resolves.toBeUndefined();
  });
});
