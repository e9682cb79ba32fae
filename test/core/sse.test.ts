import { describe, expect, it } from 'vitest';
import {
  ChatApiError,
  type ChatCompletion,
  createTimeoutError,
  decodeChatStream,
} from '../../src/core/index.js';
import { bodyFrom, decodeParts, event, splitAt, textChunk } from './helpers.js';

describe('decodeChatStream', () => {
  it('stops at [DONE], ignoring what follows, and releases the body', async () => {
    const source = bodyFrom([
      event(textChunk('a')),
      'data: [DONE]\n\n',
      event(textChunk('ignored', 'stop')),
      'never read',
    ]);
    const chunks = [];
    for await (const chunk of decodeChatStream(source.body)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]!.delta!.content)).toEqual(['a']);
    expect(source.cancelled).toBe(true);
    expect(source.reads).toBe(2);
  });

  it('skips empty data events', async () => {
    const result = await decodeParts(['data:\n\n', 'data:   \n\n', event(textChunk('x', 'stop'))]);
    expect(result.error).toBeUndefined();
    expect(result.chunks).toHaveLength(1);
  });

  it('rejects data that is JSON but not an object as invalid_chunk', async () => {
    const result = await decodeParts([
      event(textChunk('kept')),
      'data: 42\n\n',
      event(textChunk('', 'stop')),
    ]);
    expect(result.error).toMatchObject({ code: 'invalid_chunk', type: 'stream' });
    expect(result.error!.message).toContain('42');
  });

  it('a stream with no chunk at all is truncated', async () => {
    const result = await decodeParts([': OPENROUTER PROCESSING\n\n']);
    expect(result.error).toMatchObject({ code: 'stream_truncated', partial: undefined });
  });

  it('every choice needs a finish reason for EOF to be a normal end', async () => {
    const result = await decodeParts([
      event({
        ...textChunk('a', 'stop'),
        choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 'stop' }],
      }),
      event({ ...textChunk('b'), choices: [{ index: 1, delta: { content: 'b' }, finish_reason: null }] }),
    ]);
    expect(result.error).toMatchObject({ code: 'stream_truncated' });
  });

  // WIRE.md: "the connection closing after a finished choice is also a normal end. A stream that
  // closes before any `finish_reason` is truncated". A line the close cuts short changes neither.
  it('a connection closing in the middle of a line after every choice finished is a normal end', async () => {
    const finished = event(textChunk('whole', 'stop'));
    for (const cut of ['data: {"id":"gen-x","choices":[],"usage":{"prompt_tok', 'data: [DO', 'data: {']) {
      const result = await decodeParts([finished, cut]);
      expect(result.error).toBeUndefined();
      expect(result.completion!.choices[0]).toMatchObject({
        finish_reason: 'stop',
        message: { content: 'whole' },
      });
    }
    // Before any finish reason, the same cut line is a truncated stream, the partial reply kept.
    const result = await decodeParts([event(textChunk('part')), 'data: {"id":"gen-x","cho']);
    expect(result.error).toMatchObject({ type: 'stream', code: 'stream_truncated' });
    expect((result.error!.partial as ChatCompletion).choices[0]!.message.content).toBe('part');
  });

  it('prefers the given generation id over the chunk ids', async () => {
    const result = await decodeParts([event(textChunk('a', null, 'gen-chunk'))], {
      generationId: 'gen-header',
    });
    expect(result.error).toMatchObject({ code: 'stream_truncated', generationId: 'gen-header' });
  });

  it('turns a failing read into a network_error with the partial completion', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new TypeError('terminated'));
        else controller.enqueue(new TextEncoder().encode(event(textChunk('partial'))));
        sent = true;
      },
    });
    const error = await (async () => {
      for await (const _ of decodeChatStream(body)) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ type: 'network', code: 'network_error', status: undefined });
    expect((error as ChatApiError).message).toContain('terminated');
    expect((error as ChatApiError).partial!.choices[0]!.message.content).toBe('partial');
  });

  it('throws the AbortError of an aborted signal and cancels the body', async () => {
    const controller = new AbortController();
    const source = bodyFrom([event(textChunk('a')), event(textChunk('b')), event(textChunk('c', 'stop'))]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of decodeChatStream(source.body, { signal: controller.signal })) {
        seen.push(chunk.choices[0]!.delta!.content as string);
        controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(seen).toEqual(['a']);
    expect(source.cancelled).toBe(true);
  });

  it('adds the partial completion to a ChatApiError abort reason (idle timeout)', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode(event(textChunk('so far'))));
      },
    });
    const iterator = decodeChatStream(body, { signal: controller.signal });
    await iterator.next();
    const pending = iterator.next();
    controller.abort(createTimeoutError(50));
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: 'timeout', code: 'timeout', generationId: 'gen-x' });
    expect((error as ChatApiError).partial!.choices[0]!.message.content).toBe('so far');
  });

  it("keeps a ChatApiError abort reason's own generation id", async () => {
    const controller = new AbortController();
    const reason = new ChatApiError({
      type: 'timeout',
      code: 'timeout',
      message: 'late',
      generationId: 'gen-own',
    });
    controller.abort(reason);
    const result = await decodeParts([event(textChunk('a', 'stop'))], { signal: controller.signal });
    expect(result.error).toMatchObject({ code: 'timeout', generationId: 'gen-own' });
  });

  it('a body that ends with chunks but no choice at all (no [DONE]) is truncated', async () => {
    const usage = { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 };
    const result = await decodeParts([event({ ...textChunk(''), choices: [], usage })]);
    expect(result.chunks).toHaveLength(1);
    expect(result.error).toMatchObject({ code: 'stream_truncated', partial: { choices: [], usage } });
  });

  it('a [DONE] before any chunk is truncated (no reply came), after keep-alives too', async () => {
    const result = await decodeParts([': OPENROUTER PROCESSING\n\n', 'data: [DONE]\n\n']);
    expect(result.chunks).toHaveLength(0);
    expect(result.error).toMatchObject({ name: 'ChatApiError', type: 'stream', code: 'stream_truncated' });
  });

  it('cancels the body when the consumer stops early', async () => {
    const source = bodyFrom([event(textChunk('a')), event(textChunk('b')), event(textChunk('c', 'stop'))]);
    for await (const _ of decodeChatStream(source.body)) break;
    expect(source.cancelled).toBe(true);
  });

  it('reports waiting around every read, for idle timers', async () => {
    const calls: boolean[] = [];
    await decodeParts([event(textChunk('a', 'stop'))], { onWait: (waiting) => calls.push(waiting) });
    expect(calls).toEqual([true, false, true, false]);
  });
});

describe('decodeChatStream: framing details', () => {
  it('keeps U+2028 and U+2029 inside a data line (JSON leaves them unescaped)', async () => {
    const text = 'a\u2028b\u2029c';
    const result = await decodeParts([`data: ${JSON.stringify(textChunk(text, 'stop'))}\n\n`]);
    expect(result.error).toBeUndefined();
    expect(result.completion!.choices[0]!.message.content).toBe(text);
  });

  it('ignores event, id, retry and unknown fields, and a field line without a colon', async () => {
    const result = await decodeParts([
      'event: message\nid: 7\nretry: 100\nfoo: bar\ndata\n\n',
      `event: message\r\n${event(textChunk('x', 'stop')).replace('\n\n', '\r\n\r\n')}`,
    ]);
    expect(result.error).toBeUndefined();
    expect(result.chunks).toHaveLength(1);
  });

  it('takes only the field named exactly "data" (not one that starts with it)', async () => {
    const result = await decodeParts([`dataset: {"x": 1}\ndata-extra: 2\n${event(textChunk('x', 'stop'))}`]);
    expect(result.error).toBeUndefined();
    expect(result.chunks).toEqual([textChunk('x', 'stop')]);
  });

  it('joins the data lines of one event with a line feed, as the SSE spec says', async () => {
    const json = JSON.stringify(textChunk('x', 'stop'));
    // Split between tokens: the line feed is whitespace to JSON.
    const split = json.indexOf('"choices"');
    const whole = await decodeParts([`data: ${json.slice(0, split)}\ndata: ${json.slice(split)}\n\n`]);
    expect(whole.error).toBeUndefined();
    expect(whole.chunks).toEqual([textChunk('x', 'stop')]);
    // Split inside a string: the line feed lands in it, and a raw line feed is not JSON.
    const inside = json.indexOf('gen-x') + 3;
    const broken = await decodeParts([`data: ${json.slice(0, inside)}\ndata: ${json.slice(inside)}\n\n`]);
    expect(broken.error).toMatchObject({ code: 'invalid_chunk' });
  });

  it('CR-only framing: an event ending a read is yielded at once, not held for the next read', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    const encode = (text: string) => new TextEncoder().encode(text);
    controller.enqueue(encode(`data: ${JSON.stringify(textChunk('first'))}\r\r`));
    const reader = decodeChatStream(body)[Symbol.asyncIterator]();
    // The body stays open: the chunk must come from what has arrived.
    const first = await reader.next();
    expect(first.done).toBe(false);
    expect(first.value?.choices[0]?.delta?.content).toBe('first');
    controller.enqueue(encode(`\ndata: ${JSON.stringify(textChunk('second', 'stop'))}\r\r`));
    controller.close();
    const second = await reader.next();
    expect(second.value?.choices[0]?.delta?.content).toBe('second');
    expect((await reader.next()).done).toBe(true);
  });

  it('drops a byte order mark before the first line, even split across reads', async () => {
    const bytes = new TextEncoder().encode(`\uFEFF: hi\n\n${event(textChunk('bom', 'stop'))}`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    for (const parts of [[bytes], splitAt(bytes, [1, 2, 3])]) {
      const result = await decodeParts(parts);
      expect(result.error).toBeUndefined();
      expect(result.comments).toEqual(['hi']);
      expect(result.completion!.choices[0]!.message.content).toBe('bom');
    }
  });

  it('decodes a multi-megabyte line (a generated image) arriving in thousands of reads', async () => {
    const url = `data:image/png;base64,${'iVBORw0KGgo'.repeat(300_000)}`;
    const chunk = {
      ...textChunk('', 'stop'),
      choices: [
        { index: 0, delta: { images: [{ type: 'image_url', image_url: { url } }] }, finish_reason: 'stop' },
      ],
    };
    const bytes = new TextEncoder().encode(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
    const parts = splitAt(
      bytes,
      Array.from({ length: bytes.length / 1024 }, (_, i) => (i + 1) * 1024),
    );
    expect(parts.length).toBeGreaterThan(3000);
    // Cutting lines on every read instead of once a line ends took a minute here (past the test's
    // time limit); its speed against a linear floor is a row of `npm run bench` (pathological).
    const result = await decodeParts(parts);
    expect(result.error).toBeUndefined();
    expect(result.completion!.choices[0]!.message.images![0]!.image_url.url).toBe(url);
  });

  it('lines without a colon between fields and events are skipped, however many arrive in one read', async () => {
    const result = await decodeParts([
      `junk\n: one\nmore junk\n${event(textChunk('a'))}x\ny\n: two\nz\n${event(textChunk('b', 'stop'))}`,
    ]);
    expect(result.error).toBeUndefined();
    expect(result.comments).toEqual(['one', 'two']);
    expect(result.completion!.choices[0]!.message.content).toBe('ab');
    // Two million of them in one read: searching for each line's colon to the end took minutes
    // (past the test's time limit); its speed is a row of `npm run bench` (pathological).
    const many = await decodeParts([`${'x\n'.repeat(2_000_000)}: three\n${event(textChunk('c', 'stop'))}`]);
    expect(many.error).toBeUndefined();
    expect(many.comments).toEqual(['three']);
    expect(many.completion!.choices[0]!.message.content).toBe('c');
  });

  it('a CR ending one read and LF starting the next are one line end, not two', async () => {
    const json = JSON.stringify(textChunk('crlf', 'stop'));
    const half = json.indexOf(',');
    // One event whose JSON spans two data lines: an extra (blank) line would cut it in two.
    const result = await decodeParts([
      `data: ${json.slice(0, half)}\r`,
      // An empty read between the CR and its LF changes nothing.
      '',
      `\ndata: ${json.slice(half)}\r`,
      '\n\r\n',
    ]);
    expect(result.error).toBeUndefined();
    expect(result.chunks).toHaveLength(1);
    expect(result.completion!.choices[0]!.message.content).toBe('crlf');
  });
});
