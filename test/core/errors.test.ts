import { describe, expect, it } from 'vitest';
import {
  ChatApiError,
  ChatRequestError,
  createResponseError,
  describeWireError,
  isAbortError,
  parseRetryAfter,
  parseToolArguments,
} from '../../src/core/index.js';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter('0.5')).toBe(0.5);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing and garbage values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('describeWireError', () => {
  it('digs the message out of nested raw errors', () => {
    expect(
      describeWireError(
        { code: 502, message: 'Provider returned error', metadata: { raw: '{"detail":"model overloaded"}' } },
        'x',
      ),
    ).toBe('Provider returned error: model overloaded');
    expect(
      describeWireError(
        { code: 502, message: 'Upstream error', metadata: { raw: { error: { message: 'quota' } } } },
        'x',
      ),
    ).toBe('Upstream error: quota');
  });

  it('does not repeat a cause already in the message, and falls back when there is no message', () => {
    expect(describeWireError({ code: 400, message: 'Bad: thing', metadata: { raw: 'thing' } }, 'x')).toBe(
      'Bad: thing',
    );
    expect(describeWireError({ code: 400, message: '' }, 'HTTP 400')).toBe('HTTP 400');
    expect(describeWireError({ code: 400, message: 'x', metadata: { raw: '{not json' } }, '')).toBe(
      'x: {not json',
    );
  });
});

describe('describeWireError: what it adds', () => {
  it('falls back when the message is only whitespace', () => {
    expect(describeWireError({ code: 502, message: '  \n ' }, 'HTTP 502')).toBe('HTTP 502');
    expect(describeWireError({ code: 502, message: ' Overloaded ' }, 'HTTP 502')).toBe('Overloaded');
  });

  it('adds moderation reasons only when there are some', () => {
    const flagged = (reasons: string[]) =>
      describeWireError({ code: 403, message: 'Flagged', metadata: { reasons } }, 'x');
    expect(flagged(['violence', 'hate'])).toBe('Flagged (reasons: violence, hate)');
    expect(flagged([])).toBe('Flagged');
  });

  it("reads an object's error before its message (the order error, message, detail, error_message)", () => {
    const raw = { message: 'Request failed', error: { message: 'quota exceeded' } };
    expect(describeWireError({ code: 502, message: 'Upstream error', metadata: { raw } }, 'x')).toBe(
      'Upstream error: quota exceeded',
    );
  });

  it('stops digging after a few levels, so a cyclic raw object does not overflow the stack', () => {
    const raw: Record<string, unknown> = {};
    raw.error = raw;
    expect(describeWireError({ code: 502, message: 'Upstream error', metadata: { raw } }, 'x')).toBe(
      'Upstream error',
    );
  });
});

describe('createResponseError', () => {
  it('reads proxies that send { message } or { error: "text" }', () => {
    const response = new Response(null, { status: 400, statusText: 'Bad Request' });
    expect(createResponseError(response, '{"message":"model is required"}').message).toBe(
      'HTTP 400 Bad Request: model is required',
    );
    expect(createResponseError(response, '{"error":"invalid key"}').message).toBe(
      'HTTP 400 Bad Request: invalid key',
    );
    expect(createResponseError(response, '').message).toBe('HTTP 400 Bad Request');
    expect(createResponseError(response, '<title>Tom &amp; Jerry&#39;s &lt;proxy&gt;</title>').message).toBe(
      "HTTP 400 Bad Request: Tom & Jerry's <proxy>",
    );
  });

  it('keeps a long HTML page out of the message', () => {
    const page = `<html><body><p>${'x'.repeat(5000)}</p></body></html>`;
    const error = createResponseError(new Response(null, { status: 500 }), page);
    expect(error.message.length).toBeLessThan(320);
    expect(error.message).not.toContain('<');
    expect(error.body).toBe(page);
  });

  it('reads a page crafted against its patterns in its first 10,000 characters only (quadratic time)', () => {
    // 100 kB of unclosed tags took 2.4 s to search (each `<` scanned to the end), on the page's
    // main thread. Searched in its first 10,000 characters, the cost has a ceiling: what lies
    // past them (a title, a closed script, text) changes nothing. Its speed against a linear
    // floor is a row of `npm run bench` (pathological).
    const read = (page: string) => createResponseError(new Response(null, { status: 502 }), page).message;
    for (const page of ['<a'.repeat(50_000), '<script'.repeat(15_000), '<title'.repeat(17_000)]) {
      const message = read(page);
      expect(message.length).toBeLessThan(320);
      expect(read(page.slice(0, 10_000))).toBe(message);
      for (const after of ['<title>Past the limit</title>', '</script>Past the limit', '>Past the limit']) {
        expect(read(page.slice(0, 10_000) + after)).toBe(message);
        expect(read(page + after)).toBe(message);
      }
    }
    // Within the limit, the same page's title is read.
    const title = '<title>Bad gateway</title>';
    expect(read(`${'<a'.repeat(4_000)}${title}`)).toBe('HTTP 502: Bad gateway');
    expect(read(`${'<a'.repeat(5_000 - title.length / 2)}${title}`)).toBe('HTTP 502: Bad gateway');
    expect(read(`${'<a'.repeat(5_000)}${title}`)).not.toContain('Bad gateway');
  });

  it('clips a text body over 300 characters to its first 300, marked with an ellipsis', () => {
    const response = () => new Response(null, { status: 500 });
    expect(createResponseError(response(), 'y'.repeat(300)).message).toBe(`HTTP 500: ${'y'.repeat(300)}`);
    expect(createResponseError(response(), 'y'.repeat(301)).message).toBe(`HTTP 500: ${'y'.repeat(300)}…`);
  });

  it("leaves a page's scripts and styles out of its visible text (a page without a title)", () => {
    const page =
      '<html><head><style>body { color: red }</style><script>window.x = 1 < 2;</script></head>' +
      '<body><h1>Service unavailable</h1></body></html>';
    expect(createResponseError(new Response(null, { status: 503 }), page).message).toBe(
      'HTTP 503: Service unavailable',
    );
  });
});

describe('error classes', () => {
  it('retryable covers 408, 429, 5xx, network and timeout', () => {
    const make = (status: number | undefined, type: 'http' | 'network' | 'timeout' = 'http') =>
      new ChatApiError({ type, status, code: status ?? 'x', message: 'm' });
    expect([408, 429, 500, 503, 529].map((status) => make(status).retryable)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 402, 403, 404, 413, 422].some((status) => make(status).retryable)).toBe(false);
    expect(make(undefined, 'network').retryable).toBe(true);
    expect(make(undefined, 'timeout').retryable).toBe(true);
    // A 200 body or a stream chunk holding an error: its wire code decides.
    const wrapped = (status: number | undefined, code: number | string) =>
      new ChatApiError({ type: status ? 'http' : 'stream', status, code, message: 'm' }).retryable;
    expect([
      wrapped(200, 500),
      wrapped(200, 429),
      wrapped(undefined, 429),
      wrapped(undefined, '503'),
    ]).toEqual([true, true, true, true]);
    expect([wrapped(200, 400), wrapped(undefined, 403), wrapped(undefined, '413')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("retryable: an error inside a 200 is the server's unless its code is a 4xx; invalid_response is not", () => {
    // A stream cut off, an error chunk with a string code (WIRE.md's `server_error`) or none, a bad
    // chunk: sending the same request again may succeed (they said false, while the notice offered
    // a retry that may help).
    const stream = (code: number | string) => new ChatApiError({ type: 'stream', code, message: 'm' });
    expect(
      ['stream_truncated', 'server_error', 'stream_error', 'invalid_chunk'].map(
        (code) => stream(code).retryable,
      ),
    ).toEqual([true, true, true, true]);
    // A 200 body or a non-streamed reply's choice holding a string code.
    expect(
      new ChatApiError({ type: 'http', status: 200, code: 'server_error', message: 'm' }).retryable,
    ).toBe(true);
    // Something other than a chat endpoint answers (an app's HTML page): it answers so again.
    expect(
      new ChatApiError({ type: 'http', status: 200, code: 'invalid_response', message: 'm' }).retryable,
    ).toBe(false);
    // The status decides over the wire code when there is a real one.
    expect(new ChatApiError({ type: 'http', status: 400, code: 500, message: 'm' }).retryable).toBe(false);
  });

  it('sets cause the standard way, and only when there is one', () => {
    const cause = new TypeError('fetch failed');
    const withCause = new ChatApiError({ type: 'network', code: 'network_error', message: 'm', cause });
    expect(withCause.cause).toBe(cause);
    expect(Object.keys(withCause)).not.toContain('cause');
    const without = new ChatApiError({ type: 'http', code: 500, message: 'm' });
    expect('cause' in without).toBe(false);
  });

  it('ChatRequestError lists its issues in one line, separated by semicolons', () => {
    const error = new ChatRequestError([
      { path: 'temperature', message: 'expected a number from 0 to 2, got 5' },
      { path: 'stop', message: 'expected at most 4 stop sequences, got 5' },
    ]);
    expect(error.message).toBe(
      'Invalid chat completion request: temperature: expected a number from 0 to 2, got 5; ' +
        'stop: expected at most 4 stop sequences, got 5',
    );
  });

  it('isAbortError recognises the standard AbortError', () => {
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
  });
});

describe('parseToolArguments', () => {
  it('parses JSON, treats empty or whitespace as {}, reports bad JSON', () => {
    expect(parseToolArguments('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseToolArguments('')).toEqual({ ok: true, value: {} });
    expect(parseToolArguments(' \n\t')).toEqual({ ok: true, value: {} });
    const bad = parseToolArguments('{"a":');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Invalid tool arguments JSON: /);
  });
});
