import type { FromJsonSchema, JsonSchema, OpenObject } from '../core/index.js';
import { checkJsonSchema } from '../core/json.js';
import type { MessageUiFields } from './types.js';

/**
 * A `response_format` of type `json_schema` that keeps its schema's type: what
 * `defineResponseFormat` returns, and a `ResponseFormat` the request takes as it is.
 */
export interface JsonSchemaResponseFormat<Schema extends JsonSchema = JsonSchema> extends OpenObject {
  /** Always `json_schema`. */
  type: 'json_schema';
  /** The schema the reply follows, with its name. */
  json_schema: {
    /** The schema's name. */
    name: string;
    /** Whether the reply must follow the schema exactly, where the provider supports it. */
    strict?: boolean | null;
    /** The JSON Schema of the reply; the chat store checks the finished reply against it. */
    schema: Schema;
    /** What the schema describes. */
    description?: string;
  } & OpenObject;
}

/**
 * The type of a structured reply's value for a `response_format`: `FromJsonSchema` of its
 * `json_schema.schema` (see `FromJsonSchema` for what it types); `unknown` for a format without
 * a schema written as a literal.
 *
 * @example
 * type Sentiment = StructuredValueOf<typeof sentimentFormat>; // { sentiment: 'positive' | 'negative'; score: number }
 */
export type StructuredValueOf<Format> = Format extends { json_schema: { schema: infer Schema } }
  ? FromJsonSchema<Schema>
  : unknown;

/**
 * A `response_format` of type `json_schema` whose schema's type is kept (as `defineTool` keeps a
 * tool's `parameters`): write the schema in the call (or declare it `as const`), then
 * `getStructuredValue(message, format)` gives a reply's value typed by it. Returns `format`
 * itself.
 *
 * @example
 * const sentimentFormat = defineResponseFormat({
 *   type: 'json_schema',
 *   json_schema: {
 *     name: 'sentiment',
 *     strict: true,
 *     schema: {
 *       type: 'object',
 *       properties: { sentiment: { enum: ['positive', 'negative'] }, score: { type: 'number' } },
 *       required: ['sentiment', 'score'],
 *       additionalProperties: false,
 *     },
 *   },
 * });
 * useChatCompletion({ request: { model, response_format: sentimentFormat } });
 */
export function defineResponseFormat<const Schema extends JsonSchema>(
  format: JsonSchemaResponseFormat<Schema>,
): JsonSchemaResponseFormat<Schema> {
  return format;
}

/**
 * A reply's structured value (`message.structured.value`) typed by the `response_format` it was
 * asked with (`defineResponseFormat`, or one whose schema is declared `as const`), or `undefined`
 * while the reply streams, when it failed its check, or when the value does not pass `format`'s
 * schema. It checks the value against that schema again (the check the store ran, cheap for a
 * reply's JSON), so the type holds whatever the message: an older reply asked with another
 * schema, a saved chat, another layer's `response_format`. A format without a schema gives the
 * value as `unknown`.
 *
 * @example
 * onFinish: ({ message }) => setResult(getStructuredValue(message, sentimentFormat)),
 */
export function getStructuredValue<
  const Format extends { json_schema: { schema?: JsonSchema } & OpenObject },
>(
  message: Pick<MessageUiFields, 'structured'> | undefined,
  format: Format,
): StructuredValueOf<Format> | undefined {
  const value = message?.structured?.value as StructuredValueOf<Format> | undefined;
  const { schema } = format.json_schema;
  return value === undefined || (schema && checkJsonSchema(value, schema).length) ? undefined : value;
}
