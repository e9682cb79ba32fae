import { describe, expect, it } from 'vitest';
import {
  ChatApiError,
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
    expect([wrapped(200, 400), wrapped(200, 'server_error'), wrapped(undefined, 'x')]).toEqual([
      false,
      false,
      false,
    ]);
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
