import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createChatHandler } from '../../src/server/index.js';
import { createMockFetch } from '../../src/testing/index.js';

// The handler as an app mounts it: behind a framework whose middleware may have read the body,
// in front of an endpoint that cannot be reached.

const KEY = 'sk-or-v1-mounting-secret-0123456789';
const messages = [{ role: 'user' as const, content: 'Hello' }];
const chatRequest = (body: string) =>
  new Request('https://app.test/api/chat/chat/completions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });

describe('createChatHandler as mounted in an app', () => {
  it('a body read before the handler (a body parser ahead of it) is a 500 that says so, not a 400 for the browser', async () => {
    const fetch = vi.fn(createMockFetch({ tokenDelayMs: 0 }));
    const handler = createChatHandler({ apiKey: KEY, fetch });
    const request = chatRequest(JSON.stringify({ model: 'mock/text', messages }));
    await request.json(); // e.g. a logging or validation middleware
    const response = await handler(request);
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { code: number; message: string } };
    expect(error.code).toBe(500);
    expect(error.message).toMatch(/read before the handler/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an unreachable endpoint\'s 502 says why (Node\'s fetch says only "fetch failed"), naming no host', async () => {
    // A loopback port just freed: nothing listens there.
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const handler = createChatHandler({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/api/v1` });
    const response = await handler(chatRequest(JSON.stringify({ model: 'a/b', messages })));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { code: 502, message: 'The endpoint could not be reached: fetch failed (ECONNREFUSED)' },
    });
    // A cause without a code gives its message, the key redacted as everywhere.
    const quoting = createChatHandler({
      apiKey: KEY,
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: new Error(`bad header ${KEY}`) });
      },
    });
    const quoted = (await (await quoting(chatRequest(JSON.stringify({ messages })))).json()) as {
      error: { message: string };
    };
    expect(quoted.error.message).toBe(
      'The endpoint could not be reached: fetch failed (bad header [redacted])',
    );
  });
});
