// The thread list in a real browser: Chromium fires `blur` on a focused input that is removed
// from the page, which jsdom does not, so the inline rename's keys are checked here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newContext, waitForStoryFinished, withStory } from './helpers.mjs';

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

test('Rename and Delete show on every thread on a touch screen (no hover to reveal them)', async () => {
  const opacities = async (options) => {
    const context = await newContext(options);
    try {
      let found;
      await withStory(
        `thread-actions-${options.hasTouch ? 'touch' : 'mouse'}`,
        'components-threadlist--default',
        async (page, events) => {
          const verdict = await waitForStoryFinished(page);
          assert.equal(verdict.status, 'success', verdict.errors.join('\n'));
          await page.mouse.move(0, 0);
          const inactive = page.locator('.rcc-thread:not([data-state="active"])');
          assert.equal(await inactive.count(), 1);
          found = await inactive
            .locator('.rcc-thread-rename, .rcc-thread-delete')
            .evaluateAll((buttons) => buttons.map((button) => getComputedStyle(button).opacity));
          assert.deepEqual(events.errors, []);
        },
        { context },
      );
      return found;
    } finally {
      await context.close();
    }
  };
  // With a mouse they wait for hover or focus; on a touch screen a tap could reach them unseen.
  assert.deepEqual(await opacities({ hasTouch: false }), ['0', '0']);
  assert.deepEqual(await opacities({ hasTouch: true }), ['1', '1']);
});
