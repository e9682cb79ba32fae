/** The result of `parseToolArguments`. */
export type ParsedToolArguments =
  | {
      /** The arguments are valid JSON (or empty). */
      ok: true;
      /** The parsed arguments: `{}` for an empty or whitespace-only string. */
      value: unknown;
    }
  | {
      /** The arguments are not valid JSON. */
      ok: false;
      /** Why: `Invalid tool arguments JSON: ` and the JSON parser's message. */
      error: string;
    };

/**
 * Parses a tool call's `function.arguments` JSON string. An empty or whitespace-only string (how
 * some providers stream a call without arguments) parses as `{}`.
 *
 * @example
 * const parsed = parseToolArguments(call.function.arguments);
 * if (parsed.ok) run(parsed.value);
 */
export function parseToolArguments(json: string): ParsedToolArguments {
  if (!json.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch (error) {
    return { ok: false, error: `Invalid tool arguments JSON: ${(error as Error).message}` };
  }
}
