/**
 * The TypeScript type of the values a JSON Schema written as a literal lets through the library's
 * own check (`parameters` of a tool, `json_schema.schema` of structured output). Types only.
 *
 * It follows what that check enforces, so it never promises more than a value that passed it
 * has: `type` (one or a list; `nullable: true` adds `null`), `enum` and `const`, `properties`
 * with `required`, `additionalProperties` (a schema, for an object without `properties`) and
 * `items` (a schema). What the check leaves alone gives `unknown`: a schema without `type`,
 * `$ref`, the boolean schemas, `anyOf`/`oneOf`/`allOf`, and positional items (`prefixItems`,
 * draft-07's list of schemas). A schema typed as `JsonSchema` rather than written as a literal
 * (or `as const`) gives `unknown` too.
 *
 * @example
 * const schema = {
 *   type: 'object',
 *   properties: { city: { type: 'string' }, unit: { enum: ['C', 'F'] } },
 *   required: ['city'],
 * } as const;
 * type Args = FromJsonSchema<typeof schema>; // { city: string; unit?: 'C' | 'F' }
 */
export type FromJsonSchema<Schema> = Schema extends boolean
  ? unknown
  : Schema extends { $ref: unknown }
    ? unknown
    : Narrowed<Schema, 'const', Narrowed<Schema, 'enum', Typed<Schema>>>;

/** The types a `type` name stands for (an integer is a number). */
interface JsonTypes {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  null: null;
}

/** The `type` names of a schema (one, or each of a list); `never` without `type`. */
type TypeNames<Schema> = Schema extends { type: infer Names }
  ? Names extends readonly (infer Name)[]
    ? Name
    : Names
  : never;

/** What the schema's `type` allows; `unknown` without `type`. */
type Typed<Schema> = [TypeNames<Schema>] extends [never]
  ? unknown
  : OfType<Schema, TypeNames<Schema>> | (Schema extends { nullable: true } ? null : never);

/** The type of one `type` name (distributed over a list of them). */
type OfType<Schema, Name> = Name extends keyof JsonTypes
  ? JsonTypes[Name]
  : Name extends 'array'
    ? ArrayOf<Schema>
    : Name extends 'object'
      ? ObjectOf<Schema>
      : unknown;

/** `base` narrowed to the values of `enum` or `const` when the schema has it. */
type Narrowed<Schema, Keyword extends 'enum' | 'const', Base> = Schema extends {
  [K in Keyword]: infer Values;
}
  ? Extract<Keyword extends 'enum' ? (Values extends readonly (infer Value)[] ? Value : never) : Values, Base>
  : Base;

/** An array: of the type of `items` when it is one schema. */
type ArrayOf<Schema> = Schema extends { prefixItems: unknown }
  ? unknown[]
  : Schema extends { items: infer Items }
    ? Items extends readonly unknown[]
      ? unknown[]
      : FromJsonSchema<Items>[]
    : unknown[];

/** The names `required` lists. */
type RequiredNames<Schema> = Schema extends { required: readonly (infer Name)[] } ? Name & string : never;

/** An object: its `properties` (required ones present), else what `additionalProperties` allows. */
type ObjectOf<Schema> = Schema extends { properties: infer Properties }
  ? Flat<
      {
        -readonly [Key in keyof Properties as Key extends RequiredNames<Schema>
          ? Key
          : never]: FromJsonSchema<Properties[Key]>;
      } & {
        -readonly [Key in keyof Properties as Key extends RequiredNames<Schema>
          ? never
          : Key]?: FromJsonSchema<Properties[Key]>;
      } & { [Key in Exclude<RequiredNames<Schema>, keyof Properties>]: unknown }
    >
  : Schema extends { additionalProperties: infer Extra extends object }
    ? Schema extends { patternProperties: unknown }
      ? Record<string, unknown>
      : Record<string, FromJsonSchema<Extra>>
    : Record<string, unknown>;

/** One object type of an intersection, as editors show it. */
type Flat<T> = { [Key in keyof T]: T[Key] } & {};
