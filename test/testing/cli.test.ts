import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { ChatCompletionChunk } from '../../src/core/types.js';

// The package's `react-chat-completions-mock` command (scripts/mock-server.mjs, shipped as
// dist/mock-server.mjs). It loads the built server entry next to it, which the unit tests run
// without: here it runs beside a stand-in for that entry that listens as `startMockServer` does
// (and, as it does, throws a `TypeError` for a scenario it does not know), recording the options it
// is given. What is checked is the command's own part: its options, and a server that cannot start.
// What the mock makes of them (a --replies file's replies over HTTP, the mock's own messages) is
// checked beside the real entry, built from the sources (a fraction of a second) as the package is.
const STAND_IN = `import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
export async function startMockServer(options) {
  const { port, host, ...endpoint } = options;
  // A clock is recorded as the time it gives.
  const recorded = endpoint.now ? { ...endpoint, now: endpoint.now() } : endpoint;
  writeFileSync(new URL('./options.json', import.meta.url), JSON.stringify(recorded));
  if (endpoint.scenario !== undefined && endpoint.scenario !== 'text') {
    throw new TypeError(\`Unknown mock scenario \${JSON.stringify(endpoint.scenario)}.\`);
  }
  const server = createServer((request, response) => response.end());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actual } = server.address();
  return { url: \`http://\${host}:\${actual}/api/v1\`, port: actual, close: async () => server.close() };
}
`;

let dir: string;
let busy: Server;
let busyPort: number;
// The command beside the real server entry.
let realDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcc-cli-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync('scripts/mock-server.mjs', join(dir, 'scripts/mock-server.mjs'));
  writeFileSync(join(dir, 'dist/testing-server.js'), STAND_IN);
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
  realDir = mkdtempSync(join(tmpdir(), 'rcc-cli-real-'));
  mkdirSync(join(realDir, 'scripts'));
  copyFileSync('scripts/mock-server.mjs', join(realDir, 'scripts/mock-server.mjs'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: 'src/testing/server.ts',
      outDir: join(realDir, 'dist'),
      minify: false,
      rollupOptions: { output: { entryFileNames: 'testing-server.js' } },
    },
  });
});

afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  rmSync(realDir, { recursive: true, force: true });
});

/**
 * Runs the command (beside the stand-in, or in `base`) until it exits; listening, it is stopped by
 * SIGTERM as soon as it prints its URL.
 */
function runCli(
  args: string[],
  base = dir,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(base, 'scripts/mock-server.mjs'), ...args], { cwd: base });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (data: Buffer) => {
      stdout += data;
      if (!stopped && stdout.includes('Mock endpoint listening')) stopped = child.kill('SIGTERM');
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the real command in `realDir` and resolves with its URL once it says it listens. */
function startRealCli(args: string[]): Promise<{ url: string; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/mock-server.mjs', '--port', '0', ...args], {
      cwd: realDir,
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const stop = () => {
      child.kill('SIGTERM');
      return exited;
    };
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data;
    });
    child.stdout.on('data', (data: Buffer) => {
      stdout += data;
      const url = stdout.match(/^Mock endpoint listening: (\S+)$/m)?.[1];
      if (url) resolve({ url, stop });
    });
    child.on('error', reject);
    // Exiting before it listens (a settled promise ignores it after).
    void exited.then((code) => reject(new Error(`The command exited (${code}): ${stderr}`)));
  });
}

/** Posts a streamed chat-completions request and returns the chunks it got (`[DONE]` left out). */
async function streamChunks(url: string, messages: object[]): Promise<ChatCompletionChunk[]> {
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages }),
  });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const text = await response.text();
  expect(text).toMatch(/data: \[DONE\]\n\n$/);
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as ChatCompletionChunk);
}

/** The text a stream's chunks spell out (their `delta.content`, in order). */
const contentOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');

/** Writes `content` to a file of `realDir` and gives its name (relative to the command's directory). */
function repliesFile(name: string, content: string): string {
  writeFileSync(join(realDir, name), content);
  return name;
}

describe('react-chat-completions-mock', () => {
  test('--port 0 prints the URL of a free port first', async () => {
    const { code, stdout } = await runCli(['--port', '0']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^Mock endpoint listening: http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
  });

  test('--token-delay, --seed and --scenario go to the mock as its options', async () => {
    const { code } = await runCli(['--port', '0', '--token-delay', '0', '--seed', '7', '--scenario', 'text']);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dist/options.json'), 'utf8'))).toEqual({
      tokenDelayMs: 0,
      seed: 7,
      scenario: 'text',
    });
  });

  test('--retry-after goes to the mock as its retryAfter: whole seconds, or none for null', async () => {
    for (const [given, retryAfter] of [
      ['30', 30],
      ['0', 0],
      ['none', null],
    ] as const) {
      const { code } = await runCli(['--port', '0', '--retry-after', given]);
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'dist/options.json'), 'utf8'))).toEqual({ retryAfter });
    }
    await runCli(['--port', '0']);
    expect(JSON.parse(readFileSync(join(dir, 'dist/options.json'), 'utf8'))).toEqual({});
  });

  test('a --retry-after that is not whole seconds or none: said before anything starts, exit code 2', async () => {
    for (const given of ['x', '', '-1', '1.5', '1e3', 'None']) {
      const { code, stdout, stderr } = await runCli(['--port', '0', `--retry-after=${given}`]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(
          `^Invalid --retry-after ${JSON.stringify(given)}: give whole seconds \\(0 or more\\) or none\\.\n\nUsage: `,
        ),
      );
    }
  });

  test('a --port or --token-delay it cannot use: which one, and what to give, exit code 2', async () => {
    for (const [args, message] of [
      [['--port', '70000'], 'Invalid --port "70000": give a port number (0 to 65535).'],
      [['--port', 'http'], 'Invalid --port "http": give a port number (0 to 65535).'],
      // Not port 0 (a free port), nor 16.
      [['--port='], 'Invalid --port "": give a port number (0 to 65535).'],
      [['--port', '0x10'], 'Invalid --port "0x10": give a port number (0 to 65535).'],
      [
        ['--port', '0', '--token-delay', 'fast'],
        'Invalid --token-delay "fast": give milliseconds (0 or more).',
      ],
      [['--port', '0', '--token-delay='], 'Invalid --token-delay "": give milliseconds (0 or more).'],
      [
        ['--port', '0', '--token-delay', 'Infinity'],
        'Invalid --token-delay "Infinity": give milliseconds (0 or more).',
      ],
    ] as const) {
      const { code, stdout, stderr } = await runCli([...args]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.startsWith(`${message}\n\nUsage: `)).toBe(true);
    }
  });

  test('--help lists --retry-after', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('[--retry-after 30|none]');
    expect(stdout).toContain('none sends no Retry-After.');
  });

  test('a --scenario the mock does not know: its message and the usage, exit code 2', async () => {
    const { code, stderr } = await runCli(['--port', '0', '--scenario', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Unknown mock scenario "nope"\.\n\nUsage: react-chat-completions-mock /);
  });

  test('a --seed that is not a number: said before anything starts, exit code 2', async () => {
    for (const seed of ['x', '']) {
      const { code, stderr } = await runCli(['--port', '0', '--seed', seed]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^Invalid --seed ${JSON.stringify(seed)}: give a number\\.`));
    }
  });

  test('a port in use: one line that says so and what to do, no stack trace, exit code 1', async () => {
    const { code, stdout, stderr } = await runCli(['--port', String(busyPort)]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      `Cannot listen on 127.0.0.1:${busyPort}: Port ${busyPort} is in use (another mock server still running?): stop it, or pick another port with --port (--port 0 takes a free one).`,
    );
  });

  test('a host that is not one of this machine: says so, exit code 1', async () => {
    const { code, stderr } = await runCli(['--port', '0', '--host', '192.0.2.1']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'Cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine: use --host 127.0.0.1 (the default) or one of its own.',
    );
  });

  test('--reasoning-format and --usage-shape go to the mock as its reasoningFormat and usageShape', async () => {
    const { code } = await runCli([
      '--port',
      '0',
      '--reasoning-format',
      'summary',
      '--usage-shape',
      'repeat-finish',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dist/options.json'), 'utf8'))).toEqual({
      reasoningFormat: 'summary',
      usageShape: 'repeat-finish',
    });
  });

  test('--help lists --replies, --reasoning-format, --usage-shape and --system-fingerprint', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('[--replies replies.json]');
    expect(stdout).toContain('[--reasoning-format text|summary|encrypted]');
    expect(stdout).toContain('[--usage-shape empty-choices|repeat-finish|null-finish]');
    expect(stdout).toContain('[--system-fingerprint present|null|absent]');
  });

  test('--system-fingerprint goes to the mock as its systemFingerprint', async () => {
    const { code } = await runCli(['--port', '0', '--system-fingerprint', 'absent']);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dist/options.json'), 'utf8'))).toEqual({
      systemFingerprint: 'absent',
    });
  });
});

describe('react-chat-completions-mock: --first-token-delay and --now', () => {
  test('they go to the mock as its firstTokenDelayMs and a clock fixed at that time', async () => {
    for (const [now, ms] of [
      ['2026-01-01T00:00:00Z', 1_767_225_600_000],
      ['1767225600123', 1_767_225_600_123],
    ] as const) {
      const { code } = await runCli(['--port', '0', '--first-token-delay', '250', '--now', now]);
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'dist/options.json'), 'utf8'))).toEqual({
        firstTokenDelayMs: 250,
        now: ms,
      });
    }
  });

  test('a --first-token-delay or --now it cannot use: what to give, exit code 2', async () => {
    for (const [args, message] of [
      [['--first-token-delay=-5'], 'Invalid --first-token-delay "-5": give milliseconds (0 or more).'],
      [['--first-token-delay', 'soon'], 'Invalid --first-token-delay "soon": give milliseconds (0 or more).'],
      [['--first-token-delay', ' '], 'Invalid --first-token-delay " ": give milliseconds (0 or more).'],
      [
        ['--first-token-delay', 'Infinity'],
        'Invalid --first-token-delay "Infinity": give milliseconds (0 or more).',
      ],
      [
        ['--now', 'yesterday'],
        'Invalid --now "yesterday": give an ISO date (2026-01-01T00:00:00Z) or milliseconds since 1970.',
      ],
      // Numbers that are not whole milliseconds, which Date.parse reads as dates of 2001.
      [
        ['--now=-5'],
        'Invalid --now "-5": give an ISO date (2026-01-01T00:00:00Z) or milliseconds since 1970.',
      ],
      [
        ['--now', '1.5'],
        'Invalid --now "1.5": give an ISO date (2026-01-01T00:00:00Z) or milliseconds since 1970.',
      ],
    ] as const) {
      const { code, stdout, stderr } = await runCli(['--port', '0', ...args]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.startsWith(`${message}\n\nUsage: `)).toBe(true);
    }
  });

  test('--help lists them', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toContain('[--first-token-delay 300] [--now 2026-01-01T00:00:00Z]');
  });
});

describe('react-chat-completions-mock with the mock itself', () => {
  test('--seed with --now: the same request gets the same reply from two runs, created time and id included', async () => {
    const ask = async (url: string) => {
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          model: 'mock/tools',
          messages: [{ role: 'user', content: 'Weather in Paris?' }],
        }),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const replies = [];
    // The same time given both ways.
    for (const now of ['2026-01-01T00:00:00Z', '1767225600000']) {
      const server = await startRealCli(['--token-delay', '0', '--seed', '7', '--now', now]);
      try {
        replies.push(await ask(server.url));
      } finally {
        await server.stop();
      }
    }
    expect(replies[0]?.created).toBe(1_767_225_600);
    expect(replies[0]?.id).toEqual(expect.any(String));
    expect(replies[1]).toEqual(replies[0]);
  });

  test('--replies: each conversation gets the file’s replies in order, streamed over HTTP', async () => {
    const file = repliesFile(
      'replies.json',
      // With the byte order mark some editors write: not JSON, but the command reads past it.
      '\uFEFF' +
        JSON.stringify([
          'Hello from the file',
          {
            content: 'Cut short',
            finish_reason: 'length',
            usage: { prompt_tokens: 10, completion_tokens: 2 },
          },
        ]),
    );
    const server = await startRealCli(['--token-delay', '0', '--replies', file]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const hi = { role: 'user', content: 'Hi' };
      const first = await streamChunks(server.url, [hi]);
      expect(contentOf(first)).toBe('Hello from the file');
      // The conversation's second reply (one assistant message before it) is the second entry.
      const second = await streamChunks(server.url, [hi, { role: 'assistant', content: 'Hello' }, hi]);
      expect(contentOf(second)).toBe('Cut short');
      expect(second.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['length']);
      expect(second.at(-1)?.usage).toMatchObject({
        prompt_tokens: 10,
        completion_tokens: 2,
        total_tokens: 12,
      });
      // Another conversation starts from the first entry again: the order is per conversation.
      expect(contentOf(await streamChunks(server.url, [{ role: 'user', content: 'Hey' }]))).toBe(
        'Hello from the file',
      );
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  test('--reasoning-format sets how a scripted reply’s reasoning comes', async () => {
    const file = repliesFile(
      'reasoning.json',
      JSON.stringify([{ reasoning: 'Think first.', content: 'Done' }]),
    );
    const server = await startRealCli([
      '--token-delay',
      '0',
      '--replies',
      file,
      '--reasoning-format',
      'encrypted',
    ]);
    try {
      const chunks = await streamChunks(server.url, [{ role: 'user', content: 'Hi' }]);
      expect(contentOf(chunks)).toBe('Done');
      const details = chunks.flatMap((chunk) => chunk.choices[0]?.delta?.reasoning_details ?? []);
      expect(details.map((detail) => detail.type)).toEqual(['reasoning.encrypted']);
    } finally {
      await server.stop();
    }
  });

  test('a --replies file the mock cannot use: its name and the problem, exit code 2', async () => {
    const cases: [string, string | undefined, RegExp][] = [
      [
        'missing.json',
        undefined,
        /^Cannot read --replies "missing\.json": no such file \(looked for .+missing\.json\)\.\n\nUsage: /,
      ],
      ['not-json.json', '["Hi",]', /^Invalid --replies "not-json\.json": not JSON \(.+\)\.\n\nUsage: /],
      [
        'object.json',
        '{"content":"Hi"}',
        /^Invalid --replies "object\.json": it must hold an array of replies \(strings or reply objects\), got an object\.\n\nUsage: /,
      ],
      [
        'bad-entry.json',
        '["Hi",{"images":["not a url"]}]',
        /^Invalid --replies "bad-entry\.json": Mock replies\[1\]\.images\[0\] must be an image URL: .+, got "not a url"\.\n\nUsage: /,
      ],
      [
        'camel-case.json',
        '[{"content":"Hi","finishReason":"length"}]',
        /^Invalid --replies "camel-case\.json": Mock replies\[0\] has no field "finishReason" \(finish_reason\?\): /,
      ],
    ];
    for (const [name, content, message] of cases) {
      if (content !== undefined) repliesFile(name, content);
      const { code, stdout, stderr } = await runCli(['--port', '0', '--replies', name], realDir);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }
  });

  test('--system-fingerprint sets whether replies carry system_fingerprint, and as what', async () => {
    for (const [form, expected] of [
      ['present', expect.stringMatching(/^fp_/)],
      ['null', null],
      ['absent', undefined],
    ] as const) {
      const server = await startRealCli(['--token-delay', '0', '--system-fingerprint', form]);
      try {
        const [first] = await streamChunks(server.url, [{ role: 'user', content: 'Hi' }]);
        expect(first).toBeDefined();
        expect(first?.system_fingerprint).toEqual(expected);
        expect(first !== undefined && 'system_fingerprint' in first).toBe(form !== 'absent');
        const response = await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
        });
        const completion = (await response.json()) as Record<string, unknown>;
        expect(completion.system_fingerprint).toEqual(expected);
        expect('system_fingerprint' in completion).toBe(form !== 'absent');
      } finally {
        await server.stop();
      }
    }
  });

  test('a --reasoning-format, --usage-shape or --system-fingerprint the mock does not know: its message, exit code 2', async () => {
    for (const [flag, message] of [
      ['--reasoning-format', 'Unknown mock reasoningFormat "nope". Use one of: text, summary, encrypted.'],
      [
        '--usage-shape',
        'Unknown mock usageShape "nope". Use one of: empty-choices, repeat-finish, null-finish.',
      ],
      ['--system-fingerprint', 'Unknown mock systemFingerprint "nope". Use one of: present, null, absent.'],
    ] as const) {
      const { code, stderr } = await runCli(['--port', '0', flag, 'nope'], realDir);
      expect(code).toBe(2);
      expect(stderr.startsWith(`${message}\n\nUsage: `)).toBe(true);
    }
  });
});
