import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatApiError, collectCompletion, createChatClient } from '../../src/core/index.js';
import { readFixture } from './helpers.js';

/** A real loopback server, so the client runs against Node's own fetch (undici). */
let server: Server;
let baseUrl: string;
const seen: { headers: IncomingMessage['headers']; body: string; url: string }[] = [];
let hold: ServerResponse | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (part: Buffer) => {
      body += part.toString('utf8');
    });
    request.on('end', () => {
      seen.push({ headers: request.headers, body, url: request.url ?? '' });
      if (request.url === '/v1/chat/completions' && body.includes('"hang"')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: {"id":"gen-hang","choices":[{"index":0,"delta":{"content":"first"}}]}\n\n');
        hold = response;
        return;
      }
      if (request.url === '/v1/chat/completions') {
        const bytes = readFixture('crlf.sse');
        response.writeHead(200, { 'content-type': 'text/event-stream', 'x-generation-id': 'gen-http' });
        // Split inside a CRLF pair and inside the 4-byte emoji, with pauses, over real TCP.
        const cuts = [0, bytes.indexOf(0x0d) + 1, bytes.indexOf(0xf0) + 2, bytes.length];
        let at = 0;
        const next = () => {
          at++;
          if (at >= cuts.length) return response.end();
          response.write(bytes.subarray(cuts[at - 1], cuts[at]));
          setTimeout(next, 5);
        };
        next();
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 404, message: 'No endpoints found that support tool use.' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  hold?.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createChatClient over real HTTP', () => {
  const request = { model: 'm', messages: [{ role: 'user' as const, content: 'Hi' }] };

  it('streams a reply split across reads, with headers and body as sent', async () => {
    const client = createChatClient({ baseUrl, apiKey: 'sk-test', appTitle: 'Tests' });
    const stream = client.stream(request);
    const completion = await collectCompletion(stream);
    expect(completion.choices[0]!.message.content).toBe('line endings 😀 CRLF');
    expect(stream.generationId).toBe('gen-http');
    const last = seen.at(-1)!;
    expect(last.headers.authorization).toBe('Bearer sk-test');
    expect(last.headers['x-title']).toBe('Tests');
    expect(JSON.parse(last.body)).toEqual({ ...request, stream: true });
  });

  it('maps a JSON 404 to ChatApiError', async () => {
    const client = createChatClient({ baseUrl: `${baseUrl}/missing` });
    await expect(client.complete(request)).rejects.toMatchObject({
      status: 404,
      message: 'No endpoints found that support tool use.',
    });
  });

  it('aborting a live stream rejects with AbortError', async () => {
    const controller = new AbortController();
    const client = createChatClient({ baseUrl });
    const seenContent: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of client.stream({ ...request, user: 'hang' }, { signal: controller.signal })) {
        seenContent.push(chunk.choices[0]?.delta?.content);
        setTimeout(() => controller.abort(), 5);
      }
    })().catch((caught: unknown) => caught);
    expect(seenContent).toEqual(['first']);
    expect(error).not.toBeInstanceOf(ChatApiError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('a refused connection is a network_error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = createChatClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    await expect(client.complete(request)).rejects.toMatchObject({ type: 'network', code: 'network_error' });
  });
});
