#!/usr/bin/env node
// Smoke test of the built core in plain Node: imports `react-chat-completions/core` through the
// package's own exports map (run `npm run build` first), streams a reply from a local SSE server,
// and checks the text, the accumulation and the error classes; then the same stream through the
// built `react-chat-completions/server` proxy, `require()` of the entries, and the package's `bin`
// (the mock server's command line) as npm links it. Prints "core smoke: ok".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import {
  accumulateChunk,
  ChatApiError,
  ChatRequestError,
  collectCompletion,
  createChatClient,
  validateRequest,
} from 'react-chat-completions/core';
import { createChatHandler } from 'react-chat-completions/server';

const chunk = (content, finish = null) =>
  `data: ${JSON.stringify({
    id: 'gen-smoke',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'smoke/model',
    choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
  })}\n\n`;

const server = createServer((request, response) => {
  let body = '';
  request.on('data', (part) => {
    body += part;
  });
  request.on('end', () => {
    const keyed = request.headers.authorization === 'Bearer sk-smoke';
    if (request.url !== '/api/v1/chat/completions' || JSON.parse(body).stream !== true || !keyed) {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 400, message: `unexpected request ${request.url}` } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'x-generation-id': 'gen-smoke' });
    response.write(': OPENROUTER PROCESSING\n\n');
    response.write(chunk('Hello'));
    response.write(chunk(', wor'));
    response.write(chunk('ld 😀'));
    response.end(`${chunk('', 'stop')}data: [DONE]\n\n`);
  });
});

try {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const client = createChatClient({ baseUrl: `http://127.0.0.1:${port}/api/v1`, apiKey: 'sk-smoke' });
  const request = { model: 'smoke/model', messages: [{ role: 'user', content: 'Hi' }] };

  assert.deepEqual(validateRequest(request), []);
  const stream = client.stream(request);
  const completion = await collectCompletion(stream);
  assert.equal(completion.choices[0].message.content, 'Hello, world 😀');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.equal(stream.generationId, 'gen-smoke');

  const again = accumulateChunk(undefined, { choices: [{ index: 0, delta: { content: 'x' } }] });
  assert.equal(again.choices[0].message.content, 'x');

  await assert.rejects(client.complete({ messages: [] }), ChatRequestError);
  await assert.rejects(
    client.complete({ ...request, model: 'other' }),
    (error) => error instanceof ChatApiError && error.status === 400,
  );
  // The server proxy: the browser's client holds no key; the handler adds it.
  const handler = createChatHandler({ apiKey: 'sk-smoke', baseUrl: `http://127.0.0.1:${port}/api/v1` });
  const browser = createChatClient({
    baseUrl: 'https://app.test/api/chat',
    fetch: (input, init) => handler(new Request(input, init)),
  });
  const proxied = await collectCompletion(browser.stream(request));
  assert.equal(proxied.choices[0].message.content, 'Hello, world 😀');
  // What a client that skips validation would send is refused before it goes upstream.
  const refused = await handler(
    new Request('https://app.test/api/chat/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...request, temperature: 9 }),
    }),
  );
  assert.equal(refused.status, 400);
  assert.match((await refused.json()).error.message, /temperature/);

  // The README says Node 20.19 and later can `require()` the package (ESM loaded synchronously).
  const require = createRequire(import.meta.url);
  assert.equal(require('react-chat-completions/core').createChatClient, createChatClient);
  assert.equal(require('react-chat-completions/server').createChatHandler, createChatHandler);
  assert.equal(typeof require('react-chat-completions/testing').createMockFetch, 'function');
  await smokeMockBin();
  console.log('core smoke: ok');
} catch (error) {
  console.error('core smoke: FAILED');
  console.error(error);
  process.exitCode = 1;
} finally {
  server.close();
}

/** The package's `bin` as `npx react-chat-completions-mock --port 0` runs it: serves, answers, stops. */
async function smokeMockBin() {
  const { bin } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const file = new URL(`../${bin['react-chat-completions-mock']}`, import.meta.url);
  accessSync(file, constants.X_OK);
  assert.match(readFileSync(file, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const child = spawn(process.execPath, [file.pathname, '--port', '0', '--token-delay', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (data) => {
        out += data;
        const found = /listening: (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(out);
        if (found) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`the mock bin exited before listening: ${out}`)));
    });
    const client = createChatClient({ baseUrl: url });
    const { data } = await client.models();
    assert.ok(data.some((model) => model.id === 'mock/text'));
    const reply = await collectCompletion(
      client.stream({ model: 'mock/text', messages: [{ role: 'user', content: 'Hi' }] }),
    );
    assert.equal(reply.choices[0].finish_reason, 'stop');
    assert.ok(reply.choices[0].message.content.length > 0);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
}
