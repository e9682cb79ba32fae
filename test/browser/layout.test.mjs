// What a person sees of the stories, beyond what their play functions check: sizes and room on a
// desktop and on a phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  listStories,
  newContext,
  openStoryPage,
  saveScreenshot,
  sendMessage,
  switchStory,
  waitForLastAssistant,
  waitForStoryFinished,
  withStory,
} from './helpers.mjs';

const PHONE = { width: 390, height: 844 };

for (const viewport of [{ width: 1280, height: 800 }, PHONE, { width: 844, height: 390 }]) {
  test(`the image dialog shows the image larger than its thumbnail, or as wide as it can (${viewport.width}×${viewport.height})`, async () => {
    const context = await newContext({ viewport });
    try {
      await withStory(
        `image-dialog-${viewport.width}`,
        'components-images--default',
        async (page, events) => {
          // The story's play opens and closes the dialog: wait until it has closed it.
          await page.waitForFunction(() =>
            window.__storyEvents.some((event) => event.type === 'storyFinished'),
          );
          const thumbnail = page.getByRole('button', { name: /Enlarge/ }).first();
          const thumbnailWidth = (await thumbnail.boundingBox())?.width ?? 0;
          await thumbnail.click();
          const image = page.getByRole('dialog').locator('img');
          await image.waitFor();
          const box = await image.boundingBox();
          assert.ok(box, 'the dialog shows the image');
          // Larger than the thumbnail, or (on a phone, where the thumbnail is nearly as wide as
          // the screen) as wide as the dialog's margins let it be.
          assert.ok(
            box.width >= Math.min(thumbnailWidth + 1, viewport.width - 80),
            `dialog image ${box.width}px wide, thumbnail ${thumbnailWidth}px`,
          );
          assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, 'the image fits the viewport');
          assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, 'the image fits the viewport');
          const close = await page.getByRole('dialog').getByRole('button', { name: 'Close' }).boundingBox();
          assert.ok(close && close.y + close.height <= viewport.height, 'Close is in view');
          assert.deepEqual(events.errors, []);
        },
        { context },
      );
    } finally {
      await context.close();
    }
  });
}

test('in a right-to-left page, a usage line keeps its number first ("343 tokens", not "tokens … 343")', async () => {
  await withStory('usage-rtl', 'components-chatwindow--right-to-left', async (page, events) => {
    await page.waitForFunction(() => window.__storyEvents.some((event) => event.type === 'storyFinished'));
    const lines = await page.evaluate(() =>
      [...document.querySelectorAll('[role="log"] .rcc-usage .rcc-usage-tokens')].map((element) => {
        const node = element.firstChild;
        const at = (offset) => {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          return range.getBoundingClientRect().left;
        };
        const word = node.textContent.indexOf('tokens');
        return { text: node.textContent, numberFirst: at(0) < at(word) };
      }),
    );
    assert.ok(lines.length > 0, 'the replies show their usage');
    for (const line of lines) assert.ok(line.numberFirst, `"${line.text}" reads with its number first`);
    assert.deepEqual(events.errors, []);
  });
});

test('on a phone (390×844), no story scrolls sideways, also after its play function', async () => {
  const stories = await listStories();
  const session = await openStoryPage(stories[0].id);
  const { page } = session;
  await page.setViewportSize(PHONE);
  const overflowing = [];
  try {
    for (const story of stories) {
      if (story !== stories[0]) await switchStory(page, story.id);
      await waitForStoryFinished(page, 60_000);
      const overflow = await page.evaluate(() => {
        const root = document.scrollingElement;
        return root.scrollWidth - root.clientWidth;
      });
      if (overflow > 0) {
        overflowing.push(`${story.id} (${overflow}px)`);
        await saveScreenshot(page, `phone-overflow-${story.id}`);
      }
    }
  } finally {
    await session.close();
  }
  assert.deepEqual(overflowing, []);
});

test('on a phone, a long queued message is cut short and its Cancel stays in the window', async () => {
  const context = await newContext({ viewport: PHONE });
  try {
    await withStory(
      'queue-phone',
      'components-chatwindow--default',
      async (page, events) => {
        await sendMessage(page, 'Tell me a long story');
        await waitForLastAssistant(page, 'streaming', 20);
        await sendMessage(page, 'Then a short one');
        await sendMessage(page, 'And then a poem about the sea, the wind, the harbour and the boats in it');
        const cancels = page.getByRole('list', { name: 'Queued messages' }).getByRole('button');
        await cancels.nth(1).waitFor();
        const window = await page.locator('.rcc-chat-window').boundingBox();
        for (const cancel of await cancels.all()) {
          const box = await cancel.boundingBox();
          assert.ok(box && window, 'Cancel is shown');
          assert.ok(
            box.x >= window.x && box.x + box.width <= window.x + window.width,
            `Cancel at ${box.x}–${box.x + box.width}, the window ${window.x}–${window.x + window.width}`,
          );
        }
        await page.getByRole('button', { name: 'Stop' }).click();
        assert.deepEqual(events.errors, []);
      },
      { context, args: { scenario: 'slow' }, globals: { mockSpeed: 'normal' } },
    );
  } finally {
    await context.close();
  }
});

test('a draft typed in a wide window still shows whole, or scrolls, once the window narrows (a phone turned, a window resized)', async () => {
  await withStory('composer-rewrap', 'components-chatwindow--default', async (page, events) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.click();
    await page.keyboard.insertText(
      'A draft long enough to take three lines in a wide window, and more in a narrow one. '.repeat(3),
    );
    const measure = () =>
      input.evaluate((element) => ({
        height: element.clientHeight,
        text: element.scrollHeight,
        scrolls: getComputedStyle(element).overflowY === 'auto',
      }));
    const wide = await measure();
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 844, height: 390 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      // The rewrap is measured in the frame after the resize.
      await page.waitForTimeout(200);
      const { height, text, scrolls } = await measure();
      assert.ok(
        height >= text - 1 || scrolls,
        `${viewport.width}×${viewport.height}: ${height}px of ${text}px of text show, and it does not scroll`,
      );
    }
    // Back in the wide window, as tall as it was there (no blank lines left from the narrow one).
    assert.ok(Math.abs((await measure()).height - wide.height) <= 1, 'as tall as before in the wide window');
    assert.deepEqual(events.errors, []);
  });
});

test("in a short window (a landscape phone), the header's labels, selects and the thread's usage do not overlap", async () => {
  const context = await newContext({ viewport: { width: 844, height: 390 }, hasTouch: true });
  try {
    await withStory(
      'short-header',
      'demo-chatapp--default',
      async (page, events) => {
        await sendMessage(page, 'Hello');
        await page.locator('.rcc-chat-header .rcc-thread-usage').waitFor();
        for (const width of [844, 1100]) {
          await page.setViewportSize({ width, height: 390 });
          const boxes = await page.evaluate(() =>
            [
              ...document.querySelectorAll(
                '.rcc-chat-header :is(.rcc-chat-title, .rcc-model-picker-label, select, .rcc-thread-usage)',
              ),
            ].map((element) => {
              const { left, right } = element.getBoundingClientRect();
              return { name: element.className, left, right };
            }),
          );
          assert.ok(boxes.length >= 5, JSON.stringify(boxes));
          for (const [index, box] of boxes.entries()) {
            for (const other of boxes.slice(index + 1)) {
              assert.ok(
                box.right <= other.left + 1 || other.right <= box.left + 1,
                `${width}px: ${box.name} (${box.left}–${box.right}) overlaps ${other.name} (${other.left}–${other.right})`,
              );
            }
          }
        }
        assert.deepEqual(events.errors, []);
      },
      { context },
    );
  } finally {
    await context.close();
  }
});

test('in a short window (a landscape phone), a draft taller than the textbox there scrolls instead of being cut off', async () => {
  await withStory('short-composer', 'components-chatwindow--default', async (page, events) => {
    await page.setViewportSize({ width: 844, height: 390 });
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.click();
    // Taller than the 40% of the height the stylesheet allows there, shorter than `maxHeight`.
    await page.keyboard.insertText(`${'A line of the draft\n'.repeat(8)}The last line`);
    const { height, text, scrolls } = await input.evaluate((element) => ({
      height: element.clientHeight,
      text: element.scrollHeight,
      scrolls: getComputedStyle(element).overflowY === 'auto',
    }));
    assert.ok(text > height, `the draft (${text}px) is taller than the textbox (${height}px)`);
    assert.ok(scrolls, 'the textbox scrolls');
    assert.deepEqual(events.errors, []);
  });
});
