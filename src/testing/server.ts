/// <reference types="node" />
/**
 * `react-chat-completions/testing/server`: the mock endpoint as a Node HTTP server, so any
 * OpenAI-compatible client can be pointed at it. The only Node-specific file of the mock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertMockOptions } from './options.js';
import { respondToMockRequest } from './respond.js';
import type { MockEndpointOptions } from './types.js';
import { urlHost } from './url-host.js';

/** Options of `startMockServer`: where to listen, plus every mock endpoint option. */
export interface MockServerOptions extends MockEndpointOptions {
  /** Default 0: a free port chosen by the system. */
  port?: number | undefined;
  /**
   * Default `127.0.0.1`: loopback only. `0.0.0.0` or `::` listens on every address; `url` then
   * names loopback (`127.0.0.1`, `[::1]`), since browsers refuse a URL to `0.0.0.0`.
   */
  host?: string | undefined;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL to give a client, e.g. `http://127.0.0.1:8787/api/v1`. */
  url: string;
  /** The port it listens on (the one the system chose when `port` was 0). */
  port: number;
  /**
   * Stops listening and drops open connections. Calling it again (a test's own `close()`, then
   * `afterAll`'s) returns the same promise: it does not reject because the server is already closed.
   */
  close(): Promise<void>;
}

// Browsers (a "live endpoint" demo pointed at this server) need CORS. The Fetch standard's `*`
// covers every request header but `Authorization` (sent when the client has an `apiKey`), which
// must be named: Firefox refuses the request otherwise.
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': '*, Authorization',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'X-Generation-Id, Retry-After',
};

async function readBody(request: IncomingMessage): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const part of request) text += decoder.decode(part as Uint8Array, { stream: true });
  return text + decoder.decode();
}

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function write(response: ServerResponse, bytes: Uint8Array): Promise<void> {
  if (response.write(bytes)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

async function serve(request: IncomingMessage, response: ServerResponse, options: MockEndpointOptions) {
  const disconnect = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) disconnect.abort();
  });
  if (request.method === 'OPTIONS') {
    response.writeHead(204, CORS_HEADERS).end();
    return;
  }
  try {
    const answer = await respondToMockRequest(
      {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: toHeaders(request),
        body: await readBody(request),
      },
      options,
      disconnect.signal,
    );
    response.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...CORS_HEADERS });
    response.flushHeaders();
    const reader = answer.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      await write(response, next.value);
    }
    response.end();
  } catch (error) {
    if (disconnect.signal.aborted) return; // the client went away: the stream already stopped
    if (!response.headersSent)
      response.writeHead(500, { 'Content-Type': 'application/json', ...CORS_HEADERS });
    response.end(JSON.stringify({ error: { code: 500, message: `Mock server error: ${String(error)}` } }));
  }
}

/**
 * Starts the mock endpoint on node:http, serving `/api/v1/chat/completions` and `/api/v1/models`.
 * Streams are written to the socket as they are produced; a client disconnect stops them.
 *
 * @example
 * const server = await startMockServer({ port: 8787 });
 * const client = new OpenAI({ apiKey: 'unused', baseURL: server.url });
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', ...endpoint } = options;
  assertMockOptions(endpoint);
  // A string that is not a number would make node:http listen on a pipe of that name.
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new TypeError(
      `startMockServer: port must be an integer from 0 to 65535 (0: a free port), got ${JSON.stringify(port)}.`,
    );
  }
  const server = createServer((request, response) => {
    void serve(request, response, endpoint);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${actualPort}/api/v1`,
    port: actualPort,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

export type { MockEndpointOptions } from './types.js';
