import type { FromJsonSchema, JsonSchema } from '../core/index.js';
import type { ChatTool } from './options.js';

/** `defineTool`: a function, with `withResult` for a tool that declares its result's type. */
export interface DefineTool {
  /**
   * A tool whose argument types come from its `parameters`: the JSON Schema is written once, and
   * `execute`, `needsApproval`, `onToolCall` and the tool panels get the arguments it describes
   * (`FromJsonSchema`). Returns `tool` itself; types only. Write `parameters` in the call (or
   * declare it `as const`); a literal `name` makes the tool's calls typed (see `ChatTool`). The
   * result's type comes from `execute`; a tool without one declares it with `withResult`.
   *
   * @example
   * const weather = defineTool({
   *   name: 'get_weather',
   *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
   *   execute: async ({ city }) => fetchWeather(city), // city: string
   * });
   */
  <const Parameters extends JsonSchema, Result = unknown, const Name extends string = string>(
    tool: DefinedTool<Parameters, Result, Name>,
  ): DefinedTool<Parameters, Result, Name>;
  /**
   * `defineTool` for a tool that declares its result's type: `Result` is what `addToolResult`
   * and the tool's panel (`addResult`) take for it, and what `execute`, if it has one, returns. A
   * tool without `execute` (its result comes from the user, an approval panel or the app) gives
   * `defineTool` nothing to infer it from. Called with the type alone, it returns `defineTool`
   * for that result: the arguments and the name are still inferred. Types only.
   *
   * @example
   * const pickDate = defineTool.withResult<{ date: string }>()({
   *   name: 'pick_date',
   *   parameters: { type: 'object', properties: { after: { type: 'string' } }, required: ['after'] },
   * });
   */
  // A call of its own, not a type argument of `defineTool`: TypeScript infers all of a call's
  // type arguments or none, so `defineTool<…, Result>` would need the schema's type written out.
  withResult<Result>(): <const Parameters extends JsonSchema, const Name extends string = string>(
    tool: DefinedTool<Parameters, Result, Name>,
  ) => DefinedTool<Parameters, Result, Name>;
}

const define = <T>(tool: T): T => tool;

/**
 * A tool whose argument types come from its `parameters`: the JSON Schema is written once, and
 * `execute`, `needsApproval`, `onToolCall` and the tool panels get the arguments it describes
 * (`FromJsonSchema`). Returns `tool` itself; types only. Write `parameters` in the call (or
 * declare it `as const`); a literal `name` makes the tool's calls typed (see `ChatTool`). The
 * result's type comes from `execute`; a tool without one declares it with
 * `defineTool.withResult<Result>()`, which `addToolResult` and the tool's panel then take.
 *
 * @example
 * const weather = defineTool({
 *   name: 'get_weather',
 *   parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   execute: async ({ city }) => fetchWeather(city), // city: string
 * });
 * const pickDate = defineTool.withResult<{ date: string }>()({
 *   name: 'pick_date',
 *   parameters: { type: 'object', properties: { after: { type: 'string' } }, required: ['after'] },
 * });
 */
// A function with a property, made by a pure call so that bundlers drop it when unused (a
// property assigned to a function declaration is kept in every bundle of the entry).
export const defineTool: DefineTool = /* @__PURE__ */ Object.assign(define, { withResult: () => define });

/** A tool from `defineTool`: a `ChatTool` typed by its `parameters`, which it must have. */
export type DefinedTool<
  Parameters extends JsonSchema,
  Result = unknown,
  Name extends string = string,
> = ChatTool<FromJsonSchema<Parameters>, Result, Name> & {
  /** JSON Schema of the arguments, as written: the arguments' type comes from it. */
  parameters: Parameters;
};
