#!/usr/bin/env node
// Profiles one streaming run of a bench page: main-thread time by trace event, and the functions
// with the most self time (CPU profile). Writes bench-results/profiles/<page>.{trace.json,cpuprofile}
// (open them in Chrome DevTools). For readable names build the pages unminified first:
//   BENCH_PROFILE=1 npx vite build -c bench/render/vite.config.mjs
// Usage: node bench/profile.mjs stream-ours [query, e.g. markdown=1]
//        node bench/profile.mjs long-ours          (long-* pages: profiles the mount)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { idle, launchChromium, openBenchPage, startStaticServer } from './lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [pageName = 'stream-ours', query = ''] = process.argv.slice(2);
const out = join(here, '../bench-results/profiles');
mkdirSync(out, { recursive: true });

const server = await startStaticServer(join(here, 'render/dist'));
const browser = await launchChromium();
try {
  const bench = await openBenchPage(browser, `${server.url}/pages/${pageName}.html?${query}`);
  await idle(bench.page, 500);
  await bench.gc();
  await bench.page.evaluate(() => window.__bench.reset());
  await browser.startTracing(bench.page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await bench.cdp.send('Profiler.enable');
  await bench.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await bench.cdp.send('Profiler.start');
  if (pageName.startsWith('long-')) await bench.page.evaluate(() => window.__bench.mount());
  else {
    await bench.page.evaluate(() => window.__bench.start());
    await bench.waitDone();
  }
  const { profile } = await bench.cdp.send('Profiler.stop');
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  const stats = await bench.page.evaluate(() => window.__bench.stats());
  const name = `${pageName}${query ? `-${query.replace(/[^a-z0-9]+/gi, '_')}` : ''}`;
  writeFileSync(join(out, `${name}.trace.json`), JSON.stringify(trace));
  writeFileSync(join(out, `${name}.cpuprofile`), JSON.stringify(profile));

  // Main-thread time by event name (complete events on the renderer's main thread).
  const events = trace.traceEvents ?? trace;
  const main = events.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const totals = new Map();
  for (const event of events) {
    if (event.ph !== 'X' || event.tid !== main?.tid || event.pid !== main?.pid || !event.dur) continue;
    totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur / 1000);
  }
  console.log(`${name}: ${JSON.stringify(stats)}\n\nmain thread, inclusive ms by trace event:`);
  for (const [event, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
    console.log(`  ${ms.toFixed(1).padStart(9)}  ${event}`);
  }

  // Self time by function from the CPU profile.
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas ?? [];
  profile.samples?.forEach((id, index) => {
    const node = byId.get(id);
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  });
  console.log('\nJS self time, ms:');
  for (const [fn, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${ms.toFixed(1).padStart(9)}  ${fn}`);
  }
  await bench.close();
} finally {
  await browser.close();
  await server.close();
}
