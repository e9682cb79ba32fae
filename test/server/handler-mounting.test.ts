import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { describeChatError } from '../../src/components/error/describe-error.js';
import { ChatApiError, collectCompletion, createChatClient } from '../../src/core/index.js';
import {
  type ChatHandlerFinishEvent,
  type ChatHandlerOptions,
  createChatHandler,
} from '../../src/server/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { startMockServer } from '../../src/testing/server.js';

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

  it("a user authorize turns away is told why in the chat's error notice, not only that a key is invalid", async () => {
    const handler = createChatHandler({ apiKey: KEY, authorize: () => false, fetch: createMockFetch() });
    const client = createChatClient({
      baseUrl: 'https://app.test/api/chat',
      fetch: (input, init) => handler(new Request(input, init)),
    });
    const error = await client.complete({ messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(describeChatError(error)).toMatchObject({ kind: 'unauthorized', detail: 'Not signed in.' });
  });

  it('a baseUrl with a user name and password (which fetch refuses, quoting it) is a 502 that does not quote them', async () => {
    const handler = createChatHandler({
      apiKey: KEY,
      baseUrl: 'http://gateway-user:gateway-pass@127.0.0.1:1/v1',
    });
    const response = await handler(chatRequest(JSON.stringify({ messages })));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain('gateway-pass');
    expect(text).not.toContain('gateway-user');
    expect(text).toContain('//[redacted]@127.0.0.1:1/v1');
  });

  it('a stream says no-transform, so compression in front of the handler (Express) does not hold it to its end', async () => {
    const answer = (type: string, cache?: string) =>
      createChatHandler({
        apiKey: KEY,
        fetch: async () =>
          new Response('data: {}\n\n', {
            headers: { 'Content-Type': type, ...(cache ? { 'Cache-Control': cache } : {}) },
          }),
      })(chatRequest(JSON.stringify({ messages, stream: true })));
    const cacheOf = async (type: string, cache?: string) =>
      (await answer(type, cache)).headers.get('cache-control');
    expect(await cacheOf('text/event-stream')).toBe('no-cache, no-transform');
    expect(await cacheOf('text/event-stream', 'no-cache')).toBe('no-cache, no-transform');
    expect(await cacheOf('text/event-stream', 'no-cache, No-Transform')).toBe('no-cache, No-Transform');
    // Answers read whole keep the endpoint's header as it was.
    expect(await cacheOf('application/json', 'no-cache')).toBe('no-cache');
    expect(await cacheOf('application/json')).toBeNull();
  });

  it('GET …/models lists only the models allowModels lets through, so a model select offers none that is a 400', async () => {
    const list = async (allowModels?: ChatHandlerOptions['allowModels']) => {
      const handler = createChatHandler({ apiKey: KEY, fetch: createMockFetch(), allowModels });
      const response = await handler(new Request('https://app.test/api/chat/models'));
      expect(response.status).toBe(200);
      return (await response.json()) as {
        data: { id: string; description?: string }[];
        total_count?: number;
      };
    };
    const all = await list();
    expect(all.data.length).toBeGreaterThan(10);
    const listed = await list(['mock/text', 'mock/tools', 'not/listed']);
    expect(listed.data.map((model) => model.id)).toEqual(['mock/text', 'mock/tools']);
    expect(listed.total_count).toBe(2);
    // Each entry as the endpoint wrote it (text beyond ASCII included).
    expect(listed.data[0]).toEqual(all.data.find((model) => model.id === 'mock/text'));
    const tested = await list((model) => model.startsWith('mock/error-'));
    expect(tested.data.length).toBeGreaterThan(0);
    expect(tested.data.every((model) => model.id.startsWith('mock/error-'))).toBe(true);
    // An answer that is no list passes as it came.
    const failing = createChatHandler({
      apiKey: KEY,
      allowModels: ['mock/text'],
      fetch: async () => Response.json({ error: { code: 503, message: 'down' } }, { status: 503 }),
    });
    expect(await (await failing(new Request('https://app.test/api/chat/models'))).json()).toEqual({
      error: { code: 503, message: 'down' },
    });
  });

  it("the README's toNodeListener serves it from Node's http: streams, lets the endpoint go on Stop, survives a cut", async () => {
    const listener = await readmeNodeListener();
    const mock = await startMockServer({ tokenDelayMs: 5 });
    const upstream: AbortSignal[] = [];
    const handler = createChatHandler({
      apiKey: KEY,
      baseUrl: mock.url,
      fetch: (input, init) => {
        if (init?.signal) upstream.push(init.signal);
        return fetch(input, init);
      },
      transformRequest: (body) => {
        if (body.user === 'throws') throw new Error('transformRequest failed');
        return body;
      },
    });
    const server = createServer(listener(handler)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createChatClient({ baseUrl: `http://127.0.0.1:${port}/api/chat`, maxRetries: 0 });
    try {
      let text = '';
      for await (const chunk of client.stream({ model: 'mock/text', messages })) {
        text += chunk.choices[0]?.delta?.content ?? '';
      }
      expect(text).toContain('Hello');

      // Stop after the first chunks: the request to the endpoint is aborted too.
      const stop = new AbortController();
      const reading = (async () => {
        let chunks = 0;
        for await (const _ of client.stream({ model: 'mock/slow', messages }, { signal: stop.signal })) {
          if (++chunks === 3) stop.abort();
        }
      })();
      await expect(reading).rejects.toThrow();
      await vi.waitFor(() => expect(upstream.at(-1)?.aborted).toBe(true));

      // The endpoint dropping the connection mid-stream: the browser's stream ends, the server lives on.
      const cut = (async () => {
        for await (const _ of client.stream({ model: 'mock/truncated', messages })) {
          // read to the end
        }
      })();
      await expect(cut).rejects.toBeInstanceOf(ChatApiError);

      const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
      const failing = await fetch(`http://127.0.0.1:${port}/api/chat/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ messages, user: 'throws' }),
      });
      expect(failing.status).toBe(500);
      // In the endpoint's error shape, which the library's client reads like the handler's own.
      expect(await failing.json()).toEqual({ error: { code: 500, message: 'Internal server error.' } });
      expect(errorLog).toHaveBeenCalledOnce();

      const models = await fetch(`http://127.0.0.1:${port}/api/chat/models`);
      expect(models.status).toBe(200);
      expect(((await models.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await mock.close();
    }
  });
});

describe('createChatHandler onFinish as mounted in an app', () => {
  it("behind the README's toNodeListener: a whole stream's usage, a Stop as isAbort", async () => {
    const listener = await readmeNodeListener();
    const mock = await startMockServer({ tokenDelayMs: 5 });
    const events: ChatHandlerFinishEvent[] = [];
    const handler = createChatHandler({
      apiKey: KEY,
      baseUrl: mock.url,
      onFinish: (event) => void events.push(event),
    });
    const server = createServer(listener(handler)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createChatClient({ baseUrl: `http://127.0.0.1:${port}/api/chat`, maxRetries: 0 });
    try {
      const completion = await collectCompletion(client.stream({ model: 'mock/text', messages }));
      // The client lets the stream go at [DONE]; the socket closing after it is no abort.
      await vi.waitFor(() => expect(events).toHaveLength(1));
      expect(events[0]).toMatchObject({
        status: 200,
        isAbort: false,
        error: undefined,
        usage: completion.usage,
      });
      expect(completion.usage?.cost).toEqual(expect.any(Number));

      const stop = new AbortController();
      let seen = '';
      const reading = (async () => {
        let chunks = 0;
        for await (const chunk of client.stream({ model: 'mock/slow', messages }, { signal: stop.signal })) {
          seen += chunk.choices[0]?.delta?.content ?? '';
          if (++chunks === 3) stop.abort();
        }
      })();
      await expect(reading).rejects.toThrow();
      await vi.waitFor(() => expect(events).toHaveLength(2));
      expect(events[1]).toMatchObject({ status: 200, isAbort: true, error: undefined, usage: undefined });
      // What the server had passed on by then: at least what the browser read.
      expect(seen).not.toBe('');
      expect(String(events[1]?.completion?.choices[0]?.message.content).startsWith(seen)).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await mock.close();
    }
  });
});

type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** `toNodeListener` as the README writes it (its code block, compiled), to run as an app would. */
async function readmeNodeListener(): Promise<
  (handle: (request: Request) => Promise<Response>) => NodeListener
> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map(([, code]) => code ?? '')
    .find((code) => code.includes('export function toNodeListener'));
  if (!block) throw new Error('README: no code block with toNodeListener');
  // Its `node:` imports and the function; the lines that start a server on a port are left out.
  const imports = block.split('\n').filter((line) => line.startsWith('import') && line.includes("'node:"));
  const fn = /export function toNodeListener[\s\S]*?\n}\n/.exec(block)?.[0];
  if (!fn) throw new Error('README: toNodeListener not found whole');
  const { outputText } = ts.transpileModule([...imports, fn].join('\n'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(tmpdir(), `readme-node-listener-${process.pid}.mjs`);
  writeFileSync(file, outputText);
  try {
    return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { toNodeListener: never })
      .toNodeListener;
  } finally {
    rmSync(file, { force: true });
  }
}
