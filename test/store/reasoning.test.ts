import { describe, expect, it } from 'vitest';
import type { AssistantMessage, ChatCompletionRequest } from '../../src/core/index.js';
import { type ChatMessage, createChatStore, selectActiveMessages } from '../../src/store/index.js';
import { createMockFetch, type MockReasoningFormat } from '../../src/testing/index.js';

const BASE_URL = 'http://127.0.0.1/api/v1';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

/** Sends every request with the reasoning_details of its messages left out: a client that drops them. */
function droppingDetails(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return (input, init) => {
    const body = JSON.parse(String(init?.body)) as ChatCompletionRequest;
    const messages = body.messages.map((message) => {
      const { reasoning_details: _dropped, ...rest } = message as AssistantMessage;
      return rest;
    });
    return fetch(input, { ...init, body: JSON.stringify({ ...body, messages }) });
  };
}

function reasoningStore(reasoningFormat: MockReasoningFormat, storage = memoryStorage(), drop = false) {
  const bodies: ChatCompletionRequest[] = [];
  const mockFetch = createMockFetch({
    tokenDelayMs: 0,
    reasoningFormat,
    onRequest: (body) => bodies.push(structuredClone(body)),
  });
  const fetch = drop ? droppingDetails(mockFetch) : mockFetch;
  const store = createChatStore({
    clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
    request: { model: 'mock/tools', reasoning: { effort: 'high' } },
    tools: [
      {
        name: 'get_weather',
        description: 'Weather of a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        execute: ({ city }: { city: string }) => ({ city, temperature: 12 }),
      },
    ],
    throttleMs: 0,
    persist: { key: 'chat', storage, throttleMs: 0 },
  });
  return { store, bodies, storage };
}

const assistants = (messages: readonly ChatMessage[]) =>
  messages.filter(
    (message): message is Extract<ChatMessage, { role: 'assistant' }> => message.role === 'assistant',
  );

describe.each<MockReasoningFormat>(['text', 'summary', 'encrypted'])(
  'reasoning as %s, through a tool run',
  (format) => {
    it('each step keeps its reasoning, and the follow-up sends the call reply with its reasoning_details unmodified', async () => {
      const { store, bodies } = reasoningStore(format);
      await store.getState().send('What is the weather in Paris? Use get_weather.');
      const [calling, answer] = assistants(selectActiveMessages(store.getState()));
      expect(calling?.tool_calls?.length).toBeGreaterThan(0);
      expect(calling?.reasoning_details?.length).toBeGreaterThan(0);
      // The mock refuses a follow-up that lost or changed them, as the providers do: this one passes.
      expect(store.getState().error).toBeUndefined();
      expect(answer?.status).toBe('done');
      expect(answer?.reasoning_details?.length).toBeGreaterThan(0);
      expect(answer?.content).toBeTruthy();
      // Both fields kept as they came: `reasoning` (none for encrypted-only) and the details.
      if (format === 'encrypted') expect(calling?.reasoning ?? null).toBeNull();
      else expect(calling?.reasoning).toBeTruthy();
      expect(calling?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
      // The follow-up: the assistant message with tool_calls carries the details as streamed.
      expect(bodies).toHaveLength(2);
      const sent = bodies[1]!.messages.find(
        (message): message is AssistantMessage => message.role === 'assistant',
      );
      expect(sent?.tool_calls).toEqual(calling?.tool_calls);
      expect(sent?.reasoning_details).toEqual(calling?.reasoning_details);
      expect(sent).not.toHaveProperty('usage');
      expect(sent).not.toHaveProperty('toolCalls');
    });

    it('a client that drops reasoning_details from the follow-up is refused by the mock', async () => {
      const { store } = reasoningStore(format, memoryStorage(), true);
      await store.getState().send('What is the weather in Paris? Use get_weather.');
      expect(store.getState().status).toBe('error');
      expect(store.getState().error?.message).toMatch(/reasoning_details/);
    });

    it('a reload keeps reasoning and reasoning_details; the next request sends them back', async () => {
      const { store, storage } = reasoningStore(format);
      await store.getState().send('What is the weather in Paris? Use get_weather.');
      const before = assistants(selectActiveMessages(store.getState()));
      const { store: reloaded, bodies } = reasoningStore(format, storage);
      const after = assistants(selectActiveMessages(reloaded.getState()));
      expect(after.map((message) => [message.reasoning, message.reasoning_details])).toEqual(
        before.map((message) => [message.reasoning, message.reasoning_details]),
      );
      await reloaded.getState().send('And in Tokyo?');
      const sent = bodies[0]!.messages.filter(
        (message): message is AssistantMessage => message.role === 'assistant',
      );
      expect(sent.map((message) => message.reasoning_details)).toEqual(
        before.map((message) => message.reasoning_details),
      );
    });

    it('regenerate replaces the reasoning with the new reply’s; the old version keeps its own', async () => {
      const { store, bodies } = reasoningStore(format);
      await store.getState().send('Hello there');
      const [first] = assistants(selectActiveMessages(store.getState()));
      const sentBefore = bodies.length;
      await store.getState().regenerate();
      const [second] = assistants(selectActiveMessages(store.getState()));
      expect(second?.id).not.toBe(first?.id);
      expect(second?.reasoning_details?.length).toBeGreaterThan(0);
      expect(store.getState().messages[first!.id]?.reasoning_details).toEqual(first?.reasoning_details);
      // The regenerated request does not carry the reply it replaces.
      expect(bodies[sentBefore]?.messages.map((message) => message.role)).toEqual(['user']);
    });
  },
);
