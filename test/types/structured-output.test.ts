// Type tests of structured output and of the reply's type where the library knows a message is
// an assistant's: `expectTypeOf` does nothing at run time; `tsc --noEmit` (run by `npm test` over
// the tests too) fails when the types drift. `@ts-expect-error` lines prove what the types refuse.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AssistantMessage,
  type ChatFinishEvent,
  type ChatMessage,
  type ChatMessageOf,
  type ChatRequestParameters,
  createChatStore,
  defineResponseFormat,
  type FromJsonSchema,
  getStructuredValue,
  type JsonSchemaResponseFormat,
  type MessageUiFields,
  type ResponseFormat,
  type SendInput,
  type StructuredValueOf,
  selectLastAssistantMessage,
  type ToolCall,
  useChatCompletion,
} from '../../src/index.js';

const sentiment = defineResponseFormat({
  type: 'json_schema',
  json_schema: {
    name: 'sentiment',
    strict: true,
    schema: {
      type: 'object',
      properties: { sentiment: { enum: ['positive', 'negative', 'neutral'] }, score: { type: 'number' } },
      required: ['sentiment', 'score'],
      additionalProperties: false,
    },
  },
});
type Sentiment = { sentiment: 'positive' | 'negative' | 'neutral'; score: number };

describe('defineResponseFormat and getStructuredValue', () => {
  it('keep the schema written in the call: the value is typed by it, without `as const` or a cast', () => {
    expectTypeOf<StructuredValueOf<typeof sentiment>>().toEqualTypeOf<Sentiment>();
    expectTypeOf(getStructuredValue(undefined, sentiment)).toEqualTypeOf<Sentiment | undefined>();
    const onFinish = ({ message }: ChatFinishEvent) => {
      expectTypeOf(getStructuredValue(message, sentiment)).toEqualTypeOf<Sentiment | undefined>();
    };
    void onFinish;
  });

  it('the format is a request parameter as it is: a hook, a store and send take it', () => {
    expectTypeOf(sentiment).toMatchTypeOf<ResponseFormat>();
    expectTypeOf({ response_format: sentiment }).toMatchTypeOf<ChatRequestParameters>();
    expectTypeOf({ content: 'hi', request: { response_format: sentiment } }).toMatchTypeOf<SendInput>();
    const use = () =>
      useChatCompletion({ request: { model: 'openai/gpt-4o-mini', response_format: sentiment } });
    void use;
    const store = createChatStore({ request: { response_format: sentiment } });
    expectTypeOf(getStructuredValue(selectLastAssistantMessage(store.getState()), sentiment)).toEqualTypeOf<
      Sentiment | undefined
    >();
  });

  it('a format declared `as const`, or written in the call, is typed the same', () => {
    const format = {
      type: 'json_schema',
      json_schema: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' } } } },
    } as const;
    expectTypeOf(getStructuredValue(undefined, format)).toEqualTypeOf<{ city?: string } | undefined>();
    expectTypeOf(
      getStructuredValue(undefined, {
        json_schema: { schema: { type: 'array', items: { type: 'integer' } } },
      }),
    ).toEqualTypeOf<number[] | undefined>();
    expectTypeOf<StructuredValueOf<typeof format>>().toEqualTypeOf<
      FromJsonSchema<typeof format.json_schema.schema>
    >();
  });

  it('a schema that is not a literal, or none, gives unknown', () => {
    const loose: JsonSchemaResponseFormat = { type: 'json_schema', json_schema: { name: 'x', schema: {} } };
    expectTypeOf(getStructuredValue(undefined, loose)).toBeUnknown();
    expectTypeOf<StructuredValueOf<{ type: 'json_object' }>>().toBeUnknown();
    expectTypeOf(getStructuredValue(undefined, { json_schema: {} })).toBeUnknown();
  });

  it('refuses what is not a json_schema format, and a format without a name or schema', () => {
    // @ts-expect-error: a json_object format has no schema to type the value by
    const read = () => getStructuredValue(undefined, { type: 'json_object' });
    void read;
    // @ts-expect-error: the wire requires `json_schema.name`
    defineResponseFormat({ type: 'json_schema', json_schema: { schema: { type: 'string' } } });
    // @ts-expect-error: `defineResponseFormat` is for a schema to type the value by
    defineResponseFormat({ type: 'json_schema', json_schema: { name: 'x' } });
    // @ts-expect-error: `type` is `json_schema`
    defineResponseFormat({ type: 'json_object', json_schema: { name: 'x', schema: {} } });
  });
});

describe('replies are typed as assistant messages', () => {
  it("onFinish's message and selectLastAssistantMessage read tool_calls and reasoning without a role check", () => {
    expectTypeOf<ChatFinishEvent['message']>().toEqualTypeOf<ChatMessageOf<'assistant'>>();
    expectTypeOf<ChatFinishEvent['message']['tool_calls']>().toEqualTypeOf<ToolCall[] | undefined>();
    expectTypeOf<ChatFinishEvent['message']['reasoning']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf(selectLastAssistantMessage).returns.toEqualTypeOf<ChatMessageOf<'assistant'> | undefined>();
    // Still a `ChatMessage`: code that took one keeps working.
    expectTypeOf<ChatMessageOf<'assistant'>>().toMatchTypeOf<ChatMessage>();
    expectTypeOf<ChatMessageOf<'assistant'>>().toEqualTypeOf<AssistantMessage & MessageUiFields>();
    // A handler written for any message still fits `onFinish`.
    const handler = (event: { message: ChatMessage }) => void event;
    expectTypeOf(handler).toMatchTypeOf<(event: ChatFinishEvent) => void>();
  });

  it('ChatMessageOf picks the messages of a role, or of several', () => {
    expectTypeOf<ChatMessageOf<'user'>['role']>().toEqualTypeOf<'user'>();
    expectTypeOf<ChatMessageOf<'user' | 'assistant'>['role']>().toEqualTypeOf<'user' | 'assistant'>();
    // @ts-expect-error: not a role
    expectTypeOf<ChatMessageOf<'bot'>>();
  });
});
