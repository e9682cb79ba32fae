import type { ChatCompletion, ChatCompletionRequest } from '../../src/core/types.js';
import { MOCK_MODELS, type MockSystemFingerprint } from '../../src/testing/index.js';
import { post } from './helpers';

// The wire shapes of WIRE.md the later scenarios and the `systemFingerprint` option produce, checked
// byte for byte: an error in the body of a 200, a mid-stream error with a string code, a refusal,
// `finish_reason: "content_filter"`, file-parser annotations, a reply without `system_fingerprint`.

/** The raw body of a request (`stream` as given), with the helper's fixed seed and clock. */
async function bodyOf(
  request: Partial<ChatCompletionRequest>,
  options: Parameters<typeof post>[1] = {},
): Promise<{ status: number; type: string | null; text: string }> {
  const response = await post(request, options);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The `data:` lines of an SSE body, as sent. */
const dataLines = (text: string) =>
  text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));

/** The `"choices":[…]` part of a chunk line, as sent. */
const choicesOf = (line: string) => line.slice(line.indexOf('"choices":'), line.lastIndexOf(']') + 1);

const PDF = {
  type: 'file',
  file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' },
};
const withPdf = (...files: object[]): Partial<ChatCompletionRequest> =>
  ({
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise this' }, ...files] }],
  }) as Partial<ChatCompletionRequest>;

describe('mock/error-in-body: a 200 whose body is an error', () => {
  test.each([true, false])('stream: %s: the whole body of WIRE.md, no choices', async (stream) => {
    expect(await bodyOf({ model: 'mock/error-in-body', stream })).toEqual({
      status: 200,
      type: 'application/json',
      text: '{"error":{"message":"Internal Server Error","code":500},"user_id":"user_mock_2xkq9Jd8"}',
    });
  });

  test('a failing fallback model: it answers, as a 200 is no failure to route around', async () => {
    const { text } = await bodyOf({ model: 'mock/error-in-body', models: ['mock/text'] });
    expect(JSON.parse(text)).toHaveProperty('error.code', 500);
  });
});

describe('mock/error-midstream-string: an error chunk whose code is a string', () => {
  test('text, then the error chunk beside finish_reason "error", and nothing after it', async () => {
    const { text } = await bodyOf({ model: 'mock/error-midstream-string', stream: true });
    const lines = dataLines(text);
    const last = lines.at(-1)!;
    expect(text.endsWith(`data: ${last}\n\n`)).toBe(true);
    expect(lines).not.toContain('[DONE]');
    expect(choicesOf(last)).toBe(
      '"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"error","native_finish_reason":"error"}]',
    );
    expect(
      last.endsWith(
        '"error":{"code":"server_error","message":"Upstream error: the provider stopped responding mid-stream.","metadata":{"error_type":"server","provider_name":"Mock"}}}',
      ),
    ).toBe(true);
    const streamed = lines
      .slice(0, -1)
      .map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '')
      .join('');
    expect(streamed.length).toBeGreaterThan(20);
  });

  test('non-streaming: choices[0].error with the string code and finish_reason "error"', async () => {
    const completion = JSON.parse(
      (await bodyOf({ model: 'mock/error-midstream-string' })).text,
    ) as ChatCompletion;
    const [choice] = completion.choices;
    expect(Object.keys(choice!)).toEqual([
      'index',
      'finish_reason',
      'native_finish_reason',
      'logprobs',
      'message',
      'error',
    ]);
    expect(choice).toMatchObject({
      finish_reason: 'error',
      error: { code: 'server_error', message: expect.any(String), metadata: { provider_name: 'Mock' } },
    });
    expect(choice!.message.content).toBeTruthy();
  });
});

describe('mock/refusal', () => {
  test('the refusal streams in delta.refusal, without content, and the reply finishes with stop', async () => {
    const { text } = await bodyOf({ model: 'mock/refusal', stream: true });
    const lines = dataLines(text);
    // The role chunk, the refusal one token a chunk, the finish, the usage, [DONE].
    const refusals = lines.slice(1, -3);
    expect(refusals.length).toBeGreaterThan(5);
    for (const line of refusals) {
      expect(choicesOf(line)).toMatch(
        /^"choices":\[\{"index":0,"delta":\{"role":"assistant","refusal":"[^"]+"\},"finish_reason":null,"native_finish_reason":null\}\]$/,
      );
    }
    const refusal = refusals.map((line) => JSON.parse(line).choices[0].delta.refusal).join('');
    expect(refusal).toBe(
      "I'm sorry, but I can't help with “Hello there”. It goes against the usage policy of this mock model.",
    );
    expect(choicesOf(lines.at(-3)!)).toBe(
      '"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop","native_finish_reason":"stop"}]',
    );
    expect(lines.at(-1)).toBe('[DONE]');
  });

  test('non-streaming: content null, the text in message.refusal', async () => {
    const completion = JSON.parse((await bodyOf({ model: 'mock/refusal' })).text) as ChatCompletion;
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'stop' });
    expect(JSON.stringify(completion.choices[0]!.message)).toBe(
      '{"role":"assistant","content":null,"refusal":"I\'m sorry, but I can\'t help with “Hello there”. It goes against the usage policy of this mock model.","reasoning":null}',
    );
    expect(completion.usage!.completion_tokens).toBe(19);
  });
});

describe('mock/content-filter', () => {
  test('some text, then finish_reason "content_filter", usage and [DONE]', async () => {
    const { text } = await bodyOf({ model: 'mock/content-filter', stream: true });
    const lines = dataLines(text);
    expect(choicesOf(lines.at(-3)!)).toBe(
      '"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"content_filter","native_finish_reason":"content_filter"}]',
    );
    expect(choicesOf(lines.at(-2)!)).toBe('"choices":[]');
    expect(lines.at(-2)).toContain('"usage":{');
    expect(lines.at(-1)).toBe('[DONE]');
    const content = lines
      .slice(0, -3)
      .map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '')
      .join('');
    const full = JSON.parse((await bodyOf({ model: 'mock/text' })).text) as ChatCompletion;
    // Cut partway through what mock/text says.
    expect(content.length).toBeGreaterThan(20);
    expect((full.choices[0]!.message.content as string).startsWith(content)).toBe(true);
    expect(content.length).toBeLessThan((full.choices[0]!.message.content as string).length);
  });

  test('non-streaming: the partial text and finish_reason "content_filter"', async () => {
    const completion = JSON.parse((await bodyOf({ model: 'mock/content-filter' })).text) as ChatCompletion;
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      native_finish_reason: 'content_filter',
      message: { content: expect.any(String), refusal: null },
    });
  });
});

describe('mock/file-parser: file annotations', () => {
  const HASH = /^[0-9a-f]{64}$/;

  test('one {type: "file", file: {hash, name, content}} per attached file, in a delta after the text', async () => {
    const { text } = await bodyOf({ model: 'mock/file-parser', stream: true, ...withPdf(PDF) });
    const lines = dataLines(text);
    const annotated = lines.at(-4)!;
    const match = choicesOf(annotated).match(
      /^"choices":\[\{"index":0,"delta":\{"role":"assistant","content":"","annotations":\[\{"type":"file","file":\{"hash":"([0-9a-f]{64})","name":"report\.pdf","content":\[\{"type":"text","text":"report\.pdf, page 1: [^"]+"\}\]\}\}\]\},"finish_reason":null,"native_finish_reason":null\}\]$/,
    );
    expect(match).not.toBeNull();
    expect(lines.filter((line) => line.includes('"annotations"'))).toHaveLength(1);
    const completion = JSON.parse(
      (await bodyOf({ model: 'mock/file-parser', ...withPdf(PDF) })).text,
    ) as ChatCompletion;
    const { message } = completion.choices[0]!;
    expect(message.annotations).toEqual(JSON.parse(annotated).choices[0].delta.annotations);
    expect(message.content).toContain('**report.pdf**');
    // The same file again has the same hash (the endpoint's key for parsed files).
    const again = JSON.parse((await bodyOf({ model: 'mock/file-parser', ...withPdf(PDF), seed: 99 })).text);
    expect(again.choices[0].message.annotations[0].file.hash).toBe(match![1]);
  });

  test('distinct files each get one, the same file twice one; without a file, a sample PDF', async () => {
    const other = {
      type: 'file',
      file: { filename: 'notes.pdf', file_data: 'https://example.com/notes.pdf' },
    };
    const names = async (request: Partial<ChatCompletionRequest>) => {
      const completion = JSON.parse(
        (await bodyOf({ model: 'mock/file-parser', ...request })).text,
      ) as ChatCompletion;
      const annotations = completion.choices[0]!.message.annotations ?? [];
      for (const annotation of annotations)
        expect(annotation).toMatchObject({ type: 'file', file: { hash: expect.stringMatching(HASH) } });
      return annotations.map((annotation) => (annotation.type === 'file' ? annotation.file.name : ''));
    };
    expect(await names(withPdf(PDF, other))).toEqual(['report.pdf', 'notes.pdf']);
    expect(await names(withPdf(PDF, PDF))).toEqual(['report.pdf']);
    expect(await names({})).toEqual(['sample.pdf']);
  });

  test('mock/auto reads a file attached to the last user message; without one, no annotations', async () => {
    const auto = JSON.parse((await bodyOf({ model: 'mock/auto', ...withPdf(PDF) })).text) as ChatCompletion;
    expect(auto.choices[0]!.message.annotations).toMatchObject([
      { type: 'file', file: { name: 'report.pdf' } },
    ]);
    const plain = JSON.parse((await bodyOf({ model: 'mock/auto' })).text) as ChatCompletion;
    expect(plain.choices[0]!.message.annotations).toBeUndefined();
  });
});

describe('mock/audio: the audio object of WIRE.md', () => {
  test('{id, expires_at, data, transcript}: no key WIRE.md does not give (no "format")', async () => {
    const request = { model: 'mock/audio', modalities: ['text', 'audio'] } as Partial<ChatCompletionRequest>;
    const { text } = await bodyOf({ ...request, stream: true });
    const fragments = dataLines(text).flatMap((line) => {
      const audio = line.startsWith('{') ? JSON.parse(line).choices[0]?.delta?.audio : undefined;
      return audio ? [audio as Record<string, unknown>] : [];
    });
    expect(fragments.length).toBeGreaterThan(1);
    // The first fragment names the audio; every one carries a piece of data and of the transcript.
    expect(Object.keys(fragments[0]!).sort()).toEqual(['data', 'expires_at', 'id', 'transcript']);
    for (const fragment of fragments.slice(1))
      expect(Object.keys(fragment).sort()).toEqual(['data', 'transcript']);
    const completion = JSON.parse((await bodyOf(request)).text) as ChatCompletion;
    expect(Object.keys(completion.choices[0]!.message.audio!)).toEqual([
      'id',
      'expires_at',
      'data',
      'transcript',
    ]);
  });
});

describe('the systemFingerprint option', () => {
  test.each<[MockSystemFingerprint | undefined, string]>([
    [undefined, ',"system_fingerprint":"fp_'],
    ['present', ',"system_fingerprint":"fp_'],
    ['null', ',"system_fingerprint":null}'],
    ['absent', ''],
  ])('%s', async (systemFingerprint, expected) => {
    const options = systemFingerprint ? { systemFingerprint } : {};
    const { text } = await bodyOf({ model: 'mock/text', stream: true }, options);
    const [first, ...rest] = dataLines(text);
    if (expected) expect(first).toContain(expected);
    else expect(first).toMatch(/"native_finish_reason":null,"logprobs":null\}\]\}$/);
    for (const line of rest) expect(line).not.toContain('system_fingerprint');
    const completion = JSON.parse((await bodyOf({ model: 'mock/text' }, options)).text) as ChatCompletion;
    const keys = ['id', 'provider', 'model', 'object', 'created', 'system_fingerprint', 'choices', 'usage'];
    expect(Object.keys(completion)).toEqual(
      systemFingerprint === 'absent' ? keys.filter((key) => key !== 'system_fingerprint') : keys,
    );
    if (systemFingerprint === 'null') expect(completion.system_fingerprint).toBeNull();
  });
});

test('the new scenarios are mock models with a name and description; the error ones grouped', () => {
  const byId = new Map(MOCK_MODELS.map((model) => [model.id, model]));
  for (const [id, name] of [
    ['mock/refusal', 'Mock: Refusal'],
    ['mock/content-filter', 'Mock: Content filter'],
    ['mock/file-parser', 'Mock: File parser'],
    ['mock/error-in-body', 'Mock: Error: in a 200 body'],
    ['mock/error-midstream-string', 'Mock: Error: mid-stream, string code'],
    ['mock/error-midstream-tools', 'Mock: Error: mid-stream, in a tool call'],
    ['mock/truncated-tools', 'Mock: Error: truncated in a tool call'],
  ]) {
    expect(byId.get(id!)).toMatchObject({ name, description: expect.any(String) });
  }
  const names = MOCK_MODELS.map((model) => model.name ?? '');
  const errors = names.flatMap((name, index) => (name.startsWith('Mock: Error') ? [index] : []));
  // The errors sit together at the end of the list.
  expect(errors).toEqual(errors.map((_, offset) => names.length - errors.length + offset));
});
