// The theme under a host page's own CSS: an app's reset must not undo what the theme shows.
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
