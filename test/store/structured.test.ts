import { describe, expect, it, vi } from 'vitest';
import {
  type ChatFinishEvent,
  createChatStore,
  defineResponseFormat,
  getStructuredValue,
  StructuredOutputError,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { createFakeClient, deltaChunk, finishChunk, textChunk, tick } from './helpers.js';

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' } },
  required: ['name', 'age'],
};
const jsonSchema = { type: 'json_schema' as const, json_schema: { name: 'person', strict: true, schema } };

describe('structured output', () => {
  it('exposes the partial JSON while streaming and the checked value at the end', async () => {
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      request: { response_format: jsonSchema },
    });
    const sent = store.getState().send('who?');
    const live = await fake.stream(0);
    live.push(textChunk('{"name": "Ad'));
    await tick();
    expect(selectLastAssistantMessage(store.getState())?.structured).toEqual({ partial: { name: 'Ad' } });
    live.push(textChunk('a", "age": 36}'), finishChunk());
    live.end();
    await sent;
    expect(selectLastAssistantMessage(store.getState())?.structured).toEqual({
      partial: { name: 'Ada', age: 36 },
      value: { name: 'Ada', age: 36 },
    });
    expect(store.getState().status).toBe('idle');
  });

  it('invalid JSON at the end is a typed error on the message', async () => {
    const onError = vi.fn();
    const fake = createFakeClient([textChunk('{"name": "Ada", '), finishChunk()]);
    const store = createChatStore({
      client: fake.client,
      request: { response_format: { type: 'json_object' } },
      onError,
    });
    await store.getState().send('who?');
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply?.status).toBe('error');
    expect(reply?.error).toBeInstanceOf(StructuredOutputError);
    expect(reply?.error).toMatchObject({ type: 'invalid_json' });
    expect(reply?.structured?.partial).toEqual({ name: 'Ada' });
    expect(reply?.structured?.value).toBeUndefined();
    expect(store.getState().status).toBe('error');
    expect(onError).toHaveBeenCalledWith(reply?.error);
  });

  it('invalid output frees the store before onError: a send from there goes out at once, not queued', async () => {
    const fake = createFakeClient(
      [textChunk('{"name": 7}'), finishChunk()],
      [textChunk('{"name": "Ada", "age": 36}'), finishChunk()],
    );
    let again: Promise<unknown> | undefined;
    const store = createChatStore({
      client: fake.client,
      request: { response_format: jsonSchema },
      onError: () => {
        again ??= store.getState().send('try again');
      },
    });
    await store.getState().send('who?');
    expect(store.getState().queue).toEqual([]);
    await again;
    expect(fake.requests).toHaveLength(2);
    expect(selectLastAssistantMessage(store.getState())?.structured?.value).toEqual({ name: 'Ada', age: 36 });
  });

  it('a value missing required fields or with wrong types is a schema_mismatch error', async () => {
    const fake = createFakeClient([textChunk('{"name": 7}'), finishChunk()]);
    const store = createChatStore({ client: fake.client, request: { response_format: jsonSchema } });
    await store.getState().send('who?');
    const error = selectLastAssistantMessage(store.getState())?.error as StructuredOutputError;
    expect(error.type).toBe('schema_mismatch');
    expect(error.issues.map((issue) => issue.path)).toEqual(['$.name', '$']);
  });

  it("structured.error says in words why the value failed; the StructuredOutputError is the reply's error", async () => {
    for (const [text, type] of [
      ['{"name": 7}', 'schema_mismatch'],
      ['{"name": "Ada", ', 'invalid_json'],
    ] as const) {
      const fake = createFakeClient([textChunk(text), finishChunk()]);
      const store = createChatStore({ client: fake.client, request: { response_format: jsonSchema } });
      await store.getState().send('who?');
      const reply = selectLastAssistantMessage(store.getState());
      expect(reply?.error).toBeInstanceOf(StructuredOutputError);
      expect(reply?.error).toMatchObject({ type });
      expect(reply?.structured?.error).toBe(reply?.error?.message);
      expect(reply?.structured?.value).toBeUndefined();
    }
  });

  it('JSON cut off by the length limit says so: the error names the finish reason, not only the parser', async () => {
    const fake = createFakeClient([textChunk('{"name": "Ada", '), finishChunk('length')]);
    const store = createChatStore({ client: fake.client, request: { response_format: jsonSchema } });
    await store.getState().send('who?');
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply).toMatchObject({ status: 'error', finishReason: 'length', error: { type: 'invalid_json' } });
    expect(reply?.error?.message).toMatch(/^The reply is not valid JSON \(finish_reason: length\): /);
    expect(reply?.structured?.error).toBe(reply?.error?.message);
    // A reply that ended normally keeps the parser's words alone.
    const whole = createFakeClient([textChunk('{"name": "Ada", '), finishChunk()]);
    const other = createChatStore({ client: whole.client, request: { response_format: jsonSchema } });
    await other.getState().send('who?');
    expect(selectLastAssistantMessage(other.getState())?.error?.message).toMatch(
      /^The reply is not valid JSON: /,
    );
  });

  it('a refusal (no JSON, the refusal instead, as strict structured output declines) is a reply, not invalid JSON', async () => {
    const onError = vi.fn();
    const fake = createFakeClient([
      deltaChunk({ content: null, refusal: "I can't help with that." }),
      finishChunk(),
    ]);
    const store = createChatStore({ client: fake.client, request: { response_format: jsonSchema }, onError });
    await store.getState().send('who?');
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply).toMatchObject({ status: 'done', refusal: "I can't help with that." });
    expect(reply?.error).toBeUndefined();
    expect(reply?.structured).toBeUndefined();
    expect(store.getState().status).toBe('idle');
    expect(onError).not.toHaveBeenCalled();
  });

  it('json_object: any valid JSON is the value (no schema to check it against)', async () => {
    const fake = createFakeClient([textChunk('{"anything": ["goes"]}'), finishChunk()]);
    const store = createChatStore({
      client: fake.client,
      request: { response_format: { type: 'json_object' } },
    });
    await store.getState().send('json please');
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply?.status).toBe('done');
    expect(reply?.structured).toEqual({ partial: { anything: ['goes'] }, value: { anything: ['goes'] } });
  });

  it('parses what the mock endpoint streams for mock/json', async () => {
    const store = createChatStore({
      clientOptions: { baseUrl: 'http://127.0.0.1/api/v1', fetch: createMockFetch({ tokenDelayMs: 0 }) },
      request: { model: 'mock/json', response_format: jsonSchema },
    });
    await store.getState().send('A person please');
    const reply = selectLastAssistantMessage(store.getState());
    expect(reply?.status).toBe('done');
    expect(reply?.structured?.value).toMatchObject({ name: expect.any(String), age: expect.any(Number) });
  });

  describe('getStructuredValue', () => {
    const person = defineResponseFormat({ type: 'json_schema', json_schema: { name: 'person', schema } });

    it('defineResponseFormat returns the format itself', () => {
      const format = { type: 'json_schema', json_schema: { name: 'person', schema } } as const;
      expect(defineResponseFormat(format)).toBe(format);
    });

    it("gives the reply's checked value, as onFinish gets the reply", async () => {
      const finished: ChatFinishEvent[] = [];
      const fake = createFakeClient([textChunk('{"name": "Ada", "age": 36}'), finishChunk()]);
      const store = createChatStore({
        client: fake.client,
        request: { response_format: person },
        onFinish: (event) => finished.push(event),
      });
      await store.getState().send('who?');
      expect(getStructuredValue(finished[0]?.message, person)).toEqual({ name: 'Ada', age: 36 });
      expect(getStructuredValue(selectLastAssistantMessage(store.getState()), person)).toEqual({
        name: 'Ada',
        age: 36,
      });
    });

    it('gives undefined while the reply streams, when it failed, and for no message', async () => {
      const fake = createFakeClient();
      const store = createChatStore({
        client: fake.client,
        throttleMs: 0,
        request: { response_format: person },
      });
      const sent = store.getState().send('who?');
      const live = await fake.stream(0);
      live.push(textChunk('{"name": "Ada", "age": 3'));
      await tick();
      const streaming = selectLastAssistantMessage(store.getState());
      expect(streaming?.structured?.partial).toEqual({ name: 'Ada', age: 3 });
      expect(getStructuredValue(streaming, person)).toBeUndefined();
      live.push(textChunk('6'), finishChunk());
      live.end();
      await sent;
      expect(getStructuredValue(undefined, person)).toBeUndefined();
      expect(getStructuredValue({ structured: { error: 'bad' } }, person)).toBeUndefined();
    });

    it('gives undefined for a value another schema let through (an older reply, a saved chat), so its type holds', () => {
      const city = defineResponseFormat({
        type: 'json_schema',
        json_schema: {
          name: 'city',
          schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      });
      const message = { structured: { value: { name: 'Ada', age: 36 } } };
      expect(getStructuredValue(message, person)).toEqual({ name: 'Ada', age: 36 });
      expect(getStructuredValue(message, city)).toBeUndefined();
      expect(
        getStructuredValue({ structured: { value: { name: 'Ada', age: '36' } } }, person),
      ).toBeUndefined();
    });

    it('gives any JSON value for a format without a schema, null included', () => {
      const anyJson = { type: 'json_schema', json_schema: { name: 'any' } } as const;
      expect(getStructuredValue({ structured: { value: null } }, anyJson)).toBeNull();
      expect(getStructuredValue({ structured: { value: [1, 'a'] } }, anyJson)).toEqual([1, 'a']);
    });
  });
});
