#!/usr/bin/env node
// Item 4, long threads: mount a 10,000-message thread in headless Chromium and time it (CDP
// ScriptDuration, TaskDuration and the main thread's CPU time from render to two frames later),
// count DOM elements, and check that the latest message is on screen with the list at the bottom
// (stick-to-bottom). Then, where the page has a composer (ours), send a message into that thread
// and time it until the 10-token reply is shown: main-thread CPU and the longest task (a trace),
// and check that the reply's end is on screen at the bottom.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { idle, launchChromium, mainThreadTasks, openBenchPage, startStaticServer } from './lib/browser.mjs';
import { median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'render/dist');
const REPEATS = Number(process.env.BENCH_LONG_REPEATS ?? 5);

export const LONG_VARIANTS = [
  { name: 'ours', page: 'long-ours', query: '', send: true },
  { name: 'floor (react-virtual)', page: 'long-floor', query: '' },
  { name: 'no virtualization', page: 'long-floor', query: 'virtual=0' },
];

/** Types into the page's composer and sends; times the send until the reply's end is shown. */
async function measureSend(browser, bench) {
  const input = bench.page.getByRole('textbox').first();
  await input.fill('Tell me more.');
  await bench.gc();
  await browser.startTracing(bench.page, { categories: ['toplevel'] });
  const before = await bench.metrics();
  await input.press('Enter');
  await bench.page.waitForFunction(() => window.__bench.replyShown(), undefined, {
    timeout: 30_000,
    polling: 'raf',
  });
  const after = await bench.metrics();
  const tasks = mainThreadTasks(await browser.stopTracing());
  await idle(bench.page, 200);
  const check = await bench.page.evaluate(() => window.__bench.check(window.__bench.REPLY_END));
  return {
    cpuMs: after.ThreadTime - before.ThreadTime,
    longestTaskCpuMs: tasks.longestCpuMs,
    longestTaskWallMs: tasks.longestWallMs,
    replyAtBottom: check.latestShown && check.atBottom,
  };
}

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
    const send = variant.send ? await measureSend(browser, bench) : undefined;
    if (bench.errors.length > 0) throw bench.errors[0];
    return {
      send,
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
      send: runs[0]?.send && {
        cpuMs: median(runs.map((run) => run.send.cpuMs)),
        longestTaskCpuMs: median(runs.map((run) => run.send.longestTaskCpuMs)),
        longestTaskWallMs: median(runs.map((run) => run.send.longestTaskWallMs)),
        worstTaskCpuMs: Math.max(...runs.map((run) => run.send.longestTaskCpuMs)),
        replyAtBottom: runs.every((run) => run.send.replyAtBottom),
      },
    };
  }
  return { repeats: REPEATS, messages: 10_000, variants: results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runLongThreadBench(), null, 2));
}
