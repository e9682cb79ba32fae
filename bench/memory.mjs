#!/usr/bin/env node
// Item 5, memory: 50 chat instances stream a 500-token reply each, at once, then unmount. The heap
// (CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage) must come back within 10% of the
// baseline. The baseline is taken after a first, identical cycle, so optimized code, inline caches
// and lazily created module state (all on the heap) are in both: growth is what a cycle keeps.
// Pending timers, animation frames and window/document listeners are counted before and after.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { idle, launchChromium, openBenchPage, startStaticServer } from './lib/browser.mjs';
import { median } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'render/dist');
const leaks = readFileSync(join(here, 'render/src/leaks.js'), 'utf8');
const INSTANCES = 50;
const REPEATS = Number(process.env.BENCH_MEMORY_REPEATS ?? 1);

export const MEMORY_VARIANTS = [
  { name: 'ours', page: 'memory-ours' },
  { name: 'floor', page: 'memory-floor' },
  { name: 'ai-sdk', page: 'memory-aisdk' },
];

async function settledHeap(bench) {
  await bench.page.evaluate(() => window.__bench.reset());
  await idle(bench.page, 1000);
  await bench.gc();
  return (await bench.heap()).usedSize;
}

async function measureOnce(browser, base, variant) {
  const bench = await openBenchPage(browser, `${base}/pages/${variant.page}.html`, { initScript: leaks });
  try {
    await bench.page.evaluate(async (count) => {
      await window.__bench.cycle(count);
      await window.__bench.unmount();
    }, INSTANCES);
    const baseline = await settledHeap(bench);
    const leaksBefore = await bench.page.evaluate(() => window.__benchLeaks());
    const started = Date.now();
    await bench.page.evaluate((count) => window.__bench.cycle(count), INSTANCES);
    const streamMs = Date.now() - started;
    const peak = (await bench.heap()).usedSize;
    await bench.page.evaluate(() => window.__bench.unmount());
    const after = await settledHeap(bench);
    const leaksAfter = await bench.page.evaluate(() => window.__benchLeaks());
    if (bench.errors.length > 0) throw bench.errors[0];
    const leaked = Object.fromEntries(
      Object.entries(leaksAfter).map(([key, value]) => [key, value - (leaksBefore[key] ?? 0)]),
    );
    return { baseline, peak, after, growth: (after - baseline) / baseline, streamMs, leaked };
  } finally {
    await bench.close();
  }
}

/** @param {{ browser?: import('playwright-core').Browser }} [options] */
export async function runMemoryBench(options = {}) {
  const variants = MEMORY_VARIANTS.filter((variant) =>
    existsSync(join(dist, 'pages', `${variant.page}.html`)),
  );
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
    const leaked = {};
    for (const key of Object.keys(runs[0].leaked))
      leaked[key] = Math.max(...runs.map((run) => run.leaked[key]));
    results[name] = {
      baselineKb: median(runs.map((run) => run.baseline)) / 1000,
      peakKb: median(runs.map((run) => run.peak)) / 1000,
      afterKb: median(runs.map((run) => run.after)) / 1000,
      growth: median(runs.map((run) => run.growth)),
      streamMs: median(runs.map((run) => run.streamMs)),
      leaked,
      runs: runs.map((run) => Number((run.growth * 100).toFixed(1))),
    };
  }
  return { repeats: REPEATS, instances: INSTANCES, tokens: 500, variants: results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runMemoryBench(), null, 2));
}
