#!/usr/bin/env node
// Browser suite: builds Storybook (production), serves it on 127.0.0.1 and runs every
// test/browser/*.test.mjs with node's test runner against Debian's Chromium.
// SKIP_STORYBOOK_BUILD=1 reuses an existing storybook-static/.
// csp.test.mjs renders the built package (dist/, from `npm run build`) on the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
// The same fonts on every machine: CI installs Chromium without its recommended fonts (no
// Liberation), a developer's machine may have more. Where Debian's DejaVu core fonts are (every
// Debian with fontconfig), Chromium gets only those, through a fontconfig of the run's own;
// the standard rules (`conf.d`: aliases, hinting) still apply, but not a user's or the machine's
// own configuration (`50-user.conf`, `51-local.conf`), which can add font directories.
const DEJAVU = '/usr/share/fonts/truetype/dejavu';
const coreFonts = ['Sans', 'Sans-Bold', 'SansMono', 'SansMono-Bold', 'Serif', 'Serif-Bold'].map(
  (name) => `${DEJAVU}/DejaVu${name}.ttf`,
);
const fontEnv = {};
if (!process.env.FONTCONFIG_FILE && coreFonts.every((file) => existsSync(file))) {
  const fontDir = join(root, 'test-results/fonts');
  rmSync(fontDir, { recursive: true, force: true });
  mkdirSync(fontDir, { recursive: true });
  for (const file of coreFonts) symlinkSync(file, join(fontDir, basename(file)));
  const config = join(root, 'test-results/fonts.conf');
  const rulesDir = '/etc/fonts/conf.d';
  const rules = existsSync(rulesDir)
    ? readdirSync(rulesDir)
        .filter((name) => name.endsWith('.conf') && !/^5[01]-(user|local)\.conf$/.test(name))
        .map((name) => join(rulesDir, name))
    : [];
  writeFileSync(
    config,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n` +
      rules.map((file) => `  <include ignore_missing="yes">${file}</include>\n`).join('') +
      `  <dir>${fontDir}</dir>\n` +
      `  <cachedir>${join(root, 'test-results/font-cache')}</cachedir>\n</fontconfig>\n`,
  );
  fontEnv.FONTCONFIG_FILE = config;
}
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
    env: { ...process.env, ...fontEnv, STORYBOOK_URL: server.url, CHROMIUM_PATH: chromiumPath },
  },
);
const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
await server.close();
if (status !== 0) console.error('Browser tests failed: screenshots are in test-results/screenshots/');
process.exit(status);
