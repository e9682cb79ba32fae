import type { FromJsonSchema, JsonSchema } from '../core/index.js';
import type { ChatTool } from './options.js';

/**
 * A tool whose argument types come from its `parameters`: the JSON Schema is written once, and
 * `execute`, `needsApproval`, `onToolCall` and the tool panels get the arguments it describes
 * (`FromJsonSchema`). Returns `tool` itself; types only. Write `parameters` in the call (or
 * declare it `as const`); a literal `name` makes the tool's calls typed (see `ChatTool`).
 *
 * @example
 * const weather = defineTool({
 *   name: 'get_weather',
 *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execute: async ({ city }) => fetchWeather(city), // city: string
 * });
 */
export function defineTool<
  const Parameters extends JsonSchema,
  Result = unknown,
  const Name extends string = string,
>(tool: DefinedTool<Parameters, Result, Name>): DefinedTool<Parameters, Result, Name> {
  return tool;
}

/** A tool from `defineTool`: a `ChatTool` typed by its `parameters`, which it must have. */
export type DefinedTool<
  Parameters extends JsonSchema,
  Result = unknown,
  Name extends string = string,
> = ChatTool<FromJsonSchema<Parameters>, Result, Name> & {
  /** JSON Schema of the arguments, as written: the arguments' type comes from it. */
  parameters: Parameters;
};
