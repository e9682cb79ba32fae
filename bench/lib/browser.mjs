// Chromium for the browser benches: the built pages served on 127.0.0.1, one fresh page per
// measurement, and Chrome DevTools Protocol helpers (main-thread metrics, heap, GC).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves `dir` on 127.0.0.1 (a free port). @param {string} dir */
export function startStaticServer(dir) {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(dir, pathname));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Launches the system Chromium headless, with the flags the browser tests use. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--js-flags=--expose-gc',
    ],
  });
}

/**
 * Opens `url` in a fresh context with a CDP session (Performance and HeapProfiler enabled), waits
 * for the page's `window.__benchReady`, and wires `window.__benchDone()` to the returned `done`
 * promise (re-armed by `armDone()`).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{ initScript?: string }} [options] source to run in the page before any of its scripts
 */
export async function openBenchPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  if (options.initScript) await page.addInitScript({ content: options.initScript });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  let resolveDone = () => {};
  let done = Promise.resolve();
  const armDone = () => {
    done = new Promise((resolve) => {
      resolveDone = resolve;
    });
  };
  armDone();
  await page.exposeBinding('__benchDone', () => resolveDone());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await cdp.send('HeapProfiler.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__benchReady === true, undefined, { timeout: 30_000 });
  return {
    page,
    cdp,
    errors,
    armDone,
    /** Resolves when the page signals done; rejects after `timeoutMs`. */
    waitDone: (timeoutMs = 60_000) =>
      Promise.race([
        done,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`${url}: not done after ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]),
    metrics: () => readMetrics(cdp),
    gc: () => collectGarbage(cdp),
    heap: () => cdp.send('Runtime.getHeapUsage'),
    close: () => context.close(),
  };
}

/**
 * `Performance.getMetrics` as an object, durations in ms: `TaskDuration` (wall time of the main
 * thread's tasks), `ThreadTime` (CPU time of the main thread: unlike task wall time, not inflated
 * when a busy machine takes the core away mid-task), `ScriptDuration`, `LayoutDuration`...
 */
export async function readMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out = {};
  for (const { name, value } of metrics) {
    out[name] =
      name.endsWith('Duration') || name === 'ThreadTime' || name === 'ProcessTime' ? value * 1000 : value;
  }
  return out;
}

/**
 * The renderer main thread's tasks from a `toplevel` trace: count, and the longest by wall time
 * and by CPU time.
 * @param {Buffer} buffer what `browser.stopTracing()` returned
 */
export function mainThreadTasks(buffer) {
  const events = JSON.parse(buffer.toString('utf8')).traceEvents ?? [];
  const main = events.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  let count = 0;
  let longestWallMs = 0;
  let longestCpuMs = 0;
  for (const event of events) {
    if (event.ph !== 'X' || event.pid !== main?.pid || event.tid !== main?.tid) continue;
    if (event.name !== 'ThreadControllerImpl::RunTask') continue;
    count++;
    longestWallMs = Math.max(longestWallMs, event.dur / 1000);
    longestCpuMs = Math.max(longestCpuMs, (event.tdur ?? 0) / 1000);
  }
  return { count, longestWallMs, longestCpuMs };
}

/** Full garbage collections until the heap stops shrinking (at most 5). */
export async function collectGarbage(cdp) {
  let previous = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    if (usedSize >= previous * 0.995) break;
    previous = usedSize;
  }
}

/** Settles the page: waits `ms` of wall time, then two animation frames. */
export async function idle(page, ms = 300) {
  await page.waitForTimeout(ms);
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}
