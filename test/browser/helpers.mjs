// Shared helpers for the browser tests: one Chromium per file, a page per test, a screenshot
// in test-results/screenshots/ when a test fails, and page errors and dialogs recorded.
import { mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const baseUrl = process.env.STORYBOOK_URL;
if (!baseUrl)
  throw new Error('STORYBOOK_URL is not set: run the browser tests through `node test/browser/run.mjs`.');

/** @type {import('playwright-core').Browser | undefined} */
let browser;

before(async () => {
  browser = await chromium.launch({
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
});

after(async () => {
  await browser?.close();
});

/** The iframe URL of a story, e.g. storyUrl('components-chatwindow--default'). */
export function storyUrl(id, args) {
  const query = args
    ? `&args=${Object.entries(args)
        .map(([key, value]) => `${key}:${value}`)
        .join(';')}`
    : '';
  return `${baseUrl}/iframe.html?id=${id}&viewMode=story${query}`;
}

/**
 * Runs `fn` with a fresh page (and context) on a story. Records page errors and dialogs; takes a
 * screenshot when `fn` throws.
 * @param {string} name a file-safe name for the screenshot
 * @param {string} storyId
 * @param {(page: import('playwright-core').Page, events: { errors: Error[], dialogs: string[] }) => Promise<void>} fn
 * @param {{ args?: Record<string, string>, context?: import('playwright-core').BrowserContext }} [options]
 */
export async function withStory(name, storyId, fn, options = {}) {
  if (!browser) throw new Error('browser not started');
  const context = options.context ?? (await browser.newContext({ viewport: { width: 1000, height: 800 } }));
  const page = await context.newPage();
  const events = { errors: [], dialogs: [] };
  page.on('pageerror', (error) => events.errors.push(error));
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  try {
    await page.goto(storyUrl(storyId, options.args), { waitUntil: 'domcontentloaded' });
    await page.locator('#storybook-root > *').first().waitFor({ timeout: 20_000 });
    await fn(page, events);
  } catch (error) {
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true }).catch(() => {});
    throw error;
  } finally {
    if (!options.context) await context.close();
  }
}

/** A new browser context, for tests that reload a page and keep its storage. */
export async function newContext() {
  if (!browser) throw new Error('browser not started');
  return browser.newContext({ viewport: { width: 1000, height: 800 } });
}
