// Type tests of `defineTool` and `FromJsonSchema`: `expectTypeOf` does nothing at run time; `tsc
// --noEmit` (run by `npm test` over the tests too) fails when the types drift. `@ts-expect-error`
// lines prove what the types refuse.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ChatRequestParameters, FromJsonSchema, JsonSchema } from '../../src/core/index.js';
import {
  type ChatControls,
  type ChatTool,
  type ChatToolCallEvent,
  defineTool,
  type InferToolArgs,
  type InferToolResult,
  type ToolCallPanel,
  type ToolResultOf,
} from '../../src/index.js';

/** Type-checks `check` without running it (`controls` is a stand-in, not a chat). */
const typeOnly = (check: () => void) => expectTypeOf(check).toBeFunction();

describe('FromJsonSchema', () => {
  it('types each JSON type; a list of types or nullable gives a union', () => {
    expectTypeOf<FromJsonSchema<{ type: 'string' }>>().toEqualTypeOf<string>();
    expectTypeOf<FromJsonSchema<{ type: 'integer' }>>().toEqualTypeOf<number>();
    expectTypeOf<FromJsonSchema<{ type: 'number' }>>().toEqualTypeOf<number>();
    expectTypeOf<FromJsonSchema<{ type: 'boolean' }>>().toEqualTypeOf<boolean>();
    expectTypeOf<FromJsonSchema<{ type: 'null' }>>().toEqualTypeOf<null>();
    expectTypeOf<FromJsonSchema<{ type: readonly ['string', 'null'] }>>().toEqualTypeOf<string | null>();
    expectTypeOf<FromJsonSchema<{ type: 'number'; nullable: true }>>().toEqualTypeOf<number | null>();
  });

  it('narrows to enum and const values', () => {
    expectTypeOf<FromJsonSchema<{ enum: readonly ['C', 'F'] }>>().toEqualTypeOf<'C' | 'F'>();
    expectTypeOf<FromJsonSchema<{ type: 'string'; enum: readonly ['C', 'F', 1] }>>().toEqualTypeOf<
      'C' | 'F'
    >();
    expectTypeOf<FromJsonSchema<{ const: 'celsius' }>>().toEqualTypeOf<'celsius'>();
  });

  it('types objects: required properties present, others optional, required ones without a schema unknown', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
        where: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
      },
      required: ['city', 'where', 'extra'],
    } as const;
    expectTypeOf<FromJsonSchema<typeof schema>>().toEqualTypeOf<{
      city: string;
      where: { lat: number };
      days?: number;
      tags?: string[];
      extra: unknown;
    }>();
    expectTypeOf<
      FromJsonSchema<{ type: 'object'; additionalProperties: { type: 'number' } }>
    >().toEqualTypeOf<Record<string, number>>();
    expectTypeOf<FromJsonSchema<{ type: 'object' }>>().toEqualTypeOf<Record<string, unknown>>();
  });

  it('gives unknown for what the check leaves alone', () => {
    expectTypeOf<FromJsonSchema<{ description: 'anything' }>>().toBeUnknown();
    expectTypeOf<FromJsonSchema<{ type: 'string'; $ref: '#/defs/x' }>>().toBeUnknown();
    expectTypeOf<FromJsonSchema<true>>().toBeUnknown();
    expectTypeOf<FromJsonSchema<{ anyOf: readonly [{ type: 'string' }] }>>().toBeUnknown();
    expectTypeOf<FromJsonSchema<JsonSchema>>().toBeUnknown();
    // Positional items are not checked one by one.
    expectTypeOf<FromJsonSchema<{ type: 'array'; items: readonly [{ type: 'string' }] }>>().toEqualTypeOf<
      unknown[]
    >();
    expectTypeOf<
      FromJsonSchema<{ type: 'array'; prefixItems: readonly [{ type: 'string' }]; items: { type: 'number' } }>
    >().toEqualTypeOf<unknown[]>();
    // Patterns are not matched, so additionalProperties is not applied beside them.
    expectTypeOf<
      FromJsonSchema<{
        type: 'object';
        patternProperties: { '^x': { type: 'string' } };
        additionalProperties: { type: 'number' };
      }>
    >().toEqualTypeOf<Record<string, unknown>>();
  });
});

describe('defineTool', () => {
  const weather = defineTool({
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { enum: ['C', 'F'] } },
      required: ['city'],
    },
    execute: async ({ city, unit }) => {
      expectTypeOf(city).toEqualTypeOf<string>();
      expectTypeOf(unit).toEqualTypeOf<'C' | 'F' | undefined>();
      return { temperature: city.length };
    },
    needsApproval: (args) => {
      expectTypeOf(args).toEqualTypeOf<{ city: string; unit?: 'C' | 'F' }>();
      return false;
    },
  });

  it('returns the tool itself', () => {
    const tool = { name: 'noop', parameters: { type: 'object' } } as const;
    expect(defineTool(tool)).toBe(tool);
  });

  it('infers the arguments from parameters, the result from execute and the name as a literal', () => {
    expectTypeOf(weather).toMatchTypeOf<
      ChatTool<{ city: string; unit?: 'C' | 'F' }, { temperature: number }, 'get_weather'>
    >();
    type Event = ChatToolCallEvent<[typeof weather]>;
    expectTypeOf<Event['toolName']>().toEqualTypeOf<'get_weather'>();
    expectTypeOf<Event['args']>().toEqualTypeOf<{ city: string; unit?: 'C' | 'F' }>();
    expectTypeOf<InferToolArgs<typeof weather>>().toEqualTypeOf<{ city: string; unit?: 'C' | 'F' }>();
    expectTypeOf<InferToolResult<typeof weather>>().toEqualTypeOf<{ temperature: number }>();
    const panelArgs = (props: ToolCallPanel.DefaultProps<typeof weather>) =>
      props.status?.state === 'pending' ? props.status.args : undefined;
    expectTypeOf(panelArgs).returns.toEqualTypeOf<{ city: string; unit?: 'C' | 'F' } | undefined>();
  });

  it('takes a schema declared `as const` (readonly required, enum, type and items lists)', () => {
    const parameters = {
      type: 'object',
      properties: {
        unit: { enum: ['C', 'F'] },
        days: { type: ['integer', 'null'] },
        pair: { type: 'array', items: [{ type: 'string' }] },
      },
      required: ['unit'],
    } as const;
    const tool = defineTool({ name: 'forecast', parameters, execute: async ({ unit }) => unit });
    expectTypeOf<InferToolArgs<typeof tool>>().toEqualTypeOf<{
      unit: 'C' | 'F';
      days?: number | null;
      pair?: unknown[];
    }>();
    const untyped: ChatTool = { name: 'forecast', parameters };
    const schema: JsonSchema = parameters;
    const request: ChatRequestParameters = {
      response_format: { type: 'json_schema', json_schema: { name: 'forecast', schema: parameters } },
    };
    expect([untyped, schema, request]).toHaveLength(3);
  });

  it("takes boolean sub-schemas (as Zod 4's z.toJSONSchema() writes them) in properties, items and additionalProperties", () => {
    const tool = defineTool({
      name: 'note',
      parameters: {
        type: 'object',
        properties: {
          text: { type: 'string' },
          extra: true,
          never: false,
          tags: { type: 'array', items: true },
          pair: { type: 'array', items: [true, { type: 'string' }] },
          labels: { type: 'object', additionalProperties: true },
        },
        required: ['text', 'extra'],
        additionalProperties: false,
      },
    });
    expectTypeOf<InferToolArgs<typeof tool>>().toEqualTypeOf<{
      text: string;
      extra: unknown;
      never?: unknown;
      tags?: unknown[];
      pair?: unknown[];
      labels?: Record<string, unknown>;
    }>();
    // The shape of Zod 4's `JSONSchema.BaseSchema` (what `z.toJSONSchema()` returns), in the keys
    // `JsonSchema` types: assignable without a cast.
    type ZodJsonSchema = {
      [key: string]: unknown;
      type?: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'integer' | 'string'[];
      properties?: Record<string, boolean | ZodJsonSchema>;
      items?: boolean | ZodJsonSchema | (boolean | ZodJsonSchema)[];
      additionalProperties?: boolean | ZodJsonSchema;
      required?: string[];
      enum?: (string | number | boolean | null)[];
      description?: string;
    };
    expectTypeOf<ZodJsonSchema>().toMatchTypeOf<JsonSchema>();
    const fromZod: ZodJsonSchema = { type: 'object', properties: { a: true }, additionalProperties: false };
    const parameters: JsonSchema = fromZod;
    expect(defineTool({ name: 'zod', parameters }).parameters).toBe(fromZod);
  });

  it('withResult<Result>() declares the result of a tool without execute; arguments and name still inferred', () => {
    const tool = {
      name: 'pick_date',
      parameters: { type: 'object', properties: { after: { type: 'string' } }, required: ['after'] },
    } as const;
    expect(defineTool.withResult<{ date: string }>()(tool)).toBe(tool);
    const pickDate = defineTool.withResult<{ date: string }>()({
      name: 'pick_date',
      parameters: { type: 'object', properties: { after: { type: 'string' } }, required: ['after'] },
      needsApproval: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ after: string }>();
        return false;
      },
    });
    expectTypeOf<InferToolResult<typeof pickDate>>().toEqualTypeOf<{ date: string }>();
    expectTypeOf<InferToolArgs<typeof pickDate>>().toEqualTypeOf<{ after: string }>();
    expectTypeOf<ChatToolCallEvent<[typeof pickDate]>['toolName']>().toEqualTypeOf<'pick_date'>();
    // Without it, a tool without execute declares no result: any value answers the list's calls.
    const untyped = defineTool({ name: 'pick_date', parameters: { type: 'object' } });
    expectTypeOf<InferToolResult<typeof untyped>>().toBeUnknown();
    expectTypeOf<ToolResultOf<[typeof weather, typeof untyped]>>().toBeUnknown();
    // With it, addToolResult and the tool's panel take the declared results.
    type Tools = [typeof weather, typeof pickDate];
    expectTypeOf<ToolResultOf<Tools>>().toEqualTypeOf<{ temperature: number } | { date: string }>();
    const controls = {} as ChatControls<Tools>;
    typeOnly(() => {
      controls.addToolResult('call_1', { date: '2026-12-01' });
      // @ts-expect-error: no tool of the list answers with a string
      controls.addToolResult('call_1', 'tomorrow');
      controls.addToolResult('call_1', 'calendar offline', { state: 'error' });
    });
    const panel = (props: ToolCallPanel.PanelProps<typeof pickDate>) => {
      props.addResult({ date: '2026-12-01' });
      // @ts-expect-error: `pick_date` answers with { date: string }
      props.addResult('tomorrow');
    };
    expectTypeOf(panel).toBeFunction();
  });

  it('withResult<Result>() checks what execute returns against Result', () => {
    const tool = defineTool.withResult<{ date: string }>()({
      name: 'pick_date',
      parameters: { type: 'object' },
      execute: async () => ({ date: '2026-12-01' }),
    });
    expectTypeOf<InferToolResult<typeof tool>>().toEqualTypeOf<{ date: string }>();
    defineTool.withResult<{ date: string }>()({
      name: 'pick_date',
      parameters: { type: 'object' },
      // @ts-expect-error: the declared result is { date: string }
      execute: async () => ({ day: 1 }),
    });
  });

  it('refuses arguments the schema does not describe', () => {
    defineTool({
      name: 'echo',
      parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      // @ts-expect-error: `text` is a string
      execute: ({ text }) => text * 2,
    });
    defineTool({
      name: 'echo',
      parameters: { type: 'object', properties: { text: { type: 'string' } } },
      // @ts-expect-error: `text` is optional
      execute: ({ text }) => text.length,
    });
  });
});
