import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The package's `react-chat-completions-mock` command (scripts/mock-server.mjs, shipped as
// dist/mock-server.mjs). It loads the built server entry next to it, which the unit tests run
// without: here it runs beside a stand-in for that entry that listens as `startMockServer` does
// (and, as it does, throws a `TypeError` for a scenario it does not know), recording the options it
// is given. What is checked is the command's own part: its options, and a server that cannot start.
const STAND_IN = `import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
export async function startMockServer(options) {
  const { port, host, ...endpoint } = options;
  writeFileSync(new URL('./options.json', import.meta.url), JSON.stringify(endpoint));
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rcc-cli-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync('scripts/mock-server.mjs', join(dir, 'scripts/mock-server.mjs'));
  writeFileSync(join(dir, 'dist/testing-server.js'), STAND_IN);
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command until it exits (or, listening, stopped by SIGTERM as soon as it prints its URL). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'scripts/mock-server.mjs'), ...args]);
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
});
