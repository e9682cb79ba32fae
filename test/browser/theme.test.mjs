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

test('the image dialog leaves nothing of the page behind it in the accessibility tree', async () => {
  await withStory('image-dialog-modal', 'components-images--default', async (page, events) => {
    await page.getByRole('button', { name: 'Enlarge Generated image 1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).waitFor();
    // Chromium's accessibility tree, what a screen reader gets: `aria-modal` alone left the
    // page's buttons in it.
    const cdp = await page.context().newCDPSession(page);
    const controls = async () =>
      (await cdp.send('Accessibility.getFullAXTree')).nodes
        .filter((node) => !node.ignored && node.role?.value === 'button')
        .map((node) => node.name?.value);
    assert.deepEqual(await controls(), ['Download Generated image 1', 'Close']);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.ok((await controls()).includes('Enlarge Generated image 1'));
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Enlarge Generated image 1',
    );
    assert.deepEqual(events.errors, []);
  });
});

const DEMO = 'demo-chatapp--default';

/** Heights of the window and of the message log, and whether the composer shows within the viewport. */
function measureLayout(page) {
  return page.evaluate(() => {
    const window_ = document.querySelector('.rcc-chat-window').getBoundingClientRect();
    const log = document.querySelector('.rcc-message-list').getBoundingClientRect();
    const composer = document.querySelector('.rcc-chat-main > .rcc-composer').getBoundingClientRect();
    return {
      window: Math.round(window_.height),
      log: Math.round(log.height),
      composerBottom: composer.bottom,
      viewport: innerHeight,
    };
  });
}

test('at 200% zoom (a 500×400 viewport) the message log keeps most of the height, the composer in view', async () => {
  await withStory('short-viewport', DEMO, async (page, events) => {
    await page.setViewportSize({ width: 500, height: 400 });
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    // The app: threads, title, model and fallback models pickers, composer. With each control on a
    // row of its own the log had under half of the window, and the window did not fit.
    const app = await measureLayout(page);
    assert.ok(app.log / app.window >= 0.55, `log ${app.log}px of a ${app.window}px window`);
    assert.ok(
      app.composerBottom <= app.viewport,
      `composer ends at ${app.composerBottom}px of ${app.viewport}`,
    );
    // The smallest (320×256, 400% zoom of 1280×1024): all of it still fits the viewport.
    await page.setViewportSize({ width: 320, height: 256 });
    const small = await measureLayout(page);
    assert.ok(
      small.composerBottom <= small.viewport,
      `composer ends at ${small.composerBottom}px of ${small.viewport}`,
    );
    assert.ok(small.log >= 90, `log ${small.log}px of a ${small.window}px window`);
    // A normal screen keeps its layout: the header's controls on rows of their own under 640px.
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok((await page.locator('.rcc-chat-header').boundingBox()).height > 80);
    assert.deepEqual(events.errors, []);
  });
});

test('at 320px wide nothing overflows sideways: a lone thread with a long title fits the thread strip', async () => {
  await withStory('narrow-thread-strip', DEMO, async (page, events) => {
    await page.setViewportSize({ width: 320, height: 568 });
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: 'Rename “New chat”' }).click();
    const field = list.getByRole('textbox', { name: 'Rename “New chat”' });
    await field.fill('Weather in Paris and Tokyo this weekend');
    await field.press('Enter');
    await field.waitFor({ state: 'detached' });
    const overflows = await page.evaluate(() =>
      ['.rcc-chat-window', '.rcc-chat-sidebar', '.rcc-thread-list', '.rcc-thread-list-items']
        .map((selector) => document.querySelector(selector))
        .filter((element) => element.scrollWidth > element.clientWidth)
        .map((element) => `${element.className}: ${element.scrollWidth} > ${element.clientWidth}`),
    );
    assert.deepEqual(overflows, []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    assert.deepEqual(events.errors, []);
  });
});

test('in forced colors (Windows contrast themes) the focused textbox, the user bubble and the open conversation stay marked', async () => {
  await withStory('forced-colors', DEMO, async (page, events) => {
    await page.emulateMedia({ forcedColors: 'active' });
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Hello');
    await input.press('Enter');
    await page.locator('.rcc-message[data-role="user"] .rcc-message-content').waitFor();
    // Every mark here is a shadow or a background without forced colors: both are dropped then.
    const marks = () =>
      page.evaluate(() => {
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        const composer = style('.rcc-composer');
        const bubble = style('.rcc-message[data-role="user"] .rcc-message-content');
        const thread = style('.rcc-thread[data-state="active"]');
        return {
          focusRing: composer.outlineStyle === 'solid' ? Number.parseFloat(composer.outlineWidth) : 0,
          bubbleBorder: bubble.borderTopStyle === 'solid' ? Number.parseFloat(bubble.borderTopWidth) : 0,
          threadBorder: thread.borderTopStyle === 'solid' ? Number.parseFloat(thread.borderTopWidth) : 0,
        };
      });
    // Focus reached by keyboard (`:focus-visible`): away to the Attach button and back.
    await input.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message');
    const focused = await marks();
    assert.ok(focused.focusRing >= 2, `focus ring ${focused.focusRing}px`);
    assert.ok(focused.bubbleBorder >= 1, `bubble border ${focused.bubbleBorder}px`);
    assert.ok(focused.threadBorder >= 1, `open conversation border ${focused.threadBorder}px`);
    // The ring marks focus, so it goes with it.
    await page.keyboard.press('Shift+Tab');
    assert.equal((await marks()).focusRing, 0);
    // Without forced colors the theme draws them as before (no borders of its own there).
    await page.emulateMedia({ forcedColors: 'none' });
    assert.equal((await marks()).bubbleBorder, 0);
    assert.deepEqual(events.errors, []);
  });
});

test("the toolbar's Direction turns any story right to left: the demo's conversations on the right", async () => {
  await withStory(
    'direction-global',
    DEMO,
    async (page, events) => {
      await page.locator('[role="log"]').waitFor();
      const layout = await page.evaluate(() => {
        const sidebar = document.querySelector('.rcc-chat-sidebar')?.getBoundingClientRect();
        const main = document.querySelector('.rcc-chat-main').getBoundingClientRect();
        return {
          log: document.querySelector('[role="log"]').matches(':dir(rtl)'),
          page: document.documentElement.dir,
          // The conversations are on the right of the chat, the way the page reads.
          sidebarRight: sidebar ? sidebar.left >= main.right - 1 : null,
        };
      });
      assert.deepEqual(layout, { log: true, page: 'rtl', sidebarRight: true });
      assert.deepEqual(events.errors, []);
    },
    { globals: { mockSpeed: 'fast', direction: 'rtl' } },
  );
});
