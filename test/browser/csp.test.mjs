// Server rendering under a strict Content Security Policy (a nonce in `style-src`, no
// 'unsafe-inline', as in Next.js's guide): the browser applies none of the `style` attributes of
// the server's HTML, and hydration does not set them again. The built package is rendered in
// node (csp-app.mjs), the same app is bundled with Vite and hydrated in Chromium (csp-client.mjs),
// and the page is served with the policy in its header: once hydrated, the window has its
// height, the list's rows are in place and the text for screen readers is hidden.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { build } from 'vite';
import { newContext, saveScreenshot, sendMessage, waitForLastAssistant, waitForReply } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
// `npm test` builds the package before the browser suite; run alone, build it first.
if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/styles.css')))
  throw new Error('dist/ is missing: run `npm run build` before this test.');
const { App, initialMessages, NONCE, WINDOW_HEIGHT } = await import('./csp-app.mjs');
const POLICY = [
  "default-src 'self'",
  `script-src 'self' 'nonce-${NONCE}'`,
  `style-src 'self' 'nonce-${NONCE}'`,
  "connect-src 'self'",
  "img-src 'self' data: blob:",
].join('; ');

/** @type {{ url: string, close(): Promise<void> }} */
let server;
let outDir = '';

/** Bundles csp-client.mjs (React's development build: it reports hydration mismatches). */
async function bundleClient() {
  outDir = mkdtempSync(join(tmpdir(), 'rcc-csp-'));
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    mode: 'development',
    define: { 'process.env.NODE_ENV': '"development"' },
    build: {
      outDir,
      emptyOutDir: false,
      write: true,
      minify: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: join(here, 'csp-client.mjs'),
        output: { entryFileNames: 'client.js', format: 'es' },
      },
    },
  });
  return readFileSync(join(outDir, 'client.js'));
}

/** The page: the server's markup, the theme and the script, with the nonce on each. */
function page(markup, { hydrate }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CSP</title>
<link rel="stylesheet" href="/styles.css" nonce="${NONCE}">
<style nonce="${NONCE}">body { margin: 0; padding: 20px; }</style>
</head>
<body>
<div id="root">${markup}</div>
${hydrate ? `<script type="module" src="/client.js" nonce="${NONCE}"></script>` : ''}
</body>
</html>`;
}

before(async () => {
  const [client, markup] = await Promise.all([
    bundleClient(),
    Promise.resolve(renderToString(createElement(App))),
  ]);
  const styles = readFileSync(join(root, 'dist/styles.css'));
  const routes = {
    '/': ['text/html; charset=utf-8', page(markup, { hydrate: true })],
    // The server's markup alone: what the policy leaves of it without the fix of hydration.
    '/static': ['text/html; charset=utf-8', page(markup, { hydrate: false })],
    '/client.js': ['text/javascript; charset=utf-8', client],
    '/styles.css': ['text/css; charset=utf-8', styles],
  };
  const http = createServer((request, response) => {
    const route = routes[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': route[0],
      'content-security-policy': POLICY,
      'cache-control': 'no-store',
    });
    response.end(route[1]);
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = http.address();
  server = {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise((done) => http.close(() => done(undefined))),
  };
});

after(async () => {
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Runs before the page's scripts: records the policy's violations in `window.__violations`. */
function recordViolations() {
  const violations = [];
  Object.defineProperty(window, '__violations', { value: violations });
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
  });
}

/**
 * Opens `path` on the CSP server and runs `fn` with the page and what it reported (page errors,
 * console errors, policy violations read through `violations()`).
 * @param {string} name
 * @param {string} path
 * @param {(page: import('playwright-core').Page, events: { errors: Error[], consoleErrors: string[] }) => Promise<void>} fn
 */
async function withPage(name, path, fn) {
  const context = await newContext();
  const page = await context.newPage();
  await page.addInitScript(recordViolations);
  const events = { errors: [], consoleErrors: [] };
  page.on('pageerror', (error) => events.errors.push(error));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      events.consoleErrors.push(message.text().slice(0, 500));
  });
  try {
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await fn(page, events);
  } catch (error) {
    await saveScreenshot(page, name);
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * The layout of the page as a user sees it: the window's height, the rows of the list (their
 * boxes, in order), the list's scroll height, and the boxes of the text for screen readers.
 */
function readLayout(page) {
  return page.evaluate(() => {
    const box = (element) => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, width: rect.width, height: rect.height };
    };
    const window_ = document.querySelector('.rcc-chat-window');
    const viewport = document.querySelector('[role="log"]');
    const items = document.querySelector('.rcc-message-list-items');
    const rows = [...document.querySelectorAll('.rcc-message-list-row')]
      .map((row) => ({ index: Number(row.getAttribute('data-index')), ...box(row) }))
      .sort((a, b) => a.index - b.index);
    // Visually hidden: the messages' headings ("You said:"...), VisuallyHidden's spans and the
    // announcer's live region.
    const hidden = [...document.querySelectorAll('[role="log"] :is(span, h3), [aria-live="polite"]')]
      .filter((element) => element.getAttribute('style')?.includes('clip'))
      .map((element) => {
        const rect = element.getBoundingClientRect();
        const clip = getComputedStyle(element).clip;
        return {
          text: element.textContent,
          // Shown: more than a 1px box, and not clipped away.
          shown:
            (rect.width > 1 || rect.height > 1) && !/rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(clip),
        };
      });
    return {
      windowHeight: window_ ? box(window_).height : 0,
      viewport: viewport ? box(viewport) : undefined,
      itemsHeight: items ? box(items).height : 0,
      scrollHeight: viewport?.scrollHeight ?? 0,
      rows,
      hidden,
      // The nonce reached the scroll area's own style element: its rule hides the native scrollbar.
      scrollbarWidth: viewport ? getComputedStyle(viewport).scrollbarWidth : '',
      // Elements whose style attribute the browser left unapplied.
      unstyled: [...document.querySelectorAll('[style]')]
        .filter((element) => element.getAttribute('style') && element.style.length === 0)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${element.className}: ${element.getAttribute('style')}`,
        ),
    };
  });
}

/** Pairs of consecutive rows of the list whose boxes overlap. */
function overlaps(rows) {
  const found = [];
  for (let i = 1; i < rows.length; i++) {
    const [previous, row] = [rows[i - 1], rows[i]];
    if (row.top < previous.bottom - 0.5) found.push(`rows ${previous.index} and ${row.index}`);
  }
  return found;
}

/** Asserts the layout of a hydrated window: the checks the blocked style attributes would fail. */
function assertLaidOut(layout, what) {
  assert.equal(Math.round(layout.windowHeight), WINDOW_HEIGHT, `${what}: the window has its height`);
  assert.ok(layout.rows.length >= 3, `${what}: rows are rendered (${layout.rows.length})`);
  assert.deepEqual(overlaps(layout.rows), [], `${what}: no rows overlap`);
  // The rows are placed by the virtualizer in a box as tall as all of them: the log scrolls.
  assert.ok(
    layout.scrollHeight > (layout.viewport?.height ?? 0) * 2,
    `${what}: the list is as tall as its rows (${layout.scrollHeight}px)`,
  );
  const last = layout.rows.at(-1);
  assert.ok(
    last && layout.viewport && last.bottom <= layout.viewport.bottom + 1 && last.bottom > layout.viewport.top,
    `${what}: the list opens at its latest row, in view (${JSON.stringify({ last, viewport: layout.viewport })})`,
  );
  assert.ok(layout.hidden.length >= 2, `${what}: the text for screen readers is there`);
  assert.deepEqual(layout.unstyled, [], `${what}: every style attribute applies`);
  assert.deepEqual(
    layout.hidden.filter((element) => element.shown).map((element) => element.text),
    [],
    `${what}: the text for screen readers is not shown`,
  );
}

test('the policy blocks the server HTML style attributes: without hydration, the layout is broken', async () => {
  await withPage('csp-static', '/static', async (page) => {
    const violations = await page.evaluate(() => window.__violations);
    const attributes = await page.locator('#root [style]').count();
    assert.ok(attributes > 10, `the server's HTML has style attributes (${attributes})`);
    assert.ok(
      violations.filter((violation) => violation.directive === 'style-src-attr').length >= attributes,
      `every style attribute is reported: ${JSON.stringify(violations.slice(0, 3))}`,
    );
    // The control: these are the checks of the hydrated page, and they fail here.
    const layout = await readLayout(page);
    assert.notEqual(Math.round(layout.windowHeight), WINDOW_HEIGHT, 'the window has not its height');
    assert.ok(
      layout.hidden.some((element) => element.shown),
      'the text for screen readers shows',
    );
    assert.throws(() => assertLaidOut(layout, 'static'));
  });
});

test('hydrated: the styles apply (height, rows, hidden labels, the nonce of the scroll area), a reply streams', async () => {
  await withPage('csp-hydrated', '/', async (page, events) => {
    await page.waitForFunction(() => window.__hydrated === true, undefined, { timeout: 10_000 });
    // Hydration committed; two frames more for the virtualizer to measure the rows.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const violations = await page.evaluate(() => window.__violations);
    assert.ok(violations.length > 0, 'the policy blocked the style attributes of the HTML');
    assert.deepEqual(
      violations.filter((violation) => violation.directive !== 'style-src-attr'),
      [],
      'nothing but style attributes was blocked (scripts, the style elements with the nonce, the fetches)',
    );
    assert.deepEqual(await page.evaluate(() => window.__recoverableErrors), [], 'hydration matched');
    const layout = await readLayout(page);
    assertLaidOut(layout, 'hydrated');
    assert.equal(layout.scrollbarWidth, 'none', "the scroll area's style element applies (its nonce)");
    // Virtualized: the latest rows only, as the server rendered them.
    assert.ok(layout.rows.length < initialMessages.length, `some rows only (${layout.rows.length})`);

    // What renders in the browser from now on sets its styles through the CSSOM: nothing more is blocked.
    await page.getByLabel('Model', { exact: true }).selectOption('anthropic/claude-sonnet-4');
    await sendMessage(page, 'Tell me more');
    await waitForLastAssistant(page, 'streaming', 10, 10_000);
    assert.equal(await waitForReply(page, 15_000), 'done');
    const reply = await page.locator('[role="log"] [data-role="assistant"]').last().textContent();
    assert.ok((reply ?? '').length > 20, `the reply streamed in (${reply?.slice(0, 80)})`);
    const after = await readLayout(page);
    assertLaidOut(after, 'after a reply');
    assert.equal(
      (await page.evaluate(() => window.__violations)).length,
      violations.length,
      'no violation after hydration (the model picker, the new rows, the streamed reply)',
    );
    assert.match(
      (await page.locator('[role="log"] [data-role="user"]').last().textContent()) ?? '',
      /Tell me more/,
    );

    assert.deepEqual(
      events.errors.map((error) => error.message),
      [],
      'no page errors',
    );
    // The console reports each blocked style attribute; nothing else is an error.
    assert.deepEqual(
      events.consoleErrors.filter((message) => !message.startsWith('Applying inline style violates')),
      [],
      'no other console errors',
    );
  });
});
