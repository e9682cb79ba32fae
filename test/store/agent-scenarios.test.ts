import { describe, expect, it, vi } from 'vitest';
import {
  type AssistantMessage,
  type ChatCompletionRequest,
  isChatRequestError,
  type Message,
} from '../../src/core/index.js';
import {
  type ChatStoreOptions,
  type ChatTool,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import {
  createMockFetch,
  type MockEndpointOptions,
  type MockScriptedToolCall,
} from '../../src/testing/index.js';
import { tick, until } from './helpers.js';

/** The mock endpoint, every request body it is sent kept in `requests`. */
function endpoint(options: MockEndpointOptions = {}) {
  const requests: ChatCompletionRequest[] = [];
  const fetch = createMockFetch({
    tokenDelayMs: 0,
    ...options,
    onRequest: (body) => void requests.push(structuredClone(body)),
  });
  return { requests, clientOptions: { baseUrl: 'http://127.0.0.1/api/v1', fetch, maxRetries: 0 } };
}

/**
 * Scripted replies: `calls` for the first message, an answer built from the results after them
 * (the `mock/tools` model's own), a plain text for later messages.
 */
const callsThenAnswer =
  (calls: MockScriptedToolCall[]): MockEndpointOptions['replies'] =>
  ({ messages }) =>
    messages.at(-1)?.role === 'tool'
      ? undefined
      : messages.filter((message) => message.role === 'user').length > 1
        ? { content: 'Hi.' }
        : { tool_calls: calls };

/** One call of `get_weather` for Paris, `call_1`, then the answer. */
const parisOnly = () =>
  endpoint({
    replies: callsThenAnswer([{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }]),
  });

/** `persist` options on a storage of its own: two stores made with them are a page and its reload. */
function savedIn() {
  const data = new Map<string, string>();
  const storage = {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
  return { key: 'agent', storage, throttleMs: 0 };
}

/** A promise the test settles by hand: a tool that takes its time. */
function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => {
    resolve = ok;
  });
  return { promise, resolve };
}

/**
 * The wire rule for tools: every assistant message with `tool_calls` is followed by one `tool`
 * message per call, in call order, with its id; no `tool` message answers anything else.
 */
function expectToolPairs(messages: readonly Message[]) {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (message?.role === 'tool') throw new Error(`messages[${index}]: a tool message answering no call`);
    const calls = message?.role === 'assistant' ? ((message as AssistantMessage).tool_calls ?? []) : [];
    for (const call of calls) {
      const answer = messages[++index];
      expect(answer?.role, `the answer to ${call.id}`).toBe('tool');
      expect((answer as { tool_call_id?: string }).tool_call_id).toBe(call.id);
    }
  }
}

const roles = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).map((message) => message.role);

const toolContents = (request: ChatCompletionRequest | undefined) =>
  (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => message.content);

const city = (name: string, extra: Partial<ChatTool<{ city: string }>> = {}): ChatTool<{ city: string }> => ({
  name,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  ...extra,
});

const storeWith = (mock: ReturnType<typeof endpoint>, options: Partial<ChatStoreOptions> = {}) =>
  createChatStore({
    clientOptions: mock.clientOptions,
    request: { model: 'mock/tools' },
    ...options,
  } as ChatStoreOptions);

describe('agent scenarios on the mock endpoint', () => {
  it('slow parallel calls that finish out of order are answered in call order, each run once', async () => {
    const mock = endpoint();
    const pending = new Map<string, ReturnType<typeof deferred>>();
    const execute = vi.fn(({ city: name }: { city: string }) => {
      const slow = deferred();
      pending.set(name, slow);
      return slow.promise;
    });
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    const sent = store.getState().send('Weather in Paris, Tokyo and Lima?');
    await until(() => pending.size === 3, 'three calls running');
    // While tools run the chat is busy (a Stop button shows for 'submitted' too).
    expect(store.getState().status).toBe('submitted');
    // Lima first, Paris last.
    pending.get('Lima')?.resolve({ temperature: 3 });
    await tick();
    pending.get('Tokyo')?.resolve('rainy');
    await tick();
    expect(mock.requests).toHaveLength(1);
    pending.get('Paris')?.resolve(21);
    const reply = await sent;
    expect(execute).toHaveBeenCalledTimes(3);
    expect(mock.requests).toHaveLength(2);
    const followUp = mock.requests[1]?.messages ?? [];
    expectToolPairs(followUp);
    const calls = (followUp[1] as AssistantMessage).tool_calls ?? [];
    expect(calls.map((call) => JSON.parse(call.function.arguments).city)).toEqual(['Paris', 'Tokyo', 'Lima']);
    expect(toolContents(mock.requests[1])).toEqual(['21', 'rainy', '{"temperature":3}']);
    expect(reply?.content).toContain('## Results');
    expect(store.getState().status).toBe('idle');
  });

  it('results JSON has no text for, or cannot write, reach the model as the README says; the thread stays valid', async () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    // An Error returned (not thrown) is an object like any other: JSON writes it `{}`.
    const results: unknown[] = [
      undefined,
      10n,
      new Date(Date.UTC(2026, 0, 2)),
      circular,
      new Error('returned'),
      'x'.repeat(200_000),
    ];
    const mock = endpoint({
      replies: (request) =>
        request.messages.at(-1)?.role === 'tool'
          ? { content: 'Done.' }
          : {
              tool_calls: results.map((_, index) => ({ id: `call_${index}`, name: 'lookup', arguments: {} })),
            },
    });
    const store = storeWith(mock, {
      tools: [
        {
          name: 'lookup',
          parameters: { type: 'object' },
          execute: (_args, { toolCallId }) => results[+toolCallId.slice(5)],
        },
      ],
    });
    await store.getState().send('Look it up');
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual([
      'null',
      '10',
      '"2026-01-02T00:00:00.000Z"',
      '[object Object]',
      '{}',
      'x'.repeat(200_000),
    ]);
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('Done.');
    // The thread goes on: the next request is valid and carries the same answers.
    await store.getState().send('And again?');
    expectToolPairs(mock.requests[2]?.messages ?? []);
    expect(store.getState().status).toBe('idle');
  });

  it('a throwing tool tells the model; the next message works and nothing runs twice', async () => {
    const mock = parisOnly();
    const execute = vi.fn(() => {
      throw new TypeError('The weather service is down.');
    });
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    await store.getState().send('Weather in Paris?');
    expect(toolContents(mock.requests[1])).toEqual(['Error: The weather service is down.']);
    expect(selectLastAssistantMessage(store.getState())?.content).toContain('failed');
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    await store.getState().send('Never mind. Say hi.');
    expect(execute).toHaveBeenCalledTimes(1);
    expectToolPairs(mock.requests[2]?.messages ?? []);
  });

  it('approval: one call approved, one denied with a reason the model reads; each runs at most once', async () => {
    const mock = endpoint();
    const execute = vi.fn(({ city: name }: { city: string }) => `${name}: sunny`);
    const needsApproval = vi.fn(({ city: name }: { city: string }) => name !== 'Oslo');
    const store = storeWith(mock, { tools: [city('get_weather', { execute, needsApproval })] });
    const sent = store.getState().send('Weather in Paris, Tokyo and Oslo?');
    await until(
      () =>
        Object.values(selectLastAssistantMessage(store.getState())?.toolCalls ?? {}).filter(
          (status) => status.state === 'awaiting-approval',
        ).length === 2,
      'two calls awaiting approval',
    );
    const reply = selectLastAssistantMessage(store.getState());
    const [paris, tokyo] = reply?.tool_calls ?? [];
    // Oslo needed no approval: it ran already, the others wait.
    expect(execute).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('idle');
    store.getState().approveToolCall(paris!.id);
    store.getState().approveToolCall(paris!.id);
    store.getState().denyToolCall(tokyo!.id, 'not that city');
    store.getState().denyToolCall(tokyo!.id, 'twice');
    await until(() => mock.requests.length === 2 && store.getState().status === 'idle', 'the answer');
    await sent;
    expect(execute.mock.calls.map(([args]) => args.city)).toEqual(['Oslo', 'Paris']);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual([
      'Paris: sunny',
      'The user denied this tool call: not that city',
      'Oslo: sunny',
    ]);
    expect(mock.requests).toHaveLength(2);
  });

  it('a tool without execute beside a slow one: the answer goes once, after both', async () => {
    const mock = endpoint({
      replies: (request) =>
        request.messages.at(-1)?.role === 'tool'
          ? { content: 'Booked.' }
          : {
              tool_calls: [
                { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
                { id: 'call_b', name: 'pick_date', arguments: { city: 'Paris' } },
              ],
            },
    });
    const slow = deferred();
    const store = storeWith(mock, {
      tools: [city('get_weather', { execute: () => slow.promise }), city('pick_date')],
    });
    void store.getState().send('Plan a trip');
    await until(() => selectLastAssistantMessage(store.getState())?.toolCalls?.call_b?.state === 'pending');
    // Answered while the other still runs, and again: the second answer is refused.
    store.getState().addToolResult('call_b', { date: '2026-12-01' });
    store.getState().addToolResult('call_b', { date: 'later' });
    await tick();
    expect(mock.requests).toHaveLength(1);
    slow.resolve('sunny');
    await until(() => mock.requests.length === 2 && store.getState().status === 'idle', 'the answer');
    expect(toolContents(mock.requests[1])).toEqual(['sunny', '{"date":"2026-12-01"}']);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    await tick();
    expect(mock.requests).toHaveLength(2);
  });

  it('a model that calls tools at every step stops at maxSteps; the thread stays valid', async () => {
    const mock = endpoint({
      replies: () => ({ tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }),
    });
    const execute = vi.fn(() => 'sunny');
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    await store.getState().send('Weather?');
    expect(mock.requests).toHaveLength(5);
    expect(execute).toHaveBeenCalledTimes(5);
    expect(store.getState().status).toBe('idle');
    expect(selectActiveMessages(store.getState()).at(-1)?.role).toBe('tool');
    // retry() asks once more: that reply's calls run and are answered, and the run ends again.
    await store.getState().retry();
    expect(mock.requests).toHaveLength(6);
    expect(execute).toHaveBeenCalledTimes(6);
    expect(selectActiveMessages(store.getState()).at(-1)?.role).toBe('tool');
    await store.getState().send('Stop calling tools.');
    expect(mock.requests).toHaveLength(11);
    for (const request of mock.requests) expectToolPairs(request.messages);
  });

  it('stop() while a slow tool runs: its signal aborts, the model is told, a late result changes nothing', async () => {
    const mock = parisOnly();
    const slow = deferred();
    let signal: AbortSignal | undefined;
    const execute = vi.fn((_args: { city: string }, context: { signal: AbortSignal }) => {
      signal = context.signal;
      return slow.promise;
    });
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    const sent = store.getState().send('Weather in Paris?');
    await until(() => execute.mock.calls.length === 1);
    store.getState().stop();
    expect(signal?.aborted).toBe(true);
    await sent;
    slow.resolve('sunny, but too late');
    await tick();
    const reply = selectLastAssistantMessage(store.getState());
    expect(Object.values(reply?.toolCalls ?? {})).toMatchObject([
      { state: 'error', error: 'Stopped by the user.' },
    ]);
    await store.getState().send('Ok, say hi');
    expect(execute).toHaveBeenCalledTimes(1);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual(['Error: Stopped by the user.']);
  });

  it('a thread switch while a tool runs stops it there; the late result lands nowhere; both threads stay usable', async () => {
    const mock = parisOnly();
    const slow = deferred();
    const execute = vi.fn(() => slow.promise);
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    const first = store.getState().threadId;
    const sent = store.getState().send('Weather in Paris?');
    await until(() => execute.mock.calls.length === 1);
    const second = store.getState().createThread('Other');
    await sent;
    slow.resolve('sunny');
    await tick();
    expect(store.getState().ids).toEqual([]);
    // The other thread's own tool run goes as usual.
    await store.getState().send('Weather in Paris?');
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    store.getState().switchThread(first);
    const reply = selectLastAssistantMessage(store.getState());
    expect(Object.values(reply?.toolCalls ?? {})).toMatchObject([
      { state: 'error', error: 'Stopped by the user.' },
    ]);
    await store.getState().send('Try again later then, say hi');
    expect(execute).toHaveBeenCalledTimes(2);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'user', 'assistant']);
    for (const request of mock.requests) expectToolPairs(request.messages);
    expect(store.getState().threadData[second]?.ids).toHaveLength(4);
  });

  it('a call awaiting approval survives a thread switch; approved back there, it runs once and the chat goes on there', async () => {
    const mock = parisOnly();
    const execute = vi.fn(() => 'sunny');
    const store = storeWith(mock, { tools: [city('get_weather', { execute, needsApproval: true })] });
    const first = store.getState().threadId;
    await store.getState().send('Weather in Paris?');
    const [call] = selectLastAssistantMessage(store.getState())?.tool_calls ?? [];
    expect(selectLastAssistantMessage(store.getState())?.toolCalls?.[call!.id]?.state).toBe(
      'awaiting-approval',
    );
    store.getState().createThread('Other');
    // Approving from the other thread does nothing (the call is not shown there).
    store.getState().approveToolCall(call!.id);
    await tick();
    expect(execute).not.toHaveBeenCalled();
    store.getState().switchThread(first);
    store.getState().approveToolCall(call!.id);
    await until(() => mock.requests.length === 2 && store.getState().status === 'idle');
    expect(execute).toHaveBeenCalledTimes(1);
    expect(store.getState().threadId).toBe(first);
    expect(selectLastAssistantMessage(store.getState())?.content).toContain('## Results');
    expectToolPairs(mock.requests[1]?.messages ?? []);
  });

  it('a reload while a call awaits approval: approved after it, the call runs once and the chat goes on', async () => {
    const persist = savedIn();
    const mock = parisOnly();
    const execute = vi.fn(() => 'sunny');
    const tools = [city('get_weather', { execute, needsApproval: true })];
    const before = storeWith(mock, { tools, persist });
    await before.getState().send('Weather in Paris?');
    await tick();
    const after = storeWith(mock, { tools, persist });
    const reply = selectLastAssistantMessage(after.getState());
    const [call] = reply?.tool_calls ?? [];
    expect(reply?.toolCalls?.[call!.id]?.state).toBe('awaiting-approval');
    after.getState().approveToolCall(call!.id);
    await until(() => mock.requests.length === 2 && after.getState().status === 'idle');
    expect(execute).toHaveBeenCalledTimes(1);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual(['sunny']);
  });

  it('a reload while a tool ran: the call is interrupted, not run again; retry() tells the model and goes on', async () => {
    const persist = savedIn();
    const mock = parisOnly();
    const execute = vi.fn(() => new Promise(() => {}));
    const tools = [city('get_weather', { execute })];
    const before = storeWith(mock, { tools, persist });
    void before.getState().send('Weather in Paris?');
    await until(() => execute.mock.calls.length === 1);
    await tick();
    const after = storeWith(mock, { tools, persist });
    const reply = selectLastAssistantMessage(after.getState());
    expect(Object.values(reply?.toolCalls ?? {})).toMatchObject([
      { state: 'error', error: 'Interrupted: the page was reloaded while this call ran.' },
    ]);
    before.abort();
    // retry() tells the model and asks it again; the tool does not run again.
    await after.getState().retry();
    expect(execute).toHaveBeenCalledTimes(1);
    expect(mock.requests).toHaveLength(2);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual([
      'Error: Interrupted: the page was reloaded while this call ran.',
    ]);
    expect(selectLastAssistantMessage(after.getState())?.content).toContain('## Results');
  });

  it('the answer after the results fails: retry asks again with the same results, the tool not run again', async () => {
    let failures = 1;
    const mock = endpoint({
      replies: callsThenAnswer([{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }]),
      scenario: (request) =>
        request.messages.at(-1)?.role === 'tool' && failures-- > 0 ? 'error-500' : undefined,
    });
    const execute = vi.fn(() => 'sunny');
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    await store.getState().send('Weather in Paris?');
    expect(store.getState().status).toBe('error');
    await store.getState().retry();
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    expect(execute).toHaveBeenCalledTimes(1);
    const last = mock.requests.at(-1);
    expectToolPairs(last?.messages ?? []);
    expect(toolContents(last)).toEqual(['sunny']);
    expect(selectLastAssistantMessage(store.getState())?.content).toContain('## Results');
    // Regenerating the answer asks again with the same results.
    await store.getState().regenerate(selectLastAssistantMessage(store.getState())?.id);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(toolContents(mock.requests.at(-1))).toEqual(['sunny']);
    // Without an id, the whole turn is asked again from the user's message: the model calls the
    // tool again, and it runs again.
    await store.getState().regenerate();
    expect(execute).toHaveBeenCalledTimes(2);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  // Some providers number calls per reply (`get_weather:0` in every reply of a run, as Kimi does
  // through OpenRouter), others give every call one id (llama.cpp).
  it('a provider that uses a call id again in a later reply: each reply’s call runs and is answered', async () => {
    const mock = endpoint({
      replies: ({ messages }) =>
        messages.filter((message) => message.role === 'tool').length < 2
          ? { tool_calls: [{ id: 'get_weather:0', name: 'get_weather', arguments: { city: 'Paris' } }] }
          : { content: 'Sunny, twice.' },
    });
    const execute = vi.fn((_args: { city: string }, { toolCallId }: { toolCallId: string }) => toolCallId);
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    await store.getState().send('Weather in Paris, twice?');
    expect(execute).toHaveBeenCalledTimes(2);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    for (const request of mock.requests) expectToolPairs(request.messages);
    expect(toolContents(mock.requests[2])).toEqual(['get_weather:0', 'get_weather:0']);
  });

  it('a provider that gives every call of a reply one id: each call gets its own, runs once and is answered', async () => {
    const mock = endpoint({
      replies: callsThenAnswer(
        ['Paris', 'Tokyo'].map((name) => ({ id: 'call', name: 'get_weather', arguments: { city: name } })),
      ),
    });
    const execute = vi.fn(({ city: name }: { city: string }) => name);
    const store = storeWith(mock, { tools: [city('get_weather', { execute })] });
    await store.getState().send('Weather in Paris and Tokyo?');
    expect(execute).toHaveBeenCalledTimes(2);
    const [, reply] = mock.requests[1]?.messages ?? [];
    const ids = ((reply as AssistantMessage).tool_calls ?? []).map((call) => call.id);
    expect(new Set(ids).size).toBe(2);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual(['Paris', 'Tokyo']);
  });

  // It was sent unanswered, its arguments not JSON: the endpoint refused every later request.
  it('a reply cut short in a call whose id an earlier reply used: the next request leaves the call out', async () => {
    const call = { id: 'get_weather:0', name: 'get_weather' };
    const mock = endpoint({
      replies: ({ messages }) =>
        messages.at(-1)?.role === 'user' && messages.filter((message) => message.role === 'user').length > 1
          ? { content: 'Hi.' }
          : messages.some((message) => message.role === 'tool')
            ? { tool_calls: [{ ...call, arguments: '{"city":"Tok' }], error: true }
            : { tool_calls: [{ ...call, arguments: { city: 'Paris' } }] },
    });
    const store = storeWith(mock, { tools: [city('get_weather', { execute: () => 'sunny' })] });
    await store.getState().send('Weather in Paris, then Tokyo?');
    expect(store.getState().status).toBe('error');
    await store.getState().send('Never mind');
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    const last = mock.requests.at(-1)?.messages ?? [];
    expectToolPairs(last);
    expect(last.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
  });

  it('without streaming (stream: false) the same run: calls, results in order, the answer', async () => {
    const mock = endpoint();
    const execute = vi.fn(async ({ city: name }: { city: string }) => ({
      city: name,
      temperature: name.length,
    }));
    const store = storeWith(mock, { tools: [city('get_weather', { execute })], stream: false });
    const reply = await store.getState().send('Weather in Paris and Tokyo?');
    expect(execute).toHaveBeenCalledTimes(2);
    expect(mock.requests.map((request) => request.stream ?? false)).toEqual([false, false]);
    expectToolPairs(mock.requests[1]?.messages ?? []);
    expect(toolContents(mock.requests[1])).toEqual([
      '{"city":"Paris","temperature":5}',
      '{"city":"Tokyo","temperature":5}',
    ]);
    expect(reply).toMatchObject({ status: 'done' });
    expect(reply?.content).toContain('## Results');
  });

  it('tool_choice and parallel_tool_calls outside the endpoint’s limits fail with a typed error before anything is sent', async () => {
    const mock = endpoint();
    const onError = vi.fn();
    const store = storeWith(mock, {
      tools: [city('get_weather', { execute: () => 'sunny' })],
      request: { model: 'mock/tools', tool_choice: 'any' as never, parallel_tool_calls: 'no' as never },
      onError,
    });
    await store.getState().send('Weather in Paris?');
    expect(mock.requests).toHaveLength(0);
    const error = onError.mock.calls[0]?.[0];
    expect(isChatRequestError(error)).toBe(true);
    expect(error.message).toBe(
      'Invalid chat completion request: parallel_tool_calls: expected true or false, got "no"; tool_choice: expected one of "none", "auto", "required", got "any"',
    );
    expect(store.getState().status).toBe('error');
  });

  it('parallel_tool_calls: false gets one call at a time', async () => {
    const mock = endpoint();
    const execute = vi.fn(() => 'sunny');
    const store = storeWith(mock, {
      tools: [city('get_weather', { execute })],
      request: { model: 'mock/tools', parallel_tool_calls: false },
    });
    await store.getState().send('Weather in Paris and Tokyo?');
    expect(execute).toHaveBeenCalledTimes(1);
    expect(mock.requests.every((request) => request.parallel_tool_calls === false)).toBe(true);
  });
});
