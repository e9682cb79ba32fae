import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The package's `react-chat-completions-mock` command (scripts/mock-server.mjs, shipped as
// dist/mock-server.mjs). It loads the built server entry next to it, which the unit tests run
// without: here it runs beside a stand-in for that entry that listens as `startMockServer` does, so
// what is checked is the command's own handling of a server that cannot start.
const STAND_IN = `import { createServer } from 'node:http';
export async function startMockServer({ port, host }) {
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
