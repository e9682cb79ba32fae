// The chat as a support widget: hidden with `display: none` while a reply streams and shown again,
// and inside a modal <dialog> (the top layer, the page outside it inert).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  sendMessage,
  waitForLastAssistant,
  waitForReply,
  waitForStoryFinished,
  withStory,
} from './helpers.mjs';

/** Where the log is: its distance from the end, and rows that overlap the one before them. */
function logLayout() {
  const log = document.querySelector('[role="log"]');
  const rows = [...log.querySelectorAll('.rcc-message-list-row')].map((row) => row.getBoundingClientRect());
  const overlaps = rows.slice(1).filter((rect, index) => rect.top < rows[index].bottom - 1).length;
  const last = [...log.querySelectorAll('[data-role="assistant"]')].at(-1)?.getBoundingClientRect();
  const view = log.getBoundingClientRect();
  return {
    fromEnd: log.scrollHeight - log.clientHeight - log.scrollTop,
    overlaps,
    rows: rows.length,
    lastBottomInView: last ? last.bottom <= view.bottom + 1 && last.bottom > view.top : false,
  };
}

test('hidden with display: none while a reply streams, then shown: the list is at the reply, rows measured', async () => {
  await withStory(
    'widget-hidden',
    'components-chatwindow--long-thread',
    async (page, events) => {
      await waitForStoryFinished(page);
      await sendMessage(page, 'Tell me a long story');
      await waitForLastAssistant(page, 'streaming', 20);
      await page.evaluate(() => {
        document.querySelector('#storybook-root').style.display = 'none';
      });
      await waitForReply(page);
      await page.evaluate(() => {
        document.querySelector('#storybook-root').style.display = '';
      });
      // Two frames for the resize observers.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      await page
        .waitForFunction(
          (layout) => {
            const now = new Function(`return (${layout})()`)();
            return now.fromEnd <= 16 && now.overlaps === 0 && now.lastBottomInView;
          },
          logLayout.toString(),
          { timeout: 5_000, polling: 50 },
        )
        .catch(() => {});
      const layout = await page.evaluate(logLayout);
      assert.ok(layout.rows > 1, 'rows are rendered');
      assert.equal(layout.overlaps, 0, 'no row overlaps the one before it');
      assert.ok(layout.fromEnd <= 16, `the list is at its end (${layout.fromEnd}px from it)`);
      assert.ok(layout.lastBottomInView, "the reply's end is in view");
      assert.deepEqual(events.errors, []);
    },
    { args: { scenario: 'slow' } },
  );
});

test('in a modal <dialog>: an enlarged image is usable and Escape closes it, not the <dialog>', async () => {
  await withStory('widget-dialog', 'components-chatwindow--all-states', async (page, events) => {
    await waitForStoryFinished(page);
    await page.evaluate(() => {
      const dialog = document.createElement('dialog');
      dialog.setAttribute('aria-label', 'Help');
      document.body.append(dialog);
      dialog.append(document.querySelector('#storybook-root'));
      dialog.showModal();
    });
    const enlarge = page.getByRole('button', { name: /^Enlarge/ }).first();
    await enlarge.scrollIntoViewIfNeeded();
    await enlarge.click();
    const image = page.getByRole('dialog', { name: /Generated image/ });
    await image.waitFor();
    // A click on Close reaches it (Playwright clicks only what is hit-testable and not inert).
    const close = image.getByRole('button', { name: 'Close' });
    assert.equal(
      await close.evaluate((button) => document.activeElement === button),
      true,
      'Close has focus',
    );
    await close.click({ timeout: 5_000 });
    assert.equal(await image.count(), 0, 'Close closed the image');
    await enlarge.click();
    await image.waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await image.count(), 0, 'Escape closed the image');
    assert.equal(
      await page.evaluate(() => document.querySelector('dialog').open),
      true,
      'the <dialog> is open',
    );
    await page.keyboard.press('Escape');
    assert.equal(
      await page.evaluate(() => document.querySelector('dialog').open),
      false,
      'then Escape closes it',
    );
    assert.deepEqual(events.errors, []);
  });
});
