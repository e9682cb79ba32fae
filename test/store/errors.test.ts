import { describe, expect, it, vi } from 'vitest';
import { ChatApiError, type ChatCompletionRequest, ChatRequestError } from '../../src/core/index.js';
import {
  type ChatMessage,
  type ChatTool,
  createChatStore,
  selectActiveMessages,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import { createMockFetch } from '../../src/testing/index.js';

const BASE_URL = 'http://127.0.0.1/api/v1';

function mockStore(model: string, extra: { onError?: (error: Error) => void; onFinish?: () => void } = {}) {
  const bodies: ChatCompletionRequest[] = [];
  const fetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) });
  const store = createChatStore({
    clientOptions: { baseUrl: BASE_URL, apiKey: 'sk-test', fetch, maxRetries: 0 },
    request: { model },
    throttleMs: 0,
    ...extra,
  });
  return { store, bodies };
}

/** Points the store at a mock that answers (`mock/text`), its requests still kept in `bodies`. */
function answerFromNowOn(store: ReturnType<typeof mockStore>['store'], bodies: ChatCompletionRequest[]) {
  store.setOptions({
    clientOptions: {
      baseUrl: BASE_URL,
      fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) }),
    },
    request: { model: 'mock/text' },
  });
}

const roles = (messages: readonly { role: string }[]) => messages.map((message) => message.role);
const userCount = (messages: ChatMessage[]) => messages.filter((message) => message.role === 'user').length;

describe('errors from the core', () => {
  it.each([
    ['mock/error-429', 429],
    ['mock/error-402', 402],
    ['mock/error-503', 503],
    ['mock/error-html', 502],
  ])(
    '%s before the first byte: typed error, no reply, retry resends without a second user message',
    async (model, status) => {
      const onError = vi.fn();
      const { store, bodies } = mockStore(model, { onError });
      await store.getState().send('Hello');
      const state = store.getState();
      expect(state.status).toBe('error');
      expect(state.error).toBeInstanceOf(ChatApiError);
      expect((state.error as ChatApiError).status).toBe(status);
      expect(onError).toHaveBeenCalledWith(state.error);
      expect(roles(selectActiveMessages(state))).toEqual(['user']);

      store.setOptions({
        clientOptions: { baseUrl: BASE_URL, fetch: createMockFetch({ tokenDelayMs: 0 }), maxRetries: 0 },
        request: { model: 'mock/text' },
        throttleMs: 0,
      });
      await store.getState().retry();
      const after = store.getState();
      expect(after.status).toBe('idle');
      expect(after.error).toBeUndefined();
      expect(roles(selectActiveMessages(after))).toEqual(['user', 'assistant']);
      expect(userCount(Object.values(after.messages))).toBe(1);
      expect(bodies[0]?.messages).toHaveLength(1);
    },
  );

  it.each([
    ['mock/error-midstream', 502],
    ['mock/truncated', 'stream_truncated'],
    ['mock/invalid-chunk', 'invalid_chunk'],
  ])('%s keeps the text received so far on an error message', async (model, code) => {
    const onFinish = vi.fn();
    const { store } = mockStore(model, { onFinish });
    await store.getState().send('Tell me about Paris');
    const state = store.getState();
    const reply = selectLastAssistantMessage(state);
    expect(state.status).toBe('error');
    expect((state.error as ChatApiError).code).toBe(code);
    expect(reply?.status).toBe('error');
    expect(reply?.error).toBe(state.error);
    expect(typeof reply?.content === 'string' && reply.content.length > 0).toBe(true);
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ isError: true, isAbort: false }));
  });

  it('clearError clears the error (status idle); the failed reply keeps its status and error, and retry still works', async () => {
    const { store, bodies } = mockStore('mock/error-midstream');
    await store.getState().send('Tell me about Paris');
    const failed = selectLastAssistantMessage(store.getState()) as ChatMessage;
    const error = store.getState().error;
    expect(error).toBeInstanceOf(ChatApiError);
    store.getState().clearError();
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
    expect(store.getState().messages[failed.id]).toMatchObject({ status: 'error', error });
    answerFromNowOn(store, bodies);
    await store.getState().retry();
    expect(selectLastAssistantMessage(store.getState())?.status).toBe('done');
    expect(bodies).toHaveLength(2);
    // Nothing to clear: the status stays as it is.
    store.getState().clearError();
    expect(store.getState().status).toBe('idle');
  });

  it('retry after a partial reply keeps it as an earlier version and never duplicates the user message', async () => {
    const { store, bodies } = mockStore('mock/error-midstream');
    await store.getState().send('Tell me about Paris');
    const failed = selectLastAssistantMessage(store.getState()) as ChatMessage;
    answerFromNowOn(store, bodies);
    await store.getState().retry();
    const state = store.getState();
    const reply = selectLastAssistantMessage(state);
    expect(reply?.status).toBe('done');
    expect(reply?.parentId).toBe(failed.parentId);
    expect(state.messages[failed.id]?.content).toBe(failed.content);
    expect(userCount(Object.values(state.messages))).toBe(1);
    expect(roles(bodies[1]?.messages ?? [])).toEqual(['user']);
  });

  it('the conversation stays usable after an error: the next send works', async () => {
    const { store, bodies } = mockStore('mock/error-midstream');
    await store.getState().send('first');
    answerFromNowOn(store, bodies);
    await store.getState().send('second');
    expect(store.getState().status).toBe('idle');
    expect(roles(selectActiveMessages(store.getState()))).toEqual(['user', 'assistant', 'user', 'assistant']);
    // The failed partial reply is real context: it is sent back.
    expect(roles(bodies[1]?.messages ?? [])).toEqual(['user', 'assistant', 'user']);
  });

  describe('a reply that fails halfway through a tool call (mock/error-midstream-tools)', () => {
    const execute = vi.fn(({ city }: { city: string }) => `sunny in ${city}`);
    const weather: ChatTool<{ city: string }> = {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      execute,
    };

    /** A store whose first reply fails in a call's arguments; `use(model)` answers the next requests. */
    async function failedInCall() {
      execute.mockClear();
      const bodies: ChatCompletionRequest[] = [];
      const use = (model: string) =>
        store.setOptions({
          clientOptions: {
            baseUrl: BASE_URL,
            fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) }),
            maxRetries: 0,
          },
          request: { model },
          throttleMs: 0,
          tools: [weather as ChatTool],
        });
      const store = createChatStore({});
      use('mock/error-midstream-tools');
      await store.getState().send('Weather in Paris?');
      const failed = selectLastAssistantMessage(store.getState()) as Extract<
        ChatMessage,
        { role: 'assistant' }
      >;
      return { store, bodies, use, failed };
    }

    it('ends in error with the partial call kept streaming, arguments parsed so far', async () => {
      const { store, failed } = await failedInCall();
      expect(store.getState().status).toBe('error');
      expect((store.getState().error as ChatApiError).code).toBe(502);
      expect(failed.status).toBe('error');
      expect(failed.content).toBe('Let me check that with `get_weather`.');
      const [call] = failed.tool_calls ?? [];
      expect(call?.function.name).toBe('get_weather');
      expect(() => JSON.parse(call?.function.arguments ?? '')).toThrow();
      expect(failed.toolCalls?.[call!.id]?.state).toBe('streaming');
      expect(execute).not.toHaveBeenCalled();
    });

    it('retry replaces it with a reply whose calls run, the failed one kept as an earlier version', async () => {
      const { store, bodies, use, failed } = await failedInCall();
      use('mock/tools');
      await store.getState().retry();
      const state = store.getState();
      expect(state.status).toBe('idle');
      const active = selectActiveMessages(state);
      expect(active[1]?.id).not.toBe(failed.id);
      expect(active[1]?.parentId).toBe(failed.parentId);
      const calls = Object.values(active[1]?.toolCalls ?? {});
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.map((call) => call.state)).toEqual(calls.map(() => 'done'));
      expect(execute).toHaveBeenCalledTimes(calls.length);
      expect(roles(active)).toEqual(['user', 'assistant', ...calls.map(() => 'tool'), 'assistant']);
      expect(active.at(-1)?.status).toBe('done');
      // The failed reply is left as it was, and the retry does not send it.
      expect(state.messages[failed.id]).toMatchObject({ status: 'error', tool_calls: failed.tool_calls });
      expect(roles(bodies[1]?.messages ?? [])).toEqual(['user']);
    });

    it('a new send settles the cut call as an error; the tool never runs', async () => {
      const { store, use, failed, bodies } = await failedInCall();
      const [call] = failed.tool_calls ?? [];
      use('mock/text');
      await store.getState().send('Never mind');
      const state = store.getState();
      expect(state.status).toBe('idle');
      expect(state.messages[failed.id]?.toolCalls?.[call!.id]).toMatchObject({
        state: 'error',
        error: 'No result: the user sent a new message.',
      });
      expect(selectLastAssistantMessage(state)?.status).toBe('done');
      expect(execute).not.toHaveBeenCalled();
      // The next request keeps the failed reply's text, without the call that was never whole.
      expect(bodies[1]?.messages).toEqual([
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: failed.content },
        { role: 'user', content: 'Never mind' },
      ]);
    });
  });

  it('an invalid request is a ChatRequestError and nothing is sent', async () => {
    const { store, bodies } = mockStore('mock/text');
    store.setOptions({
      clientOptions: { baseUrl: BASE_URL, fetch: createMockFetch({ tokenDelayMs: 0 }) },
      request: { model: 'mock/text', temperature: 5 },
    });
    await store.getState().send('hi');
    expect(store.getState().error).toBeInstanceOf(ChatRequestError);
    expect(bodies).toHaveLength(0);
  });

  it('a network failure is a retryable ChatApiError', async () => {
    const store = createChatStore({
      clientOptions: {
        baseUrl: BASE_URL,
        maxRetries: 0,
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      },
    });
    await store.getState().send('hi');
    const error = store.getState().error as ChatApiError;
    expect(error.code).toBe('network_error');
    expect(error.retryable).toBe(true);
  });

  it('a timeout is a ChatApiError with code timeout; the user message stays', async () => {
    const store = createChatStore({
      clientOptions: {
        baseUrl: BASE_URL,
        maxRetries: 0,
        timeoutMs: 5,
        fetch: (_input, init) =>
          new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
          }),
      },
    });
    await store.getState().send('hi');
    expect(store.getState().error).toMatchObject({ name: 'ChatApiError', code: 'timeout' });
    expect(roles(selectActiveMessages(store.getState()))).toEqual(['user']);
  });

  it('a reply that ends without a finish reason mid-stream keeps its partial in the error', async () => {
    const { store } = mockStore('mock/truncated');
    await store.getState().send('hi');
    const error = store.getState().error as ChatApiError;
    const reply = selectLastAssistantMessage(store.getState());
    expect(typeof error.partial?.choices[0]?.message.content).toBe('string');
    expect(reply?.content).toBe(error.partial?.choices[0]?.message.content);
  });

  it('the API key is never part of the state', async () => {
    const { store } = mockStore('mock/text');
    await store.getState().send('hi');
    expect(JSON.stringify(store.getState())).not.toContain('sk-test');
  });

  it('marks a reply cut short by the token limit incomplete, and retry answers again', async () => {
    const { store, bodies } = mockStore('mock/text');
    store.setOptions({
      clientOptions: {
        baseUrl: BASE_URL,
        fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) }),
        maxRetries: 0,
      },
      request: { model: 'mock/text', max_completion_tokens: 5 },
      throttleMs: 0,
    });
    await store.getState().send('Tell me a long story');
    const cut = selectLastAssistantMessage(store.getState());
    expect(cut?.finishReason).toBe('length');
    expect(cut?.status).toBe('incomplete');
    expect(store.getState().status).toBe('idle');

    store.setOptions({
      clientOptions: {
        baseUrl: BASE_URL,
        fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) }),
        maxRetries: 0,
      },
      request: { model: 'mock/text' },
      throttleMs: 0,
    });
    await store.getState().retry();
    const again = selectLastAssistantMessage(store.getState());
    expect(again?.status).toBe('done');
    expect(again?.finishReason).toBe('stop');
    expect(userCount(Object.values(store.getState().messages))).toBe(1);
  });

  it('a stream that is only [DONE] (a proxy ending a failed request so) fails, with Retry, not an empty reply', async () => {
    const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    const replies = [
      sse('data: [DONE]\n\n'),
      sse(
        `data: ${JSON.stringify({ id: 'g', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      ),
    ];
    const store = createChatStore({
      clientOptions: { baseUrl: BASE_URL, fetch: async () => replies.shift()!, maxRetries: 0 },
      throttleMs: 0,
    });
    await store.getState().send('Hello');
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toMatchObject({ code: 'stream_truncated' });
    expect(roles(selectActiveMessages(store.getState()))).toEqual(['user']);
    await store.getState().retry();
    expect(selectActiveMessages(store.getState()).map((message) => message.content)).toEqual(['Hello', 'Hi']);
  });
});
