// Shared helpers for the browser tests: one Chromium per file, a page per test, a screenshot
// in test-results/screenshots/ when a test fails, and page errors and dialogs recorded.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const baseUrl = process.env.STORYBOOK_URL;
if (!baseUrl)
  throw new Error('STORYBOOK_URL is not set: run the browser tests through `node test/browser/run.mjs`.');

/** @type {Promise<import('playwright-core').Browser> | undefined} */
let launching;

/** The file's Chromium, launched on first use (one browser per test file). */
function getBrowser() {
  launching ??= chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return launching;
}

before(async () => {
  await getBrowser();
});

after(async () => {
  if (launching) await (await launching).close();
});

/** Default globals of the tests: a fast mock (2 ms per token) keeps the suite quick. */
export const TEST_GLOBALS = { mockSpeed: 'fast' };

function queryParam(name, values) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return '';
  return `&${name}=${entries.map(([key, value]) => `${key}:${value}`).join(';')}`;
}

/**
 * The iframe URL of a story, e.g. storyUrl('components-chatwindow--default'). `args` and `globals`
 * use Storybook's URL syntax (`key:value`, `!true` for booleans).
 */
export function storyUrl(id, args, globals = TEST_GLOBALS, viewMode = 'story') {
  return `${baseUrl}/iframe.html?id=${id}&viewMode=${viewMode}${queryParam('args', args)}${queryParam('globals', globals)}`;
}

/**
 * Runs in the page before Storybook: records the preview channel's verdicts on the story
 * (`storyFinished` with its status, a play function's exception, a render error) in
 * `window.__storyEvents`, whatever the timing, so a test can wait for the play function to end.
 */
function recordStoryEvents() {
  const events = [];
  Object.defineProperty(window, '__storyEvents', { value: events });
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      for (const type of [
        'storyFinished',
        'playFunctionThrewException',
        'storyThrewException',
        'storyErrored',
        'storyMissing',
        'unhandledErrorsWhilePlaying',
      ]) {
        value.on(type, (payload) =>
          events.push({ type, payload: JSON.parse(JSON.stringify(payload ?? null)) }),
        );
      }
    },
  });
}

/**
 * Runs `fn` with a fresh page (and context) on a story, or on a Docs page (`viewMode: 'docs'`
 * and the page's id, e.g. `components-chatwindow--docs`). Records page errors, console errors
 * and dialogs; takes a screenshot when `fn` throws.
 * @param {string} name a file-safe name for the screenshot
 * @param {string} storyId
 * @param {(page: import('playwright-core').Page, events: { errors: Error[], consoleErrors: string[], dialogs: string[] }) => Promise<void>} fn
 * @param {{ args?: Record<string, string | number>, globals?: Record<string, string>, context?: import('playwright-core').BrowserContext, waitForRoot?: boolean, viewMode?: 'story' | 'docs' }} [options]
 */
export async function withStory(name, storyId, fn, options = {}) {
  const browser = await getBrowser();
  const context = options.context ?? (await browser.newContext({ viewport: { width: 1000, height: 800 } }));
  const page = await context.newPage();
  await page.addInitScript(recordStoryEvents);
  const events = { errors: [], consoleErrors: [], dialogs: [] };
  page.on('pageerror', (error) => events.errors.push(error));
  page.on('console', (message) => {
    // The static server has no favicon.ico: the browser's request for it is no error of the page.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      events.consoleErrors.push(message.text().slice(0, 500));
  });
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const viewMode = options.viewMode ?? 'story';
  try {
    await page.goto(storyUrl(storyId, options.args, options.globals ?? TEST_GLOBALS, viewMode), {
      waitUntil: 'domcontentloaded',
    });
    if (options.waitForRoot !== false) {
      const root = viewMode === 'docs' ? '#storybook-docs .sbdocs' : '#storybook-root > *';
      await page.locator(root).first().waitFor({ timeout: 20_000 });
    }
    await fn(page, events);
  } catch (error) {
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true }).catch(() => {});
    throw error;
  } finally {
    if (!options.context) await context.close();
  }
}

/**
 * A new browser context, for tests that reload a page and keep its storage, or that need other
 * context options (`hasTouch`...).
 * @param {import('playwright-core').BrowserContextOptions} [options]
 */
export async function newContext(options = {}) {
  const browser = await getBrowser();
  return browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
}

/**
 * Waits until Storybook has finished the story (render, play function, checks) and returns its
 * verdict: `status` is `success` or `error`; `errors` lists what went wrong (a play function's
 * exception, a render error, unhandled errors while playing, a failed report).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ status: string, errors: string[] }>}
 */
export async function waitForStoryFinished(page, timeout = 30_000) {
  await page.waitForFunction(
    () =>
      window.__storyEvents?.some((event) => event.type === 'storyFinished' || event.type === 'storyMissing'),
    undefined,
    { timeout, polling: 50 },
  );
  const events = await page.evaluate(() => window.__storyEvents);
  const errors = [];
  let status = 'error';
  for (const { type, payload } of events) {
    if (type === 'storyFinished') {
      status = payload.status;
      for (const report of payload.reporters ?? []) {
        if (report.status === 'failed') errors.push(`${report.type}: ${JSON.stringify(report.result)}`);
      }
    } else {
      const list = Array.isArray(payload) ? payload : [payload];
      // Testing Library appends the whole DOM to its messages: keep the first lines.
      for (const item of list)
        errors.push(`${type}: ${String(item?.message ?? JSON.stringify(item)).slice(0, 500)}`);
    }
  }
  if (errors.length > 0) status = 'error';
  return { status, errors };
}

/** Every entry of the build's index.json: stories (`type: 'story'`) and Docs pages (`type: 'docs'`). */
export async function listEntries() {
  const response = await fetch(`${baseUrl}/index.json`);
  const index = await response.json();
  return Object.values(index.entries);
}

/** The stories of the build, from its index.json (not its Docs pages). */
export async function listStories() {
  return (await listEntries()).filter((entry) => entry.type === 'story');
}

/**
 * Opens a long-lived page on a first story, for tests that visit many stories: loading the
 * preview once and switching stories through its channel is much cheaper than a page per story.
 * @returns {Promise<{ page: import('playwright-core').Page, events: { errors: Error[], dialogs: string[] }, close(): Promise<void> }>}
 */
export async function openStoryPage(firstStoryId, globals = TEST_GLOBALS) {
  const browser = await getBrowser();
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(recordStoryEvents);
  const events = { errors: [], dialogs: [] };
  page.on('pageerror', (error) => events.errors.push(error));
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(storyUrl(firstStoryId, undefined, globals), { waitUntil: 'domcontentloaded' });
  return { page, events, close: () => context.close() };
}

/** Renders another story in a page from `openStoryPage` (forgetting the previous verdicts). */
export async function switchStory(page, storyId) {
  await page.evaluate((id) => {
    window.__storyEvents.length = 0;
    window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId: id, viewMode: 'story' });
  }, storyId);
}

/** Saves a screenshot of a failed test in test-results/screenshots/. */
export async function saveScreenshot(page, name) {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true }).catch(() => {});
}

const SETTLED = ['done', 'incomplete', 'error'];

/** Types in the composer ("Message") and sends with Enter. Returns the textbox. */
export async function sendMessage(page, text) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  return input;
}

/**
 * Waits until the chat is idle (no Stop button) and its last assistant message settled; returns
 * that message's `data-status`. The locator of the message is `lastAssistant(page)`.
 */
export async function waitForReply(page, timeout = 30_000) {
  const handle = await page.waitForFunction(
    (settled) => {
      const replies = document.querySelectorAll('[role="log"] [data-role="assistant"]');
      const last = replies[replies.length - 1];
      const stop = [...document.querySelectorAll('button')].some((button) => button.textContent === 'Stop');
      const status = last?.getAttribute('data-status');
      return !stop && status && settled.includes(status) ? status : false;
    },
    SETTLED,
    { timeout, polling: 50 },
  );
  return handle.jsonValue();
}

/**
 * Waits until the log's last assistant message has `status` (`data-status`) and, when given, more
 * than `minChars` characters of text (a reply well under way).
 */
export async function waitForLastAssistant(page, status, minChars = -1, timeout = 30_000) {
  await page.waitForFunction(
    ([status, minChars]) => {
      const last = [...document.querySelectorAll('[role="log"] [data-role="assistant"]')].at(-1);
      return last?.getAttribute('data-status') === status && (last.textContent?.length ?? 0) > minChars;
    },
    [status, minChars],
    { polling: 20, timeout },
  );
}

/** The last assistant message of the log. */
export function lastAssistant(page) {
  return page.locator('[role="log"] [data-role="assistant"]').last();
}

/**
 * Runs axe-core (from node_modules) on the story root and returns the violations of WCAG 2.x A
 * and AA rules and axe's best practices, as short strings.
 */
export async function runAxe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  }
  // A colour in mid-transition is not what anyone reads (a message's actions fade in for 120 ms
  // under the pointer, and axe measured their contrast half-way, now and then): transitions end
  // at once from here on, before axe measures.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('#storybook-root'), {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      // The story root is a fragment of a page: page-level landmark rules do not apply to it.
      rules: {
        region: { enabled: false },
        'landmark-one-main': { enabled: false },
        'page-has-heading-one': { enabled: false },
      },
    });
    if (result.passes.length === 0) throw new Error('axe checked nothing: is the story rendered?');
    return result.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.targets.join(', ')})`,
  );
}

/** The text content of a locator ('' when it has none). */
export async function text(locator) {
  return (await locator.textContent()) ?? '';
}

/**
 * The runs of a seeded fuzz test: `FUZZ_SEED` (comma-separated) and `FUZZ_STEPS` replay chosen
 * seeds; without them, `seeds` with 40 steps each.
 */
export function fuzzRuns(seeds) {
  const steps = Number(process.env.FUZZ_STEPS ?? 40);
  const chosen = process.env.FUZZ_SEED ? process.env.FUZZ_SEED.split(',').map(Number) : seeds;
  return chosen.map((seed) => ({ seed, steps }));
}

/**
 * What the seeded browser fuzz runs share: the page, their PRNG, the action log, the console
 * errors seen, and waiting on the page's state. A subclass reads that state (`view()`) and says
 * what of it a timeout prints (`brief(view)`).
 */
export class FuzzRun {
  constructor(page, events, seed, timeout = 5_000) {
    this.page = page;
    this.events = events;
    this.random = prng(seed);
    this.log = [];
    this.sent = 0;
    this.consoleErrors = [];
    this.timeout = timeout;
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  /** Asserts that the page threw nothing and logged no console error so far. */
  checkNoErrors() {
    assert.deepEqual(
      this.events.errors.map((error) => error.message),
      [],
      'no page errors',
    );
    assert.deepEqual(this.consoleErrors, [], 'no console errors');
  }

  /** Waits until `predicate(view)` holds (checked in the page state read from node). */
  async until(predicate, what, timeout = this.timeout) {
    const deadline = Date.now() + timeout;
    let view = await this.view();
    while (!predicate(view)) {
      if (Date.now() > deadline)
        throw new Error(`timed out: ${what}\n${JSON.stringify(this.brief(view), null, 1)}`);
      await this.page.waitForTimeout(20);
      view = await this.view();
    }
    return view;
  }
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}
