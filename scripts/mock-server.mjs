#!/usr/bin/env node
// The mock endpoint as a local server for any OpenAI-compatible client (an app's dev server, its
// end-to-end tests, another language's client):
//   npx react-chat-completions-mock --port 8787 [--host 127.0.0.1] [--token-delay 15] [--seed 1]
//     [--scenario text] [--retry-after 30|none]
// The package ships it as its `bin` (copied to dist/mock-server.mjs by scripts/copy-assets.mjs);
// in a clone of the repository, `npm run build && npm run mock-server -- --port 8787`. It imports
// `../dist/testing-server.js`, which is the built entry from both places.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Usage: react-chat-completions-mock [--port 8787] [--host 127.0.0.1] [--token-delay 15]
                                   [--seed 1] [--scenario text] [--retry-after 30|none]

Serves POST /api/v1/chat/completions and GET /api/v1/models on 127.0.0.1 (no key, no network).
Pick a behaviour with the model id: mock/auto, mock/text, mock/tools, mock/error-429, ...
or one for every request with --scenario (the same names, without mock/).
--seed makes replies the same on every run (texts, tool arguments, tool call ids).
--retry-after sets the Retry-After seconds of the 429 and 503 errors (default 2 and 5);
none sends no Retry-After.
--port 0 takes a free port; the first line printed has the URL.
--host 0.0.0.0 listens on every address (a container's, for its host); the URL printed then
names 127.0.0.1, which browsers open (they refuse 0.0.0.0).`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'token-delay': { type: 'string' },
      seed: { type: 'string' },
      scenario: { type: 'string' },
      'retry-after': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
const tokenDelay = values['token-delay'] === undefined ? undefined : Number(values['token-delay']);
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (!Number.isInteger(port) || port < 0 || port > 65535 || (tokenDelay !== undefined && !(tokenDelay >= 0))) {
  console.error(`Invalid --port or --token-delay.\n\n${USAGE}`);
  process.exit(2);
}
if (seed !== undefined && !(values.seed.trim() !== '' && Number.isFinite(seed))) {
  console.error(`Invalid --seed ${JSON.stringify(values.seed)}: give a number.\n\n${USAGE}`);
  process.exit(2);
}

// Whole seconds (0 or more), or `none` for no header (the mock's `retryAfter: null`).
const retryText = values['retry-after'];
const retryAfter = retryText === undefined ? undefined : retryText === 'none' ? null : Number(retryText);
if (
  retryAfter !== undefined &&
  retryAfter !== null &&
  !(/^\d+$/.test(retryText) && Number.isSafeInteger(retryAfter))
) {
  console.error(
    `Invalid --retry-after ${JSON.stringify(retryText)}: give whole seconds (0 or more) or none.\n\n${USAGE}`,
  );
  process.exit(2);
}

const entry = new URL('../dist/testing-server.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dist/ is missing: run npm run build first.');
  process.exit(1);
}
const { startMockServer } = await import(entry.href);

let server;
try {
  server = await startMockServer({
    port,
    host: values.host,
    ...(tokenDelay === undefined ? {} : { tokenDelayMs: tokenDelay }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
} catch (error) {
  // An option the mock cannot use (an unknown --scenario): its TypeError lists what to use.
  if (error instanceof TypeError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  // Node's own error would print a stack trace of its internals: say what happened and what to do.
  const where = `${values.host}:${port}`;
  const hints = {
    EADDRINUSE: `Port ${port} is in use (another mock server still running?): stop it, or pick another port with --port (--port 0 takes a free one).`,
    EACCES: `Not allowed to listen on ${where} (ports below 1024 need privileges): pick another port with --port.`,
    EADDRNOTAVAIL: `${values.host} is not an address of this machine: use --host 127.0.0.1 (the default) or one of its own.`,
    ENOTFOUND: `The host ${values.host} was not found: use --host 127.0.0.1 (the default) or one of this machine's addresses.`,
  };
  console.error(`Cannot listen on ${where}: ${hints[error?.code] ?? error?.message ?? error}`);
  process.exit(1);
}
// Before the lines that say it is ready: a test runner may stop it as soon as it reads them.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close().finally(() => process.exit(0));
  });
}
console.log(`Mock endpoint listening: ${server.url}`);
console.log(`  POST ${server.url}/chat/completions`);
console.log(`  GET  ${server.url}/models`);
console.log('Press Ctrl+C to stop.');
