// The theme in a real browser: the fonts it sets, and what it shows under a host page's own CSS
// (an app's reset must not undo it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withStory } from './helpers.mjs';

// Tailwind's preflight (the base layer every Tailwind app has), as far as it touches lists.
const PREFLIGHT = '@layer base { ol, ul, menu { list-style: none; margin: 0; padding: 0; } }';

const LISTS = [
  '- one',
  '- two',
  '  - nested',
  '    - deeper',
  '',
  '1. first',
  '2. second',
  '   - under a number',
].join('\n');

test("Markdown lists keep their markers under Tailwind's preflight", async () => {
  await withStory('markdown-lists-under-preflight', 'components-markdown--default', async (page, events) => {
    await page.addStyleTag({ content: PREFLIGHT });
    await page.evaluate((text) => {
      window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateStoryArgs', {
        storyId: 'components-markdown--default',
        updatedArgs: { text },
      });
    }, LISTS);
    await page.locator('.rcc-markdown ul ul ul').waitFor();
    const markers = await page.evaluate(() =>
      [...document.querySelectorAll('.rcc-markdown li')].map(
        (item) => `${item.firstChild?.textContent?.trim()}: ${getComputedStyle(item).listStyleType}`,
      ),
    );
    assert.deepEqual(markers, [
      'one: disc',
      'two: disc',
      'nested: circle',
      'deeper: square',
      'first: decimal',
      'second: decimal',
      'under a number: circle',
    ]);
    assert.deepEqual(events.errors, []);
  });
});

test("tool panels show their arguments and result in the theme's monospace font, not the browser's", async () => {
  await withStory('tool-panel-font', 'components-toolcallpanel--default', async (page, events) => {
    const blocks = page.locator('.rcc-tool-call-arguments code');
    await blocks.first().waitFor();
    const fonts = await page.evaluate(() =>
      [...document.querySelectorAll('.rcc-tool-call-arguments, .rcc-tool-call-result')].map((figure) => [
        getComputedStyle(figure.querySelector('pre')).fontFamily,
        getComputedStyle(figure.querySelector('code')).fontFamily,
      ]),
    );
    assert.ok(fonts.length > 0);
    for (const [pre, code] of fonts) {
      assert.match(pre, /ui-monospace/);
      assert.equal(code, pre);
    }
    assert.deepEqual(events.errors, []);
  });
});

test('tool panels are named by their captions as written ("Arguments"), not as the theme shows them', async () => {
  await withStory('tool-panel-names', 'components-toolcallpanel--default', async (page, events) => {
    await page.locator('.rcc-tool-call-arguments code').first().waitFor();
    // Chromium's accessibility tree, what a screen reader gets: CSS `text-transform` goes into names
    // computed from content, and an all-caps word may be read letter by letter.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const figures = nodes.filter((node) => node.role?.value === 'figure').map((node) => node.name?.value);
    assert.ok(figures.includes('Arguments'), `figures: ${JSON.stringify(figures)}`);
    assert.deepEqual(
      figures.filter((name) => /^[A-Z]{2,}$/.test(name ?? '')),
      [],
    );
    assert.deepEqual(events.errors, []);
  });
});
