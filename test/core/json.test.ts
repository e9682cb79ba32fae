import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonSchema, parseJson, parsePartialJson, stripJsonFence } from '../../src/core/json';
import type { JsonSchema } from '../../src/core/types';

describe('parsePartialJson', () => {
  it('reads complete documents like JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\n\\u00e9\\"y"}}';
    expect(parsePartialJson(text)).toEqual({ state: 'complete', value: JSON.parse(text) });
  });

  it('returns empty for whitespace', () => {
    expect(parsePartialJson('  \n')).toEqual({ state: 'empty', value: undefined });
    expect(parsePartialJson('')).toEqual({ state: 'empty', value: undefined });
  });

  it.each([
    ['{"title": "Hel', { title: 'Hel' }],
    ['{"a": [1, 2', { a: [1, 2] }],
    ['{"a": [1, 2,', { a: [1, 2] }],
    ['{"a": 1, "b', { a: 1 }],
    ['{"a": 1, "b"', { a: 1 }],
    ['{"a": 1, "b":', { a: 1 }],
    ['{"a": 1, "b": ', { a: 1 }],
    ['{"a": tr', {}],
    ['{"a": nul', {}],
    ['{"a": -', {}],
    ['{"a": 12', { a: 12 }],
    ['{"a": 1.', { a: 1 }],
    ['{"a": 1.5e', { a: 1.5 }],
    ['{"a": "x\\', { a: 'x' }],
    ['{"a": "\\u00', { a: '' }],
    ['{"items": [{"name": "a"}, {"na', { items: [{ name: 'a' }, {}] }],
    ['[', []],
    ['{', {}],
  ])('reads the unfinished %s', (text, expected) => {
    const result = parsePartialJson(text);
    expect(result.state).toBe('partial');
    expect(result.value).toEqual(expected);
  });

  it('returns partial with no value when the top-level value has not started to mean anything', () => {
    expect(parsePartialJson('tr')).toEqual({ state: 'partial', value: undefined });
    expect(parsePartialJson('-')).toEqual({ state: 'partial', value: undefined });
  });

  it.each([
    '{"a": 1}}',
    '{a: 1}',
    '{"a" 1}',
    '[1 2]',
    '{"a": tx}',
    '{"a": 01}',
    '{"a": 1.}',
    '[1e, 2]',
    '[-]',
    '"line\nbreak"',
    '{"a": "\\q"}',
    'hello',
  ])('flags %s as invalid', (text) => {
    expect(parsePartialJson(text).state).toBe('invalid');
  });

  it('tolerates a Markdown code fence around the JSON', () => {
    expect(parsePartialJson('```json\n{"a": [1')).toEqual({ state: 'partial', value: { a: [1] } });
    expect(parsePartialJson('```json\n{"a": 1}\n```')).toEqual({ state: 'complete', value: { a: 1 } });
    expect(parsePartialJson('```json').state).toBe('empty');
  });

  it('every prefix of a valid document parses without error and the full text completes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        for (let end = 0; end < text.length; end++) {
          expect(parsePartialJson(text.slice(0, end)).state).not.toBe('invalid');
        }
        const full = parsePartialJson(text);
        // A bare number at the end of the text may still grow, so it counts as partial.
        expect(['complete', 'partial']).toContain(full.state);
        expect(full.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a __proto__ key as an own key, like JSON.parse, whole or cut off', () => {
    const text = '{"__proto__": {"admin": true}, "b": 2}';
    const whole = parsePartialJson(text).value as Record<string, unknown>;
    expect(whole).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(whole)).toBe(Object.prototype);
    expect(whole.admin).toBeUndefined();
    const cut = parsePartialJson(text.slice(0, 25)).value as Record<string, unknown>;
    expect(Object.hasOwn(cut, '__proto__')).toBe(true);
    expect(cut.admin).toBeUndefined();
  });

  it('prefixes of a streamed object grow monotonically in their string fields', () => {
    const text = JSON.stringify({ answer: 'The quick brown fox', tags: ['a', 'b'] });
    let previous = '';
    for (let end = 1; end <= text.length; end++) {
      const value = parsePartialJson(text.slice(0, end)).value as { answer?: string } | undefined;
      const answer = value?.answer ?? '';
      expect(answer.startsWith(previous)).toBe(true);
      previous = answer;
    }
    expect(previous).toBe('The quick brown fox');
  });
});

describe('parseJson and stripJsonFence', () => {
  it('parses finished documents and reports errors without throwing', () => {
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson('```\n[1]\n```')).toEqual({ ok: true, value: [1] });
    const bad = parseJson('{"a":');
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && bad.error.length > 0).toBe(true);
  });

  it('leaves unfenced text alone', () => {
    expect(stripJsonFence('{"a":1}')).toBe('{"a":1}');
  });
});

describe('checkJsonSchema', () => {
  const schema = {
    type: 'object',
    required: ['name', 'age'],
    properties: {
      name: { type: 'string' },
      age: { type: 'integer' },
      score: { type: 'number' },
      tags: { type: 'array', items: { type: 'string' } },
      kind: { enum: ['a', 'b'] },
      nested: { type: 'object', required: ['id'], properties: { id: { type: ['string', 'null'] } } },
    },
  };

  it('looks at own fields only: names every object inherits are neither present nor missing', () => {
    const inherited = {
      type: 'object',
      required: ['toString'],
      properties: { valueOf: { type: 'number' }, constructor: { type: 'string' } },
      additionalProperties: false,
    };
    expect(checkJsonSchema({ key: 'a' }, { ...inherited, required: [] })).toEqual([
      { path: '$.key', message: 'unexpected field' },
    ]);
    expect(checkJsonSchema({}, inherited)).toEqual([
      { path: '$', message: 'missing required field "toString"' },
    ]);
    // Present as own fields they count: required met, valueOf checked (toString is not listed).
    expect(checkJsonSchema({ toString: 'x', valueOf: 'two' }, inherited)).toEqual([
      { path: '$.valueOf', message: 'expected number, got string' },
      { path: '$.toString', message: 'unexpected field' },
    ]);
  });

  it('accepts a conforming value', () => {
    expect(
      checkJsonSchema(
        { name: 'x', age: 3, score: 2, tags: ['t'], kind: 'a', nested: { id: null }, extra: 1 },
        schema,
      ),
    ).toEqual([]);
  });

  it('reports missing required fields and wrong types with paths', () => {
    expect(checkJsonSchema({ name: 1, tags: ['t', 2], kind: 'c', nested: {} }, schema)).toEqual([
      { path: '$.name', message: 'expected string, got integer' },
      { path: '$.tags[1]', message: 'expected string, got integer' },
      { path: '$.kind', message: 'expected one of ["a","b"]' },
      { path: '$.nested', message: 'missing required field "id"' },
      { path: '$', message: 'missing required field "age"' },
    ]);
  });

  it('distinguishes integer from number and rejects the wrong top-level type', () => {
    expect(checkJsonSchema({ name: 'x', age: 1.5 }, schema)).toEqual([
      { path: '$.age', message: 'expected integer, got number' },
    ]);
    expect(checkJsonSchema([], schema)).toEqual([{ path: '$', message: 'expected object, got array' }]);
  });

  it('honours additionalProperties false', () => {
    expect(
      checkJsonSchema({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: false }),
    ).toEqual([{ path: '$.b', message: 'unexpected field' }]);
  });

  it('compares enum and const members as JSON values: objects equal in any key order', () => {
    const point = { x: 1, y: { a: [1, { b: 2, c: 3 }], d: null } };
    const reordered = { y: { d: null, a: [1.0, { c: 3, b: 2 }] }, x: 1 };
    expect(checkJsonSchema(reordered, { enum: ['none', point] })).toEqual([]);
    expect(checkJsonSchema({ at: reordered }, { properties: { at: { const: point } } })).toEqual([]);
    expect(checkJsonSchema({ x: 1, y: {} }, { const: point })).toEqual([
      { path: '$', message: `expected ${JSON.stringify(point)}` },
    ]);
    expect(checkJsonSchema([{ b: 2, c: 3 }], { enum: [[{ c: 3 }]] })).toHaveLength(1);
  });

  it('takes the boolean schema true (anything goes) without throwing, nested or whole', () => {
    expect(checkJsonSchema({ a: [1] }, true as unknown as JsonSchema)).toEqual([]);
    expect(checkJsonSchema({ a: null }, { properties: { a: true as unknown as JsonSchema } })).toEqual([]);
    expect(checkJsonSchema(null, { const: null })).toEqual([]);
    expect(checkJsonSchema(0, { const: null })).toEqual([{ path: '$', message: 'expected null' }]);
  });

  it('leaves fields to patternProperties when it is there: additionalProperties is not applied', () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'string' } },
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: false,
    };
    expect(checkJsonSchema({ id: 'a', 'x-note': 'b' }, schema)).toEqual([]);
    expect(checkJsonSchema({ id: 1, 'x-note': 'b' }, schema)).toEqual([
      { path: '$.id', message: 'expected string, got integer' },
    ]);
    const typed = { patternProperties: { '^n': {} }, additionalProperties: { type: 'integer' } };
    expect(checkJsonSchema({ name: 'a' }, typed)).toEqual([]);
  });

  it('applies an items schema only after the prefixItems (draft 2020-12)', () => {
    const schema = { type: 'array', prefixItems: [{ type: 'string' }, {}], items: { type: 'integer' } };
    expect(checkJsonSchema(['a', true, 1, 2], schema)).toEqual([]);
    expect(checkJsonSchema(['a', true, 1, 'b'], schema)).toEqual([
      { path: '$[3]', message: 'expected integer, got string' },
    ]);
  });

  it('lets null through a type with nullable: true (OpenAPI), and only then', () => {
    const schema = { properties: { note: { type: 'string', nullable: true }, tag: { type: ['string'] } } };
    expect(checkJsonSchema({ note: null, tag: 'a' }, schema)).toEqual([]);
    expect(checkJsonSchema({ note: 1, tag: null }, schema)).toEqual([
      { path: '$.note', message: 'expected string or null, got integer' },
      { path: '$.tag', message: 'expected string, got null' },
    ]);
    expect(schema.properties.tag.type).toEqual(['string']);
  });

  it('checks nothing beside a $ref, which draft-07 ignores', () => {
    const schema = {
      definitions: { name: { type: 'string' } },
      properties: {
        name: { $ref: '#/definitions/name', type: 'object', required: ['first'] },
        age: { type: 'integer' },
      },
    };
    expect(checkJsonSchema({ name: 'Ada', age: 36 }, schema)).toEqual([]);
    expect(checkJsonSchema({ name: 'Ada', age: '36' }, schema)).toEqual([
      { path: '$.age', message: 'expected integer, got string' },
    ]);
  });

  it('takes numbers with no fraction for integers, however written or large', () => {
    const parsed = JSON.parse('[1.0, -0, 1e21, 1e400, 2.5]');
    expect(checkJsonSchema(parsed, { items: { type: 'integer' } })).toEqual([
      { path: '$[4]', message: 'expected integer, got number' },
    ]);
  });
});
