// The drop-in ChatWindow in a real browser, on the built-in mock endpoint: sending, streaming,
// Stop and Retry, tool approval, image generation, keyboard-only use and persistence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  lastAssistant,
  newContext,
  sendMessage,
  text,
  waitForLastAssistant,
  waitForReply,
  withStory,
} from './helpers.mjs';

const CHAT = 'components-chatwindow--default';
const NORMAL = { mockSpeed: 'normal' };

test('Enter sends; the reply streams in (status streaming, text growing) and ends with status done', async () => {
  await withStory(
    'send-and-stream',
    CHAT,
    async (page, events) => {
      const input = await sendMessage(page, 'Hello! What can you do?');
      await assert.doesNotReject(input.inputValue().then((value) => assert.equal(value, '')));
      const user = page.locator('[role="log"] [data-role="user"]');
      await user.first().waitFor();
      assert.match(await text(user.first()), /Hello! What can you do\?/);

      const reply = lastAssistant(page);
      await page.locator('[role="log"] [data-role="assistant"][data-status="streaming"]').waitFor();
      await page.waitForFunction(
        () => (document.querySelector('[data-role="assistant"]')?.textContent?.length ?? 0) > 10,
        undefined,
        { polling: 10 },
      );
      const early = (await text(reply)).length;
      assert.equal(await waitForReply(page), 'done');
      const final = (await text(reply)).length;
      assert.ok(final > early, `the text grew while streaming (${early} -> ${final} characters)`);
      assert.equal(await page.getByRole('button', { name: 'Stop' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Send' }).count(), 1);
      assert.deepEqual(events.errors, []);
    },
    { globals: NORMAL },
  );
});

test('Stop mid-stream keeps the partial text (incomplete); Retry asks again and completes', async () => {
  await withStory(
    'stop-and-retry',
    CHAT,
    async (page, events) => {
      await sendMessage(page, 'Tell me a long story');
      const reply = lastAssistant(page);
      await waitForLastAssistant(page, 'streaming', 40);
      await page.getByRole('button', { name: 'Stop' }).click();
      assert.equal(await waitForReply(page), 'incomplete');
      const partial = await text(reply);
      assert.ok(partial.length > 40, 'the partial text stays');
      // Nothing more arrives after Stop.
      await page.waitForTimeout(300);
      assert.equal(await text(reply), partial);

      // Retry the stopped turn (Retry, or Regenerate where the stopped reply offers only that).
      await page
        .getByRole('button', { name: /^(Retry|Regenerate)$/ })
        .last()
        .click();
      assert.equal(await waitForReply(page, 60_000), 'done');
      assert.equal(
        await page.locator('[role="log"] [data-role="user"]').count(),
        1,
        'no duplicated user message',
      );
      assert.ok((await text(lastAssistant(page))).length > partial.length / 2);
      assert.deepEqual(events.errors, []);
    },
    { args: { scenario: 'slow' } },
  );
});

test('tool approval: Approve runs send_email and the model answers from the result', async () => {
  await withStory('tool-approve', CHAT, async (page, events) => {
    await sendMessage(page, 'Send an email to Ada about lunch');
    const approve = page.getByRole('button', { name: 'Approve' });
    await approve.first().waitFor();
    const calls = await approve.count();
    assert.ok(calls >= 1);
    assert.equal(await page.getByRole('button', { name: 'Deny' }).count(), calls);
    assert.equal(
      await page
        .locator('.rcc-tool-call[data-tool-name="send_email"][data-state="awaiting-approval"]')
        .count(),
      calls,
    );
    while ((await approve.count()) > 0) await approve.first().click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    assert.equal(await waitForReply(page), 'done');
    assert.equal(
      await page.locator('.rcc-tool-call[data-tool-name="send_email"][data-state="done"]').count(),
      calls,
    );
    assert.match(await text(lastAssistant(page)), /send_email/);
    assert.deepEqual(events.errors, []);
  });
});

test('tool approval: Deny tells the model and the call shows as denied', async () => {
  await withStory('tool-deny', CHAT, async (page, events) => {
    await sendMessage(page, 'Send an email to Ada about lunch');
    const deny = page.getByRole('button', { name: 'Deny' });
    await deny.first().waitFor();
    const calls = await deny.count();
    while ((await deny.count()) > 0) await deny.first().click();
    assert.equal(await waitForReply(page), 'done');
    assert.equal(await page.locator('.rcc-tool-call[data-state="denied"]').count(), calls);
    assert.equal(await page.locator('.rcc-tool-call[data-state="done"]').count(), 0);
    // The model was told: its answer says the call was refused.
    assert.match(await text(lastAssistant(page)), /could not get an answer/);
    assert.deepEqual(events.errors, []);
  });
});

test('keyboard only: Approve keeps the focused tool panel in view while the answer streams below it', async () => {
  await withStory('tool-approve-focus', CHAT, async (page, events) => {
    await sendMessage(page, 'Send an email to Ada about lunch');
    const approve = page.getByRole('button', { name: 'Approve' });
    await approve.first().waitFor();
    // Right after the reply ends (the list has just scrolled to its end), before the log overflows.
    assert.equal(await waitForReply(page), 'done');
    await approve.first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    assert.equal(await waitForReply(page), 'done');
    // The panel keeps focus and stays in the log's visible area; the answer is a Jump away.
    const where = await page.evaluate(() => {
      const active = document.activeElement;
      const log = document.querySelector('[role="log"]');
      const view = log.getBoundingClientRect();
      const box = active.getBoundingClientRect();
      return {
        panel: active.classList.contains('rcc-tool-call'),
        inView: box.top >= view.top - 1 && box.top < view.bottom - 20,
        overflows: log.scrollHeight > log.clientHeight,
      };
    });
    assert.deepEqual(where, { panel: true, inView: true, overflows: true });
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor();
    assert.deepEqual(events.errors, []);
  });
});

test('Jump to latest is named by its words alone (its arrow is decoration)', async () => {
  await withStory('jump-name', 'components-chatwindow--long-thread', async (page, events) => {
    await page.getByRole('log').focus();
    await page.keyboard.press('Home');
    const jump = page.locator('.rcc-jump-to-latest');
    await jump.waitFor();
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
      backendNodeId: (
        await cdp.send('DOM.describeNode', {
          objectId: (
            await cdp.send('Runtime.evaluate', {
              expression: 'document.querySelector(".rcc-jump-to-latest")',
            })
          ).result.objectId,
        })
      ).node.backendNodeId,
      fetchRelatives: false,
    });
    assert.equal(nodes[0]?.name?.value, 'Jump to latest');
    // The arrow still shows.
    assert.match(await jump.evaluate((button) => getComputedStyle(button, '::after').content), /↓/);
    assert.deepEqual(events.errors, []);
  });
});

test('Page Up while the rows are still measured (a long thread just opened) stays where it scrolled to: the first frames of its animation, near the end, do not follow again', async () => {
  await withStory('pageup-animated', 'components-chatwindow--long-thread', async (page, events) => {
    const log = page.getByRole('log');
    await log.focus();
    await page.keyboard.press('PageUp');
    await page.waitForTimeout(1000);
    const view = await log.evaluate((element) => ({
      fromEnd: element.scrollHeight - element.clientHeight - element.scrollTop,
      following: element.closest('.rcc-message-list').hasAttribute('data-at-bottom'),
    }));
    assert.equal(view.following, false, 'the list stopped following');
    assert.ok(view.fromEnd > 200, `the view stayed a page up (${view.fromEnd}px from the end)`);
    assert.equal(await page.getByRole('button', { name: 'Jump to latest' }).count(), 1);
    assert.deepEqual(events.errors, []);
  });
});

test('keyboard on Jump to latest: the list reaching its end by other means (a wheel, focus scrolling a last control into view) moves focus to the list, not to the page', async () => {
  await withStory('jump-unmount-focus', 'components-chatwindow--long-thread', async (page, events) => {
    const log = page.getByRole('log');
    await log.focus();
    await page.keyboard.press('PageUp');
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await jump.waitFor();
    await jump.focus();
    // The wheel over the list, down to its end: following resumes and the button goes away.
    const box = await log.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let turn = 0; turn < 20 && (await jump.count()) > 0; turn++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(50);
    }
    assert.equal(await jump.count(), 0, 'the list is at its end');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('role'));
    assert.equal(focused, 'log', 'focus moved to the list');
    assert.deepEqual(events.errors, []);
  });
});

test('tools without approval run by themselves (parallel get_weather calls)', async () => {
  await withStory('tool-auto', CHAT, async (page) => {
    await sendMessage(page, 'What is the weather in Paris and Tokyo?');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    assert.equal(await waitForReply(page), 'done');
    assert.equal(
      await page.locator('.rcc-tool-call[data-tool-name="get_weather"][data-state="done"]').count(),
      2,
    );
  });
});

test('image generation shows an <img> with a data:image/png source that decodes', async () => {
  await withStory(
    'image',
    CHAT,
    async (page, events) => {
      await sendMessage(page, 'Draw a sunset');
      assert.equal(await waitForReply(page), 'done');
      const image = lastAssistant(page).locator('img').first();
      await image.waitFor();
      assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
      await page.waitForFunction(
        (element) => element.complete && element.naturalWidth > 0,
        await image.elementHandle(),
      );
      assert.deepEqual(events.errors, []);
    },
    { args: { scenario: 'image' } },
  );
});

test('keyboard only: Tab reaches the composer, Enter sends, focus returns to the composer', async () => {
  await withStory('keyboard', CHAT, async (page, events) => {
    const isComposerFocused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        return active?.tagName === 'TEXTAREA' && active.getAttribute('aria-label') === 'Message';
      });
    let presses = 0;
    while (!(await isComposerFocused())) {
      await page.keyboard.press('Tab');
      presses += 1;
      assert.ok(presses <= 25, 'the composer is reachable with Tab');
    }
    await page.keyboard.type('Hello from the keyboard');
    await page.keyboard.press('Enter');
    assert.equal(await waitForReply(page), 'done');
    assert.ok(await isComposerFocused(), 'focus is back in the composer after sending');
    assert.match(
      await text(page.locator('[role="log"] [data-role="user"]').first()),
      /Hello from the keyboard/,
    );
    // And on: a second message without touching the mouse.
    await page.keyboard.type('And again');
    await page.keyboard.press('Enter');
    await page.locator('[role="log"] [data-role="user"]').nth(1).waitFor();
    assert.equal(await waitForReply(page), 'done');
    assert.ok(await isComposerFocused());
    assert.deepEqual(events.errors, []);
  });
});

test('keyboard only: editing a message, then Previous version on it, keeps the focused button in view', async () => {
  await withStory('keyboard-versions', CHAT, async (page, events) => {
    await sendMessage(page, 'First question');
    assert.equal(await waitForReply(page), 'done');
    // Edit with the keyboard: Escape gives focus back to Edit; Enter saves and focus goes to the composer.
    await page.getByRole('button', { name: 'Edit' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Edit');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' edited');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message');
    await page.locator('[role="log"] [data-role="user"]').filter({ hasText: 'edited' }).waitFor();
    assert.equal(await waitForReply(page), 'done');
    // Back with Shift+Tab to the first message's "Previous version" (the thread overflows the log).
    for (let presses = 0; ; presses++) {
      assert.ok(presses < 20, 'Previous version is reachable with Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      if (name === 'Previous version') break;
    }
    await page.keyboard.press('Enter');
    await page.getByText('Version 1 of 2').waitFor();
    // The first version is shown; focus is on Next version, in the log's visible area.
    await page.waitForTimeout(300);
    const where = await page.evaluate(() => {
      const active = document.activeElement;
      const log = document.querySelector('[role="log"]').getBoundingClientRect();
      const box = active.getBoundingClientRect();
      return {
        name: active.getAttribute('aria-label'),
        inView: box.top >= log.top && box.bottom <= log.bottom,
      };
    });
    assert.deepEqual(where, { name: 'Next version', inView: true });
    assert.deepEqual(events.errors, []);
  });
});

test('keyboard only: every control Tab reaches shows a 2px focus ring in the focus colour, the textbox included', async () => {
  await withStory('focus-rings', 'components-chatwindow--conversation', async (page) => {
    await page.getByRole('button', { name: 'Regenerate' }).waitFor({ timeout: 20_000 });
    const seen = [];
    for (let presses = 0; presses < 30; presses++) {
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const active = document.activeElement;
        if (!active || active === document.body) return undefined;
        // The ring as it ends up (the composer's border and shadow fade in).
        for (const animation of document.getAnimations()) animation.finish();
        // The focus colour as the browser computes colours.
        const probe = document.createElement('span');
        probe.style.color = 'var(--rcc-focus)';
        active.parentElement.append(probe);
        const focus = getComputedStyle(probe).color;
        probe.remove();
        const style = getComputedStyle(active);
        const name = active.getAttribute('aria-label') ?? active.tagName;
        if (style.outlineStyle !== 'none')
          return { name, ok: parseFloat(style.outlineWidth) >= 2 && style.outlineColor === focus };
        // The textbox: the composer around it shows the focus (border and shadow).
        const form = getComputedStyle(active.closest('.rcc-composer') ?? active);
        const width =
          parseFloat(form.borderTopWidth) + (form.boxShadow.startsWith(`${focus} 0px 0px 0px 1px`) ? 1 : 0);
        return { name, ok: form.borderTopColor === focus && width >= 2 };
      });
      if (!ring) continue;
      seen.push(ring.name);
      assert.ok(ring.ok, `${ring.name} shows a 2px focus ring`);
      if (ring.name === 'Message') break;
    }
    assert.ok(seen.includes('Message') && seen.length > 5, seen.join(', '));
    // Tab went through once: "Jump to latest" never took a press and went away under it, which
    // put focus back on the list (a loop through the messages on a slow machine).
    assert.equal(seen.filter((name) => name === 'Messages').length, 1, seen.join(', '));
  });
});

test('keyboard only: Tab presses faster than frames go from the latest message on to the composer, not back to the list', async () => {
  // 500 px high: the conversation overflows, so Tab into an earlier message shows "Jump to
  // latest". Tab on to the latest message scrolls to the end; the browser's scroll event for it
  // comes with the next frame. Two presses sent at once (a held Tab key on a busy machine) used
  // to put the second on "Jump to latest", which then went away, focus back on the list.
  const context = await newContext({ viewport: { width: 1000, height: 500 } });
  try {
    await withStory(
      'tab-past-latest',
      'components-chatwindow--conversation',
      async (page) => {
        await page.getByRole('button', { name: 'Regenerate' }).waitFor({ timeout: 20_000 });
        const where = () =>
          page.evaluate(() => {
            const active = document.activeElement;
            const rows = document.querySelectorAll('.rcc-message-list-row');
            return {
              name: active.getAttribute('aria-label') ?? active.textContent,
              inLatest: rows[rows.length - 1].contains(active),
              jump: document.querySelector('.rcc-jump-to-latest') !== null,
            };
          });
        let jumpShown = false;
        for (let presses = 0; presses < 20; presses++) {
          await page.keyboard.press('Tab');
          const now = await where();
          jumpShown ||= now.jump;
          if (now.inLatest && now.name === 'Copy') break;
        }
        assert.equal(jumpShown, true, 'Tab into an earlier message shows Jump to latest');
        assert.deepEqual(await where(), { name: 'Copy', inLatest: true, jump: false });
        const cdp = await page.context().newCDPSession(page);
        const key = (type) =>
          cdp.send('Input.dispatchKeyEvent', { type, key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 });
        await Promise.all([key('keyDown'), key('keyUp'), key('keyDown'), key('keyUp')]);
        await page.waitForTimeout(300);
        assert.deepEqual(await where(), { name: 'Attach files', inLatest: false, jump: false });
      },
      { context },
    );
  } finally {
    await context.close();
  }
});

test('on a touch screen, Regenerate tapped leaves the textbox unfocused (no on-screen keyboard over the reply); clicked, it focuses it', async () => {
  const context = await newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  try {
    await withStory(
      'regenerate-tap',
      'components-chatwindow--conversation',
      async (page) => {
        const regenerate = page.getByRole('button', { name: 'Regenerate' });
        await regenerate.waitFor({ timeout: 20_000 });
        const textboxFocused = () =>
          page.evaluate(() => document.activeElement === document.querySelector('textarea'));
        await regenerate.tap();
        await page.getByText('Version 2 of 2').waitFor({ timeout: 20_000 });
        await regenerate.waitFor({ timeout: 20_000 });
        assert.equal(await textboxFocused(), false);
        await regenerate.click();
        await page.getByText('Version 3 of 3').waitFor({ timeout: 20_000 });
        assert.equal(await textboxFocused(), true);
      },
      { context },
    );
  } finally {
    await context.close();
  }
});

/**
 * On a phone, how much of the screen the window's top takes (threads, title, model selects: all
 * above the message log), and whether the empty textbox shows its whole placeholder.
 */
async function phoneLayout(page) {
  return page.evaluate(() => {
    const input = document.querySelector('.rcc-composer-input');
    return {
      top: document.querySelector('[role="log"]').getBoundingClientRect().top / window.innerHeight,
      placeholderCut: input.value === '' && input.scrollHeight > input.clientHeight,
    };
  });
}

test('on a phone, the header leaves room for the conversation; a reply ending while focus rests on Stop moves focus to the composer, which keeps its height', async () => {
  await withStory(
    'stop-focus',
    'demo-chatapp--default',
    async (page, events) => {
      await page.setViewportSize({ width: 390, height: 844 });
      const input = page.getByRole('textbox', { name: 'Message' });
      await input.waitFor();
      assert.equal((await phoneLayout(page)).placeholderCut, false, 'the whole placeholder shows');
      const emptyHeight = await input.evaluate((element) => element.getBoundingClientRect().height);
      await sendMessage(page, 'Hello there');
      const stop = page.getByRole('button', { name: 'Stop' });
      await stop.focus();
      assert.equal(await waitForReply(page), 'done');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      assert.equal(focused, 'Message', 'focus went to the composer, not to the page');
      // Empty again, the composer is as tall as before (a wrapped placeholder does not grow it).
      const height = await input.evaluate((element) => element.getBoundingClientRect().height);
      assert.ok(
        height <= emptyHeight + 1,
        `composer ${height}px tall after the reply, ${emptyHeight}px before`,
      );
      // The thread list, the title, the model and fallback models selects and the thread's usage:
      // under a quarter of the screen (they took well over a third when each had rows of its own).
      const phone = await phoneLayout(page);
      assert.ok(phone.top < 0.25, `the log starts ${Math.round(phone.top * 100)}% down the screen`);
      // A smaller phone (the usage takes two lines there): the placeholder wraps onto a second
      // line, which the textbox shows.
      await page.setViewportSize({ width: 320, height: 568 });
      const small = await phoneLayout(page);
      assert.ok(small.top < 0.4, `the log starts ${Math.round(small.top * 100)}% down the screen`);
      assert.equal(small.placeholderCut, false, 'the whole placeholder shows on a smaller phone');
      assert.deepEqual(events.errors, []);
    },
    { globals: NORMAL },
  );
});

test('reload restores a persisted thread (same browser context)', async () => {
  const context = await newContext();
  try {
    await withStory(
      'persist-before',
      'components-chatwindow--persisted',
      async (page) => {
        await sendMessage(page, 'Remember the word pineapple');
        assert.equal(await waitForReply(page), 'done');
        const replyText = await text(lastAssistant(page));
        await page.reload({ waitUntil: 'domcontentloaded' });
        const user = page.locator('[role="log"] [data-role="user"]');
        await user.first().waitFor();
        assert.match(await text(user.first()), /Remember the word pineapple/);
        const reply = lastAssistant(page);
        assert.equal(await reply.getAttribute('data-status'), 'done');
        assert.equal((await text(reply)).slice(0, 80), replyText.slice(0, 80));
        const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
        assert.match(stored, /pineapple/);
      },
      { context },
    );
  } finally {
    await context.close();
  }
});

test('two tabs on one persisted key: each shows what the other sends, and neither overwrites it', async () => {
  const context = await newContext();
  const PERSISTED = 'components-chatwindow--persisted';
  /** Waits until a page shows `count` replies, the last one done. */
  const replies = (page, count) =>
    page.waitForFunction(
      (count) => {
        const all = document.querySelectorAll('[role="log"] [data-role="assistant"]');
        return all.length === count && all[count - 1]?.getAttribute('data-status') === 'done';
      },
      count,
      { polling: 50, timeout: 20_000 },
    );
  try {
    await withStory(
      'tabs-first',
      PERSISTED,
      async (first, firstEvents) => {
        await sendMessage(first, 'Tab one says banana');
        assert.equal(await waitForReply(first), 'done');
        await withStory(
          'tabs-second',
          PERSISTED,
          async (second, secondEvents) => {
            await second.locator('[role="log"] [data-role="user"]', { hasText: 'banana' }).waitFor();
            await sendMessage(second, 'Tab two says cherry');
            assert.equal(await waitForReply(second), 'done');
            // The first tab shows the second's message and reply, streamed there, without a reload.
            await first.locator('[role="log"] [data-role="user"]', { hasText: 'cherry' }).waitFor();
            await replies(first, 2);
            assert.equal(
              await text(lastAssistant(first)),
              await text(lastAssistant(second)),
              'both tabs show the same reply',
            );
            // And the other way round, after the second tab's write.
            await sendMessage(first, 'Tab one again: mango');
            assert.equal(await waitForReply(first), 'done');
            await second.locator('[role="log"] [data-role="user"]', { hasText: 'mango' }).waitFor();
            await replies(second, 3);
            assert.deepEqual(secondEvents.errors, []);
          },
          { context },
        );
        await first.reload({ waitUntil: 'domcontentloaded' });
        await replies(first, 3);
        const users = await first.locator('[role="log"] [data-role="user"]').allTextContents();
        assert.equal(users.length, 3);
        for (const [index, word] of ['banana', 'cherry', 'mango'].entries())
          assert.match(users[index], new RegExp(word));
        assert.deepEqual(firstEvents.errors, []);
      },
      { context },
    );
  } finally {
    await context.close();
  }
});

test('a tab that goes mid-stream leaves the reply cut in the tab that follows it', async () => {
  const context = await newContext();
  const PERSISTED = 'components-chatwindow--persisted';
  const options = { context, args: { scenario: 'slow' }, globals: NORMAL };
  try {
    await withStory(
      'tabs-leaving',
      PERSISTED,
      async (leaving) => {
        await withStory(
          'tabs-staying',
          PERSISTED,
          async (staying, events) => {
            await sendMessage(leaving, 'Tell me a long story');
            // The staying tab follows the reply while it streams in the other tab.
            await waitForLastAssistant(staying, 'streaming', 60, 20_000);
            await leaving.goto('about:blank');
            const reply = lastAssistant(staying);
            await waitForLastAssistant(staying, 'incomplete', -1, 10_000);
            assert.ok((await text(reply)).length > 20, 'the text streamed so far stays');
            assert.deepEqual(events.errors, []);
          },
          options,
        );
      },
      options,
    );
  } finally {
    await context.close();
  }
});

test('reload mid-stream restores the partial reply as incomplete', async () => {
  const context = await newContext();
  try {
    await withStory(
      'persist-mid-stream',
      'components-chatwindow--persisted',
      async (page) => {
        await sendMessage(page, 'Tell me a long story');
        await waitForLastAssistant(page, 'streaming', 60);
        await page.reload({ waitUntil: 'domcontentloaded' });
        const reply = lastAssistant(page);
        await reply.waitFor();
        assert.equal(await reply.getAttribute('data-status'), 'incomplete');
        assert.ok((await text(reply)).length > 20, 'the partial text came back');
      },
      { context, args: { scenario: 'slow' }, globals: NORMAL },
    );
  } finally {
    await context.close();
  }
});
