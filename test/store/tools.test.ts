import { describe, expect, it, vi } from 'vitest';
import {
  type AssistantMessage,
  type ChatCompletionRequest,
  type ToolMessage,
  validateRequest,
} from '../../src/core/index.js';
import {
  type ChatMessage,
  type ChatTool,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
  type ToolExecutionContext,
} from '../../src/store/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import {
  createFakeClient,
  deltaChunk,
  finishChunk,
  textReply,
  tick,
  toolCallChunks,
  until,
  usage,
} from './helpers.js';

const weatherCall = (id = 'call_1', city = 'Paris') =>
  toolCallChunks([{ id, name: 'get_weather', args: JSON.stringify({ city }) }]);

const weather = (extra: Partial<ChatTool<{ city: string }>> = {}): ChatTool<{ city: string }> => ({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  ...extra,
});

const roles = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).map((message) => message.role);

const toolMessages = (store: ReturnType<typeof createChatStore>) =>
  selectActiveMessages(store.getState()).filter(
    (message) => message.role === 'tool',
  ) as unknown as ToolMessage[];

const callState = (store: ReturnType<typeof createChatStore>, id = 'call_1') => {
  for (const message of Object.values(store.getState().messages)) {
    const status = message.toolCalls?.[id];
    if (status) return status;
  }
  return undefined;
};

describe('tools', () => {
  it('runs the mock endpoint’s parallel, interleaved tool calls and answers with the results', async () => {
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: city.length }));
    const store = createChatStore({
      clientOptions: { baseUrl: 'http://127.0.0.1/api/v1', fetch: createMockFetch({ tokenDelayMs: 0 }) },
      request: { model: 'mock/tools' },
      tools: [weather({ execute })],
    });
    await store.getState().send('What is the weather in Paris and Tokyo?');
    expect(store.getState().status).toBe('idle');
    expect(execute.mock.calls.map(([args]) => args.city).sort()).toEqual(['Paris', 'Tokyo']);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(selectLastAssistantMessage(store.getState())?.content).toContain('get_weather');
  });

  it('runs tools with execute, sends results back and continues by itself', async () => {
    const execute = vi.fn(async ({ city }: { city: string }, _context: ToolExecutionContext) => ({
      city,
      temperature: 21,
    }));
    const fake = createFakeClient(weatherCall(), textReply('It is 21 degrees.'));
    const store = createChatStore({ client: fake.client, tools: [weather({ execute })] });
    await store.getState().send('Weather in Paris?');
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(callState(store)).toEqual({
      state: 'done',
      args: { city: 'Paris' },
      result: { city: 'Paris', temperature: 21 },
    });
    expect(toolMessages(store)[0]).toMatchObject({
      tool_call_id: 'call_1',
      content: JSON.stringify({ city: 'Paris', temperature: 21 }),
    });
    expect(execute).toHaveBeenCalledTimes(1);
    const context = execute.mock.calls[0]?.[1];
    expect(context?.signal).toBeInstanceOf(AbortSignal);
    expect(context?.toolCallId).toBe('call_1');
    expect(context?.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(fake.requests).toHaveLength(2);
    for (const request of fake.requests) {
      expect(request.tools).toEqual([
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: weather().parameters,
          },
        },
      ]);
    }
    const followUp = fake.requests[1]?.messages ?? [];
    expect(followUp.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect((followUp[1] as AssistantMessage).tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
    expect(store.getState().status).toBe('idle');
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('It is 21 degrees.');
  });

  it('onFinish runs once per reply: each tool step is one, with its own finish reason and usage', async () => {
    const onFinish = vi.fn();
    const fake = createFakeClient(
      [...weatherCall().slice(0, -1), finishChunk('tool_calls', usage(5, 2))],
      textReply('It is 21 degrees.', usage(9, 6)),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute: () => 'sunny' })],
      onFinish,
    });
    await store.getState().send('Weather in Paris?');
    const replies = selectActiveMessages(store.getState()).filter((message) => message.role === 'assistant');
    expect(replies).toHaveLength(2);
    expect(onFinish.mock.calls.map(([{ message, ...event }]) => ({ id: message.id, ...event }))).toEqual([
      { id: replies[0]?.id, usage: usage(5, 2), finishReason: 'tool_calls', isAbort: false, isError: false },
      { id: replies[1]?.id, usage: usage(9, 6), finishReason: 'stop', isAbort: false, isError: false },
    ]);
    // As the README says: onFinish comes before the calls are run, held or sent for approval.
    const [[{ message: step }]] = onFinish.mock.calls as [[{ message: (typeof replies)[0] }]];
    expect(Object.values(step?.toolCalls ?? {}).map((call) => call.state)).toEqual(['streaming']);
    expect(Object.values(replies[0]?.toolCalls ?? {}).map((call) => call.state)).toEqual(['done']);
  });

  // The stop was found by the browser fuzz test (rich replies): the calls stayed `streaming` for good.
  it('shows calls as streaming with the arguments parsed so far; a stop then ends them as errors', async () => {
    const onFinish = vi.fn();
    const execute = vi.fn(() => 'sunny');
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      tools: [weather({ execute })],
      onFinish,
    });
    const sent = store.getState().send('weather?');
    const live = await fake.stream(0);
    live.push(
      deltaChunk({
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      }),
      deltaChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] }),
    );
    await tick();
    expect(callState(store)).toEqual({ state: 'streaming', args: { city: 'Par' } });
    store.getState().stop();
    await sent;
    const stopped = { state: 'error', args: { city: 'Par' }, error: 'Stopped by the user.' };
    expect(callState(store)).toEqual(stopped);
    expect(store.getState().status).toBe('idle');
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(onFinish.mock.calls[0]?.[0]).toMatchObject({
      isAbort: true,
      message: { toolCalls: { call_1: stopped } },
    });
    // Never run; the conversation goes on.
    void store.getState().send('never mind');
    const next = await fake.stream(1);
    next.push(...textReply('ok'));
    next.end();
    await until(() => store.getState().status === 'idle');
    expect(execute).not.toHaveBeenCalled();
    // The cut reply is left out of the request, as before (its calls were never whole).
    expect(fake.requests[1]?.messages.map((message) => `${message.role}:${message.content}`)).toEqual([
      'user:weather?',
      'user:never mind',
    ]);
  });

  it('stops after maxSteps model requests in one turn', async () => {
    let count = 0;
    const fake = createFakeClient(...Array.from({ length: 10 }, () => () => weatherCall(`call_${++count}`)));
    const store = createChatStore({
      client: fake.client,
      maxSteps: 3,
      tools: [weather({ execute: () => 'sunny' })],
    });
    await store.getState().send('loop forever');
    expect(fake.requests).toHaveLength(3);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool']);
    expect(store.getState().status).toBe('idle');
  });

  it('counts maxSteps per user message: the next message gets all its steps again', async () => {
    let count = 0;
    const fake = createFakeClient(...Array.from({ length: 10 }, () => () => weatherCall(`call_${++count}`)));
    const store = createChatStore({
      client: fake.client,
      maxSteps: 2,
      tools: [weather({ execute: () => 'sunny' })],
    });
    await store.getState().send('first');
    expect(fake.requests).toHaveLength(2);
    await store.getState().send('second');
    expect(fake.requests).toHaveLength(4);
    expect(roles(store).slice(5)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
  });

  it.each([0, -1, Number.NaN, 1])(
    'maxSteps %s asks once: the tools run, the model is not asked again',
    async (maxSteps) => {
      let count = 0;
      const fake = createFakeClient(...Array.from({ length: 3 }, () => () => weatherCall(`call_${++count}`)));
      const store = createChatStore({
        client: fake.client,
        maxSteps,
        tools: [weather({ execute: () => 'sunny' })],
      });
      await store.getState().send('loop');
      expect(fake.requests).toHaveLength(1);
      expect(roles(store)).toEqual(['user', 'assistant', 'tool']);
      expect(store.getState().status).toBe('idle');
    },
  );

  it('defaults maxSteps to 5', async () => {
    let count = 0;
    const fake = createFakeClient(...Array.from({ length: 10 }, () => () => weatherCall(`call_${++count}`)));
    const store = createChatStore({ client: fake.client, tools: [weather({ execute: () => 'sunny' })] });
    await store.getState().send('loop');
    expect(fake.requests).toHaveLength(5);
  });

  it('invalid argument JSON becomes a tool error the model sees, not a crash', async () => {
    const execute = vi.fn();
    const fake = createFakeClient(
      toolCallChunks([{ id: 'call_1', name: 'get_weather', args: '{"city": Paris}' }]),
      textReply('Sorry.'),
    );
    const store = createChatStore({ client: fake.client, tools: [weather({ execute })] });
    await store.getState().send('weather');
    expect(execute).not.toHaveBeenCalled();
    expect(callState(store)?.state).toBe('error');
    expect(toolMessages(store)[0]?.content).toMatch(/^Error: Invalid tool arguments JSON/);
    expect(fake.requests).toHaveLength(2);
    expect(store.getState().status).toBe('idle');
  });

  it('an unknown tool and a throwing tool are reported to the model', async () => {
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'missing_tool', args: '{}' },
        { id: 'call_2', name: 'get_weather', args: '{"city":"Oslo"}' },
      ]),
      textReply('ok'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute: () => {
            throw new Error('service down');
          },
        }),
      ],
    });
    await store.getState().send('go');
    const [unknown, failing] = toolMessages(store);
    expect(unknown?.content).toBe('Error: Unknown tool "missing_tool". Available tools: get_weather.');
    expect(failing?.content).toBe('Error: service down');
    expect(callState(store, 'call_2')).toMatchObject({ state: 'error', error: 'service down' });
  });

  it('a tool that throws an error without a message tells the model the tool failed', async () => {
    const fake = createFakeClient(weatherCall(), textReply('ok'));
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute: () => {
            throw new Error();
          },
        }),
      ],
    });
    await store.getState().send('go');
    expect(toolMessages(store).map((message) => message.content)).toEqual(['Error: the tool failed']);
  });

  it('a tool that throws a value that is not an Error tells the model its JSON, else its String() text', async () => {
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' },
        { id: 'call_2', name: 'get_weather', args: '{"city":"Rome"}' },
        { id: 'call_3', name: 'get_weather', args: '{"city":"Oslo"}' },
      ]),
      textReply('ok'),
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const thrown: unknown[] = [{ code: 42, reason: 'quota' }, 'service down', cycle];
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute: () => {
            throw thrown.shift();
          },
        }),
      ],
    });
    await store.getState().send('go');
    expect(toolMessages(store).map((message) => message.content)).toEqual([
      'Error: {"code":42,"reason":"quota"}',
      'Error: service down',
      'Error: [object Object]',
    ]);
    expect(callState(store)).toMatchObject({ state: 'error', error: '{"code":42,"reason":"quota"}' });
  });

  it('an unknown tool with no tools at all says none are available', async () => {
    const fake = createFakeClient(weatherCall(), textReply('ok'));
    const store = createChatStore({ client: fake.client });
    await store.getState().send('go');
    expect(toolMessages(store)[0]?.content).toBe('Error: Unknown tool "get_weather". Available tools: none.');
  });

  it('arguments that break the tool schema are an error the model sees; execute never runs', async () => {
    const execute = vi.fn((_args: unknown) => 'sunny');
    const onToolCall = vi.fn();
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'get_weather', args: '{"town":"Oslo"}' },
        { id: 'call_2', name: 'get_weather', args: '{"city":42}' },
        { id: 'call_3', name: 'get_weather', args: '{"city":"Oslo"}' },
        { id: 'call_4', name: 'lookup', args: '{"id":"x"}' },
      ]),
      textReply('ok'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute })],
      // A tool known only to the request (answered by the app) is checked against its schema too.
      request: {
        tools: [
          {
            type: 'function',
            function: {
              name: 'lookup',
              parameters: { type: 'object', properties: { id: { type: 'integer' } } },
            },
          },
        ],
      },
      onToolCall,
    });
    await store.getState().send('go');
    const messages = toolMessages(store);
    expect(messages.map((message) => message.content)).toEqual([
      'Error: Invalid arguments for "get_weather": $: missing required field "city".',
      'Error: Invalid arguments for "get_weather": $.city: expected string, got integer.',
      'sunny',
      'Error: Invalid arguments for "lookup": $.id: expected integer, got string.',
    ]);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]?.[0]).toEqual({ city: 'Oslo' });
    expect(onToolCall.mock.calls.map(([event]) => event.toolCall.id)).toEqual(['call_3']);
    expect(callState(store, 'call_2')).toMatchObject({ state: 'error', args: { city: 42 } });
    // The conversation went on: the model got every answer and replied.
    expect(fake.requests).toHaveLength(2);
    expect(store.getState().status).toBe('idle');
  });

  it('an argument outside its enum, or one additionalProperties: false forbids, is an error the model sees', async () => {
    const execute = vi.fn((_args: unknown) => 'done');
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'set_unit', args: '{"unit":"kelvin"}' },
        { id: 'call_2', name: 'set_unit', args: '{"unit":"celsius","extra":1}' },
        { id: 'call_3', name: 'set_unit', args: '{"unit":"celsius"}' },
      ]),
      textReply('ok'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [
        {
          name: 'set_unit',
          parameters: {
            type: 'object',
            properties: { unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
            required: ['unit'],
            additionalProperties: false,
          },
          execute,
        },
      ],
    });
    await store.getState().send('go');
    const answers = toolMessages(store).map((message) => String(message.content));
    expect(answers[0]).toMatch(/^Error: Invalid arguments for "set_unit": \$\.unit: /);
    expect(answers[1]).toMatch(/^Error: Invalid arguments for "set_unit": \$\.extra: /);
    expect(answers[2]).toBe('done');
    expect(execute.mock.calls).toEqual([[{ unit: 'celsius' }, expect.anything()]]);
    expect(callState(store, 'call_1')?.state).toBe('error');
    expect(callState(store, 'call_2')?.state).toBe('error');
  });

  it('runs parallel calls concurrently and answers in call order', async () => {
    const order: string[] = [];
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_a', name: 'get_weather', args: '{"city":"Slow"}' },
        { id: 'call_b', name: 'get_weather', args: '{"city":"Fast"}' },
      ]),
      textReply('done'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute: async ({ city }) => {
            if (city === 'Slow') await tick(3);
            order.push(city);
            return city;
          },
        }),
      ],
    });
    await store.getState().send('both');
    expect(order).toEqual(['Fast', 'Slow']);
    expect(toolMessages(store).map((message) => message.tool_call_id)).toEqual(['call_a', 'call_b']);
  });

  it('a call approved while another runs starts at once, not once the other ends', async () => {
    const started: string[] = [];
    let finishSlow: (value: string) => void = () => {};
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_slow', name: 'search', args: '{}' },
        { id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' },
      ]),
      textReply('done'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [
        {
          name: 'search',
          parameters: { type: 'object' },
          execute: () => {
            started.push('search');
            return new Promise<string>((resolve) => {
              finishSlow = resolve;
            });
          },
        },
        weather({
          needsApproval: true,
          execute: ({ city }) => {
            started.push(city);
            return 'sunny';
          },
        }),
      ],
    });
    const sent = store.getState().send('search and weather');
    await until(() => callState(store)?.state === 'awaiting-approval');
    expect(started).toEqual(['search']);
    store.getState().approveToolCall('call_1');
    await until(() => callState(store)?.state === 'done', 'the approved call to run');
    expect(started).toEqual(['search', 'Paris']);
    expect(fake.requests).toHaveLength(1);
    finishSlow('found');
    await sent;
    expect(toolMessages(store).map((message) => message.content)).toEqual(['found', 'sunny']);
    expect(fake.requests).toHaveLength(2);
    expect(store.getState().status).toBe('idle');
  });

  it('waits for approval; approve runs the tool and continues', async () => {
    const execute = vi.fn((_args: unknown) => 'sunny');
    const fake = createFakeClient(weatherCall(), textReply('Sunny it is.'));
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute, needsApproval: true })],
    });
    await store.getState().send('weather');
    expect(callState(store)).toEqual({ state: 'awaiting-approval', args: { city: 'Paris' } });
    expect(store.getState().status).toBe('idle');
    expect(execute).not.toHaveBeenCalled();
    expect(fake.requests).toHaveLength(1);
    store.getState().approveToolCall('call_1');
    await until(
      () => store.getState().status === 'idle' && fake.requests.length === 2 && roles(store).length === 4,
    );
    expect(execute).toHaveBeenCalledTimes(1);
    expect(callState(store)?.state).toBe('done');
    expect(toolMessages(store)[0]?.content).toBe('sunny');
  });

  it('onToolCall announces a call needing approval before the user decides; its value is not the result', async () => {
    const onToolCall = vi.fn(() => 'from onToolCall');
    const fake = createFakeClient(weatherCall(), textReply('Done.'));
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ needsApproval: true })],
      onToolCall,
    });
    await store.getState().send('weather');
    // As the README says: called already, while the call still waits for the user.
    expect(onToolCall).toHaveBeenCalledTimes(1);
    expect(callState(store)).toEqual({ state: 'awaiting-approval', args: { city: 'Paris' } });
    store.getState().approveToolCall('call_1');
    // Approved, a tool without `execute` waits for `addToolResult`: the earlier value is not used.
    expect(callState(store)?.state).toBe('pending');
    expect(onToolCall).toHaveBeenCalledTimes(1);
    store.getState().addToolResult('call_1', 'from the app');
    await until(() => store.getState().status === 'idle' && fake.requests.length === 2);
    expect(toolMessages(store)[0]?.content).toBe('from the app');
  });

  it('deny tells the model, with the reason', async () => {
    const execute = vi.fn();
    const fake = createFakeClient(weatherCall(), textReply('Understood.'));
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute, needsApproval: true })],
    });
    await store.getState().send('weather');
    store.getState().denyToolCall('call_1', 'not now');
    await until(
      () => fake.requests.length === 2 && store.getState().status === 'idle' && roles(store).length === 4,
    );
    expect(execute).not.toHaveBeenCalled();
    expect(callState(store)).toMatchObject({ state: 'denied', error: 'not now' });
    expect(toolMessages(store)[0]?.content).toBe('The user denied this tool call: not now');
    expect(fake.requests[1]?.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });

  it('needsApproval may depend on the arguments', async () => {
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_a', name: 'get_weather', args: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_weather', args: '{"city":"Oslo"}' },
      ]),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute: () => 'ok', needsApproval: ({ city }) => city === 'Paris' })],
    });
    await store.getState().send('both');
    expect(callState(store, 'call_a')?.state).toBe('awaiting-approval');
    expect(callState(store, 'call_b')?.state).toBe('done');
    expect(fake.requests).toHaveLength(1);
  });

  it('a needsApproval check that throws asks the user instead of leaving the call streaming', async () => {
    const execute = vi.fn(() => 'ok');
    const fake = createFakeClient(weatherCall(), textReply('done'));
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute,
          needsApproval: () => {
            throw new Error('policy service down');
          },
        }),
      ],
    });
    await store.getState().send('weather');
    expect(callState(store)?.state).toBe('awaiting-approval');
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    expect(execute).not.toHaveBeenCalled();
    store.getState().approveToolCall('call_1');
    await until(() => fake.requests.length === 2 && store.getState().status === 'idle');
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('a tool without execute waits for addToolResult, then continues', async () => {
    const fake = createFakeClient(weatherCall(), textReply('Thanks.'));
    const store = createChatStore({ client: fake.client, tools: [weather()] });
    await store.getState().send('weather');
    expect(callState(store)?.state).toBe('pending');
    expect(fake.requests).toHaveLength(1);
    store.getState().addToolResult('call_1', { temperature: 3 });
    await until(
      () => fake.requests.length === 2 && store.getState().status === 'idle' && roles(store).length === 4,
    );
    expect(callState(store)).toMatchObject({ state: 'done', result: { temperature: 3 } });
    expect(toolMessages(store)[0]?.content).toBe('{"temperature":3}');
  });

  it("addToolResult with { state: 'error' } fails the call as a throwing execute does, and continues", async () => {
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' },
        { id: 'call_2', name: 'get_weather', args: '{"city":"Rome"}' },
      ]),
      textReply('Sorry.'),
    );
    const store = createChatStore({ client: fake.client, tools: [weather()] });
    await store.getState().send('weather');
    store.getState().addToolResult('call_1', new Error('service down'), { state: 'error' });
    store.getState().addToolResult('call_2', { code: 42 }, { state: 'error' });
    await until(
      () => fake.requests.length === 2 && store.getState().status === 'idle' && roles(store).length === 5,
    );
    expect(callState(store, 'call_1')).toEqual({
      state: 'error',
      args: { city: 'Paris' },
      error: 'service down',
    });
    expect(callState(store, 'call_2')).toEqual({
      state: 'error',
      args: { city: 'Rome' },
      error: '{"code":42}',
    });
    expect(toolMessages(store).map((message) => message.content)).toEqual([
      'Error: service down',
      'Error: {"code":42}',
    ]);
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
  });

  it('addToolResult leaves a call still streaming or running alone: its own outcome stands', async () => {
    let finish!: (value: string) => void;
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      tools: [weather({ execute: () => new Promise<string>((resolve) => (finish = resolve)) })],
    });
    void store.getState().send('weather');
    const live = await fake.stream(0);
    const chunks = weatherCall();
    live.push(...chunks.slice(0, -1));
    await until(() => callState(store)?.state === 'streaming');
    store.getState().addToolResult('call_1', 'too early');
    expect(callState(store)?.state).toBe('streaming');
    live.push(...chunks.slice(-1));
    live.end();
    await until(() => callState(store)?.state === 'running');
    store.getState().addToolResult('call_1', 'meanwhile');
    expect(callState(store)?.state).toBe('running');
    finish('sunny');
    const next = await fake.stream(1);
    expect(callState(store)).toMatchObject({ state: 'done', result: 'sunny' });
    expect(toolMessages(store)[0]?.content).toBe('sunny');
    next.end();
  });

  it('addToolResult leaves a call awaiting approval alone: approval comes first, then execute or the result', async () => {
    const execute = vi.fn(() => 'sunny');
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' },
        { id: 'call_2', name: 'pick_city', args: '{"city":"Rome"}' },
      ]),
      textReply('Done.'),
    );
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({ execute, needsApproval: true }),
        { ...weather(), name: 'pick_city', needsApproval: true },
      ],
    });
    await store.getState().send('weather');
    // The chat is idle, the calls wait for the user's decision: a result does not stand for it.
    store.getState().addToolResult('call_1', 'made up');
    store.getState().addToolResult('call_2', 'made up');
    await tick();
    expect(callState(store, 'call_1')?.state).toBe('awaiting-approval');
    expect(callState(store, 'call_2')?.state).toBe('awaiting-approval');
    store.getState().approveToolCall('call_1');
    store.getState().approveToolCall('call_2');
    await until(() => callState(store, 'call_2')?.state === 'pending' && callState(store)?.state === 'done');
    expect(fake.requests).toHaveLength(1);
    store.getState().addToolResult('call_2', 'Rome');
    await until(() => fake.requests.length === 2 && store.getState().status === 'idle');
    expect(execute).toHaveBeenCalledTimes(1);
    expect(toolMessages(store).map((message) => message.content)).toEqual(['sunny', 'Rome']);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'missing'])(
    'tool actions for a call id %j no message has change nothing',
    async (id) => {
      const fake = createFakeClient(weatherCall(), textReply('Thanks.'));
      const store = createChatStore({ client: fake.client, tools: [weather()] });
      await store.getState().send('weather');
      const before = store.getState();
      const listener = vi.fn();
      store.subscribe(listener);
      store.getState().addToolResult(id, 'late');
      store.getState().approveToolCall(id);
      store.getState().denyToolCall(id, 'no');
      await tick();
      expect(listener).not.toHaveBeenCalled();
      expect(store.getState().messages).toBe(before.messages);
      expect(fake.requests).toHaveLength(1);
    },
  );

  it('onToolCall sees every call and may answer a tool without execute', async () => {
    const onToolCall = vi.fn(({ args }: { args: unknown }) => ({ echoed: args }));
    const fake = createFakeClient(weatherCall(), textReply('ok'));
    const store = createChatStore({ client: fake.client, tools: [weather()], onToolCall });
    await store.getState().send('weather');
    expect(onToolCall).toHaveBeenCalledWith(
      expect.objectContaining({ toolName: 'get_weather', args: { city: 'Paris' } }),
    );
    expect(callState(store)).toMatchObject({ state: 'done', result: { echoed: { city: 'Paris' } } });
    expect(fake.requests).toHaveLength(2);
  });

  it("every layer's onToolCall runs, the store's first; the first answer that is not undefined is the result", async () => {
    const order: string[] = [];
    const fake = createFakeClient(
      weatherCall('call_1'),
      textReply('ok'),
      weatherCall('call_2'),
      textReply('ok'),
    );
    let storeAnswer: string | undefined = 'from the store';
    const store = createChatStore({
      client: fake.client,
      tools: [weather()],
      onToolCall: () => {
        order.push('store');
        return storeAnswer;
      },
    });
    store.attachOptions(() => ({
      onToolCall: () => {
        order.push('layer');
        return 'from the layer';
      },
    }));
    await store.getState().send('weather');
    expect(order).toEqual(['store', 'layer']);
    expect(callState(store, 'call_1')).toMatchObject({ state: 'done', result: 'from the store' });
    storeAnswer = undefined;
    await store.getState().send('again');
    expect(callState(store, 'call_2')).toMatchObject({ state: 'done', result: 'from the layer' });
  });

  it('a tool that returns nothing answers null: the tool message always has content', async () => {
    const fake = createFakeClient(weatherCall(), textReply('ok'));
    const store = createChatStore({ client: fake.client, tools: [weather({ execute: () => undefined })] });
    await store.getState().send('weather');
    expect(toolMessages(store).map((message) => message.content)).toEqual(['null']);
    expect(fake.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', content: 'null' });
    expect(store.getState().status).toBe('idle');
  });

  it('a result JSON has no text for (a function, a symbol) answers null: the next request stays valid', async () => {
    const fake = createFakeClient(
      toolCallChunks([
        { id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' },
        { id: 'call_2', name: 'get_weather', args: '{"city":"Rome"}' },
      ]),
      textReply('ok'),
    );
    const results: unknown[] = [() => 21, Symbol('sunny')];
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute: () => results.shift() })],
    });
    await store.getState().send('weather');
    expect(toolMessages(store).map((message) => message.content)).toEqual(['null', 'null']);
    expect(validateRequest(fake.requests[1])).toEqual([]);
    expect(store.getState().status).toBe('idle');
  });

  it('a call given as failed without saying why is answered "Error: the tool failed"', async () => {
    const fake = createFakeClient(textReply('ok'));
    const store = createChatStore({ client: fake.client });
    store.getState().setMessages([
      { role: 'user', content: 'weather' },
      {
        id: 'reply',
        parentId: null,
        createdAt: 0,
        status: 'done',
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        toolCalls: { call_1: { state: 'error' } },
      } satisfies ChatMessage,
    ]);
    await store.getState().retry();
    expect(toolMessages(store).map((message) => message.content)).toEqual(['Error: the tool failed']);
    expect(fake.requests).toHaveLength(1);
  });

  it('a result that arrives as the run stops is not written over the stop', async () => {
    const fake = createFakeClient(weatherCall(), textReply('next'));
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute: () => {
            // The stop lands after the result, before the runner reads it.
            queueMicrotask(() => store.getState().stop());
            return 'sunny';
          },
        }),
      ],
    });
    await store.getState().send('weather');
    await tick();
    expect(callState(store)).toMatchObject({ state: 'error', error: 'Stopped by the user.' });
    expect(toolMessages(store).map((message) => message.content)).toEqual(['Error: Stopped by the user.']);
    expect(fake.requests).toHaveLength(1);
  });

  it('stop during a tool run aborts it and tells the model on the next turn', async () => {
    let signal: AbortSignal | undefined;
    const fake = createFakeClient(weatherCall(), textReply('next'));
    const store = createChatStore({
      client: fake.client,
      tools: [
        weather({
          execute: (_args, context) => {
            signal = context.signal;
            return new Promise(() => {});
          },
        }),
      ],
    });
    const sent = store.getState().send('weather');
    await until(() => callState(store)?.state === 'running');
    expect(store.getState().status).toBe('submitted');
    store.getState().stop();
    await sent;
    expect(signal?.aborted).toBe(true);
    expect(callState(store)).toMatchObject({ state: 'error', error: 'Stopped by the user.' });
    expect(store.getState().status).toBe('idle');
    expect(fake.requests).toHaveLength(1);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool']);
    await store.getState().send('ok then');
    expect(fake.requests[1]?.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'user',
    ]);
  });

  it('stop while onToolCall or needsApproval never answers settles the send', async () => {
    const never = () => new Promise<never>(() => {});
    for (const options of [
      { tools: [weather()], onToolCall: never },
      { tools: [weather({ execute: () => 1, needsApproval: never })] },
    ]) {
      const fake = createFakeClient(weatherCall());
      const store = createChatStore({ client: fake.client, ...options });
      let settled = false;
      const sent = store
        .getState()
        .send('weather')
        .then(() => {
          settled = true;
        });
      await until(() => selectLastAssistantMessage(store.getState())?.status === 'done');
      await tick();
      store.getState().stop();
      await tick();
      expect(settled).toBe(true);
      await sent;
      expect(store.getState().status).toBe('idle');
    }
  });

  it('sending while a call awaits approval resolves it so the request stays valid', async () => {
    const fake = createFakeClient(weatherCall(), textReply('fine'));
    const store = createChatStore({
      client: fake.client,
      tools: [weather({ execute: () => 1, needsApproval: true })],
    });
    await store.getState().send('weather');
    await store.getState().send('never mind');
    expect(callState(store)?.state).toBe('denied');
    expect(fake.requests[1]?.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'user',
    ]);
    // The model is told why (README: "the user sent a new message instead").
    expect(String(fake.requests[1]?.messages[2]?.content)).toContain('the user sent a new message instead');
  });
});

describe('calls of the last reply that come without statuses', () => {
  const call = (id: string, args = '{"city":"Paris"}') => ({
    id,
    type: 'function' as const,
    function: { name: 'get_weather', arguments: args },
  });
  const asking = (...calls: ReturnType<typeof call>[]): AssistantMessage => ({
    role: 'assistant',
    content: null,
    tool_calls: calls,
  });

  it('given as wire messages (setMessages), they are pending, and addToolResult answers them and goes on', async () => {
    const fake = createFakeClient(textReply('It is 21 degrees.'));
    const store = createChatStore({ client: fake.client, tools: [weather()] });
    store.getState().setMessages([{ role: 'user', content: 'Weather in Paris?' }, asking(call('call_1'))]);
    expect(callState(store)).toEqual({ state: 'pending', args: { city: 'Paris' } });
    store.getState().addToolResult('call_1', { temperature: 21 });
    await until(() => store.getState().status === 'idle' && fake.requests.length === 1);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(toolMessages(store)[0]).toMatchObject({ tool_call_id: 'call_1', content: '{"temperature":21}' });
    expect(fake.requests[0]!.messages.slice(-2)).toEqual([
      asking(call('call_1')),
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
    ]);
    expect(validateRequest(fake.requests[0])).toEqual([]);
  });

  it('given as initialMessages with one call answered, the other’s answer follows that tool message', async () => {
    const fake = createFakeClient(textReply('Both known.'));
    const store = createChatStore({
      client: fake.client,
      initialMessages: [
        { role: 'user', content: 'Paris and Rome?' },
        asking(call('call_1'), call('call_2', '{"city":"Rome"}')),
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    expect(callState(store, 'call_2')).toEqual({ state: 'pending', args: { city: 'Rome' } });
    // A call answered already is left alone.
    store.getState().addToolResult('call_1', 'again');
    expect(fake.requests).toHaveLength(0);
    store.getState().addToolResult('call_2', 'rainy');
    await until(() => store.getState().status === 'idle' && fake.requests.length === 1);
    expect(toolMessages(store).map((message) => [message.tool_call_id, message.content])).toEqual([
      ['call_1', 'sunny'],
      ['call_2', 'rainy'],
    ]);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(validateRequest(fake.requests[0])).toEqual([]);
  });

  it('waits until every pending call of the reply is answered, and a new message ends them as errors', async () => {
    const fake = createFakeClient(textReply('ok'));
    const store = createChatStore({ client: fake.client });
    store.getState().setMessages([{ role: 'user', content: 'go' }, asking(call('call_1'), call('call_2'))]);
    store.getState().addToolResult('call_1', 'one');
    await tick();
    expect(fake.requests).toHaveLength(0);
    expect(roles(store)).toEqual(['user', 'assistant']);
    await store.getState().send('never mind');
    expect(fake.requests[0]!.messages.slice(-3)).toEqual([
      { role: 'tool', tool_call_id: 'call_1', content: 'one' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Error: No result: the user sent a new message.' },
      { role: 'user', content: 'never mind' },
    ]);
  });

  it('a reply edit() copied has its calls pending: addToolResult answers them under the copy', async () => {
    const fake = createFakeClient(weatherCall(), textReply('first'), textReply('second'));
    const store = createChatStore({ client: fake.client, tools: [weather()] });
    await store.getState().send('Weather?');
    store.getState().addToolResult('call_1', 'sunny');
    await until(() => store.getState().status === 'idle' && fake.requests.length === 2);
    const original = selectActiveMessages(store.getState())[1]!;
    await store.getState().edit(original.id, 'Let me look that up.');
    const copy = selectActiveMessages(store.getState()).at(-1)!;
    expect(copy).toMatchObject({ content: 'Let me look that up.', parentId: original.parentId });
    expect(copy.toolCalls).toEqual({ call_1: { state: 'pending', args: { city: 'Paris' } } });
    store.getState().addToolResult('call_1', 'cloudy');
    await until(() => store.getState().status === 'idle' && fake.requests.length === 3);
    const path = selectActiveMessages(store.getState());
    expect(path.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(path[1]!.id).toBe(copy.id);
    expect(path[2]).toMatchObject({ tool_call_id: 'call_1', content: 'cloudy', parentId: copy.id });
    expect(path[3]!.content).toBe('second');
  });

  it('saved without statuses (an older version’s data), they are pending after a reload and answerable', async () => {
    const saved = {
      ids: ['u0', 'a0', 't0', 'u', 'a'],
      messages: {
        u0: { id: 'u0', parentId: null, createdAt: 0, status: 'done', role: 'user', content: 'Before?' },
        a0: { id: 'a0', parentId: 'u0', createdAt: 0, status: 'done', ...asking(call('call_0')) },
        t0: {
          id: 't0',
          parentId: 'a0',
          createdAt: 0,
          status: 'done',
          role: 'tool',
          tool_call_id: 'call_0',
          content: 'rain',
        },
        u: { id: 'u', parentId: 't0', createdAt: 1, status: 'done', role: 'user', content: 'Weather?' },
        a: { id: 'a', parentId: 'u', createdAt: 2, status: 'done', ...asking(call('call_1')) },
      },
    };
    const data = new Map([['chat', JSON.stringify({ state: saved, version: 1 })]]);
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    };
    const fake = createFakeClient(textReply('Sunny, then.'));
    const store = createChatStore({ client: fake.client, persist: { key: 'chat', storage } });
    // An answered call is done, with its answer as the result.
    expect(callState(store, 'call_0')).toEqual({ state: 'done', args: { city: 'Paris' }, result: 'rain' });
    expect(callState(store)).toEqual({ state: 'pending', args: { city: 'Paris' } });
    store.getState().addToolResult('call_1', 'sunny');
    await until(() => store.getState().status === 'idle' && fake.requests.length === 1);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'user', 'assistant', 'tool', 'assistant']);
  });

  it('arguments cut short stay unanswered (requests leave such a call out)', () => {
    const store = createChatStore({ client: createFakeClient().client });
    store.getState().setMessages([{ role: 'user', content: 'go' }, asking(call('call_1', '{"city":'))]);
    expect(callState(store)).toBeUndefined();
  });

  it('a tool_choice naming a function forces the first step only: the steps after the tool results send `auto` (README: "Forced calls")', async () => {
    const forced = { type: 'function', function: { name: 'get_weather' } } as const;
    // A model that obeys the choice, as a real one does: a forced call whenever one is asked for.
    const obeying = (request: ChatCompletionRequest) =>
      typeof request.tool_choice === 'object' || request.tool_choice === 'required'
        ? weatherCall(`call_${request.messages.length}`)
        : textReply('Sunny and 21 °C.');
    const fake = createFakeClient(...Array.from({ length: 10 }, () => obeying));
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 21 }));
    const store = createChatStore({
      client: fake.client,
      request: { model: 'm', tool_choice: forced },
      tools: [weather({ execute })],
    });
    await store.getState().send('Weather in Paris?');
    expect(execute).toHaveBeenCalledTimes(1);
    expect(fake.requests.map((request) => request.tool_choice)).toEqual([forced, 'auto']);
    expect(roles(store)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(selectLastAssistantMessage(store.getState())?.content).toBe('Sunny and 21 °C.');
    // The next user message is forced again.
    await store.getState().send('And in Tokyo?');
    expect(execute).toHaveBeenCalledTimes(2);
    expect(fake.requests.map((request) => request.tool_choice)).toEqual([forced, 'auto', forced, 'auto']);
    expect(store.getState().status).toBe('idle');
  });

  it("`'required'`, `'none'` and `'auto'` go with every step as given", async () => {
    for (const choice of ['required', 'none', 'auto'] as const) {
      const fake = createFakeClient(weatherCall(), weatherCall('call_2'), weatherCall('call_3'));
      const store = createChatStore({
        client: fake.client,
        request: { model: 'm', tool_choice: choice },
        tools: [weather({ execute: () => 'sunny' })],
        maxSteps: 3,
      });
      await store.getState().send('Weather?');
      expect(fake.requests.map((request) => request.tool_choice)).toEqual([choice, choice, choice]);
    }
  });

  it('the mock endpoint’s tool flow with a named forced call answers in text in 2 requests; maxSteps: 1 runs the call once and asks no more', async () => {
    const forced = { type: 'function', function: { name: 'get_weather' } } as const;
    for (const maxSteps of [undefined, 1]) {
      const bodies: { tool_choice?: unknown }[] = [];
      const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 21 }));
      const store = createChatStore({
        clientOptions: {
          baseUrl: 'http://127.0.0.1/api/v1',
          fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => void bodies.push(body) }),
        },
        request: { model: 'openai/gpt-4o-mini', tool_choice: forced, parallel_tool_calls: false },
        tools: [weather({ execute })],
        maxSteps,
      });
      await store.getState().send('Weather in Paris?');
      expect(execute).toHaveBeenCalledTimes(1);
      expect(bodies.map((body) => body.tool_choice)).toEqual(maxSteps === 1 ? [forced] : [forced, 'auto']);
      expect(roles(store)).toEqual(
        maxSteps === 1 ? ['user', 'assistant', 'tool'] : ['user', 'assistant', 'tool', 'assistant'],
      );
      if (maxSteps === undefined) expect(selectLastAssistantMessage(store.getState())?.content).toBeTruthy();
      expect(store.getState().status).toBe('idle');
    }
  });
});
