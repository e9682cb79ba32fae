#!/usr/bin/env node
// Browser suite: builds Storybook (production), serves it on 127.0.0.1 and runs every
// test/browser/*.test.mjs with node's test runner against Debian's Chromium.
// SKIP_STORYBOOK_BUILD=1 reuses an existing storybook-static/.
// csp.test.mjs renders the built package (dist/, from `npm run build`) on the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from '../../scripts/chromium.mjs';
import { startStaticServer } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const staticDir = join(root, 'storybook-static');

if (process.env.SKIP_STORYBOOK_BUILD !== '1' || !existsSync(staticDir)) {
  const build = spawnSync('npx', ['storybook', 'build', '-o', staticDir, '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const chromiumPath = await ensureChromium();
rmSync(join(root, 'test-results/screenshots'), { recursive: true, force: true });
// Where the counts go (`npm test` makes it too; run alone, this script must).
mkdirSync(join(root, 'test-results'), { recursive: true });
const server = await startStaticServer(staticDir);
const files = readdirSync(join(root, 'test/browser'))
  .filter((name) => name.endsWith('.test.mjs'))
  .map((name) => join('test/browser', name));
const filter = process.argv.slice(2);
// Async spawn: the static server lives in this process and must keep serving while the tests run.
const child = spawn(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/browser/count-reporter.mjs',
    '--test-reporter-destination=test-results/browser.json',
    ...files.filter((f) => filter.length === 0 || filter.some((x) => f.includes(x))),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_URL: server.url, CHROMIUM_PATH: chromiumPath },
  },
);
const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
await server.close();
if (status !== 0) console.error('Browser tests failed: screenshots are in test-results/screenshots/');
process.exit(status);
