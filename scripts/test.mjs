#!/usr/bin/env node
// `npm test`: every check, in order, failing fast. Each step prints its name and time.
// Steps: React 18 copies, type check, lint, unit tests (React 19, then the DOM tests on React 18),
// library build, the built core's smoke test, the README's examples type-checked against the
// build, packaging checks, size budgets, Storybook build and the browser suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0 };

function run(name, command, args, env = {}) {
  if (only.length > 0 && !only.includes(name)) return;
  const started = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed after ${seconds}s (exit ${result.status ?? result.signal})`);
    console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}

function vitest(name, args, env) {
  if (only.length > 0 && !only.includes(name)) return;
  const out = join(root, 'test-results', `${name}.json`);
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  run(
    name,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...args],
    env,
  );
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    if ((report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) > 0) {
      console.error(`✖ ${name}: skipped or todo tests are not allowed`);
      process.exit(1);
    }
  }
}

if (!existsSync(join(root, 'test/react18/node_modules/@types/react'))) {
  run('react18-install', 'npm', ['ci', '--prefix', 'test/react18', '--no-audit', '--no-fund']);
}
run('typecheck', 'npx', ['tsc', '--noEmit']);
run('lint', 'npx', ['biome', 'ci', '--colors=off', '.']);
vitest('unit', []);
vitest('unit-react18', ['--project', 'dom'], { REACT_VERSION: '18' });
run('build', 'npm', ['run', 'build']);
run('core-smoke', 'node', ['scripts/smoke-core.mjs']);
run('readme', 'node', ['scripts/check-readme.mjs']);
run('package', 'node', ['scripts/check-package.mjs']);
run('size', 'node', ['scripts/check-size.mjs']);
if (only.length === 0 || only.includes('browser')) {
  await ensureChromium();
  mkdirSync(join(root, 'test-results'), { recursive: true });
  rmSync(join(root, 'test-results/browser.json'), { force: true });
  run('browser', 'node', ['test/browser/run.mjs']);
  const counts = JSON.parse(readFileSync(join(root, 'test-results/browser.json'), 'utf8'));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
