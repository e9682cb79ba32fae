import { createParser } from 'eventsource-parser';
import { setupServer } from 'msw/node';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../src/core/types.js';
import {
  createMockFetch,
  createMockGate,
  createMockReply,
  type MockEndpointOptions,
  type MockHold,
} from '../../src/testing/index.js';
import { createMockHandlers } from '../../src/testing/msw.js';
import { startMockServer } from '../../src/testing/server.js';
import { BASE_URL } from './helpers';

/**
 * A stream read chunk by chunk in the background: `data` holds the `data:` lines read so far.
 * Each read asks the mock for its next event only once the previous one is in, so what `data`
 * holds when a gate reports a stream held is all the client got before the hold.
 */
function follow(response: Response) {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  })();
  // Handled here; the tests await `ended` where they expect it to reject.
  ended.catch(() => {});
  const chunks = () =>
    data.filter((line) => line !== '[DONE]').map((line) => JSON.parse(line) as ChatCompletionChunk);
  return {
    data,
    ended,
    chunks,
    text: () =>
      chunks()
        .map((chunk) => chunk.choices[0]?.delta?.content ?? '')
        .join(''),
    finishes: () => chunks().flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)),
  };
}

function ask(
  fetchFn: typeof fetch,
  base = BASE_URL,
  body: Partial<ChatCompletionRequest> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetchFn(`${base}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      model: 'mock/text',
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
      ...body,
    }),
    ...(signal ? { signal } : {}),
  });
}

const REPLY = 'Held right before the end';

/** A hold that never lets go by itself, reporting its wait and the abort that ends it. */
function stuckHold(afterChunks?: number) {
  let signal: AbortSignal | undefined;
  let reached!: () => void;
  let aborted!: () => void;
  const whenReached = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const whenAborted = new Promise<void>((resolve) => {
    aborted = resolve;
  });
  const hold: MockHold = {
    afterChunks,
    wait: (waitSignal) => {
      signal = waitSignal;
      waitSignal.addEventListener('abort', () => aborted());
      reached();
      return new Promise(() => {});
    },
  };
  return { hold, whenReached, whenAborted, signal: () => signal };
}

describe('createMockGate with createMockFetch', () => {
  test('holds a stream before its end, its text all sent, until release()', async () => {
    const gate = createMockGate();
    const mockFetch = createMockFetch({ tokenDelayMs: 0, replies: [REPLY], hold: gate });
    const stream = follow(await ask(mockFetch));
    await gate.whenHeld();
    expect(gate.held).toBe(1);
    expect(stream.text()).toBe(REPLY);
    expect(stream.finishes().filter(Boolean)).toEqual([]);
    expect(gate.release()).toBe(true);
    await stream.ended;
    expect(gate.held).toBe(0);
    expect(stream.finishes()).toContain('stop');
    expect(stream.data.at(-1)).toBe('[DONE]');
    expect(gate.release()).toBe(false);
  });

  test('afterChunks: after that many data: chunks (the role chunk first); 0, before anything', async () => {
    for (const [afterChunks, text, lines] of [
      [0, '', 0],
      [1, '', 1],
      [2, 'Held', 2],
      [3, 'Held right', 3],
      [99, REPLY, 6],
    ] as const) {
      const gate = createMockGate({ afterChunks });
      const mockFetch = createMockFetch({ tokenDelayMs: 0, replies: [REPLY], hold: gate });
      const stream = follow(await ask(mockFetch));
      await gate.whenHeld();
      expect([afterChunks, stream.data.length, stream.text()]).toEqual([afterChunks, lines, text]);
      gate.releaseAll();
      await stream.ended;
      expect(stream.text()).toBe(REPLY);
    }
  });

  test('a scripted reply with images, citations and an error: held before its error chunk, all else sent', async () => {
    const gate = createMockGate();
    const replies = [
      {
        content: REPLY,
        images: ['https://example.com/otter.png'],
        annotations: [{ url: 'https://example.com/otters' }],
        error: true as const,
      },
    ];
    const stream = follow(await ask(createMockFetch({ tokenDelayMs: 0, replies, hold: gate })));
    await gate.whenHeld();
    const sent = stream.chunks().flatMap((chunk) => chunk.choices.map((choice) => choice.delta ?? {}));
    expect(stream.text()).toBe(REPLY);
    expect(sent.flatMap((delta) => delta.images ?? [])).toHaveLength(1);
    expect(sent.flatMap((delta) => delta.annotations ?? [])).toHaveLength(1);
    expect([...stream.finishes().filter(Boolean), ...stream.chunks().filter((chunk) => chunk.error)]).toEqual(
      [],
    );
    gate.release();
    await stream.ended;
    expect(stream.finishes().filter(Boolean)).toEqual(['error']);
    expect(stream.chunks().at(-1)?.error?.code).toBe(502);
    expect(stream.data).not.toContain('[DONE]');
  });

  test('a scripted finish_reason and usage, held, then sent in the usageShape; afterChunks counts the scripted parts', async () => {
    const gate = createMockGate();
    const replies = [{ content: REPLY, finish_reason: 'length', usage: { completion_tokens: 42 } }];
    const mockFetch = createMockFetch({ tokenDelayMs: 0, replies, hold: gate, usageShape: 'repeat-finish' });
    const stream = follow(await ask(mockFetch));
    await gate.whenHeld();
    expect([stream.text(), stream.finishes().filter(Boolean)]).toEqual([REPLY, []]);
    gate.release();
    await stream.ended;
    expect(stream.finishes().filter(Boolean)).toEqual(['length', 'length']);
    expect(stream.chunks().at(-1)?.usage?.completion_tokens).toBe(42);
    // Seven chunks: the role chunk, the five words and the refusal's first word ("No"), held before
    // its second.
    const early = createMockGate({ afterChunks: 7 });
    const refusing = createMockFetch({
      tokenDelayMs: 0,
      replies: [{ content: REPLY, refusal: 'No more.' }],
      hold: early,
    });
    const refused = follow(await ask(refusing));
    await early.whenHeld();
    expect(
      refused
        .chunks()
        .map((chunk) => chunk.choices[0]?.delta?.refusal ?? '')
        .join(''),
    ).toBe('No');
    early.release();
    await refused.ended;
    expect(
      refused
        .chunks()
        .map((chunk) => chunk.choices[0]?.delta?.refusal ?? '')
        .join(''),
    ).toBe('No more.');
  });

  test('an abort while held ends the stream at once with the AbortError, and leaves the gate', async () => {
    const gate = createMockGate();
    const controller = new AbortController();
    const stream = follow(
      await ask(createMockFetch({ tokenDelayMs: 0, hold: gate }), BASE_URL, {}, controller.signal),
    );
    await gate.whenHeld();
    controller.abort();
    await expect(stream.ended).rejects.toMatchObject({ name: 'AbortError' });
    expect(gate.held).toBe(0);
  });

  test('a body cancelled while held (a client that stops reading) leaves the gate too', async () => {
    const gate = createMockGate();
    const response = await ask(createMockFetch({ tokenDelayMs: 0, hold: gate }));
    const reader = response.body!.getReader();
    const reading = (async () => {
      while (!(await reader.read()).done);
    })();
    await gate.whenHeld();
    await reader.cancel();
    await reading;
    expect(gate.held).toBe(0);
  });

  test('a hold whose promise never settles: the abort still ends the stream, and its signal tells the hold', async () => {
    const stuck = stuckHold();
    const controller = new AbortController();
    const mockFetch = createMockFetch({ tokenDelayMs: 0, hold: stuck.hold });
    const stream = follow(await ask(mockFetch, BASE_URL, {}, controller.signal));
    await stuck.whenReached;
    controller.abort(new Error('the test stopped it'));
    await expect(stream.ended).rejects.toThrow('the test stopped it');
    await stuck.whenAborted;
    expect(stuck.signal()?.aborted).toBe(true);
  });

  test('no timer runs while a stream is held, and none is left after its abort', async () => {
    vi.useFakeTimers();
    try {
      const gate = createMockGate();
      const controller = new AbortController();
      const mockFetch = createMockFetch({ tokenDelayMs: 15, hold: gate });
      const responding = ask(mockFetch, BASE_URL, {}, controller.signal);
      await vi.runAllTimersAsync();
      const stream = follow(await responding);
      await vi.runAllTimersAsync(); // the whole reply but its end, then nothing more to run
      expect(gate.held).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
      controller.abort();
      await expect(stream.ended).rejects.toMatchObject({ name: 'AbortError' });
      expect(vi.getTimerCount()).toBe(0);
      expect(gate.held).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  test('whenHeld(n), release() oldest first, releaseAll(); later streams wait as before', async () => {
    const gate = createMockGate({ afterChunks: 2 });
    let turn = 0;
    const mockFetch = createMockFetch({ tokenDelayMs: 0, replies: () => `Reply ${++turn}`, hold: gate });
    const first = follow(await ask(mockFetch));
    await gate.whenHeld();
    const second = follow(await ask(mockFetch));
    const third = follow(await ask(mockFetch));
    await gate.whenHeld(3);
    expect(gate.held).toBe(3);
    gate.release();
    await first.ended;
    expect(first.text()).toBe('Reply 1');
    expect(gate.held).toBe(2);
    expect(gate.releaseAll()).toBe(2);
    await Promise.all([second.ended, third.ended]);
    expect([second.text(), third.text()].sort()).toEqual(['Reply 2', 'Reply 3']);
    expect(gate.releaseAll()).toBe(0);

    const fourth = follow(await ask(mockFetch));
    await gate.whenHeld();
    expect(fourth.text()).toBe('Reply');
    gate.release();
    await fourth.ended;
    expect(fourth.text()).toBe('Reply 4');
  });

  test('before the error chunk of a mid-stream error; before the close of a truncated stream; JSON replies not held', async () => {
    const gate = createMockGate();
    const mockFetch = createMockFetch({ tokenDelayMs: 0, hold: gate });
    const failing = follow(await ask(mockFetch, BASE_URL, { model: 'mock/error-midstream' }));
    await gate.whenHeld();
    expect(failing.text().length).toBeGreaterThan(0);
    expect(failing.data.some((line) => line.includes('"error"'))).toBe(false);
    gate.release();
    await failing.ended;
    expect(failing.finishes()).toContain('error');

    const truncated = createMockReply(
      { model: 'mock/truncated', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
      { tokenDelayMs: 0, seed: 1 },
    );
    const cut = follow(await ask(mockFetch, BASE_URL, { model: 'mock/truncated', seed: 1 }));
    await gate.whenHeld();
    expect(
      truncated.type === 'stream' && truncated.events.filter((event) => event.type !== 'comment'),
    ).toHaveLength(cut.data.length);
    gate.release();
    await cut.ended;

    const json = await ask(mockFetch, BASE_URL, { stream: false });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
    const limited = await ask(mockFetch, BASE_URL, { model: 'mock/error-429' });
    expect(limited.status).toBe(429);
    expect(gate.held).toBe(0);
  });

  test("what the hold's promise rejects with errors the stream", async () => {
    const mockFetch = createMockFetch({
      tokenDelayMs: 0,
      hold: { wait: () => Promise.reject(new Error('upstream went away')) },
    });
    const stream = follow(await ask(mockFetch));
    await expect(stream.ended).rejects.toThrow('upstream went away');
  });

  test('a hold the mock cannot use throws a TypeError at once, saying what to use', () => {
    const cases: [unknown, RegExp][] = [
      [
        {},
        /^Mock hold must be an object with a wait\(signal\) method returning a promise, such as createMockGate\(\)\.$/,
      ],
      [() => Promise.resolve(), /^Mock hold must be an object with a wait\(signal\) method/],
      [
        { wait: () => Promise.resolve(), afterChunks: -1 },
        /^Mock hold\.afterChunks must be a whole number of chunks \(0 or more\), or left out to hold before the reply's end, got -1\.$/,
      ],
      [{ wait: () => Promise.resolve(), afterChunks: '2' }, /^Mock hold\.afterChunks must be .*, got "2"\.$/],
    ];
    for (const [hold, message] of cases) {
      const options = { hold } as MockEndpointOptions;
      expect(() => createMockFetch(options)).toThrow(message);
      expect(() => createMockHandlers(options)).toThrow(message);
      expect(() => createMockReply({ messages: [{ role: 'user', content: 'Hi' }] }, options)).toThrow(
        TypeError,
      );
    }
    expect(() => createMockGate({ afterChunks: 1.5 })).toThrow(
      /^Mock createMockGate afterChunks must be a whole number of chunks .*, got 1\.5\.$/,
    );
  });
});

describe('createMockGate with the MSW handlers', () => {
  const gate = createMockGate();
  const server = setupServer(...createMockHandlers({ tokenDelayMs: 0, replies: [REPLY], hold: gate }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => gate.releaseAll());
  afterAll(() => server.close());

  test('holds the stream until release()', async () => {
    const stream = follow(await ask(fetch, 'https://app.test/api/chat'));
    await gate.whenHeld();
    expect(stream.text()).toBe(REPLY);
    expect(stream.data.at(-1)).not.toBe('[DONE]');
    gate.release();
    await stream.ended;
    expect(stream.data.at(-1)).toBe('[DONE]');
  });

  test('an abort while held ends the stream and leaves the gate', async () => {
    const controller = new AbortController();
    const stream = follow(await ask(fetch, 'https://app.test/api/chat', {}, controller.signal));
    await gate.whenHeld();
    controller.abort();
    await expect(stream.ended).rejects.toMatchObject({ name: 'AbortError' });
    expect(gate.held).toBe(0);
  });
});

describe('createMockGate with startMockServer', () => {
  test('holds the stream until release()', async () => {
    const gate = createMockGate();
    const server = await startMockServer({ tokenDelayMs: 0, replies: [REPLY], hold: gate });
    try {
      const stream = follow(await ask(fetch, server.url));
      await gate.whenHeld();
      expect(stream.data.at(-1)).not.toBe('[DONE]');
      gate.release();
      await stream.ended;
      expect(stream.text()).toBe(REPLY);
      expect(stream.data.at(-1)).toBe('[DONE]');
    } finally {
      await server.close();
    }
  });

  test('a client that disconnects while held, and close() with a stream held, end the hold', async () => {
    const stuck = stuckHold();
    const server = await startMockServer({ tokenDelayMs: 0, hold: stuck.hold });
    try {
      const controller = new AbortController();
      const stream = follow(await ask(fetch, server.url, {}, controller.signal));
      await stuck.whenReached;
      controller.abort();
      await expect(stream.ended).rejects.toMatchObject({ name: 'AbortError' });
      await stuck.whenAborted;
    } finally {
      await server.close();
    }

    const gate = createMockGate();
    const other = await startMockServer({ tokenDelayMs: 0, hold: gate });
    const stream = follow(await ask(fetch, other.url));
    await gate.whenHeld();
    await other.close();
    await expect(stream.ended).rejects.toThrow();
    expect(gate.held).toBe(0);
  });
});
