import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type AssistantMessage,
  accumulateChunk,
  type Message,
  type ReasoningDetail,
} from '../../src/core/index.js';
import {
  buildRequest,
  type ChatClientLike,
  type ChatMessage,
  createChatStore,
  MESSAGE_UI_FIELDS,
  type MessageUiFields,
  selectActiveMessages,
  selectIsBusy,
  selectLastAssistantMessage,
  toWireConversation,
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

const texts = (messages: ChatMessage[]) =>
  messages.map((message) => `${message.role}:${typeof message.content === 'string' ? message.content : ''}`);

describe('createChatStore: send', () => {
  it('adds the user message at once, streams the reply, and ends idle with usage totals', async () => {
    const fake = createFakeClient(textReply('Hello there'));
    const store = createChatStore({ client: fake.client, throttleMs: 0, request: { model: 'test/model' } });
    const statuses: string[] = [];
    store.subscribe((state, previous) => {
      if (state.status !== previous.status) statuses.push(state.status);
    });
    const sent = store.getState().send('Hi');
    expect(texts(selectActiveMessages(store.getState()))).toEqual(['user:Hi']);
    expect(store.getState().status).toBe('submitted');
    await sent;
    const state = store.getState();
    expect(texts(selectActiveMessages(state))).toEqual(['user:Hi', 'assistant:Hello there']);
    expect(statuses).toEqual(['submitted', 'streaming', 'idle']);
    const reply = selectLastAssistantMessage(state);
    expect(reply).toMatchObject({
      status: 'done',
      finishReason: 'stop',
      model: 'test/model',
      generationId: 'gen-test',
    });
    expect(reply?.usage).toEqual(usage(3, 4, 0.001));
    expect(reply?.timing?.startedAt).toBeTypeOf('number');
    expect(reply?.timing?.finishedAt).toBeTypeOf('number');
    expect(state.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, cost: 0.001 });
    expect(reply?.parentId).toBe(state.ids[0]);
  });

  it("a reply's generationId is the X-Generation-Id header when the response has one, else the chunks' id", async () => {
    const fake = createFakeClient(textReply('Hi'), textReply('Again'));
    let header: string | undefined = 'gen-header';
    const client: ChatClientLike = {
      ...fake.client,
      stream(request, options) {
        options?.onResponse?.({ status: 200, headers: new Headers(), generationId: header });
        return fake.client.stream(request, options);
      },
    };
    const store = createChatStore({ client, throttleMs: 0 });
    await store.getState().send('Hi');
    expect(selectLastAssistantMessage(store.getState())?.generationId).toBe('gen-header');
    header = undefined;
    await store.getState().send('Again');
    expect(selectLastAssistantMessage(store.getState())?.generationId).toBe('gen-test');
  });

  it("a reply's timing: time to first token, and completion tokens per second after it", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const fake = createFakeClient();
      const store = createChatStore({ client: fake.client, throttleMs: 0 });
      vi.setSystemTime(10_000);
      const sent = store.getState().send('Hi');
      const live = await fake.stream(0);
      vi.setSystemTime(10_250);
      live.push(textChunk('Hello'));
      await tick();
      expect(selectLastAssistantMessage(store.getState())?.timing).toEqual({
        startedAt: 10_000,
        firstTokenAt: 10_250,
        timeToFirstTokenMs: 250,
      });
      vi.setSystemTime(12_250);
      live.push(finishChunk('stop', usage(5, 40)));
      live.end();
      await sent;
      expect(selectLastAssistantMessage(store.getState())?.timing).toEqual({
        startedAt: 10_000,
        firstTokenAt: 10_250,
        timeToFirstTokenMs: 250,
        finishedAt: 12_250,
        tokensPerSecond: 20,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts content parts and an object with per-request parameters', async () => {
    const fake = createFakeClient(textReply('a'), textReply('b'));
    const store = createChatStore({
      client: fake.client,
      request: { model: 'default/model', temperature: 0.2 },
    });
    const parts = [
      { type: 'text' as const, text: 'What is this?' },
      { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } },
    ];
    await store.getState().send(parts);
    await store.getState().send({ content: 'again', request: { model: 'other/model' } });
    expect(fake.requests[0]?.messages[0]).toEqual({ role: 'user', content: parts });
    expect(fake.requests[0]).toMatchObject({ model: 'default/model', temperature: 0.2 });
    expect(fake.requests[1]).toMatchObject({ model: 'other/model', temperature: 0.2 });
  });

  it("a send's per-request parameters stay with its message: tool steps, retries, regenerations and edits use them", async () => {
    const fake = createFakeClient(
      toolCallChunks([{ id: 'call_1', name: 'lookup', args: '{}' }]),
      textReply('after the result'),
      new Error('network down'),
      textReply('retried'),
      textReply('regenerated'),
      textReply('edited'),
      textReply('plain'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [{ name: 'lookup' }],
      request: { model: 'default', temperature: 0.2 },
    });
    await store.getState().send({ content: 'one', request: { model: 'special' } });
    // The step after a result the app gives later is a run of its own.
    store.getState().addToolResult('call_1', 1);
    await until(() => fake.requests.length === 2 && store.getState().status === 'idle');
    await store.getState().send({ content: 'two', request: { model: 'special' } });
    expect(store.getState().status).toBe('error');
    await store.getState().retry();
    await store.getState().regenerate();
    const two = selectActiveMessages(store.getState()).findLast((message) => message.role === 'user');
    expect(two).toMatchObject({ content: 'two', request: { model: 'special' } });
    await store.getState().edit(two?.id as string, 'two, edited');
    await store.getState().send('three');
    expect(fake.requests.map((request) => request.model)).toEqual([
      'special',
      'special',
      'special',
      'special',
      'special',
      'special',
      'default',
    ]);
    expect(fake.requests.every((request) => request.temperature === 0.2)).toBe(true);
    // Never sent as a field of the message.
    expect(JSON.stringify(fake.requests)).not.toContain('"request"');
  });

  it('metadata: kept on the message (queued sends too), never sent to the endpoint', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    void store.getState().send({ content: 'first', metadata: { source: 'voice' } });
    await until(() => fake.streams.length === 1);
    // Sent while the reply streams: queued with its metadata.
    void store.getState().send({ content: 'second', name: 'ada', metadata: { draftId: 7 } });
    expect(store.getState().queue.map((queued) => queued.content)).toEqual(['second']);
    fake.streams[0]?.push(textChunk('ok'), finishChunk());
    fake.streams[0]?.end();
    await until(() => fake.streams.length === 2);
    const users = selectActiveMessages(store.getState()).filter((message) => message.role === 'user');
    expect(users.map((message) => message.metadata)).toEqual([{ source: 'voice' }, { draftId: 7 }]);
    expect(users[1]).toMatchObject({ name: 'ada', content: 'second' });
    expect(JSON.stringify(fake.requests)).not.toContain('metadata');
    expect(fake.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: 'second', name: 'ada' });
    // An edit is a new version of the message: its metadata goes with it.
    fake.streams[1]?.push(textChunk('ok'), finishChunk());
    fake.streams[1]?.end();
    await until(() => store.getState().status === 'idle');
    void store.getState().edit(users[0]?.id ?? '', 'first, edited');
    const edited = selectActiveMessages(store.getState()).find(
      (message) => message.content === 'first, edited',
    );
    expect(edited?.metadata).toEqual({ source: 'voice' });
    expect(edited?.id).not.toBe(users[0]?.id);
  });

  it('replaces exactly one message object per published token; ids keep identity', async () => {
    const fake = createFakeClient(textReply('first'));
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    await store.getState().send('one');
    const stream = fake.streams;
    expect(stream).toHaveLength(0);
    const before = store.getState();
    const sent = store.getState().send('two');
    const live = await fake.stream(0);
    live.push(deltaChunk({ content: '' }), textChunk('a'));
    await tick();
    const during = store.getState();
    const replyId = during.ids.at(-1) as string;
    live.push(textChunk('b'));
    await tick();
    const after = store.getState();
    expect(after.ids).toBe(during.ids);
    expect(after.messages[replyId]).not.toBe(during.messages[replyId]);
    for (const id of before.ids) expect(after.messages[id]).toBe(before.messages[id]);
    expect(after.messages[during.ids.at(-2) as string]).toBe(during.messages[during.ids.at(-2) as string]);
    expect(after.messages[replyId]?.content).toBe('ab');
    expect(after.messages[replyId]?.status).toBe('streaming');
    live.push(finishChunk());
    live.end();
    await sent;
    expect(store.getState().messages[replyId]?.status).toBe('done');
  });

  it('sends only wire fields: UI fields stripped, reasoning_details and tool_calls untouched', async () => {
    const details: ReasoningDetail[] = [
      { type: 'reasoning.text', text: 'think', signature: 'sig', index: 0, format: 'anthropic-claude-v1' },
      { type: 'reasoning.encrypted', data: 'opaque==', id: 'r1' },
    ];
    const fake = createFakeClient(
      [deltaChunk({ content: 'answer', reasoning: 'think', reasoning_details: details }), finishChunk()],
      textReply('second'),
    );
    const store = createChatStore({ client: fake.client });
    await store.getState().send('q1');
    await store.getState().send('q2');
    const sent = fake.requests[1]?.messages ?? [];
    expect(sent.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    const assistant = sent[1] as AssistantMessage;
    expect(assistant.reasoning_details).toEqual(details);
    for (const field of MESSAGE_UI_FIELDS) {
      for (const message of sent) expect(message).not.toHaveProperty(field);
    }
    expect(fake.requests[1]).not.toHaveProperty('stream');
  });

  it('MESSAGE_UI_FIELDS names every UI field, at run time as its type does', () => {
    expectTypeOf<(typeof MESSAGE_UI_FIELDS)[number]>().toEqualTypeOf<keyof MessageUiFields>();
    const expected: (typeof MESSAGE_UI_FIELDS)[number][] = [
      'id',
      'parentId',
      'createdAt',
      'status',
      'finishReason',
      'usage',
      'model',
      'generationId',
      'timing',
      'error',
      'toolCalls',
      'structured',
      'metadata',
      'request',
    ];
    expect(MESSAGE_UI_FIELDS).toEqual(expected);
  });

  it('tool_calls and annotations as they streamed in go back to the endpoint unmodified', async () => {
    const annotations = [
      {
        type: 'url_citation' as const,
        url_citation: {
          url: 'https://example.com/a',
          title: 'A',
          start_index: 0,
          end_index: 4,
          content: 'quote',
        },
      },
    ];
    const fake = createFakeClient(
      [deltaChunk({ content: 'Sure', annotations }), finishChunk()],
      toolCallChunks([{ id: 'call_1', name: 'lookup', args: '{"id":"x","deep":{"n":1}}' }]),
      textReply('done'),
    );
    const store = createChatStore({ client: fake.client });
    await store.getState().send('q1');
    await store.getState().send('q2');
    store.getState().addToolResult('call_1', 'found');
    await until(() => fake.requests.length === 3 && store.getState().status === 'idle');
    const sent = fake.requests[2]?.messages ?? [];
    expect(sent.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'tool']);
    expect(sent[1]).toEqual({ role: 'assistant', content: 'Sure', annotations });
    expect(sent[3]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'lookup', arguments: '{"id":"x","deep":{"n":1}}' },
        },
      ],
    });
  });

  it('merges every default parameter, the system prompt and the thread session id', async () => {
    const fake = createFakeClient(textReply('ok'));
    const parameters = {
      model: 'a/b',
      models: ['c/d'],
      provider: { order: ['x'], allow_fallbacks: false, sort: 'price' },
      plugins: [{ id: 'web', max_results: 2 }],
      reasoning: { effort: 'high' },
      response_format: { type: 'text' as const },
      modalities: ['text' as const, 'image' as const],
      image_config: { aspect_ratio: '16:9' },
      temperature: 0.5,
      top_p: 0.9,
      max_completion_tokens: 100,
      stop: ['END'],
      seed: 4,
      user: 'u1',
      metadata: { app: 'test' },
      trace: { trace_id: 't1' },
      cache_control: { type: 'ephemeral' as const },
      custom_field: { kept: true },
    };
    const store = createChatStore({ client: fake.client, request: parameters, system: 'Be brief.' });
    await store.getState().send('hi');
    const request = fake.requests[0];
    expect(request).toMatchObject(parameters);
    expect(request?.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(request?.session_id).toBe(store.getState().threadId);
  });

  it('reads options fresh at every request (setOptions and attached layers)', async () => {
    const fake = createFakeClient(textReply('1'), textReply('2'), textReply('3'));
    const store = createChatStore({ client: fake.client, request: { model: 'first' } });
    await store.getState().send('a');
    store.setOptions({ client: fake.client, request: { model: 'second', temperature: 1 } });
    await store.getState().send('b');
    let layer = { request: { temperature: 0 } };
    const detach = store.attachOptions(() => layer);
    layer = { request: { temperature: 0.7 } };
    await store.getState().send('c');
    detach();
    expect(fake.requests.map((request) => [request.model, request.temperature])).toEqual([
      ['first', undefined],
      ['second', 1],
      ['second', 0.7],
    ]);
  });

  it('a request parameter set to undefined is left out: the value below it stays', async () => {
    const fake = createFakeClient(textReply('1'), textReply('2'));
    const store = createChatStore({
      client: fake.client,
      request: { model: 'default/model', temperature: 0.2 },
    });
    // A hook's layer and a send, each passing on a choice the app has not made yet.
    const chosen: { model?: string | undefined; temperature?: number | undefined } = {};
    const detach = store.attachOptions(() => ({
      request: { model: chosen.model, temperature: chosen.temperature, top_p: undefined },
    }));
    expect(store.getOptions().request).toStrictEqual({ model: 'default/model', temperature: 0.2 });
    await store.getState().send({ content: 'a', request: { model: chosen.model, seed: 1 } });
    await store.getState().regenerate();
    detach();
    for (const request of fake.requests) {
      expect(request).toMatchObject({ model: 'default/model', temperature: 0.2, seed: 1 });
      expect(request).not.toHaveProperty('top_p');
    }
    expect(fake.requests).toHaveLength(2);
  });

  it('buildRequest leaves out parameters set to undefined', () => {
    const request = buildRequest({
      path: [],
      parameters: { model: 'a/b', temperature: undefined, seed: 3 },
      tools: [{ name: 'lookup', description: undefined, parameters: undefined, strict: undefined }],
    });
    expect(request).toStrictEqual({
      model: 'a/b',
      seed: 3,
      messages: [],
      tools: [{ type: 'function', function: { name: 'lookup' } }],
    });
    expect(request).not.toHaveProperty('temperature');
  });

  it('calls the latest callbacks: onChunk per chunk, onFinish once per reply', async () => {
    const chunks = textReply('one two');
    const fake = createFakeClient(chunks);
    const stale = vi.fn();
    const store = createChatStore({ client: fake.client, onFinish: stale });
    const onFinish = vi.fn();
    const onChunk = vi.fn();
    store.setOptions({ client: fake.client, onFinish, onChunk });
    await store.getState().send('hi');
    expect(stale).not.toHaveBeenCalled();
    expect(onChunk).toHaveBeenCalledTimes(chunks.length);
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(onFinish.mock.calls[0]?.[0]).toMatchObject({
      finishReason: 'stop',
      isAbort: false,
      isError: false,
      usage: usage(3, 4, 0.001),
      message: { role: 'assistant', content: 'one two' },
    });
  });

  it('a throwing callback is logged and does not break the chat', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = createFakeClient(textReply('fine'));
    const store = createChatStore({
      client: fake.client,
      onChunk: () => {
        throw new Error('boom');
      },
    });
    await store.getState().send('hi');
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('fine');
    expect(store.getState().status).toBe('idle');
    expect(error).toHaveBeenCalled();
  });

  it('stop keeps the partial reply as incomplete and reports an abort', async () => {
    const fake = createFakeClient();
    const onFinish = vi.fn();
    const store = createChatStore({ client: fake.client, throttleMs: 0, onFinish });
    const sent = store.getState().send('tell me');
    const live = await fake.stream(0);
    live.push(textChunk('partial '), textChunk('text'));
    await tick();
    store.getState().stop();
    expect(store.getState().status).toBe('idle');
    expect(fake.signals[0]?.aborted).toBe(true);
    await sent;
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply).toMatchObject({ status: 'incomplete', content: 'partial text' });
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ isAbort: true, isError: false }));
  });

  it('non-streaming mode asks complete() for the whole reply', async () => {
    const fake = createFakeClient(textReply('whole reply'));
    const streamSpy = vi.spyOn(fake.client, 'stream');
    const store = createChatStore({ client: fake.client, stream: false });
    await store.getState().send('hi');
    expect(streamSpy).not.toHaveBeenCalled();
    expect(selectLastAssistantMessage(store.getState())).toMatchObject({
      status: 'done',
      content: 'whole reply',
    });
  });

  it("a JSON reply's citations of one URL (or files of one hash) are merged, as a stream's are", async () => {
    const cite = (url: string, title: string) => ({ type: 'url_citation', url_citation: { url, title } });
    const file = { type: 'file', file: { hash: 'h1', name: 'notes.pdf' } };
    const annotations = [
      cite('https://a.example/', 'A'),
      cite('https://b.example/', 'B'),
      cite('https://a.example/', 'A again'),
      file,
      file,
    ];
    const reply = { role: 'assistant', content: 'See the sources.', annotations } as AssistantMessage;
    // The endpoint's JSON as it came (not accumulated from chunks, as the fake client's would be).
    const client: ChatClientLike = {
      stream: () => {
        throw new Error('not streaming');
      },
      complete: async () => ({
        id: 'gen-1',
        object: 'chat.completion',
        created: 1,
        model: 'test/model',
        choices: [{ index: 0, finish_reason: 'stop', message: reply }],
      }),
    };
    const store = createChatStore({ client, stream: false });
    await store.getState().send('hi');
    const streamed = accumulateChunk(undefined, deltaChunk({ annotations })).choices[0]?.message;
    expect(streamed?.annotations).toEqual([annotations[0], annotations[1], file]);
    expect(selectLastAssistantMessage(store.getState())?.annotations).toEqual(streamed?.annotations);
  });

  it('setMessages replaces the thread with a linear path; clear empties it', async () => {
    const store = createChatStore({ client: createFakeClient().client });
    store.getState().setMessages([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'u' },
      { role: 'assistant', content: 'a' },
    ]);
    const state = store.getState();
    expect(texts(selectActiveMessages(state))).toEqual(['system:sys', 'user:u', 'assistant:a']);
    expect(state.messages[state.ids[2] as string]?.parentId).toBe(state.ids[1]);
    store.getState().clear();
    expect(store.getState().ids).toEqual([]);
    expect(store.getState().messages).toEqual({});
  });

  it('setMessages takes an updater: it gets the active path as the stop left it and its result is used', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const sent = store.getState().send('Hi');
    const live = await fake.stream(0);
    live.push(textChunk('Hel'));
    await tick();
    const seen: ChatMessage[][] = [];
    store.getState().setMessages((messages) => {
      seen.push(messages);
      return [...messages, { role: 'user', content: 'more' }];
    });
    await sent;
    expect(seen).toHaveLength(1);
    expect(texts(seen[0] ?? [])).toEqual(['user:Hi', 'assistant:Hel']);
    expect(seen[0]?.[1]?.status).toBe('incomplete');
    const state = store.getState();
    expect(texts(selectActiveMessages(state))).toEqual(['user:Hi', 'assistant:Hel', 'user:more']);
    // The messages given back keep their ids and statuses.
    expect(state.ids.slice(0, 2)).toEqual(seen[0]?.map((message) => message.id));
    expect(state.status).toBe('idle');
  });

  it('createId makes the ids of messages, threads and queued messages; given ids are kept', async () => {
    let count = 0;
    const createId = vi.fn((prefix: string) => `${prefix}-${++count}`);
    const fake = createFakeClient(textReply('one'), textReply('two'));
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      createId,
      initialMessages: [
        { role: 'user', content: 'hello' },
        { id: 'mine', role: 'assistant', content: 'hi' },
      ],
    });
    expect(store.getState().ids).toEqual(['msg-2', 'mine']);
    expect(store.getState().threadId).toBe('thread-1');
    const first = store.getState().send('first');
    await store.getState().send('second');
    expect(store.getState().queue.map((item) => item.id)).toEqual([expect.stringMatching(/^queued-\d+$/)]);
    await first;
    await until(() => store.getState().status === 'idle' && store.getState().queue.length === 0);
    const { ids, messages } = store.getState();
    expect(ids).toHaveLength(6);
    // Every id the store made is the generator's, of the right kind.
    for (const id of Object.keys(messages)) expect(id).toMatch(/^(msg-\d+|mine)$/);
    store.getState().createThread();
    expect(store.getState().threadId).toMatch(/^thread-\d+$/);
    expect(store.getState().threads.map((thread) => thread.id)).toEqual([
      store.getState().threadId,
      'thread-1',
    ]);
    expect(new Set(createId.mock.calls.map(([prefix]) => prefix))).toEqual(
      new Set(['msg', 'thread', 'queued']),
    );
  });

  it("a reply's model is the one that answered, not the one asked for (a router picks it)", async () => {
    const answer = (model: string) => textReply('hi').map((chunk) => ({ ...chunk, model }));
    const fake = createFakeClient(answer('anthropic/claude-sonnet-4'), answer('openai/gpt-4o'));
    const store = createChatStore({ client: fake.client, request: { model: 'openrouter/auto' } });
    await store.getState().send('one');
    await store.getState().send({ content: 'two', request: { models: ['openai/gpt-4o'] } });
    expect(fake.requests.map((request) => request.model)).toEqual(['openrouter/auto', 'openrouter/auto']);
    const replies = selectActiveMessages(store.getState()).filter((message) => message.role === 'assistant');
    expect(replies.map((reply) => reply.model)).toEqual(['anthropic/claude-sonnet-4', 'openai/gpt-4o']);
  });

  it('a field of your own on a message you pass in is sent; metadata and the UI fields are not', async () => {
    const fake = createFakeClient(textReply('ok'));
    const store = createChatStore({ client: fake.client });
    const mine = { role: 'user' as const, content: 'hi', cache_hint: 'keep', metadata: { mine: true } };
    store.getState().setMessages([mine]);
    await store.getState().retry();
    expect(fake.requests[0]?.messages).toEqual([{ role: 'user', content: 'hi', cache_hint: 'keep' }]);
  });

  it('selectIsBusy: true while a reply is submitted or streams, false when idle or failed', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const seen: [string, boolean][] = [];
    store.subscribe((state, previous) => {
      if (state.status !== previous.status) seen.push([state.status, selectIsBusy(state)]);
    });
    expect(selectIsBusy(store.getState())).toBe(false);
    const first = store.getState().send('one');
    const live = await fake.stream(0);
    live.push(textChunk('Hel'));
    await tick();
    live.push(finishChunk());
    live.end();
    await first;
    const second = store.getState().send('two');
    (await fake.stream(1)).fail(new Error('down'));
    await second;
    expect(seen).toEqual([
      ['submitted', true],
      ['streaming', true],
      ['idle', false],
      ['submitted', true],
      ['error', false],
    ]);
  });

  it('initialMessages seed the first thread', () => {
    const store = createChatStore({ initialMessages: [{ role: 'user', content: 'seed' }] });
    expect(texts(selectActiveMessages(store.getState()))).toEqual(['user:seed']);
  });

  it('wire messages passed in: the tool messages after a reply answer its calls, which show as done; the last reply’s unanswered ones are pending', async () => {
    const call = (id: string, args: string) => ({
      id,
      type: 'function' as const,
      function: { name: 'weather', arguments: args },
    });
    const history: Message[] = [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [call('c1', '{"city":"Paris"}'), call('c2', '{"city":')],
      },
      { role: 'tool', tool_call_id: 'c2', content: 'bad arguments' },
      { role: 'tool', tool_call_id: 'c1', content: '{"temp":19}' },
      { role: 'tool', tool_call_id: 'unknown', content: 'stray' },
      { role: 'assistant', content: 'Paris: 19.' },
      { role: 'user', content: 'And Oslo?' },
      // Unanswered: pending (it waits for addToolResult); one that comes with its own states is
      // left as it is.
      { role: 'assistant', content: null, tool_calls: [call('c3', '{"city":"Oslo"}')] },
    ];
    const own = {
      role: 'assistant' as const,
      content: null,
      tool_calls: [call('c4', '{}')],
      toolCalls: { c4: { state: 'denied' as const, error: 'no' } },
    };
    const fake = createFakeClient(textReply('ok'));
    const store = createChatStore({ client: fake.client, initialMessages: history });
    const statuses = () => selectActiveMessages(store.getState()).map((message) => message.toolCalls);
    expect(statuses()).toEqual([
      undefined,
      {
        c1: { state: 'done', args: { city: 'Paris' }, result: '{"temp":19}' },
        c2: { state: 'done', args: undefined, result: 'bad arguments' },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      { c3: { state: 'pending', args: { city: 'Oslo' } } },
    ]);
    store
      .getState()
      .setMessages([...history.slice(0, 4), own, { role: 'tool', tool_call_id: 'c4', content: 'x' }]);
    expect(statuses()[1]).toMatchObject({ c1: { state: 'done' }, c2: { state: 'done' } });
    expect(statuses()[4]).toEqual(own.toolCalls);
    // What goes back to the endpoint is the wire messages as given; the pending call, like any
    // other, is answered as having no result when a new message is sent instead.
    store.getState().setMessages(history);
    await store.getState().send('Thanks');
    expect(fake.requests[0]?.messages).toEqual([
      ...history,
      { role: 'tool', tool_call_id: 'c3', content: 'Error: No result: the user sent a new message.' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('a call id a later reply uses again (a provider numbering calls per reply): only the tool messages after a reply answer its calls', () => {
    const call = (args: string) => ({
      id: 'lookup:0',
      type: 'function' as const,
      function: { name: 'lookup', arguments: args },
    });
    const message = (fields: object, status: 'done' | 'incomplete' = 'done') =>
      ({ id: `m${Math.random()}`, parentId: null, createdAt: 0, status, ...fields }) as ChatMessage;
    const answered = message({ role: 'tool', tool_call_id: 'lookup:0', content: 'found' });
    const first = message({ role: 'assistant', content: null, tool_calls: [call('{"q":"a"}')] });
    // Cut short: its call, never answered, is left out, though an earlier call had its id.
    const cut = message({ role: 'assistant', content: null, tool_calls: [call('{"q":')] }, 'incomplete');
    const user = message({ role: 'user', content: 'next' });
    expect(toWireConversation([user, first, answered, cut, user]).map((item) => item.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'user',
    ]);
    // And the other way round: a cut reply before a later one whose call has its id and an answer.
    const said = message(
      { role: 'assistant', content: 'Let me look.', tool_calls: [call('{"q":')] },
      'incomplete',
    );
    expect(toWireConversation([user, said, user, first, answered])).toEqual([
      { role: 'user', content: 'next' },
      { role: 'assistant', content: 'Let me look.' },
      { role: 'user', content: 'next' },
      { role: 'assistant', content: null, tool_calls: [call('{"q":"a"}')] },
      { role: 'tool', tool_call_id: 'lookup:0', content: 'found' },
    ]);
  });

  it('the store module works with react mocked to throw', async () => {
    vi.resetModules();
    vi.doMock('react', () => {
      throw new Error('react must not be imported by the store');
    });
    const module = await import('../../src/store/index.js');
    expect(typeof module.createChatStore).toBe('function');
    vi.doUnmock('react');
  });
});

describe('createChatStore: streams that accumulate for themselves', () => {
  it("reads the core ChatStream's own `completion` instead of accumulating each chunk again", async () => {
    const chunks = textReply('from the chunks');
    const client = {
      complete: () => Promise.reject(new Error('not used')),
      stream() {
        const stream = {
          completion: undefined as ReturnType<typeof accumulateChunk> | undefined,
          async *[Symbol.asyncIterator]() {
            for (const chunk of chunks) {
              // What the client's decoder does: the completion is ready before the chunk is yielded.
              // Its text differs from the chunks' so the test can tell which one the store used.
              const next = accumulateChunk(stream.completion, chunk);
              const choice = next.choices[0];
              stream.completion = choice
                ? {
                    ...next,
                    choices: [{ ...choice, message: { ...choice.message, content: 'from the stream' } }],
                  }
                : next;
              yield chunk;
            }
          },
        };
        return stream;
      },
    };
    const store = createChatStore({ client, throttleMs: 0, request: { model: 'test/model' } });
    await store.getState().send('Hi');
    expect(texts(selectActiveMessages(store.getState()))).toEqual(['user:Hi', 'assistant:from the stream']);
  });
});

describe('createChatStore: yielding to the browser before a request', () => {
  /** A `scheduler.yield` whose continuations run when the test says so. */
  function stubScheduler() {
    const waiting: (() => void)[] = [];
    const yieldFn = vi.fn(() => new Promise<void>((resolve) => waiting.push(resolve)));
    vi.stubGlobal('scheduler', { yield: yieldFn });
    const resume = () => {
      for (const resolve of waiting.splice(0)) resolve();
    };
    return { yieldFn, resume };
  }

  it('shows the user message, then builds and sends the request in the next task', async () => {
    const { yieldFn, resume } = stubScheduler();
    try {
      const { client, requests } = createFakeClient(textReply('Hello'));
      const store = createChatStore({ client, throttleMs: 0, request: { model: 'test/model' } });
      const sent = store.getState().send('Hi');
      await tick();
      expect(yieldFn).toHaveBeenCalledTimes(1);
      expect(texts(selectActiveMessages(store.getState()))).toEqual(['user:Hi']);
      expect(store.getState().status).toBe('submitted');
      expect(requests).toHaveLength(0);
      resume();
      await sent;
      expect(requests).toHaveLength(1);
      expect(texts(selectActiveMessages(store.getState()))).toEqual(['user:Hi', 'assistant:Hello']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('stop while waiting sends nothing, keeps the message, and the chat goes on', async () => {
    const { resume } = stubScheduler();
    try {
      const { client, requests } = createFakeClient(textReply('Second'));
      const store = createChatStore({ client, throttleMs: 0, request: { model: 'test/model' } });
      const sent = store.getState().send('First');
      await tick();
      store.getState().stop();
      resume();
      await sent;
      expect(requests).toHaveLength(0);
      expect(store.getState().status).toBe('idle');
      expect(texts(selectActiveMessages(store.getState()))).toEqual(['user:First']);
      const again = store.getState().send('Again');
      await tick();
      resume();
      await again;
      expect(requests).toHaveLength(1);
      expect(texts(selectActiveMessages(store.getState())).at(-1)).toBe('assistant:Second');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
