#!/usr/bin/env node
// Takes docs/screenshot.png: the Demo/ChatApp story after a conversation with the built-in mock
// (reasoning, parallel tool calls and a generated image visible). Builds Storybook first unless
// SKIP_STORYBOOK_BUILD=1 and storybook-static/ exists. Usage: node docs/take-screenshot.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureChromium } from '../scripts/chromium.mjs';
import { startStaticServer } from '../test/browser/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = join(root, 'storybook-static');
const output = join(root, 'docs/screenshot.png');
const MAX_BYTES = 300 * 1024;

if (process.env.SKIP_STORYBOOK_BUILD !== '1' || !existsSync(staticDir)) {
  const build = spawnSync('npx', ['storybook', 'build', '-o', staticDir, '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = await startStaticServer(staticDir);
const browser = await chromium.launch({
  executablePath: await ensureChromium(),
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1640 }, deviceScaleFactor: 1 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto(`${server.url}/iframe.html?id=demo-chatapp--default&viewMode=story&globals=mockSpeed:fast`);
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.waitFor({ timeout: 30_000 });

  const send = async (text) => {
    await input.fill(text);
    await input.press('Enter');
    // Idle again: no Stop button, last reply settled.
    await page.waitForFunction(
      () => {
        const replies = document.querySelectorAll('[role="log"] [data-role="assistant"]');
        const last = replies[replies.length - 1];
        const busy = [...document.querySelectorAll('button')].some((button) => button.textContent === 'Stop');
        return !busy && last?.getAttribute('data-status') === 'done';
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    );
  };
  await send('What is the weather in Paris and Tokyo?');
  await send('Draw a sunset over the sea');

  // Let the image decode; open the reasoning of the last reply (the list stays pinned to the bottom).
  const last = page.locator('[role="log"] [data-role="assistant"]').last();
  await page.waitForFunction(
    (element) => element?.complete && element.naturalWidth > 0,
    await last.locator('img').first().elementHandle(),
  );
  await last.getByRole('button', { name: 'Reasoning' }).click();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: output });
} finally {
  await browser.close();
  await server.close();
}

const size = statSync(output).size;
console.log(`Wrote ${output} (${Math.round(size / 1024)} KB)`);
if (size > MAX_BYTES) {
  console.error(`The screenshot is over ${MAX_BYTES / 1024} KB: reduce the viewport.`);
  process.exit(1);
}
