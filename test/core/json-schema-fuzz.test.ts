import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../../src/core/json.js';
import type { JsonSchema } from '../../src/core/types.js';
import { must } from '../fuzz-helpers.js';

// A differential test of `checkJsonSchema` against Ajv, a full validator, under draft-07 and
// draft 2020-12. Random schemas (the keywords the check supports, with others mixed in: boolean
// schemas, `patternProperties`, `prefixItems`, `nullable`, `$ref`, `allOf`/`anyOf`/`not`, limits
// and formats) and random values, most of them built to nearly conform to their schema (enum and
// const members with their keys in another order among them, 1e400), so that Ajv accepts a good
// share. Two promises: (1) whatever Ajv accepts, the check accepts (a false rejection fails a
// valid structured reply or refuses a valid tool call); (2) for schemas made only of the supported
// keywords, the check rejects exactly when Ajv does. Ajv is made to look at own properties only,
// as the check does (by default it sees `toString` in every object). `hasOwnProperty` stands for
// the names every object inherits: Ajv's deep equality calls an own `toString` or `valueOf`.
//
// A failure prints fast-check's seed and the shrunk schema and value. The seed is fixed: with it,
// the default runs catch each false rejection fixed alongside this test when its fix is reverted
// (key order in enum and const, the boolean schema true, patternProperties, prefixItems, nullable,
// 1e400 as an integer), but for keywords beside a `$ref`: Ajv applies them, as 2020-12 does,
// where draft-07 ignores them (test/core/json.test.ts has that case). FUZZ_SEED and FUZZ_RUNS
// explore further: `FUZZ_SEED=7 FUZZ_RUNS=5000 npx vitest run test/core/json-schema-fuzz.test.ts`.
const SEED = Number(process.env.FUZZ_SEED ?? 2);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/**
 * Shrinking a big schema can take minutes: past this time the run stops and reports the failure
 * shrunk so far (a run that passes takes about a second).
 */
const SHRINK_LIMIT = 15_000;
const TIMEOUT = Math.max(30_000, RUNS * 20 + SHRINK_LIMIT * 2);

type Draft = '07' | '2020';
type Schema = boolean | Record<string, unknown>;

// Formats are not checked (without ajv-formats), and Ajv is not to warn about them.
const options = { strict: false, ownProperties: true, logger: false } as const;
const validators = { '07': new Ajv(options), '2020': new Ajv2020(options) };

/** Ajv's verdict, or `undefined` when it refuses the schema itself (then there is nothing to compare). */
function ajvAccepts(draft: Draft, schema: Schema, value: unknown): boolean | undefined {
  let validate: ValidateFunction;
  try {
    validate = validators[draft].compile(schema);
  } catch {
    return undefined;
  }
  return validate(value) as boolean;
}

/** An object with exactly these own keys (`__proto__` included), in this order. */
const dict = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries);

/** The same JSON value with every object's keys in reverse order (equal for JSON Schema). */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (typeof value !== 'object' || value === null) return value;
  return dict(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reordered(item)]),
  );
}

const KEYS = ['a', 'b', 'c', 'x1', 'x2', '1', '__proto__', 'hasOwnProperty'];
const PATTERNS = ['^x', '^[0-9]+$', 'b', '^__'];
const TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];

const key = fc.constantFrom(...KEYS);
/** Ajv skips a property named `__proto__` in `properties` (a correct validator checks it). */
const schemaKey = fc.constantFrom(...KEYS.filter((name) => name !== '__proto__'));
const keys = fc.uniqueArray(key, { maxLength: 3 });
const small = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, 1, 2, 1.5, 1e21, -3, '', 'a', 'x1'),
  fc.integer({ min: -5, max: 5 }),
);
/** Small JSON values, objects with keys in the pool among them. */
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
    small,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 3, selector: ([k]) => k }).map(dict),
  ),
})).value;

/** Types, objects and arrays the most often (most keywords are about them). */
const oneType = fc.constantFrom('object', 'array', ...TYPES);
const type = fc.oneof(oneType, fc.uniqueArray(oneType, { minLength: 1, maxLength: 3 }));

/**
 * Schemas of the supported keywords (`extra` false) or with others mixed in (`extra` true), with
 * subschemas `depth` levels down at most (small schemas shrink fast). `items` is a list
 * (draft-07's tuple form) only for draft-07: 2020-12 has `prefixItems` instead.
 */
function schemas(draft: Draft, extra: boolean, depth = 3): fc.Arbitrary<Schema> {
  // Each field with its odds of being left out, so that most schemas hold a few keywords.
  const fields: [string, fc.Arbitrary<unknown>, number][] = [
    ['type', type, 2],
    ['enum', fc.array(json, { minLength: 1, maxLength: 3 }), 5],
    ['const', json, 6],
    ['required', keys, 3],
    ['additionalProperties', fc.boolean(), 4],
  ];
  if (extra) {
    fields.push(
      ['nullable', fc.boolean(), 4],
      ['$ref', fc.constant(draft === '07' ? '#/definitions/s' : '#/$defs/s'), 20],
      ['minimum', fc.integer({ min: -2, max: 2 }), 20],
      ['maxLength', fc.nat(3), 20],
      ['minItems', fc.nat(2), 20],
      ['maxProperties', fc.nat(3), 20],
      ['format', fc.constantFrom('date-time', 'email', 'unknown-format'), 20],
      ['description', fc.string({ maxLength: 5 }), 20],
    );
  }
  if (depth > 0) {
    const sub = schemas(draft, extra, depth - 1);
    const list = (maxLength: number) => fc.array(sub, { minLength: 1, maxLength });
    fields.push(
      [
        'properties',
        fc.uniqueArray(fc.tuple(schemaKey, sub), { maxLength: 3, selector: ([k]) => k }).map(dict),
        2,
      ],
      ['additionalProperties', fc.oneof(fc.constant(false), sub), 3],
      ['items', draft === '07' ? fc.oneof(sub, list(3)) : sub, 2],
    );
    if (extra) {
      const pattern = fc.constantFrom(...PATTERNS);
      fields.push(
        [
          'patternProperties',
          fc
            .uniqueArray(fc.tuple(pattern, sub), { minLength: 1, maxLength: 2, selector: ([k]) => k })
            .map(dict),
          1,
        ],
        ['prefixItems', list(3), 1],
        ['allOf', list(2), 20],
        ['anyOf', list(2), 20],
        ['not', sub, 20],
      );
    }
  }
  const object = fc
    .tuple(
      ...fields.map(([name, arbitrary, odds]) =>
        fc.oneof(
          { weight: odds, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: arbitrary.map((value): [string, unknown] => [name, value]) },
        ),
      ),
    )
    // A later field of the same name (a deeper `additionalProperties`) wins.
    .map((entries) => dict(entries.filter((entry) => entry !== null)))
    // Ajv refuses `nullable` without a `type` (and a `null` type with `nullable: false`).
    .map(({ nullable, ...rest }) =>
      nullable === undefined || rest.type === undefined || [rest.type].flat().includes('null')
        ? rest
        : { ...rest, nullable },
    );
  return extra ? fc.oneof({ weight: 1, arbitrary: fc.boolean() }, { weight: 9, arbitrary: object }) : object;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Values built to nearly conform to `schema` (each keyword's value followed where it can be). */
function valuesFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (!isObject(schema) || depth > 4) return json;
  const choices: fc.Arbitrary<unknown>[] = [];
  const { enum: members, const: constant, type: types } = schema;
  if (Array.isArray(members) && members.length > 0) {
    choices.push(fc.constantFrom(...members), fc.constantFrom(...members).map(reordered));
  }
  if ('const' in schema) choices.push(fc.constant(constant), fc.constant(reordered(constant)));
  if (choices.length === 0) {
    // Without a type, the type the keywords are about, mostly.
    const about = (type: string, names: string[]) =>
      names.some((name) => name in schema) ? Array(5).fill(type) : [];
    const implied = [
      ...about('object', ['properties', 'required', 'additionalProperties', 'patternProperties']),
      ...about('array', ['items', 'prefixItems']),
      ...TYPES,
    ];
    const allowed =
      types === undefined ? implied : [types, schema.nullable === true ? 'null' : []].flat().map(String);
    choices.push(fc.constantFrom(...allowed).chain((name) => valueOfType(schema, name, depth)));
  }
  return fc.oneof({ weight: 9, arbitrary: fc.oneof(...choices) }, { weight: 1, arbitrary: json });
}

function valueOfType(schema: Record<string, unknown>, name: string, depth: number): fc.Arbitrary<unknown> {
  switch (name) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      // 1e400 reads as Infinity, which Ajv takes for an integer.
      return fc.constantFrom(0, -0, 1, 3, 1e21, -7, JSON.parse('1e400'));
    case 'number':
      return fc.constantFrom(0.5, 2, -1.25, 1e-7);
    case 'string':
      return fc.constantFrom('', 'a', 'x1', '2026-01-01T00:00:00Z', 'a@b.co');
    case 'array': {
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
      const tuple = Array.isArray(schema.items) ? schema.items : [];
      const rest = isObject(schema.items) || typeof schema.items === 'boolean' ? schema.items : true;
      return fc
        .nat(4)
        .chain((length) =>
          fc.tuple(
            ...Array.from({ length }, (_, index) =>
              valuesFor((prefix[index] ?? tuple[index] ?? rest) as Schema, depth + 1),
            ),
          ),
        );
    }
    default: {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      const matching = (name: string) => patterns.find(([source]) => new RegExp(source, 'u').test(name));
      // Other names: where additionalProperties is false, mostly those a pattern allows.
      const allowed = KEYS.filter((name) => Object.hasOwn(properties, name) || matching(name));
      const extras =
        schema.additionalProperties === false && allowed.length > 0 && depth % 4 !== 3 ? allowed : KEYS;
      return fc
        .tuple(
          fc.subarray(Object.keys(properties)),
          fc.subarray(extras, { maxLength: Math.min(2, extras.length) }),
        )
        .chain(([listed, others]) => {
          const names = [...new Set([...required, ...listed, ...others])];
          return fc.tuple(
            ...names.map((name) => {
              const pattern = matching(name);
              const sub = Object.hasOwn(properties, name)
                ? properties[name]
                : (pattern?.[1] ??
                  (schema.additionalProperties === false ? true : schema.additionalProperties));
              return valuesFor((sub ?? true) as Schema, depth + 1).map(
                (item) => [name, item] as [string, unknown],
              );
            }),
          );
        })
        .map(dict);
    }
  }
}

/** Where `$ref` points: a definition at the root. */
const DEFINITIONS = { s: { type: ['string', 'integer'] } };

const cases = (draft: Draft, extra: boolean) =>
  schemas(draft, extra)
    .map((schema) =>
      extra && isObject(schema)
        ? { ...schema, [draft === '07' ? 'definitions' : '$defs']: DEFINITIONS }
        : schema,
    )
    .chain((schema) => fc.tuple(fc.constant(schema), valuesFor(schema)));

/** JSON text, with Infinity (from 1e400) shown as such. */
const show = (value: unknown) =>
  JSON.stringify(value, (_, item) => (item === Number.POSITIVE_INFINITY ? 'Infinity' : item));

describe('checkJsonSchema against Ajv', () => {
  for (const draft of ['07', '2020'] as const) {
    it(
      `never rejects what Ajv (draft ${draft}) accepts, whatever other keywords the schema holds`,
      () => {
        let accepted = 0;
        fc.assert(
          fc.property(cases(draft, true), ([schema, value]) => {
            if (ajvAccepts(draft, schema, value) !== true) return;
            accepted++;
            const issues = checkJsonSchema(value, schema as JsonSchema);
            must(
              issues.length === 0,
              () => `Ajv accepts ${show(value)} for ${show(schema)}: ${show(issues)}`,
            );
          }),
          { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: SHRINK_LIMIT },
        );
        // Most runs must compare something: values built for their schema are accepted often.
        expect(accepted).toBeGreaterThan(RUNS / 5);
      },
      TIMEOUT,
    );

    it(
      `rejects exactly what Ajv (draft ${draft}) rejects for schemas of the supported keywords`,
      () => {
        let accepted = 0;
        let rejected = 0;
        fc.assert(
          fc.property(cases(draft, false), ([schema, value]) => {
            const verdict = ajvAccepts(draft, schema, value);
            if (verdict === undefined) return;
            if (verdict) accepted++;
            else rejected++;
            const issues = checkJsonSchema(value, schema as JsonSchema);
            must(
              verdict === (issues.length === 0),
              () =>
                `Ajv ${verdict ? 'accepts' : 'rejects'} ${show(value)} for ${show(schema)}: ${show(issues)}`,
            );
          }),
          { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: SHRINK_LIMIT },
        );
        expect(accepted).toBeGreaterThan(RUNS / 4);
        expect(rejected).toBeGreaterThan(RUNS / 10);
      },
      TIMEOUT,
    );
  }
});
