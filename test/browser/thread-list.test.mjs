// The thread list in a real browser: Chromium fires `blur` on a focused input that is removed
// from the page, which jsdom does not, so the inline rename's keys are checked here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withStory } from './helpers.mjs';

const THREADS = 'components-threadlist--all-states';

test('Rename: Escape cancels (the field leaving the page saves nothing), Enter and leaving the field save', async () => {
  await withStory('thread-rename', THREADS, async (page, events) => {
    const list = page.getByRole('navigation', { name: 'Conversations' });
    const titles = () => list.locator('.rcc-thread-switch').allTextContents();
    const rename = async (name, typed, key) => {
      await list.getByRole('button', { name: `Rename “${name}”` }).click();
      const field = list.getByRole('textbox', { name: `Rename “${name}”` });
      await field.fill(typed);
      if (key) await field.press(key);
      else await page.getByRole('textbox', { name: 'Message' }).click();
      await field.waitFor({ state: 'detached' });
    };

    await rename('New chat', 'Not wanted', 'Escape');
    assert.deepEqual(await titles(), ['New chat']);
    // Focus returns to the row's Rename button, not to the page.
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Rename “New chat”',
    );
    // The cancelled text is not kept for the next rename either.
    await list.getByRole('button', { name: 'Rename “New chat”' }).click();
    assert.equal(await list.getByRole('textbox').inputValue(), 'New chat');
    await list.getByRole('textbox').press('Escape');

    await rename('New chat', 'Plans', 'Enter');
    assert.deepEqual(await titles(), ['Plans']);
    await rename('Plans', 'Trips', undefined);
    assert.deepEqual(await titles(), ['Trips']);
    assert.deepEqual(events.errors, []);
  });
});
