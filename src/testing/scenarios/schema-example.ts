import { isDict } from '../../core/dict.js';
import type { JsonSchema } from '../../core/types.js';
import { excerpt } from '../prompt.js';

/** What example values are made of. */
export interface ExampleHints {
  /** Proper nouns from the prompt (cities, names); place-like strings take them in turn. */
  subjects?: readonly string[];
  /** Which subject the next place-like string takes; advanced as they are used. */
  cursor?: { next: number };
  prompt: string;
  now: number;
}

function nextSubject(hints: ExampleHints): string | undefined {
  const { subjects = [], cursor = { next: 0 } } = hints;
  if (subjects.length === 0) return undefined;
  const subject = subjects[cursor.next % subjects.length];
  cursor.next++;
  return subject;
}

function firstSubject(hints: ExampleHints): string | undefined {
  return hints.subjects?.[(hints.cursor?.next ?? 0) % hints.subjects.length];
}

const MAX_DEPTH = 6;
/** The most items an array gets, whatever its `minItems`: bounds the work of a nested schema. */
const MAX_ITEMS = 100;

function firstType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null') ?? schema.type[0];
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/** Whether a string property holds an email address (by format, name or description). */
const isEmailProperty = (schema: JsonSchema, key: string): boolean =>
  schema.format === 'email' ||
  /email/i.test(key) ||
  (typeof schema.description === 'string' && /e-?mail|recipient/i.test(schema.description));

/**
 * Whether a string property names a place (`city`, `destination`, a `from`/`to` that is not an
 * email recipient): such properties take the prompt's proper nouns in turn.
 */
export function isPlaceProperty(schema: JsonSchema, key: string): boolean {
  return (
    !isEmailProperty(schema, key) &&
    /city|location|place|town|country|region|destination|origin|^(from|to)$/i.test(key)
  );
}

function exampleString(schema: JsonSchema, key: string, hints: ExampleHints): string {
  const name = key.toLowerCase();
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (format === 'date-time') return new Date(hints.now).toISOString();
  // The name guesses a kind only when the schema names no format: a `format` always wins.
  if (format === 'date' || (!format && /date|day/.test(name))) {
    return new Date(hints.now).toISOString().slice(0, 10);
  }
  if (format === 'uri' || format === 'url' || (!format && /url|link|href/.test(name))) {
    return 'https://example.com/';
  }
  if (isEmailProperty(schema, key)) {
    return `${(firstSubject(hints) ?? 'Ada').toLowerCase()}@example.com`;
  }
  if (isPlaceProperty(schema, key)) return nextSubject(hints) ?? 'Paris';
  if (/unit/.test(name)) return 'celsius';
  if (/lang/.test(name)) return 'en';
  if (/^(id|.*_id|.*Id)$/.test(key)) return `${key.replace(/_?id$/i, '') || 'item'}_1`;
  if (/name|title|author/.test(name)) return firstSubject(hints) ?? 'Ada Lovelace';
  if (/query|prompt|question|search|text|message|input|topic/.test(name)) {
    return excerpt(hints.prompt, 60) || 'example';
  }
  if (/summary|description|answer|content|body/.test(name)) {
    return `A short ${key} about “${excerpt(hints.prompt, 40) || 'the request'}”.`;
  }
  return firstSubject(hints) ?? `example ${key || 'value'}`;
}

/** `text` cut to the schema's `maxLength` and padded to its `minLength`, counted in characters. */
function fitLength(text: string, schema: JsonSchema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const characters = Array.from(text);
  const filler = characters.length > 0 ? [' ', ...characters] : Array.from('example');
  while (characters.length < min) characters.push(...filler);
  const fitted = characters.slice(0, Math.max(min, Math.min(max, characters.length))).join('');
  // A cut can end on a space: drop it when the minimum allows.
  const trimmed = fitted.trimEnd();
  return Array.from(trimmed).length >= min ? trimmed : fitted;
}

const numberOf = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * A number inside `minimum`/`maximum` and `exclusiveMinimum`/`exclusiveMaximum` (an integer the
 * nearest one within them), a multiple of `multipleOf` when one fits.
 */
function exampleNumber(schema: JsonSchema, integer: boolean): number {
  const above = numberOf(schema.exclusiveMinimum);
  const below = numberOf(schema.exclusiveMaximum);
  let low = numberOf(schema.minimum) ?? Number.NEGATIVE_INFINITY;
  let high = numberOf(schema.maximum) ?? Number.POSITIVE_INFINITY;
  if (integer) {
    low = Math.max(Math.ceil(low), above === undefined ? low : Math.floor(above) + 1);
    high = Math.min(Math.floor(high), below === undefined ? high : Math.ceil(below) - 1);
  } else {
    // Half way to the other bound, or one past the exclusive one.
    const gap = (from: number, to: number) => (Number.isFinite(to - from) ? (to - from) / 2 : 1);
    if (above !== undefined && above >= low) low = above + gap(above, Math.min(high, below ?? high));
    if (below !== undefined && below <= high) high = below - gap(Math.max(low, above ?? low), below);
  }
  let value = Math.min(Math.max(integer ? 3 : 0.75, low), high);
  const step = numberOf(schema.multipleOf);
  if (step !== undefined && step > 0) {
    const multiple = Math.ceil(value / step) * step;
    if (multiple <= high) value = multiple;
    else if (Math.floor(value / step) * step >= low) value = Math.floor(value / step) * step;
  }
  return value;
}

/**
 * A value that validates against a (loose) JSON Schema: the schema's own `const`, first
 * `examples` entry or `default` when it has one (so a test or demo can script realistic data),
 * else every listed property and every required key, the first enum value, the first branch of
 * `anyOf`/`oneOf`, strings of the schema's `format` or else chosen from the property name (within
 * `minLength`/`maxLength`), numbers within `minimum`/`maximum` and the exclusive bounds (a multiple
 * of `multipleOf` when one fits), arrays within `minItems`/`maxItems`. `pattern` is not followed.
 *
 * @example
 * exampleFromSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   { subjects: ['Tokyo'], prompt: 'Weather in Tokyo?', now: Date.now() }); // { city: 'Tokyo' }
 */
export function exampleFromSchema(
  schema: boolean | JsonSchema | undefined,
  hints: ExampleHints,
  key = '',
  depth = 0,
): unknown {
  // A boolean schema (`true` allows any value) gets null.
  if (!isDict(schema) || depth > MAX_DEPTH) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) {
    const branch = (branches as JsonSchema[]).find((item) => item.type !== 'null') ?? branches[0];
    return exampleFromSchema(branch as JsonSchema, hints, key, depth + 1);
  }
  switch (firstType(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        out[name] = exampleFromSchema(property, hints, name, depth + 1);
      }
      // A required key with no property schema takes one from additionalProperties, or any value.
      for (const name of Array.isArray(schema.required) ? schema.required : []) {
        const extra = isDict(schema.additionalProperties) ? schema.additionalProperties : {};
        if (!(name in out)) out[name] = exampleFromSchema(extra, hints, name, depth + 1);
      }
      return out;
    }
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      // Two items, or as many as minItems asks for, but never more than maxItems allows.
      const fewest = typeof schema.minItems === 'number' ? Math.max(1, schema.minItems) : 2;
      const count = typeof schema.maxItems === 'number' ? Math.min(fewest, schema.maxItems) : fewest;
      return Array.from({ length: Math.max(0, Math.min(count, MAX_ITEMS)) }, () =>
        exampleFromSchema(items, hints, key, depth + 1),
      );
    }
    case 'string':
      return fitLength(exampleString(schema, key, hints), schema);
    case 'integer':
      return exampleNumber(schema, true);
    case 'number':
      return exampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return fitLength(exampleString(schema, key, hints), schema);
  }
}
