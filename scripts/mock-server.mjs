#!/usr/bin/env node
// The mock endpoint as a local server for any OpenAI-compatible client (an app's dev server, its
// end-to-end tests, another language's client):
//   npx react-chat-completions-mock --port 8787 [--host 127.0.0.1] [--token-delay 15] [--seed 1]
//     [--scenario text] [--retry-after 30|none] [--replies replies.json]
//     [--reasoning-format text|summary|encrypted] [--usage-shape empty-choices|repeat-finish|null-finish]
//     [--system-fingerprint present|null|absent] [--first-token-delay 300] [--now 2026-01-01T00:00:00Z]
// --replies reads the mock's `replies` option from a JSON file (an array of strings and reply
// objects), checked before it listens: its entries by the mock, which names the one it cannot use.
// The package ships it as its `bin` (copied to dist/mock-server.mjs by scripts/copy-assets.mjs);
// in a clone of the repository, `npm run build && npm run mock-server -- --port 8787`. It imports
// `../dist/testing-server.js`, which is the built entry from both places.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: react-chat-completions-mock [--port 8787] [--host 127.0.0.1] [--token-delay 15]
                                   [--seed 1] [--scenario text] [--retry-after 30|none]
                                   [--replies replies.json]
                                   [--reasoning-format text|summary|encrypted]
                                   [--usage-shape empty-choices|repeat-finish|null-finish]
                                   [--system-fingerprint present|null|absent]
                                   [--first-token-delay 300] [--now 2026-01-01T00:00:00Z]

Serves POST /api/v1/chat/completions and GET /api/v1/models on 127.0.0.1 (no key, no network).
Pick a behaviour with the model id: mock/auto, mock/text, mock/tools, mock/error-429, ...
or one for every request with --scenario (the same names, without mock/).
--seed makes replies the same on every run (texts, tool arguments, tool call ids); with
--now as well (a fixed clock: an ISO date or milliseconds since 1970), their created times,
reply ids and dates are too.
--first-token-delay sets the milliseconds before the first token (default 20 times
--token-delay, at most 400), which keep-alive comments fill.
--retry-after sets the Retry-After seconds of the 429 and 503 errors (default 2 and 5);
none sends no Retry-After.
--replies scripts what the model says: a JSON file holding an array of what the mock's
replies option takes, texts ("Hello") and whole replies ({"content": "…", "tool_calls":
[{"name": "get_weather", "arguments": {"city": "Berlin"}}]}). A conversation's n-th reply is
the n-th entry (the first again after the last), counted from the assistant messages its
request sends back: other conversations and retries do not move it, and --seed does not change
which (it fixes what the entries leave out, such as tool call ids). A relative path is from
the directory the command runs in.
--reasoning-format, --usage-shape and --system-fingerprint: the mock's reasoningFormat,
usageShape and systemFingerprint.
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
      replies: { type: 'string' },
      'reasoning-format': { type: 'string' },
      'usage-shape': { type: 'string' },
      'system-fingerprint': { type: 'string' },
      'first-token-delay': { type: 'string' },
      now: { type: 'string' },
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

/**
 * A flag's value read as a number by `read` (not a number: NaN), or `undefined` when it is not
 * given; one that `ok` refuses stops the command with the text given and `what` to give
 * (exit code 2).
 */
function numberFlag(flag, ok, what, read = Number) {
  const text = values[flag];
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : read(text);
  if (!ok(value)) {
    console.error(`Invalid --${flag} ${JSON.stringify(text)}: ${what}.\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}
/** Digits only: not "0x10" (16), "1e3" or "-1". */
const digits = (text) => (/^\d+$/.test(text) ? Number(text) : Number.NaN);
// Finite: the mock refuses Infinity too, but names it null (as JSON writes it).
const milliseconds = (value) => value >= 0 && value < Infinity;
const MILLISECONDS = 'give milliseconds (0 or more)';

// An empty --port is not port 0 (a free port).
const port = numberFlag('port', (value) => value <= 65535, 'give a port number (0 to 65535)', digits);
const tokenDelay = numberFlag('token-delay', milliseconds, MILLISECONDS);
const seed = numberFlag('seed', Number.isFinite, 'give a number');
const firstTokenDelay = numberFlag('first-token-delay', milliseconds, MILLISECONDS);
// A fixed clock: milliseconds since 1970, or an ISO date (2026-01-01T00:00:00Z) that `Date.parse`
// reads. Only ISO: it reads other text too, "-5" or "1.5" as dates of 2001.
const now = numberFlag(
  'now',
  Number.isSafeInteger,
  'give an ISO date (2026-01-01T00:00:00Z) or milliseconds since 1970',
  (text) => (/^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : digits(text)),
);
// Whole seconds (0 or more), or `none` for no header (the mock's `retryAfter: null`).
const retryAfter = numberFlag(
  'retry-after',
  (value) => value === null || Number.isSafeInteger(value),
  'give whole seconds (0 or more) or none',
  (text) => (text === 'none' ? null : digits(text)),
);

// The file's own problems here; its entries the mock checks as it starts (a TypeError below).
let replies;
const repliesFile = values.replies;
if (repliesFile !== undefined) {
  const name = JSON.stringify(repliesFile);
  let text;
  try {
    // An editor's byte order mark is not JSON.
    text = readFileSync(repliesFile, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const problems = {
      ENOENT: `no such file (looked for ${resolve(repliesFile)})`,
      EISDIR: 'a directory, not a file',
      EACCES: 'not allowed to read it',
    };
    console.error(`Cannot read --replies ${name}: ${problems[error?.code] ?? error?.message}.\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    replies = JSON.parse(text);
  } catch (error) {
    console.error(`Invalid --replies ${name}: not JSON (${error.message}).\n\n${USAGE}`);
    process.exit(2);
  }
  if (!Array.isArray(replies)) {
    const got = replies === null ? 'null' : typeof replies === 'object' ? 'an object' : `a ${typeof replies}`;
    console.error(
      `Invalid --replies ${name}: it must hold an array of replies (strings or reply objects), got ${got}.\n\n${USAGE}`,
    );
    process.exit(2);
  }
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
    ...(firstTokenDelay === undefined ? {} : { firstTokenDelayMs: firstTokenDelay }),
    ...(now === undefined ? {} : { now: () => now }),
    ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(replies === undefined ? {} : { replies }),
    ...(values['reasoning-format'] === undefined ? {} : { reasoningFormat: values['reasoning-format'] }),
    ...(values['usage-shape'] === undefined ? {} : { usageShape: values['usage-shape'] }),
    ...(values['system-fingerprint'] === undefined
      ? {}
      : { systemFingerprint: values['system-fingerprint'] }),
  });
} catch (error) {
  // An option the mock cannot use (an unknown --scenario, an entry of the --replies file): its
  // TypeError says what to use (`Mock replies[1].images[0] must be …`, an index into the file).
  if (error instanceof TypeError) {
    const file = error.message.startsWith('Mock replies')
      ? `Invalid --replies ${JSON.stringify(repliesFile)}: `
      : '';
    console.error(`${file}${error.message}\n\n${USAGE}`);
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
