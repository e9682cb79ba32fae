import { isArray, isDict } from './dict.js';
import type { JsonSchema } from './types.js';

/**
 * How much of a JSON document `parsePartialJson` could read:
 * - `empty`: nothing but whitespace (or an opening code fence) so far;
 * - `partial`: a prefix of a valid document; `value` holds what it says so far;
 * - `complete`: a whole document;
 * - `invalid`: text that no continuation can make valid.
 */
export type PartialJsonState = 'empty' | 'partial' | 'complete' | 'invalid';

/** The result of `parsePartialJson`. `value` is `undefined` for `empty` and `invalid`. */
export interface PartialJsonResult {
  state: PartialJsonState;
  value: unknown;
}

/**
 * Strips a Markdown code fence some models wrap JSON in (```` ```json ... ``` ````).
 * Returns the text unchanged when there is none.
 */
export function stripJsonFence(text: string): string {
  const open = /^\s*```[a-zA-Z]*[ \t]*\r?\n?/.exec(text);
  if (!open) return text;
  const body = text.slice(open[0].length);
  const close = body.lastIndexOf('```');
  return close === -1 ? body : body.slice(0, close);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_PREFIX = /-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?/y;

/** Thrown inside the parser when the text cannot be JSON; never escapes this module. */
const INVALID = { state: 'invalid', value: undefined } as const;

/** Thrown inside the parser when the text ends; never escapes this module. */
const END = { state: 'partial', value: undefined } as const;
/** The words JSON has, each told by its first letter. */
const LITERALS = ['true', 'false', 'null'];

/**
 * Parses JSON that may still be arriving. Unfinished strings, numbers, arrays and objects yield
 * what they hold so far: `'{"a": [1, 2'` gives `{ a: [1, 2] }`, `'{"title": "Hel'` gives
 * `{ title: 'Hel' }`. A key whose value has not started yet is left out, and so is an unfinished
 * `true`/`false`/`null`. Pure; linear in the text's length.
 *
 * @example
 * parsePartialJson('{"items": [{"name": "a"}, {"na') // { state: 'partial', value: { items: [{ name: 'a' }, {}] } }
 */
export function parsePartialJson(text: string): PartialJsonResult {
  // A reader of local functions over local state (not a class: its member names would stay in the
  // bundle). It stops cleanly at the end of the text and remembers that it did (`truncated`).
  const source = stripJsonFence(text);
  const { length } = source;
  let index = 0;
  let truncated = false;

  /** Skips whitespace; returns whether the text ends there. */
  const skipWhitespace = () => {
    while (index < length && ' \t\n\r'.includes(source[index]!)) index++;
    return index >= length;
  };
  /** Marks the text as read to its end; returns `value`. */
  const end = <T>(value: T): T => {
    index = length;
    truncated = true;
    return value;
  };
  /** Returns the value, or throws `END` when the text ended before the value had a meaning. */
  const parseValue = (): unknown => {
    if (skipWhitespace()) throw end(END);
    const char = source[index]!;
    if (char === '{' || char === '[') return parseContainer(char === '{' ? '}' : ']');
    if (char === '"') return parseString();
    for (const word of LITERALS) if (char === word[0]) return parseLiteral(word);
    if (char === '-' || (char >= '0' && char <= '9')) return parseNumber();
    throw INVALID;
  };
  /** An object (closed by `}`) or an array (closed by `]`). */
  const parseContainer = (close: string): Record<string, unknown> | unknown[] => {
    const object: Record<string, unknown> | undefined = close === '}' ? {} : undefined;
    const array: unknown[] = [];
    const result = object ?? array;
    index++;
    for (;;) {
      if (skipWhitespace()) return end(result);
      if (source[index] === close) {
        index++;
        return result;
      }
      let key = '';
      if (object) {
        if (source[index] !== '"') throw INVALID;
        key = parseString();
        if (truncated) return result;
        if (skipWhitespace()) return end(result);
        if (source[index] !== ':') throw INVALID;
        index++;
      }
      // A value inside a container: `END` marks "nothing usable yet".
      let value: unknown;
      try {
        value = parseValue();
        if (!object) array.push(value);
        // `__proto__` becomes an own key as with `JSON.parse`, not the object's prototype.
        else if (key === '__proto__')
          Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        else object[key] = value;
      } catch (error) {
        if (error !== END) throw error;
      }
      if (truncated) return result;
      if (skipWhitespace()) return end(result);
      const separator = source[index];
      if (separator === ',') index++;
      else if (separator !== close) throw INVALID;
    }
  };
  /**
   * Checks the string's characters here; JSON.parse decodes them when there are escapes. Text cut
   * by the end (within an escape too) ends the string.
   */
  const parseString = (): string => {
    const begin = ++index;
    let plain = true;
    /** The string's value up to `to`. */
    const text = (to: number): string =>
      plain ? source.slice(begin, to) : JSON.parse(`"${source.slice(begin, to)}"`);
    while (index < length) {
      const char = source[index]!;
      if (char === '"') return text(index++);
      if (char === '\\') {
        plain = false;
        const escaped = source[index + 1];
        if (escaped === 'u') {
          const hex = source.slice(index + 2, index + 6);
          if (!/^[0-9a-fA-F]*$/.test(hex)) throw INVALID;
          if (hex.length < 4) break;
          index += 6;
        } else if (escaped === undefined) break;
        else if ('"\\/bfnrt'.includes(escaped)) index += 2;
        else throw INVALID;
      } else if (char < ' ') throw INVALID;
      else index++;
    }
    return end(text(index));
  };
  const parseNumber = (): number => {
    // What could still become a number, and the longest number it starts with.
    NUMBER_PREFIX.lastIndex = NUMBER.lastIndex = index;
    const prefix = NUMBER_PREFIX.exec(source)?.[0] ?? '';
    const number = NUMBER.exec(source)?.[0];
    index += prefix.length;
    if (index < length) {
      if (number !== prefix) throw INVALID;
      return Number(prefix);
    }
    // A number touching the end of the text may still grow (`12` -> `123`, `1.` -> `1.5`).
    truncated = true;
    if (number === undefined) throw END;
    return Number(number);
  };
  /** `true`, `false` or `null`, whole (its value), or cut by the end of the text. */
  const parseLiteral = (word: string): unknown => {
    const rest = source.slice(index, index + word.length);
    if (rest === word) {
      index += word.length;
      return JSON.parse(word);
    }
    throw word.startsWith(rest) && index + rest.length >= length ? end(END) : INVALID;
  };

  if (skipWhitespace()) return { state: 'empty', value: undefined };
  try {
    const value = parseValue();
    if (!skipWhitespace()) throw INVALID;
    return { state: truncated ? 'partial' : 'complete', value };
  } catch (error) {
    // The thrown markers are the results themselves; copies, so no caller can change them.
    if (error === INVALID || error === END) return { ...(error as PartialJsonResult) };
    throw error;
  }
}

/**
 * Parses a finished JSON document (a Markdown code fence around it is tolerated).
 * Returns `{ ok: false, error }` with the parser's message instead of throwing.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(stripJsonFence(text)) };
  } catch (error) {
    // JSON.parse of a string throws only SyntaxError.
    return { ok: false, error: (error as SyntaxError).message };
  }
}

/** One mismatch between a value and a JSON Schema. `path` is like `$.items[2].name`. */
export interface JsonSchemaIssue {
  /** Where in the value: `$` for the value itself, then `.field` and `[index]`, e.g. `$.items[2].name`. */
  path: string;
  /** What is wrong there, e.g. `expected string, got integer` or `missing required field "age"`. */
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (isArray(value)) return 'array';
  // A number too large for a double (`1e400` reads as Infinity) is whole, as Ajv has it.
  if (typeof value === 'number') return value % 1 ? 'number' : 'integer';
  return typeof value;
}

/** JSON text with every object's keys sorted: equal for equal JSON values (objects in any key order). */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_, item) =>
    isDict(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );

/** A JSON Schema is a JSON object. */
const isSchema = isDict as (value: unknown) => value is JsonSchema;

/**
 * A small JSON Schema check that never rejects what a full validator (draft-07 or 2020-12)
 * accepts. It checks `type` (one or a list; `nullable: true` adds null), `enum` and `const` (JSON
 * equality: objects match in any key order), `required`, `properties`, `additionalProperties`
 * (`false` or a schema; not applied when there are `patternProperties`) and `items` (a schema,
 * applied after any `prefixItems`, or draft-07's list of schemas), recursively, on own fields only.
 * Everything else is left unchecked: other keywords (`pattern`, `minimum`, `allOf`, `anyOf`,
 * `prefixItems`' schemas...), the boolean schemas `true` and `false`, and a schema holding a
 * `$ref` (not looked up; draft-07 ignores the keywords beside it). Returns every issue found
 * (added to `issues` when given); empty when the value conforms.
 *
 * @example
 * checkJsonSchema({ name: 1 }, { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' } } })
 * // [{ path: '$.name', message: 'expected string, got integer' }, { path: '$', message: 'missing required field "age"' }]
 */
export function checkJsonSchema(
  value: unknown,
  schema: JsonSchema,
  path = '$',
  issues: JsonSchemaIssue[] = [],
): JsonSchemaIssue[] {
  // Draft-07 and earlier ignore the keywords beside a `$ref` (later drafts apply them); the
  // referenced schema is not looked up, so nothing is checked.
  if (schema.$ref !== undefined) return issues;
  // OpenAPI's `nullable: true` (Gemini's schemas use it; Ajv takes it) adds null to a `type`.
  const types = schema.type === undefined ? [] : [schema.type, schema.nullable === true ? 'null' : []].flat();
  const got = typeOf(value);
  // An integer is a number too.
  if (types.length > 0 && !types.some((type) => type === got || (type === 'number' && got === 'integer'))) {
    issues.push({ path, message: `expected ${types.join(' or ')}, got ${got}` });
    return issues;
  }
  if (schema.enum && !schema.enum.map(canonical).includes(canonical(value))) {
    issues.push({ path, message: `expected one of ${JSON.stringify(schema.enum)}` });
  }
  if (schema.const !== undefined && canonical(schema.const) !== canonical(value)) {
    issues.push({ path, message: `expected ${JSON.stringify(schema.const)}` });
  }
  // Nested values add their issues to the same list.
  if (got === 'object') {
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (Object.hasOwn(record, key) && isSchema(propertySchema)) {
        checkJsonSchema(record[key], propertySchema, `${path}.${key}`, issues);
      }
    }
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(record, key)) issues.push({ path, message: `missing required field "${key}"` });
    }
    const { additionalProperties } = schema;
    // A name that a `patternProperties` pattern matches is not additional. The patterns are not
    // matched here (providers' regex dialects differ), so with them no name counts as additional.
    for (const key of schema.patternProperties ? [] : Object.keys(record)) {
      if (Object.hasOwn(properties, key)) continue;
      if (additionalProperties === false)
        issues.push({ path: `${path}.${key}`, message: 'unexpected field' });
      else if (isSchema(additionalProperties))
        checkJsonSchema(record[key], additionalProperties, `${path}.${key}`, issues);
    }
  }
  if (isArray(value) && schema.items !== undefined) {
    // A schema in `items` applies after the items `prefixItems` (draft 2020-12) lists.
    const prefix = (schema.prefixItems as unknown[] | undefined)?.length ?? 0;
    value.forEach((item, index) => {
      const itemSchema = isArray(schema.items) ? schema.items[index] : index >= prefix && schema.items;
      if (isSchema(itemSchema)) checkJsonSchema(item, itemSchema, `${path}[${index}]`, issues);
    });
  }
  return issues;
}
