import { isArray } from '../core/dict.js';
import { describeIssues } from '../core/errors.js';
import type { ChatCompletionRequest, ContentPart, JsonSchema } from '../core/index.js';
import { checkJsonSchema, parseJson, parsePartialJson } from '../core/json.js';
import { StructuredOutputError } from './errors.js';
import type { StructuredOutput } from './types.js';

/** The structured output a request asked for: JSON (`response_format` `json_object` or `json_schema`). */
export interface StructuredFormat {
  /** The schema the reply must match (`json_schema.schema`); `undefined` for any JSON (`json_object`). */
  schema: JsonSchema | undefined;
}

/** The structured format of a request: set for `response_format` `json_object` or `json_schema`. */
export function structuredFormatOf(request: ChatCompletionRequest): StructuredFormat | undefined {
  const format = request.response_format;
  if (format?.type === 'json_object') return { schema: undefined };
  if (format?.type === 'json_schema') {
    const schema = (format as { json_schema?: { schema?: JsonSchema } }).json_schema?.schema;
    return { schema };
  }
  return undefined;
}

/** The text of a message's content (text parts joined). */
export function contentText(content: string | ContentPart[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!isArray(content)) return '';
  // A null part (saved data of an unexpected shape) has no text.
  return content.map((part) => (part?.type === 'text' ? part.text : '')).join('');
}

/** The structured output of a reply still streaming: the JSON parsed so far. */
export function partialStructured(text: string): StructuredOutput {
  const { value } = parsePartialJson(text);
  return value === undefined ? {} : { partial: value };
}

/**
 * The structured output of a finished reply: the parsed value when it is valid JSON that passes
 * `checkJsonSchema` against the schema, else an error saying why. `cutBy`: the finish reason of a
 * reply cut short (`length`, `content_filter`), named in the error: the usual cause of JSON that
 * ends early, which the parser's words alone do not tell.
 */
export function finalStructured(
  text: string,
  format: StructuredFormat,
  cutBy?: string | false | null,
): [structured: StructuredOutput, error?: StructuredOutputError] {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const error = new StructuredOutputError(
      'invalid_json',
      `The reply is not valid JSON${cutBy ? ` (finish_reason: ${cutBy})` : ''}: ${parsed.error}`,
    );
    return [{ ...partialStructured(text), error: error.message }, error];
  }
  const issues = format.schema ? checkJsonSchema(parsed.value, format.schema) : [];
  if (issues.length) {
    const error = new StructuredOutputError(
      'schema_mismatch',
      `The reply does not match the schema: ${describeIssues(issues)}`,
      issues,
    );
    return [{ partial: parsed.value, error: error.message }, error];
  }
  return [{ partial: parsed.value, value: parsed.value }];
}
