#!/usr/bin/env node
// Item 4, long threads: mount a 10,000-message thread in headless Chromium and time it (CDP
// ScriptDuration, TaskDuration and the main thread's CPU time from render to two frames later),
// count DOM elements, and check
// that the latest message is on screen with the list at the bottom (stick-to-bottom).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { idle, launchChromium, openBenchPage, startStaticServer } from './lib/browser.mjs';
import { median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'render/dist');
const REPEATS = Number(process.env.BENCH_LONG_REPEATS ?? 5);

export const LONG_VARIANTS = [
  { name: 'ours', page: 'long-ours', query: '' },
  { name: 'floor (react-virtual)', page: 'long-floor', query: '' },
  { name: 'no virtualization', page: 'long-floor', query: 'virtual=0' },
];

async function measureOnce(browser, base, variant) {
  const bench = await openBenchPage(browser, `${base}/pages/${variant.page}.html?${variant.query}`);
  try {
    await idle(bench.page, 300);
    await bench.gc();
    const before = await bench.metrics();
    await bench.page.evaluate(() => window.__bench.mount());
    const after = await bench.metrics();
    await idle(bench.page, 300);
    const check = await bench.page.evaluate(() => window.__bench.check());
    const domNodes = await bench.page.evaluate(() => document.getElementsByTagName('*').length);
    if (bench.errors.length > 0) throw bench.errors[0];
    return {
      scriptMs: after.ScriptDuration - before.ScriptDuration,
      taskMs: after.TaskDuration - before.TaskDuration,
      cpuMs: after.ThreadTime - before.ThreadTime,
      domNodes,
      ...check,
    };
  } finally {
    await bench.close();
  }
}

/** @param {{ browser?: import('playwright-core').Browser }} [options] */
export async function runLongThreadBench(options = {}) {
  const variants = LONG_VARIANTS.filter((variant) => existsSync(join(dist, 'pages', `${variant.page}.html`)));
  const server = await startStaticServer(dist);
  const browser = options.browser ?? (await launchChromium());
  const samples = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  try {
    for (let i = 0; i < REPEATS; i++) {
      for (const variant of variants)
        samples[variant.name].push(await measureOnce(browser, server.url, variant));
    }
  } finally {
    if (!options.browser) await browser.close();
    await server.close();
  }
  const results = {};
  for (const [name, runs] of Object.entries(samples)) {
    results[name] = {
      scriptMs: median(runs.map((run) => run.scriptMs)),
      taskMs: median(runs.map((run) => run.taskMs)),
      cpuMs: median(runs.map((run) => run.cpuMs)),
      domNodes: median(runs.map((run) => run.domNodes)),
      rows: median(runs.map((run) => run.rows)),
      latestShown: runs.every((run) => run.latestShown),
      atBottom: runs.every((run) => run.atBottom),
      runs: runs.map((run) => Math.round(run.scriptMs)),
    };
  }
  return { repeats: REPEATS, messages: 10_000, variants: results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runLongThreadBench(), null, 2));
}
