import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatApiError, type ChatCompletion, type ChatCompletionChunk } from '../../src/core/index.js';
import {
  type ChatMessage,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import {
  createFakeClient,
  deltaChunk,
  finishChunk,
  textChunk,
  textReply,
  tick,
  toolCallChunks,
  until,
  usage,
} from './helpers.js';

const contents = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).map((message) => `${message.role}:${message.content}`);
const idOf = (store: ReturnType<typeof createChatStore>, content: string) =>
  (Object.values(store.getState().messages).find((message) => message.content === content) as ChatMessage).id;
const callState = (store: ReturnType<typeof createChatStore>, id: string) =>
  Object.values(store.getState().messages).find((message) => message.toolCalls?.[id])?.toolCalls?.[id];

afterEach(() => vi.useRealTimers());

describe('store edge cases: usage on stop, partial errors, branches, threads, tool guards, requests', () => {
  it('a stopped reply still adds the usage it received to the thread totals', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    void store.getState().send('hi');
    const live = await fake.stream(0);
    live.push(deltaChunk({ content: 'part' }, { usage: usage(3, 4, 0.5) }));
    await tick();
    store.getState().stop();
    expect(store.getState().usage).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      cost: 0.5,
    });
  });

  it('a stop after the last token (finish reason in, stream not closed) keeps the reply whole', async () => {
    const onFinish = vi.fn();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0, onFinish });
    /** Sends `text`, streams `chunks` as the reply (stream `index` of the fake), then stops. */
    const stopAfter = async (index: number, text: string, chunks: ChatCompletionChunk[]) => {
      void store.getState().send(text);
      const live = await fake.stream(index);
      live.push(...chunks);
      await tick();
      store.getState().stop();
      await tick();
    };
    await stopAfter(0, 'hi', [textChunk('all of it'), finishChunk('stop')]);
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply).toMatchObject({ status: 'done', finishReason: 'stop', content: 'all of it' });
    expect(onFinish).toHaveBeenLastCalledWith(
      expect.objectContaining({ isAbort: true, finishReason: 'stop' }),
    );
    expect(store.getState().status).toBe('idle');

    // Cut by the token limit: still incomplete, as without the stop.
    await stopAfter(1, 'again', [textChunk('half'), finishChunk('length')]);
    expect(selectLastAssistantMessage(store.getState())).toMatchObject({
      status: 'incomplete',
      finishReason: 'length',
    });

    // Asking for tools: a stop must not start them; the reply is incomplete and its calls wait.
    const execute = vi.fn(() => 'ran');
    store.setOptions({ client: fake.client, throttleMs: 0, onFinish, tools: [{ name: 'lookup', execute }] });
    const call = (id: string) => toolCallChunks([{ id, name: 'lookup', args: '{}' }]);
    await stopAfter(2, 'use a tool', [...call('call_1'), finishChunk('tool_calls')]);
    expect(selectLastAssistantMessage(store.getState())?.status).toBe('incomplete');
    expect(execute).not.toHaveBeenCalled();
    expect(fake.requests).toHaveLength(3);

    // Tool calls under another finish reason: the same.
    await stopAfter(3, 'tools, said otherwise', [...call('call_2'), finishChunk('stop')]);
    expect(selectLastAssistantMessage(store.getState())?.status).toBe('incomplete');
    expect(execute).not.toHaveBeenCalled();

    // Finished as asking for tools, though no call came: a reply that asked for tools is not whole.
    await stopAfter(4, 'tools, none came', [textChunk('Let me look.'), finishChunk('tool_calls')]);
    expect(selectLastAssistantMessage(store.getState())).toMatchObject({
      status: 'incomplete',
      content: 'Let me look.',
    });

    // Nothing came but a chunk without choices (a provider's filter results): incomplete, as a stop.
    await stopAfter(5, 'stopped early', [deltaChunk({}, { choices: [] })]);
    const last = Object.values(store.getState().messages).at(-1);
    expect(last?.role === 'assistant' ? last.status : 'no reply').not.toBe('done');
  });

  it("a ChatApiError's partial becomes the failed reply when nothing was streamed", async () => {
    const partial = {
      id: 'gen-1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Half an answer' }, finish_reason: null }],
    } as unknown as ChatCompletion;
    const error = new ChatApiError({ type: 'stream', message: 'cut', code: 'server_error', partial });
    const store = createChatStore({ client: createFakeClient(error).client, throttleMs: 0 });
    await store.getState().send('hi');
    const reply = selectActiveMessages(store.getState())[1];
    expect(reply).toMatchObject({ role: 'assistant', status: 'error', content: 'Half an answer' });
  });

  it('an AbortError the store did not cause (the client aborted on its own) fails the reply, not a stop', async () => {
    const fake = createFakeClient();
    const onError = vi.fn();
    const store = createChatStore({ client: fake.client, throttleMs: 0, onError });
    const sent = store.getState().send('hi');
    const live = await fake.stream(0);
    live.push(textChunk('Half'));
    await tick();
    const aborted = new DOMException('The operation was aborted.', 'AbortError');
    live.fail(aborted);
    await sent;
    const state = store.getState();
    expect(state.status).toBe('error');
    expect(state.error).toBe(aborted);
    expect(onError).toHaveBeenCalledWith(aborted);
    expect(selectActiveMessages(state)[1]).toMatchObject({ status: 'error', content: 'Half' });
  });

  it('switchBranch follows the most recent version below the chosen message', async () => {
    const fake = createFakeClient(
      textReply('A1'),
      textReply('A2'),
      textReply('A2 again'),
      textReply('A1 edited'),
    );
    const store = createChatStore({ client: fake.client });
    await store.getState().send('Q1');
    await store.getState().send('Q2');
    await store.getState().regenerate();
    await store.getState().edit(idOf(store, 'Q1'), 'Q1 edited');
    store.getState().switchBranch(idOf(store, 'Q1'));
    expect(contents(store)).toEqual(['user:Q1', 'assistant:A1', 'user:Q2', 'assistant:A2 again']);
  });

  it('deleting the active thread opens the most recently updated one', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1000);
    const store = createChatStore({ client: createFakeClient().client });
    const oldest = store.getState().threadId;
    vi.setSystemTime(2000);
    const middle = store.getState().createThread('B');
    vi.setSystemTime(3000);
    const newest = store.getState().createThread('C');
    store.getState().deleteThread(newest);
    expect(store.getState().threadId).toBe(middle);
    expect(store.getState().threads.map((thread) => thread.id)).toEqual([middle, oldest]);
  });

  it('only the first user message names a thread: a later send does not rename one its loaded messages named', async () => {
    const store = createChatStore({ client: createFakeClient(textReply('ok')).client });
    store.getState().setMessages([
      { role: 'user', content: 'Loaded' },
      { role: 'assistant', content: 'Hi' },
    ]);
    await store.getState().send('A later message');
    expect(store.getState().threads[0]?.title).toBe('Loaded');
  });

  it('switchThread stops a running reply and keeps it in its own thread', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const first = store.getState().threadId;
    const second = store.getState().createThread('Other');
    store.getState().switchThread(first);
    void store.getState().send('long question');
    const live = await fake.stream(0);
    live.push(textChunk('half'));
    await tick();
    store.getState().switchThread(second);
    expect(fake.signals[0]?.aborted).toBe(true);
    expect(store.getState().status).toBe('idle');
    live.push(textChunk(' more'));
    await tick();
    expect(store.getState().ids).toEqual([]);
    store.getState().switchThread(first);
    expect(selectActiveMessages(store.getState())[1]).toMatchObject({
      status: 'incomplete',
      content: 'half',
    });
  });

  it('deleting an inactive thread drops its stored messages', async () => {
    const store = createChatStore({ client: createFakeClient(textReply('r')).client });
    const first = store.getState().threadId;
    await store.getState().send('in first');
    store.getState().createThread();
    store.getState().deleteThread(first);
    expect(store.getState().threadData).not.toHaveProperty(first);
  });

  it('addToolResult for a call already answered changes nothing and sends nothing', async () => {
    const fake = createFakeClient(
      toolCallChunks([{ id: 'c1', name: 'lookup', args: '{}' }]),
      textReply('Thanks.'),
    );
    const store = createChatStore({ client: fake.client, tools: [{ name: 'lookup' }] });
    await store.getState().send('go');
    store.getState().addToolResult('c1', 1);
    await until(() => fake.requests.length === 2 && store.getState().status === 'idle');
    store.getState().addToolResult('c1', 2);
    await tick();
    expect(callState(store, 'c1')).toMatchObject({ state: 'done', result: 1 });
    expect(fake.requests).toHaveLength(2);
  });

  it('deciding one call while another still runs does not stop the running one', async () => {
    let finish!: (value: string) => void;
    const slow = vi.fn(
      () =>
        new Promise<string>((resolve) => {
          finish = resolve;
        }),
    );
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'a', name: 'risky', args: '{}' },
        { id: 'b', name: 'slow', args: '{}' },
      ]),
      textReply('done'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [
        { name: 'risky', execute: () => 'x', needsApproval: true },
        { name: 'slow', execute: slow },
      ],
    });
    void store.getState().send('go');
    await until(() => slow.mock.calls.length === 1 && callState(store, 'a')?.state === 'awaiting-approval');
    store.getState().denyToolCall('a');
    finish('slow result');
    await until(() => fake.requests.length === 2 && store.getState().status === 'idle');
    expect(callState(store, 'b')).toMatchObject({ state: 'done', result: 'slow result' });
  });

  it('the system option is not added when the path already starts with a system message', async () => {
    const fake = createFakeClient(textReply('a'));
    const store = createChatStore({ client: fake.client, system: 'Option prompt' });
    store.getState().setMessages([{ role: 'system', content: 'Thread prompt' }]);
    await store.getState().send('u');
    expect(fake.requests[0]?.messages.filter((m) => m.role === 'system')).toEqual([
      { role: 'system', content: 'Thread prompt' },
    ]);
  });

  it('a ChatTool replaces a raw request tool of the same name', async () => {
    const fake = createFakeClient(textReply('a'));
    const raw = (name: string) => ({ type: 'function' as const, function: { name, description: 'raw' } });
    const store = createChatStore({
      client: fake.client,
      request: { tools: [raw('lookup'), raw('other')] },
      tools: [{ name: 'lookup', description: 'mine' }],
    });
    await store.getState().send('u');
    expect(
      fake.requests[0]?.tools?.map((tool) => `${tool.function.name}:${tool.function.description}`),
    ).toEqual(['other:raw', 'lookup:mine']);
  });

  it('a stopped reply with no text is left out of the next request', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    void store.getState().send('one');
    const live = await fake.stream(0);
    live.push(deltaChunk({ reasoning: 'thinking' }));
    await tick();
    store.getState().stop();
    fake.script(textReply('ok'));
    await store.getState().send('two');
    expect(fake.requests[1]?.messages.map((m) => m.role)).toEqual(['user', 'user']);
  });

  it('thread totals add every reply’s cost and ignore non-finite numbers', async () => {
    const fake = createFakeClient(
      textReply('a', usage(1, 1, 0.25)),
      textReply('b', { prompt_tokens: Number.NaN, completion_tokens: 2, total_tokens: 2, cost: 0.5 }),
    );
    const store = createChatStore({ client: fake.client });
    await store.getState().send('x');
    await store.getState().send('y');
    expect(store.getState().usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: 3,
      total_tokens: 4,
      cost: 0.75,
    });
  });
});
