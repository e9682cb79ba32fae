// Type tests of the public API: `expectTypeOf` does nothing at run time; `tsc --noEmit` (run by
// `npm test` over the tests too) fails when a public type drifts. `@ts-expect-error` lines prove
// what the types refuse.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ChatApiError,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatStream,
  createChatClient,
  type FinishReason,
  isChatApiError,
  type Usage,
  validateRequest,
  type WireError,
} from '../../src/core/index.js';
import {
  type buildRequest,
  type ChatActionHandlers,
  type ChatBusyError,
  type ChatControls,
  type ChatError,
  type ChatMessage,
  type ChatMessageOf,
  type ChatStatus,
  type ChatTool,
  type MessageStatus,
  type RequestParts,
  type SendInput,
  type StructuredOutputError,
  type ToolCallPanel,
  type ToolCallState,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';
import {
  type ChatHandlerFinishEvent,
  type ChatHandlerRequest,
  createChatHandler,
} from '../../src/server/index.js';
import { createMockFetch } from '../../src/testing/index.js';

describe('public types', () => {
  it('the hooks return the chat controls; statuses are string unions', () => {
    expectTypeOf(useChatStream).returns.toEqualTypeOf<ChatControls>();
    expectTypeOf(useChatCompletion).returns.toMatchTypeOf<ChatControls>();
    expectTypeOf<ChatControls['send']>().parameters.toEqualTypeOf<[SendInput]>();
    expectTypeOf<ChatControls['send']>().returns.toEqualTypeOf<
      Promise<ChatMessageOf<'assistant'> | undefined>
    >();
    expectTypeOf<ChatStatus>().toEqualTypeOf<'idle' | 'submitted' | 'streaming' | 'error'>();
    expectTypeOf<MessageStatus>().toEqualTypeOf<'streaming' | 'done' | 'incomplete' | 'error'>();
    expectTypeOf<ToolCallState>().toEqualTypeOf<
      'streaming' | 'pending' | 'awaiting-approval' | 'running' | 'done' | 'error' | 'denied'
    >();
  });

  it("useChatCompletion's mutation error is the chat's error union, as the chat records it", () => {
    type Mutation = ReturnType<typeof useChatCompletion>['mutation'];
    expectTypeOf<Mutation['error']>().toEqualTypeOf<ChatError | null>();
    expectTypeOf<Mutation['failureReason']>().toEqualTypeOf<ChatError | null>();
  });

  it('send takes text, content parts, or an object with a request override and metadata', () => {
    expectTypeOf<'hi'>().toMatchTypeOf<SendInput>();
    expectTypeOf<[{ type: 'text'; text: 'hi' }]>().toMatchTypeOf<SendInput>();
    expectTypeOf<{
      content: string;
      request: { model: string; temperature: number };
      metadata: { source: string };
    }>().toMatchTypeOf<SendInput>();
    // @ts-expect-error: a number is not something to send
    expectTypeOf<42>().toMatchTypeOf<SendInput>();
  });

  it("regenerate takes an id, nothing, or the AI SDK's { messageId }; a parts handler needs only the id", () => {
    const check = (controls: ChatControls) => {
      void controls.regenerate();
      void controls.regenerate('msg-1');
      void controls.regenerate({ messageId: 'msg-1' });
      void controls.regenerate({});
      // @ts-expect-error: the id is `messageId`
      void controls.regenerate({ id: 'msg-1' });
      controls.setMessages((messages) => messages.slice(0, -1));
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf<{ regenerate: (messageId?: string) => Promise<void> }>().toMatchTypeOf<ChatActionHandlers>();
  });

  it('send, regenerate, edit and retry resolve with the reply; handlers of your own may resolve with anything', () => {
    type Reply = Promise<ChatMessageOf<'assistant'> | undefined>;
    expectTypeOf<ChatControls['regenerate']>().returns.toEqualTypeOf<Reply>();
    expectTypeOf<ChatControls['edit']>().returns.toEqualTypeOf<Reply>();
    expectTypeOf<ChatControls['retry']>().returns.toEqualTypeOf<Reply>();
    expectTypeOf<Pick<ChatControls, 'regenerate' | 'edit' | 'retry'>>().toMatchTypeOf<ChatActionHandlers>();
    expectTypeOf<{
      regenerate: () => Promise<void>;
      edit: () => Promise<void>;
      retry: (messageId?: string) => Promise<void>;
    }>().toMatchTypeOf<ChatActionHandlers>();
  });

  it('messages keep wire field names beside the UI fields', () => {
    expectTypeOf<ChatMessage['status']>().toEqualTypeOf<MessageStatus>();
    expectTypeOf<ChatMessage['metadata']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf<Extract<ChatMessage, { role: 'assistant' }>>().toHaveProperty('tool_calls');
    expectTypeOf<Extract<ChatMessage, { role: 'assistant' }>>().toHaveProperty('reasoning_details');
  });

  it('a typed tool gets its arguments typed in execute and needsApproval', () => {
    const tool: ChatTool<{ city: string }, { temperature: number }> = {
      name: 'get_weather',
      execute: (args, context) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string }>();
        expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
        return { temperature: 21 };
      },
      needsApproval: (args) => args.city === 'Paris',
    };
    expectTypeOf(tool.name).toBeString();
    const wrong: ChatTool<{ city: string }, { temperature: number }> = {
      name: 'x',
      // @ts-expect-error: the result must match the declared type
      execute: () => ({ temperature: 'warm' }),
    };
    expectTypeOf(wrong).not.toBeAny();
  });

  it('the core client: typed requests, a stream of chunks, typed errors', () => {
    const client = createChatClient({ fetch: createMockFetch() });
    expectTypeOf(client.stream).returns.toEqualTypeOf<ChatStream>();
    expectTypeOf<ChatStream>().toMatchTypeOf<AsyncIterable<ChatCompletionChunk>>();
    expectTypeOf(validateRequest).parameter(0).toBeUnknown();
    const request: ChatCompletionRequest = {
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 10,
    };
    expectTypeOf(request.max_completion_tokens).toEqualTypeOf<number | null | undefined>();
    // @ts-expect-error: wire names only, and temperature is a number
    const bad: ChatCompletionRequest = { messages: [], temperature: 'warm' };
    expectTypeOf(bad).not.toBeAny();
    const caught: unknown = new Error('x');
    if (isChatApiError(caught)) expectTypeOf(caught).toEqualTypeOf<ChatApiError>();
    expectTypeOf<ChatApiError['retryable']>().toEqualTypeOf<boolean>();
    // The library's own codes complete in an editor (a plain `string` would swallow them), and
    // the wire's other codes, strings or numbers, still fit.
    expectTypeOf<Extract<ChatApiError['code'], 'stream_truncated'>>().toEqualTypeOf<'stream_truncated'>();
    expectTypeOf<'moderation_flagged' | 429>().toExtend<ChatApiError['code']>();
  });

  it('the server proxy is a web request handler', () => {
    expectTypeOf(createChatHandler).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
    // @ts-expect-error: the API key is required
    createChatHandler({});
    // @ts-expect-error: `transformRequest` may leave out optional fields, not the messages
    createChatHandler({ apiKey: 'key', transformRequest: (body) => ({ ...body, messages: undefined }) });
  });

  it("onFinish's event is typed with the core's wire types; it may return anything, a promise too", () => {
    expectTypeOf<ChatHandlerFinishEvent['usage']>().toEqualTypeOf<Usage | undefined>();
    expectTypeOf<ChatHandlerFinishEvent['completion']>().toEqualTypeOf<ChatCompletion | undefined>();
    expectTypeOf<ChatHandlerFinishEvent['error']>().toEqualTypeOf<WireError | undefined>();
    expectTypeOf<ChatHandlerFinishEvent['finishReason']>().toEqualTypeOf<FinishReason | null | undefined>();
    expectTypeOf<ChatHandlerFinishEvent['body']>().toEqualTypeOf<ChatHandlerRequest>();
    expectTypeOf<ChatHandlerFinishEvent['isAbort']>().toEqualTypeOf<boolean>();
    createChatHandler({ apiKey: 'key', onFinish: async ({ usage }) => void usage?.cost });
    // Whatever it returns is fine (a promise is awaited): `push` returns a number.
    const events: ChatHandlerFinishEvent[] = [];
    createChatHandler({ apiKey: 'key', onFinish: (event) => events.push(event) });
  });

  it("ChatError lists the library's errors; instanceof tells them apart; it is any Error still", () => {
    expectTypeOf<StructuredOutputError>().toMatchTypeOf<ChatError>();
    expectTypeOf<ChatBusyError>().toMatchTypeOf<ChatError>();
    expectTypeOf<Error>().toMatchTypeOf<ChatError>();
    expectTypeOf<ChatError>().toMatchTypeOf<Error>();
    const handle = (error: ChatError, StructuredError: typeof StructuredOutputError) => {
      if (error instanceof StructuredError) {
        expectTypeOf(error.type).toEqualTypeOf<'invalid_json' | 'schema_mismatch'>();
      }
    };
    expectTypeOf(handle).toBeFunction();
  });

  it('the props and arguments an app names have exported types', () => {
    expectTypeOf<ToolCallPanel.ArgumentsProps>().toHaveProperty('label');
    expectTypeOf<ToolCallPanel.ResultProps>().toHaveProperty('label');
    expectTypeOf<typeof ToolCallPanel.Result>().parameter(0).toMatchTypeOf<ToolCallPanel.ResultProps>();
    expectTypeOf<typeof buildRequest>().parameter(0).toEqualTypeOf<RequestParts>();
  });
});
