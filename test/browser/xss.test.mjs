// Hostile model output (`mock/xss`: script tags, javascript: and data:text/html links, onerror
// attributes, SVG data URLs, HTML in reasoning, tool arguments and sources) executes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitForReply, waitForStoryFinished, withStory } from './helpers.mjs';

/** Everything in the story root that could run code, as short descriptions. */
function findExecutable() {
  const root = document.querySelector('#storybook-root');
  if (!root) return ['no story root'];
  const problems = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'frame', 'foreignobject', 'base', 'meta'].includes(tag)) {
      problems.push(`<${tag}>`);
    }
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) problems.push(`${tag}[${attribute.name}]`);
      if (
        ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'data'].includes(
          attribute.name,
        )
      ) {
        if (
          /^\s*(javascript|vbscript|data:text\/html|data:image\/svg)/i.test(
            [...attribute.value].filter((char) => char.charCodeAt(0) > 32).join(''),
          )
        ) {
          problems.push(`${tag}[${attribute.name}="${attribute.value.slice(0, 40)}"]`);
        }
      }
    }
    if (tag === 'svg' && element.closest('.rcc-message, [data-role]')) {
      // Icons are fine; SVG from a reply is not: it would come with no aria-hidden icon marker.
      if (!element.hasAttribute('aria-hidden')) problems.push('<svg> from a reply');
    }
  }
  return problems;
}

test('the XSS story executes nothing: no dialog, no page error, no script, no javascript: href, no on* attribute', async () => {
  await withStory('xss', 'security-xss--default', async (page, events) => {
    // The story's play sends a message and checks the DOM; this test checks again, more widely.
    const verdict = await waitForStoryFinished(page, 45_000);
    assert.deepEqual(verdict.errors, []);
    // The hostile reply ends normally once its tool call has answered (its argument error included).
    assert.equal(await waitForReply(page), 'done');

    // Open everything that is collapsed, so hidden content renders too.
    await page.evaluate(() => {
      for (const trigger of document.querySelectorAll('#storybook-root button[aria-expanded="false"]')) {
        trigger.click();
      }
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
    await page.waitForTimeout(200);

    const log = page.locator('[role="log"]');
    assert.match((await log.textContent()) ?? '', /Security test payloads/);
    // The payloads are visible as text, not executed.
    assert.match((await log.textContent()) ?? '', /alert\(/);
    assert.deepEqual(await page.evaluate(findExecutable), []);
    const hrefs = await page.$$eval('#storybook-root a[href]', (links) => links.map((link) => link.href));
    for (const href of hrefs)
      assert.match(href, /^(https?:|mailto:|blob:|data:image\/(png|jpeg|gif|webp))/i, href);
    const images = await page.$$eval('#storybook-root img', (list) =>
      list.map((image) => image.getAttribute('src') ?? ''),
    );
    for (const src of images) assert.match(src, /^(https:|data:image\/(png|jpeg|gif|webp);|blob:)/i, src);

    assert.deepEqual(events.dialogs, [], 'no alert/confirm/prompt opened');
    assert.deepEqual(
      events.errors.map((error) => error.message),
      [],
      'no page error',
    );
  });
});
