#!/usr/bin/env node
// Item 2, streaming render cost (headless Chromium, production builds): a 300-message thread,
// then a 2,000-token reply, one token per chunk, one chunk per macrotask, from the same in-page
// source for every variant. Main-thread time from send to the last token shown (CDP TaskDuration,
// and ThreadTime: the main thread's CPU time, which a busy machine does not inflate), commits,
// renders of settled rows, commits per frame, and the longest task (long-task observer in the timed
// runs; wall and CPU time of every task from a trace in the frame-counting run).
// Run alone (after `node bench/run.mjs --build-only`): `node bench/render.mjs`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { idle, launchChromium, mainThreadTasks, openBenchPage, startStaticServer } from './lib/browser.mjs';
import { median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'render/dist');
const REPEATS = Number(process.env.BENCH_RENDER_REPEATS ?? 5);

export const STREAM_VARIANTS = [
  { name: 'ours', page: 'stream-ours', query: '' },
  { name: 'floor', page: 'stream-floor', query: '' },
  { name: 'ai-sdk throttle 50', page: 'stream-aisdk', query: 'throttle=50' },
  { name: 'ai-sdk default', page: 'stream-aisdk', query: '' },
  { name: 'ours + Markdown', page: 'stream-ours', query: 'markdown=1' },
  { name: 'floor + Markdown', page: 'stream-floor', query: 'markdown=1' },
  { name: 'source alone', page: 'stream-source', query: '' },
];

async function measureOnce(browser, base, variant, countFrames = false) {
  const url = `${base}/pages/${variant.page}.html?${variant.query}${countFrames ? '&frames=1' : ''}`;
  const bench = await openBenchPage(browser, url);
  try {
    await idle(bench.page, 500);
    await bench.gc();
    await bench.page.evaluate(() => window.__bench.reset());
    // The frame-counting run also records a light trace, for each task's CPU time.
    if (countFrames) await browser.startTracing(bench.page, { categories: ['toplevel'] });
    const before = await bench.metrics();
    await bench.page.evaluate(() => window.__bench.start());
    await bench.waitDone();
    const after = await bench.metrics();
    const tasks = countFrames ? mainThreadTasks(await browser.stopTracing()) : undefined;
    const stats = await bench.page.evaluate(() => window.__bench.stats());
    if (bench.errors.length > 0) throw bench.errors[0];
    return {
      tasks,
      taskMs: after.TaskDuration - before.TaskDuration,
      cpuMs: after.ThreadTime - before.ThreadTime,
      scriptMs: after.ScriptDuration - before.ScriptDuration,
      layoutMs:
        after.LayoutDuration -
        before.LayoutDuration +
        (after.RecalcStyleDuration - before.RecalcStyleDuration),
      ...stats,
    };
  } finally {
    await bench.close();
  }
}

/** @param {{ browser?: import('playwright-core').Browser, variants?: typeof STREAM_VARIANTS }} [options] */
export async function runRenderBench(options = {}) {
  if (!existsSync(join(dist, 'pages')))
    throw new Error('bench pages are not built: run `node bench/run.mjs`');
  const variants = (options.variants ?? STREAM_VARIANTS).filter((variant) =>
    existsSync(join(dist, 'pages', `${variant.page}.html`)),
  );
  const server = await startStaticServer(dist);
  const browser = options.browser ?? (await launchChromium());
  const samples = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  const frameRuns = {};
  try {
    for (let i = 0; i < REPEATS; i++) {
      for (const variant of variants)
        samples[variant.name].push(await measureOnce(browser, server.url, variant));
    }
    // Frames are counted in a run of their own: the frame counter costs main-thread time.
    for (const variant of variants)
      frameRuns[variant.name] = await measureOnce(browser, server.url, variant, true);
  } finally {
    if (!options.browser) await browser.close();
    await server.close();
  }
  const results = {};
  for (const [name, runs] of Object.entries(samples)) {
    const pick = (key) => median(runs.map((run) => run[key]));
    results[name] = {
      taskMs: pick('taskMs'),
      cpuMs: pick('cpuMs'),
      scriptMs: pick('scriptMs'),
      layoutMs: pick('layoutMs'),
      wallMs: pick('wallMs'),
      commits: pick('commits'),
      frames: frameRuns[name].frames,
      framesWithCommits: frameRuns[name].framesWithCommits,
      maxCommitsPerFrame: frameRuns[name].maxCommitsPerFrame,
      settledRowRenders: Math.max(
        frameRuns[name].settledRowRenders,
        ...runs.map((run) => run.settledRowRenders),
      ),
      longTasks: pick('longTasks'),
      longestTaskMs: pick('longestTaskMs'),
      longestTaskCpuMs: frameRuns[name].tasks.longestCpuMs,
      longestTaskWallMs: frameRuns[name].tasks.longestWallMs,
      runs: runs.map((run) => [Math.round(run.taskMs), Math.round(run.cpuMs)]),
    };
  }
  return { repeats: REPEATS, variants: results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runRenderBench(), null, 2));
}
