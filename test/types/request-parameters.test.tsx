// Type tests of the request parameters an app writes (`request` of the hooks, `ChatProvider`,
// `ChatWindow` and `createChatStore`, and `send`'s per-message `request`): `expectTypeOf` does
// nothing at run time; `tsc --noEmit` (run by `npm test` over the tests too) fails when the types
// drift. `@ts-expect-error` lines prove what the types refuse: a misspelled or unknown top-level
// field, `messages` and `stream` (which the store sets itself). Nested objects stay open, and what
// the library hands back or receives (a stored message's `request`, `getOptions().request`, the
// server handler's body) keeps fields the types do not list.
import { renderHook } from '@testing-library/react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ChatCompletionRequest,
  type ChatMessage,
  ChatProvider,
  type ChatRequestParameters,
  ChatWindow,
  createChatStore,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';
import { type ChatHandlerRequest, createChatHandler } from '../../src/server/index.js';

/**
 * Type-checks `check` without running it: the hooks would need a DOM, and `send` an endpoint;
 * only the types are tested here.
 */
const typeOnly = (check: () => void) => expectTypeOf(check).toBeFunction();

/** The keys `ChatCompletionRequest` lists (its index signature left out). */
type ListedKeys<T> = keyof {
  [Key in keyof T as string extends Key ? never : number extends Key ? never : Key]: T[Key];
};

/** Every field an app may set, each with a valid value. */
const everyField = {
  provider: { order: ['openai'], allow_fallbacks: false, a_routing_option_of_tomorrow: 1 },
  plugins: [
    { id: 'web', max_results: 3 },
    { id: 'file-parser', pdf: { engine: 'pdf-text' } },
  ],
  user: 'user-1',
  session_id: 'session-1',
  trace: { trace_id: 'trace-1', custom_key: 'kept' },
  model: 'openai/gpt-4o-mini',
  models: ['anthropic/claude-sonnet-4'],
  frequency_penalty: 0.5,
  logit_bias: { '50256': -100 },
  logprobs: true,
  top_logprobs: 5,
  max_completion_tokens: 1024,
  max_tokens: 1024,
  metadata: { app: 'demo' },
  presence_penalty: null,
  reasoning: { effort: 'low', a_reasoning_option_of_tomorrow: true },
  response_format: { type: 'json_object' },
  seed: 7,
  stop: ['\n\n'],
  stream_options: { include_usage: true },
  temperature: 0.2,
  parallel_tool_calls: false,
  tool_choice: 'auto',
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
  top_p: 0.9,
  debug: { echo_upstream_body: true },
  image_config: { aspect_ratio: '16:9' },
  modalities: ['text', 'image'],
  cache_control: { type: 'ephemeral', ttl: '1h' },
} satisfies ChatRequestParameters;

describe('request parameters', () => {
  it('are the fields of ChatCompletionRequest but messages and stream, each optional and undefined-able', () => {
    expectTypeOf<keyof ChatRequestParameters>().toEqualTypeOf<
      Exclude<ListedKeys<ChatCompletionRequest>, 'messages' | 'stream'>
    >();
    // No index signature: a key that is not listed is not a key of the type.
    expectTypeOf<string>().not.toMatchTypeOf<keyof ChatRequestParameters>();
    expectTypeOf<Required<typeof everyField>>().toMatchTypeOf<Required<ChatRequestParameters>>();
    expectTypeOf<keyof typeof everyField>().toEqualTypeOf<keyof ChatRequestParameters>();
    const selectedModel = undefined as string | undefined;
    const unset: ChatRequestParameters = {
      model: selectedModel,
      temperature: undefined,
      provider: undefined,
    };
    expectTypeOf(unset.model).toEqualTypeOf<string | undefined>();
  });

  it('an object literal with an unknown, misspelled or store-owned field is an error', () => {
    // @ts-expect-error: `temprature` is not a field ("Did you mean to write 'temperature'?")
    const misspelled: ChatRequestParameters = { temprature: 0.2 };
    // @ts-expect-error: the store builds `messages` from the conversation
    const messages: ChatRequestParameters = { messages: [{ role: 'user', content: 'Hi' }] };
    // @ts-expect-error: the store chooses `stream` (the `stream` option)
    const stream: ChatRequestParameters = { stream: false };
    // @ts-expect-error: a known field still takes its own type only
    const wrongType: ChatRequestParameters = { temperature: '0.2' };
    expectTypeOf([misspelled, messages, stream, wrongType]).not.toBeAny();
  });

  it('the request option of the hooks refuses an unknown field', () =>
    typeOnly(() => {
      renderHook(() => useChatStream({ request: everyField }));
      renderHook(() =>
        useChatStream({
          request: {
            model: 'openai/gpt-4o-mini',
            // @ts-expect-error: misspelled `temperature`
            temprature: 0.2,
          },
        }),
      );
      renderHook(() =>
        useChatStream({
          // @ts-expect-error: the store builds `messages`
          request: { messages: [] },
        }),
      );
      renderHook(() =>
        useChatStream({
          // @ts-expect-error: `stream` is the hook's own option, not a request field
          request: { stream: false },
        }),
      );
      renderHook(() =>
        useChatCompletion({
          request: {
            // @ts-expect-error: misspelled `max_completion_tokens`
            max_completion_token: 100,
          },
        }),
      );
      // With typed tools (a type argument inferred) the check holds too.
      renderHook(() =>
        useChatStream({
          tools: [{ name: 'get_weather' }],
          request: {
            // @ts-expect-error: misspelled `temperature`
            temprature: 0.2,
          },
        }),
      );
    }));

  it('ChatProvider, ChatWindow and createChatStore refuse an unknown field', () =>
    typeOnly(() => {
      const provider = (
        <ChatProvider
          // @ts-expect-error: misspelled `temperature`
          request={{ model: 'openai/gpt-4o-mini', temprature: 0.2 }}
        />
      );
      const window = (
        <ChatWindow
          // @ts-expect-error: misspelled `temperature`
          request={{ model: 'openai/gpt-4o-mini', temprature: 0.2 }}
        />
      );
      const okWindow = <ChatWindow request={{ ...everyField, provider: { sort: 'price', custom: [1] } }} />;
      expectTypeOf([provider, window, okWindow]).not.toBeAny();
      createChatStore({
        request: {
          // @ts-expect-error: misspelled `temperature`
          temprature: 0.2,
        },
      });
      const store = createChatStore({ request: everyField });
      store.setOptions({
        request: {
          // @ts-expect-error: misspelled `session_id`
          sessionId: 'session-1',
        },
      });
    }));

  it("send's per-message request refuses an unknown field", () =>
    typeOnly(() => {
      const store = createChatStore();
      void store.getState().send({
        content: 'Hi',
        request: {
          // @ts-expect-error: misspelled `temperature`
          temprature: 0.2,
        },
      });
      void store.getState().send({
        content: 'Hi',
        // @ts-expect-error: the store builds `messages`
        request: { messages: [] },
      });
      void store
        .getState()
        .send({ content: 'Hi', request: { model: 'openai/gpt-4o', reasoning: { effort: 'high' } } });
      const { result } = renderHook(() => useChatStream());
      void result.current.send({
        content: 'Hi',
        request: {
          // @ts-expect-error: misspelled `temperature`
          temprature: 0.2,
        },
      });
    }));

  it('a field the types do not list yet goes through a spread or a cast (the escape hatch)', () =>
    typeOnly(() => {
      // A spread is not checked for unknown keys, neither a variable's nor an object literal's.
      const audio = { audio: { voice: 'alloy', format: 'wav' } };
      const spread: ChatRequestParameters = { model: 'openai/gpt-4o-audio-preview', ...audio };
      const inline: ChatRequestParameters = { model: 'openai/gpt-4o-audio-preview', ...{ new_field: 1 } };
      const cast = { model: 'openai/gpt-4o-audio-preview', new_field: 1 } as ChatRequestParameters;
      renderHook(() => useChatStream({ request: { modalities: ['text', 'audio'], ...audio } }));
      const window = <ChatWindow request={{ model: 'openai/gpt-4o-mini', ...{ new_field: 1 } }} />;
      const store = createChatStore({ request: cast });
      void store.getState().send({ content: 'Hi', request: { temperature: 0, ...{ new_field: 1 } } });
      // The spread's own fields are still checked where they are written.
      // @ts-expect-error: misspelled `temperature` next to a spread
      const checked: ChatRequestParameters = { ...audio, temprature: 0.2 };
      expectTypeOf([spread, inline, window, checked]).not.toBeAny();
    }));

  it('what the library hands back or receives keeps fields the types do not list', () =>
    typeOnly(() => {
      const store = createChatStore();
      // `getOptions().request` and a stored message's `request` may hold them (given through a spread).
      expectTypeOf(store.getOptions().request.audio).toBeUnknown();
      expectTypeOf(store.getOptions().request.model).toEqualTypeOf<string | undefined>();
      const stored: ChatMessage = {
        id: 'm1',
        parentId: null,
        createdAt: 0,
        status: 'done',
        role: 'user',
        content: 'Hi',
        request: { model: 'x', audio: {} },
      };
      const request = stored.request;
      expectTypeOf(request?.audio).toBeUnknown();
      // A stored message's `request` can be sent again as is.
      void store.getState().send({ content: 'Again', ...(request ? { request } : {}) });
      // The server handler's body and what `transformRequest` returns stay open.
      const body: ChatHandlerRequest = { messages: [], model: 'x', a_field_of_tomorrow: true };
      createChatHandler({
        apiKey: 'key',
        transformRequest: (received) => ({ ...received, user: 'user-1', a_field_of_tomorrow: true }),
      });
      expectTypeOf(body.a_field_of_tomorrow).toBeUnknown();
    }));
});
