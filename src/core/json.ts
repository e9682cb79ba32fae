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

/** Thrown inside the parser when the text cannot be JSON; never escapes this module. */
class InvalidJson extends Error {}

/** Thrown inside the parser when the text ends; never escapes this module. */
class EndOfText extends Error {}

const FENCE = /^\s*```[a-zA-Z]*[ \t]*\r?\n?/;

/**
 * Strips a Markdown code fence some models wrap JSON in (```` ```json ... ``` ````).
 * Returns the text unchanged when there is none.
 */
export function stripJsonFence(text: string): string {
  const open = FENCE.exec(text);
  if (!open) return text;
  const body = text.slice(open[0].length);
  const close = body.lastIndexOf('```');
  return close === -1 ? body : body.slice(0, close);
}

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
  const source = stripJsonFence(text);
  const parser = new PartialParser(source);
  parser.skipWhitespace();
  if (parser.atEnd()) return { state: 'empty', value: undefined };
  try {
    const value = parser.parseValue();
    parser.skipWhitespace();
    if (!parser.atEnd()) return { state: 'invalid', value: undefined };
    return { state: parser.truncated ? 'partial' : 'complete', value };
  } catch (error) {
    if (error instanceof InvalidJson) return { state: 'invalid', value: undefined };
    if (error instanceof EndOfText) return { state: 'partial', value: undefined };
    throw error;
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_PREFIX = /-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?/y;

/** A JSON reader that stops cleanly at the end of the text and remembers that it did. */
class PartialParser {
  private index = 0;
  /** Whether the text ended inside the document. */
  truncated = false;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  skipWhitespace(): void {
    while (this.index < this.text.length && ' \t\n\r'.includes(this.text[this.index] ?? '')) this.index++;
  }

  /** Returns the value, or `undefined` when the text ended before the value had a meaning. */
  parseValue(): unknown {
    this.skipWhitespace();
    const char = this.text[this.index];
    if (char === undefined) {
      this.truncated = true;
      throw new EndOfText();
    }
    if (char === '{') return this.parseObject();
    if (char === '[') return this.parseArray();
    if (char === '"') return this.parseString();
    if (char === 't') return this.parseLiteral('true', true);
    if (char === 'f') return this.parseLiteral('false', false);
    if (char === 'n') return this.parseLiteral('null', null);
    if (char === '-' || (char >= '0' && char <= '9')) return this.parseNumber();
    throw new InvalidJson();
  }

  private parseObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.index++;
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) return this.end(result);
      if (this.text[this.index] === '}') {
        this.index++;
        return result;
      }
      if (this.text[this.index] !== '"') throw new InvalidJson();
      const key = this.parseString();
      if (this.truncated) return result;
      this.skipWhitespace();
      if (this.atEnd()) return this.end(result);
      if (this.text[this.index] !== ':') throw new InvalidJson();
      this.index++;
      const value = this.parseMember();
      if (value !== EndOfText) result[key] = value;
      if (this.truncated) return result;
      this.skipWhitespace();
      if (this.atEnd()) return this.end(result);
      const separator = this.text[this.index];
      if (separator === ',') this.index++;
      else if (separator !== '}') throw new InvalidJson();
    }
  }

  private parseArray(): unknown[] {
    const result: unknown[] = [];
    this.index++;
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) return this.end(result);
      if (this.text[this.index] === ']') {
        this.index++;
        return result;
      }
      const value = this.parseMember();
      if (value !== EndOfText) result.push(value);
      if (this.truncated) return result;
      this.skipWhitespace();
      if (this.atEnd()) return this.end(result);
      const separator = this.text[this.index];
      if (separator === ',') this.index++;
      else if (separator !== ']') throw new InvalidJson();
    }
  }

  /** A value inside a container: the `EndOfText` class itself marks "nothing usable yet". */
  private parseMember(): unknown {
    try {
      return this.parseValue();
    } catch (error) {
      if (error instanceof EndOfText) return EndOfText;
      throw error;
    }
  }

  private end<T>(value: T): T {
    this.index = this.text.length;
    this.truncated = true;
    return value;
  }

  private parseString(): string {
    this.index++;
    let result = '';
    let start = this.index;
    while (this.index < this.text.length) {
      const char = this.text[this.index];
      if (char === '"') {
        result += this.text.slice(start, this.index);
        this.index++;
        return result;
      }
      if (char === '\\') {
        result += this.text.slice(start, this.index);
        const escaped = this.text[this.index + 1];
        if (escaped === undefined) return this.end(result);
        if (escaped === 'u') {
          const hex = this.text.slice(this.index + 2, this.index + 6);
          if (!/^[0-9a-fA-F]*$/.test(hex)) throw new InvalidJson();
          if (hex.length < 4) return this.end(result);
          result += String.fromCharCode(Number.parseInt(hex, 16));
          this.index += 6;
        } else {
          const replacement = ESCAPES[escaped];
          if (replacement === undefined) throw new InvalidJson();
          result += replacement;
          this.index += 2;
        }
        start = this.index;
        continue;
      }
      if (char !== undefined && char < ' ') throw new InvalidJson();
      this.index++;
    }
    return this.end(result + this.text.slice(start));
  }

  private parseNumber(): number {
    NUMBER_PREFIX.lastIndex = this.index;
    const prefix = NUMBER_PREFIX.exec(this.text)?.[0] ?? '';
    this.index += prefix.length;
    if (!this.atEnd()) {
      NUMBER.lastIndex = this.index - prefix.length;
      if (NUMBER.exec(this.text)?.[0] !== prefix) throw new InvalidJson();
      return Number(prefix);
    }
    // A number touching the end of the text may still grow (`12` -> `123`, `1.` -> `1.5`).
    this.truncated = true;
    const readable = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(prefix);
    if (!readable) throw new EndOfText();
    return Number(readable[0]);
  }

  private parseLiteral<T>(word: string, value: T): T {
    const rest = this.text.slice(this.index, this.index + word.length);
    if (rest === word) {
      this.index += word.length;
      return value;
    }
    if (word.startsWith(rest) && this.index + rest.length >= this.text.length) {
      this.index = this.text.length;
      this.truncated = true;
      throw new EndOfText();
    }
    throw new InvalidJson();
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
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** One mismatch between a value and a JSON Schema. `path` is like `$.items[2].name`. */
export interface JsonSchemaIssue {
  path: string;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A small JSON Schema check: `type` (one or a list), `enum`, `const`, `required`, `properties`,
 * `additionalProperties: false` and `items`, recursively. Other keywords are ignored (so the check
 * never rejects what a full validator would accept for those). Returns every issue found; empty
 * when the value conforms.
 *
 * @example
 * checkJsonSchema({ name: 1 }, { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' } } })
 * // [{ path: '$.name', message: 'expected string, got integer' }, { path: '$', message: 'missing required field "age"' }]
 */
export function checkJsonSchema(value: unknown, schema: JsonSchema, path = '$'): JsonSchemaIssue[] {
  const issues: JsonSchemaIssue[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => matchesType(value, type))) {
    issues.push({ path, message: `expected ${types.join(' or ')}, got ${typeOf(value)}` });
    return issues;
  }
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    issues.push({ path, message: `expected one of ${JSON.stringify(schema.enum)}` });
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    issues.push({ path, message: `expected ${JSON.stringify(schema.const)}` });
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (key in record && isSchema(propertySchema)) {
        issues.push(...checkJsonSchema(record[key], propertySchema, `${path}.${key}`));
      }
    }
    for (const key of schema.required ?? []) {
      if (!(key in record)) issues.push({ path, message: `missing required field "${key}"` });
    }
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(record)) {
        if (!(key in properties)) issues.push({ path: `${path}.${key}`, message: 'unexpected field' });
      }
    } else if (isSchema(schema.additionalProperties)) {
      for (const key of Object.keys(record)) {
        if (!(key in properties)) {
          issues.push(...checkJsonSchema(record[key], schema.additionalProperties, `${path}.${key}`));
        }
      }
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => {
      const itemSchema = Array.isArray(schema.items) ? schema.items[index] : schema.items;
      if (isSchema(itemSchema)) issues.push(...checkJsonSchema(item, itemSchema, `${path}[${index}]`));
    });
  }
  return issues;
}
