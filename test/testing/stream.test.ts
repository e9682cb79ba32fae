import type { ChatCompletion } from '../../src/core/types.js';
import {
  createMockFetch,
  createMockReply,
  createMockResponse,
  formatSseEvent,
  type MockUsageShape,
} from '../../src/testing/index.js';
import { BASE_URL, chunksOf, contentOf, post, readSse, streamEvents } from './helpers';

describe('SSE framing (WIRE.md)', () => {
  test('headers, keep-alive comments first, role-repeating chunks with shared fields, usage, [DONE]', async () => {
    const response = await post({ model: 'mock/text', stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = await readSse(response);
    expect(events.slice(0, 2)).toEqual([
      { type: 'comment', comment: 'OPENROUTER PROCESSING' },
      { type: 'comment', comment: 'OPENROUTER PROCESSING' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'data', data: '[DONE]' });
    const chunks = chunksOf(events);
    const [first] = chunks;
    expect(first).toMatchObject({
      id: expect.stringMatching(/^gen-\d+-\w{20}$/),
      provider: 'Mock',
      model: 'mock/text',
      object: 'chat.completion.chunk',
      created: 1_760_000_000,
      system_fingerprint: expect.stringMatching(/^fp_/),
    });
    expect(response.headers.get('x-generation-id')).toBe(first!.id);
    expect(Object.keys(first!).slice(-2)).toEqual(['choices', 'system_fingerprint']);
    for (const chunk of chunks.slice(1)) {
      const { choices: _c, usage: _u, ...shared } = chunk;
      const { choices: _fc, system_fingerprint: _fp, ...firstShared } = first!;
      // As in WIRE.md: the fingerprint comes once; `usage` (if any) follows `choices` and ends the chunk.
      expect(shared).toEqual(firstShared);
      expect(Object.keys(chunk).slice(Object.keys(chunk).indexOf('choices'))).toEqual(
        chunk.usage ? ['choices', 'usage'] : ['choices'],
      );
    }
    for (const chunk of chunks) {
      for (const choice of chunk.choices) expect(choice.delta?.role).toBe('assistant');
    }
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
      cost: expect.any(Number),
    });
    expect(usage.usage!.total_tokens).toBe(usage.usage!.prompt_tokens + usage.usage!.completion_tokens);
    expect(chunks.at(-2)!.choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'stop' });
  });

  test('the raw bytes use LF line ends and one JSON object per data line', async () => {
    const text = await (await post({ model: 'mock/text', stream: true })).text();
    expect(text.startsWith(': OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {')).toBe(true);
    expect(text.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    expect(text).not.toContain('\r');
    for (const block of text.split('\n\n').filter(Boolean)) expect(block.split('\n')).toHaveLength(1);
  });

  test("choices have the keys of WIRE.md's example: logprobs: null on the first chunk only", async () => {
    const keysOf = (choice: object | undefined) => Object.keys(choice ?? {});
    const plain = ['index', 'delta', 'finish_reason', 'native_finish_reason'];
    for (const model of [
      'mock/text',
      'mock/reasoning',
      'mock/tools',
      'mock/error-midstream',
      'mock/error-midstream-tools',
    ]) {
      const chunks = chunksOf(await streamEvents({ model }, { usageShape: 'repeat-finish' }));
      expect(keysOf(chunks[0]!.choices[0])).toEqual([...plain, 'logprobs']);
      expect(chunks[0]!.choices[0]!.logprobs).toBeNull();
      for (const chunk of chunks.slice(1)) expect(keysOf(chunk.choices[0])).toEqual(plain);
    }
    // Asked for, each text chunk carries its logprobs where the first chunk has null.
    const chunks = chunksOf(await streamEvents({ model: 'mock/text', logprobs: true }));
    for (const chunk of chunks.slice(1, -2)) {
      expect(keysOf(chunk.choices[0])).toEqual([...plain, 'logprobs']);
      expect(chunk.choices[0]!.logprobs!.content).toHaveLength(1);
    }
    expect(keysOf(chunks.at(-2)!.choices[0])).toEqual(plain);
  });

  test.each<[MockUsageShape, (string | null | undefined)[]]>([
    ['empty-choices', []],
    ['repeat-finish', ['stop']],
    ['null-finish', [null]],
  ])('usage shape %s', async (usageShape, usageChoiceFinishes) => {
    const chunks = chunksOf(await streamEvents({ model: 'mock/text' }, { usageShape }));
    const last = chunks.at(-1)!;
    expect(last.usage?.cost).toBeGreaterThan(0);
    expect(last.choices.map((choice) => choice.finish_reason)).toEqual(usageChoiceFinishes);
    expect(chunks.at(-2)!.choices[0]?.finish_reason).toBe('stop');
  });

  test('debug.echo_upstream_body adds a first chunk with choices [] and the echoed body', async () => {
    const chunks = chunksOf(await streamEvents({ debug: { echo_upstream_body: true } }));
    expect(chunks[0]!.choices).toEqual([]);
    expect(chunks[0]!.debug).toMatchObject({ echo_upstream_body: { messages: [{ role: 'user' }] } });
  });

  test('a non-streaming reply holds what the stream spells out', async () => {
    const body = { model: 'mock/citations', messages: [{ role: 'user' as const, content: 'Otters' }] };
    const streamed = contentOf(chunksOf(await streamEvents(body)));
    const completion = (await (await post(body)).json()) as ChatCompletion;
    expect(completion.choices[0]!.message.content).toBe(streamed);
    expect(completion).toMatchObject({
      object: 'chat.completion',
      provider: 'Mock',
      model: 'mock/citations',
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      native_finish_reason: 'stop',
      logprobs: null,
    });
  });

  test("a non-streaming reply has the keys of WIRE.md's example, in its order", async () => {
    const completion = (await (await post({ model: 'mock/text' })).json()) as ChatCompletion;
    const choice = completion.choices[0]!;
    expect(Object.keys(completion)).toEqual([
      'id',
      'provider',
      'model',
      'object',
      'created',
      'system_fingerprint',
      'choices',
      'usage',
    ]);
    expect(Object.keys(choice)).toEqual([
      'index',
      'finish_reason',
      'native_finish_reason',
      'logprobs',
      'message',
    ]);
    expect(choice.message).toMatchObject({ role: 'assistant', refusal: null, reasoning: null });
    expect(Object.keys(choice.message)).toEqual(['role', 'content', 'refusal', 'reasoning']);
    expect(Object.keys(completion.usage!)).toEqual([
      'prompt_tokens',
      'completion_tokens',
      'total_tokens',
      'cost',
      'is_byok',
      'prompt_tokens_details',
      'completion_tokens_details',
      'cost_details',
    ]);
  });

  test('stream_options.include_usage is accepted and changes nothing: usage comes either way', async () => {
    for (const include_usage of [false, true]) {
      const events = await streamEvents({ model: 'mock/text', stream_options: { include_usage } });
      expect(chunksOf(events).at(-1)!.usage?.total_tokens).toBeGreaterThan(0);
      expect(events.at(-1)).toEqual({ type: 'data', data: '[DONE]' });
    }
  });

  test('prompt caching reports cached tokens on later turns', async () => {
    const messages = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'Long context', cache_control: { type: 'ephemeral' as const } },
        ],
      },
      { role: 'assistant' as const, content: 'ok' },
      { role: 'user' as const, content: 'And?' },
    ];
    const completion = (await (await post({ messages })).json()) as ChatCompletion;
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  test('the same seed and clock give byte-identical streams; another seed changes ids', async () => {
    const body = { model: 'mock/tools', messages: [{ role: 'user' as const, content: 'hi' }] };
    const a = await (await post({ ...body, stream: true })).text();
    const b = await (await post({ ...body, stream: true })).text();
    const c = await (await post({ ...body, stream: true }, { seed: 8 })).text();
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  test('createMockReply is the same data the transports render', async () => {
    const reply = createMockReply(
      { model: 'mock/text', messages: [{ role: 'user', content: 'Hello there' }], stream: true },
      { tokenDelayMs: 0, seed: 7, now: () => 1_760_000_000_000 },
    );
    if (reply.type !== 'stream') throw new Error('expected a stream');
    const text = await (await post({ model: 'mock/text', stream: true })).text();
    expect(reply.events.map(formatSseEvent).join('')).toBe(text);
  });
});

describe('pacing (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('comments during the first-token wait, then one chunk per tokenDelayMs', async () => {
    vi.useFakeTimers();
    const mockFetch = createMockFetch({ tokenDelayMs: 100, firstTokenDelayMs: 1000, seed: 1 });
    const pending = mockFetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mock/text', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await vi.advanceTimersByTimeAsync(0);
    const response = await pending;
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const received: string[] = [];
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received.push(value);
      }
    })();
    await vi.advanceTimersByTimeAsync(0);
    expect(received).toEqual([': OPENROUTER PROCESSING\n\n']);
    await vi.advanceTimersByTimeAsync(499);
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(received).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(received).toHaveLength(3);
    expect(received[2]).toContain('"content":""');
    await vi.advanceTimersByTimeAsync(99);
    expect(received).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(received).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(received).toHaveLength(14);
    await reader.cancel();
  });

  test('a body cancelled without aborting (a client that stops reading) leaves no timer', async () => {
    vi.useFakeTimers();
    const mockFetch = createMockFetch({ tokenDelayMs: 100, seed: 1 });
    const pending = mockFetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mock/slow', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await vi.advanceTimersByTimeAsync(0);
    const reader = (await pending).body!.getReader();
    const first = reader.read();
    await vi.advanceTimersByTimeAsync(0);
    expect((await first).done).toBe(false);
    const next = reader.read(); // waits for the next event's pause
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await reader.cancel();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('defaults: 15 ms between tokens, a first-token wait of 300 ms', () => {
    const reply = createMockReply({
      model: 'mock/text',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    if (reply.type !== 'stream') throw new Error('expected a stream');
    const delays = reply.events.map((event) => event.delayMs);
    expect(delays.slice(0, 3)).toEqual([0, 150, 150]);
    expect(delays[4]).toBe(15);
  });
});

describe('abort', () => {
  const body = JSON.stringify({
    model: 'mock/slow',
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  });

  test('an already aborted signal rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const mockFetch = createMockFetch({ tokenDelayMs: 0 });
    await expect(
      mockFetch(`${BASE_URL}/chat/completions`, { method: 'POST', body, signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  test('an already aborted request is never routed: onRequest does not see it', async () => {
    const controller = new AbortController();
    controller.abort();
    const onRequest = vi.fn();
    const pending = createMockFetch({ tokenDelayMs: 0, onRequest })(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body,
      signal: controller.signal,
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(onRequest).not.toHaveBeenCalled();
  });

  test('a stream answers in a later task: an abort in the task that asked rejects it', async () => {
    const controller = new AbortController();
    const reply = createMockReply({
      model: 'mock/text',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const pending = createMockResponse(reply, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('aborting before the answer rejects the fetch with AbortError', async () => {
    const controller = new AbortController();
    const mockFetch = createMockFetch({ tokenDelayMs: 0, firstTokenDelayMs: 50 });
    const pending = mockFetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body: body.replace('"stream":true', '"stream":false'),
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('aborting mid-stream stops emitting and errors the body with the abort reason', async () => {
    const controller = new AbortController();
    const mockFetch = createMockFetch({ tokenDelayMs: 0 });
    const response = await mockFetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      body,
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const reads = [];
    for (let count = 0; count < 5; count++) reads.push(await reader.read());
    // Five reads with bytes in them: the stream was still going when it was aborted.
    expect(reads.every((read) => !read.done && (read.value?.length ?? 0) > 0)).toBe(true);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a custom abort reason is what the fetch rejects with', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    controller.abort(reason);
    await expect(
      createMockFetch()(`${BASE_URL}/chat/completions`, { method: 'POST', body, signal: controller.signal }),
    ).rejects.toBe(reason);
  });
});
