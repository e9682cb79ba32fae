// Seeded random user actions on the drop-in ChatWindow in Chromium (Components/ChatWindow/LongThread:
// a 60-turn persisted thread, the thread list, `mock/slow` replies): typing and sending, Stop,
// wheel scrolling, "Jump to latest", the keyboard, threads, the action bar, resizing and waits.
// After every step it checks what the README and the components' docs promise (see `check`).
// A failure names the seed and lists the actions; replay one with
// `FUZZ_SEED=<seed> [FUZZ_STEPS=<n>] SKIP_STORYBOOK_BUILD=1 node test/browser/run.mjs fuzz`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuzzRun, fuzzRuns, withStory } from './helpers.mjs';

const STORY = 'components-chatwindow--long-thread';
const STORAGE_KEY = 'rcc-story-long-thread';
/** `MessageList.Root`'s default `bottomThreshold`. */
const THRESHOLD = 16;

const RUNS = fuzzRuns([1, 2, 3]);

const WORDS = ['tell', 'me', 'about', 'rivers', 'and', 'mountains', 'a', 'long', 'story', 'please', 'why'];
const VIEWPORTS = [
  { width: 1000, height: 800 },
  { width: 760, height: 560 },
  { width: 420, height: 720 },
  { width: 1280, height: 640 },
];

/** Letters and digits only: rendered Markdown and its source compare equal this way. */
const normalize = (text) =>
  text
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toLowerCase();

/** What the page shows, read in one go (runs in the page). */
function readView(threshold) {
  const log = document.querySelectorAll('[role="log"]');
  const viewport = log[0];
  const root = viewport?.closest('.rcc-message-list');
  const vr = viewport?.getBoundingClientRect();
  const rows = [...(viewport?.querySelectorAll('.rcc-message-list-row') ?? [])].map((row) => {
    const message = row.querySelector('[data-message-id]');
    const rect = row.getBoundingClientRect();
    return {
      index: Number(row.getAttribute('data-index')),
      focused: row.contains(document.activeElement),
      id: message?.getAttribute('data-message-id') ?? null,
      messages: row.querySelectorAll('[data-message-id]').length,
      role: message?.getAttribute('data-role'),
      status: message?.getAttribute('data-status'),
      editing: message?.hasAttribute('data-editing') ?? false,
      text: message?.querySelector('.rcc-message-content')?.textContent ?? '',
      top: rect.top - vr.top,
      bottom: rect.bottom - vr.top,
    };
  });
  const buttons = [...document.querySelectorAll('button')];
  const active = document.activeElement;
  return {
    logs: log.length,
    ariaLive: viewport?.getAttribute('aria-live'),
    announcers: document.querySelectorAll('.rcc-chat-window [role="status"][aria-live="polite"]').length,
    atBottom: root?.hasAttribute('data-at-bottom') ?? false,
    jump: buttons.some((button) => button.textContent === 'Jump to latest'),
    streaming: buttons.some((button) => button.textContent === 'Stop'),
    empty: Boolean(viewport?.querySelector('.rcc-message-list-empty')),
    distance: viewport ? viewport.scrollHeight - viewport.clientHeight - viewport.scrollTop : 0,
    overflow: viewport ? viewport.scrollHeight - viewport.clientHeight : 0,
    scrollTop: viewport?.scrollTop ?? 0,
    height: vr?.height ?? 0,
    rows,
    focus: active === document.body || active === null ? 'body' : active.tagName,
    focusInside: Boolean(active?.closest('.rcc-chat-window')),
    // Keyboard focus on a control of an earlier message pauses following (use-stick-to-bottom).
    focusPaused: Boolean(
      active?.matches(':focus-visible') && active.closest('.rcc-message-list-row')?.nextElementSibling,
    ),
    queued: Boolean(document.querySelector('[aria-label="Queued messages"]')),
    threshold,
  };
}

/** The persisted state of the shown thread ({ ids, messages } or null). */
function readStore(key) {
  const raw = localStorage.getItem(key);
  if (!raw) return null;
  const { state } = JSON.parse(raw);
  return { threadId: state.threadId, ids: state.ids, messages: state.messages };
}

/** The text of a message as the mock wrote it (string content or its text parts). */
function contentText(message) {
  if (typeof message?.content === 'string') return message.content;
  if (Array.isArray(message?.content))
    return message.content
      .filter((part) => part.type === 'text')
      .map((part) => part.text)
      .join('\n');
  return '';
}

/** Waits until the scroll position holds for a few frames (wheel and smooth scrolls are async). */
async function scrollSettled(page) {
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        const log = document.querySelector('[role="log"]');
        let last = log?.scrollTop;
        let same = 0;
        let frames = 0;
        const tick = () => {
          const top = log?.scrollTop;
          same = top === last ? same + 1 : 0;
          last = top;
          if (same >= 4 || ++frames > 120) resolve(same >= 4);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    undefined,
    { timeout: 5_000 },
  );
}

class LongThreadRun extends FuzzRun {
  view() {
    return this.page.evaluate(readView, THRESHOLD);
  }

  brief(view) {
    return brief(view);
  }

  // ---- actions ----

  async type(viaButton) {
    const { random, page } = this;
    const input = page.getByRole('textbox', { name: 'Message', exact: true });
    const before = await this.view();
    const words = Array.from({ length: random.int(2, 7) }, () => random.pick(WORDS));
    const message = `${words.join(' ')} #${++this.sent}`;
    this.log.push(
      `send ${viaButton ? 'button' : 'enter'} "${message}"${before.streaming ? ' (queued)' : ''}`,
    );
    await input.click();
    await input.fill(message);
    if (viaButton) await page.getByRole('button', { name: 'Send', exact: true }).click();
    else await input.press('Enter');
    // Focus returns to the textbox after sending (ChatWindow's doc).
    await this.until((view) => view.focus === 'TEXTAREA', 'focus back in the composer after sending', 2_000);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Message',
      'focus returns to the textbox after sending',
    );
    if (!before.streaming) {
      // A new user message always scrolls to the end (MessageList.Root's doc).
      await this.until(
        (view) =>
          view.atBottom &&
          view.rows.some((row) => row.role === 'user' && row.text.includes(message)) &&
          view.distance <= THRESHOLD + 1,
        `the sent message "${message}" shown at the bottom`,
      );
    }
  }

  async stop() {
    const { page } = this;
    const view = await this.view();
    if (!view.streaming) return this.wait();
    const streaming = view.rows.find((row) => row.status === 'streaming');
    this.log.push(`stop${streaming ? ` (${streaming.text.length} chars shown)` : ''}`);
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    // The reply may end on its own between the read and the click.
    if (!(await stop.isVisible())) return;
    await stop.click({ timeout: 1_000 }).catch(() => {});
    if (!streaming?.id) return;
    // The stopped reply keeps its text (README: a stopped stream keeps the text received so far).
    const after = await this.until((current) => {
      const row = current.rows.find((item) => item.id === streaming.id);
      return row?.status !== 'streaming';
    }, 'the stopped reply settles');
    const row = after.rows.find((item) => item.id === streaming.id);
    if (row) {
      assert.ok(
        normalize(row.text).startsWith(normalize(streaming.text)),
        `the stopped reply keeps its partial text:\nbefore: ${streaming.text.slice(-200)}\nafter: ${row.text.slice(-200)}`,
      );
      assert.ok(['incomplete', 'done'].includes(row.status), `stopped reply status ${row.status}`);
    }
  }

  async wheel(up) {
    const { page, random } = this;
    const before = await this.view();
    const delta = random.int(100, 900) * (up ? -1 : 1);
    this.log.push(`wheel ${delta}`);
    const box = await page.locator('[role="log"]').boundingBox();
    if (!box) return;
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
    await page.mouse.wheel(0, delta);
    await scrollSettled(page);
    const view = await this.view();
    const streaming = before.rows.find((row) => row.status === 'streaming');
    if (
      up &&
      streaming &&
      !before.queued &&
      // Only a list that overflows stops following on the wheel.
      before.overflow > THRESHOLD + 1 &&
      view.rows.some((row) => row.id === streaming.id && row.status === 'streaming') &&
      view.distance > THRESHOLD
    ) {
      // Scrolled back while a reply streams: following stops, "Jump to latest" shows, and the
      // rows in view stay where they are as the reply grows.
      await this.until((current) => !current.atBottom && current.jump, 'jump to latest after scrolling up');
      await this.notYanked();
    }
  }

  /** Drags the scroll area's thumb to a random place (reading back, or forward to the end). */
  async drag() {
    const { page, random } = this;
    const thumb = page.locator('.rcc-scrollbar-thumb');
    const bar = page.locator('.rcc-scrollbar');
    // Radix shows the scrollbar only while the list overflows.
    const shown = (await thumb.count()) === 1 && (await bar.count()) === 1;
    const thumbBox = shown ? await thumb.boundingBox({ timeout: 1_000 }).catch(() => null) : null;
    const barBox = shown ? await bar.boundingBox({ timeout: 1_000 }).catch(() => null) : null;
    if (!thumbBox || !barBox || thumbBox.height === 0) return this.wheel(true);
    const to = barBox.y + random.next() * barBox.height;
    this.log.push(`drag the scrollbar to ${Math.round(((to - barBox.y) / barBox.height) * 100)}%`);
    await page.mouse.move(thumbBox.x + thumbBox.width / 2, thumbBox.y + thumbBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(thumbBox.x + thumbBox.width / 2, to, { steps: 4 });
    await page.mouse.up();
    await scrollSettled(page);
    // Grabbing the scrollbar reads back, unless it ends at the bottom.
    await this.until(
      (view) => (view.distance > THRESHOLD ? !view.atBottom && view.jump : true),
      'away from the end after dragging the scrollbar: not following',
    );
  }

  /** While not following, a streaming reply growing below does not move the rows in view. */
  async notYanked() {
    const view = await this.view();
    const streaming = view.rows.find((row) => row.status === 'streaming');
    const anchor = view.rows.find((row) => row.bottom > 0 && row.status !== 'streaming');
    if (!anchor || view.atBottom) return;
    const startText = streaming ? streaming.text.length : -1;
    // Until the reply has grown (or ended), with no action of ours in between.
    await this.until(
      (current) => {
        const row = current.rows.find((item) => item.status === 'streaming');
        return !current.streaming || !row || row.text.length > startText + 40 || !streaming;
      },
      'the reply grows',
      8_000,
    ).catch(() => {});
    const after = await this.view();
    assert.ok(!after.atBottom, 'not yanked back to following after scrolling up');
    assert.ok(after.jump, '"Jump to latest" shows while scrolled back');
    const row = after.rows.find((item) => item.id === anchor.id);
    assert.ok(row, `the row in view (${anchor.id}) stays rendered`);
    assert.ok(
      Math.abs(row.top - anchor.top) <= 2,
      `the row in view did not move (${anchor.top} -> ${row.top}, scrollTop ${view.scrollTop} -> ${after.scrollTop})`,
    );
  }

  async jump() {
    const { page } = this;
    const button = page.getByRole('button', { name: 'Jump to latest' });
    if (!(await button.isVisible())) return this.wheel(true);
    this.log.push('jump to latest');
    await button.click();
    // It scrolls to the latest message, follows again and moves focus to the list.
    await this.until(
      (view) => view.atBottom && !view.jump && view.distance <= THRESHOLD + 1,
      'at the bottom after "Jump to latest"',
    );
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('role')),
      'log',
      '"Jump to latest" moves focus to the list',
    );
  }

  async key() {
    const { page, random } = this;
    const key = random.pick([
      'Tab',
      'Tab',
      'Tab',
      'Shift+Tab',
      'Shift+Tab',
      'Enter',
      'Escape',
      'ArrowUp',
      'ArrowDown',
      'PageUp',
      'PageDown',
      'Home',
      'End',
    ]);
    if (!(await this.view()).focusInside) {
      this.log.push('focus the composer');
      await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
    }
    // Enter in the composer sends: give it no text, so that Enter is a keypress, not a send.
    const composer = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') === 'Message',
    );
    if (composer && key === 'Enter')
      await page.getByRole('textbox', { name: 'Message', exact: true }).fill('');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return `${element?.tagName.toLowerCase()}${element?.getAttribute('aria-label') ? `[${element.getAttribute('aria-label')}]` : ''}${element?.textContent && element.tagName === 'BUTTON' ? `“${element.textContent.slice(0, 30)}”` : ''}`;
    });
    // Tab past the last control (or Shift+Tab before the first) leaves the window: allowed.
    const edge = await page.evaluate((key) => {
      const all = [
        ...document
          .querySelector('.rcc-chat-window')
          .querySelectorAll(
            'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select, summary, [tabindex]:not([tabindex="-1"])',
          ),
      ].filter((element) => element.checkVisibility() && element.tabIndex >= 0);
      const active = document.activeElement;
      if (key === 'Tab') return all.at(-1) === active || Boolean(all.at(-1)?.contains(active));
      if (key === 'Shift+Tab') return all[0] === active;
      return false;
    }, key);
    this.log.push(`key ${key} on ${focused}`);
    await page.keyboard.press(key);
    // What the key scrolled settles first (a row scrolled away unmounts then).
    await scrollSettled(page);
    if (focused === 'div[Messages]' && key === 'Home') {
      // Home on the list goes to its first message (MessageList.Viewport).
      await this.until(
        (current) =>
          current.rows.length === 0 ||
          (current.scrollTop === 0 &&
            current.rows[0]?.index === 0 &&
            !current.atBottom === current.overflow > THRESHOLD),
        'Home on the list shows the first message',
      );
    } else if (focused === 'div[Messages]' && key === 'End') {
      await this.until(
        (current) => current.atBottom && current.distance <= THRESHOLD + 1,
        'End on the list shows the latest message and follows',
      );
    }
    if (!edge) {
      // What a key triggers (a deleted thread, a closed editor) may move focus a render later.
      await this.until(
        (current) => current.focus !== 'body',
        `focus not lost to <body> after ${key} on ${focused}`,
        1_000,
      );
    }
  }

  async threads() {
    const { page, random } = this;
    const items = page.locator('.rcc-thread');
    const count = await items.count();
    const choice = random.pick(['new', 'switch', 'switch', 'delete']);
    if (choice === 'new' || count < 2) {
      if (count >= 4) return this.wait();
      this.log.push('new chat');
      await page.locator('.rcc-thread-list-new').click();
      await this.until((view) => view.empty && view.rows.length === 0, 'the new chat is empty');
      // ThreadList's onCreate focuses the composer in ChatWindow.
      return;
    }
    const inactive = page.locator('.rcc-thread[data-state="inactive"]');
    const others = await inactive.count();
    if (others === 0) return this.wait();
    const target = inactive.nth(random.int(0, others - 1));
    if (choice === 'switch') {
      const title = await target.locator('.rcc-thread-switch').textContent();
      this.log.push(`switch to "${title}"`);
      await target.locator('.rcc-thread-switch').click();
      // Another thread starts at its latest message.
      await this.until(
        (view) => view.empty || (view.atBottom && view.distance <= THRESHOLD + 1 && view.rows.length > 0),
        'the switched-to thread shown at its latest message',
      );
    } else {
      const title = await target.locator('.rcc-thread-switch').textContent();
      this.log.push(`delete "${title}"`);
      await target.locator('.rcc-thread-delete').click();
      await this.until(
        (view) => view.focus !== 'body',
        'focus after deleting a thread goes to the next one or the composer',
        2_000,
      );
    }
  }

  async messageAction() {
    const { page, random } = this;
    const view = await this.view();
    // While the list follows a reply the rows move up under the pointer: a click would land on
    // whatever moved there. Users read back first (or wait); so does this.
    if (view.streaming && view.atBottom) return this.wait();
    const visible = view.rows.filter(
      (row) => row.id && row.bottom > 0 && row.top < view.height && row.status !== 'streaming',
    );
    if (visible.length === 0) return this.wait();
    const row = random.pick(visible);
    const message = page.locator(`[data-message-id="${row.id}"]`);
    const actions = message.locator(':scope > .rcc-message-footer button, :scope .rcc-message-footer button');
    const labels = (await actions.allTextContents()).filter((label) =>
      ['Copy', 'Edit', 'Regenerate', 'Retry'].includes(label),
    );
    if (labels.length === 0) return this.wait();
    const label = random.pick(labels);
    this.log.push(`${label} on ${row.role} ${row.index}`);
    const button = message.getByRole('button', { name: label, exact: true }).first();
    // Only a button in view: scrolling it there by script is no user's action.
    const [box, log] = [await button.boundingBox(), await page.locator('[role="log"]').boundingBox()];
    if (!box || !log || box.y < log.y || box.y + box.height > log.y + log.height) {
      this.log.pop();
      return this.wait();
    }
    await button.click();
    if (label === 'Edit') {
      const editor = page.getByRole('textbox', { name: 'Edit message' });
      await editor.waitFor({ timeout: 2_000 });
      if (random.chance(0.5)) {
        this.log.push('  Escape');
        await editor.press('Escape');
        // Cancelling returns focus to the Edit button.
        await this.until((current) => current.focus === 'BUTTON', 'focus back on Edit after cancelling');
      } else {
        this.log.push('  save');
        await editor.fill(`edited ${random.pick(WORDS)} #${++this.sent}`);
        await editor.press('Enter');
        // Saving moves focus to the composer's textbox.
        await this.until(
          (current) => current.focus === 'TEXTAREA',
          'focus in the composer after saving an edit',
        );
      }
    } else if (label !== 'Copy') {
      // Retry and Regenerate move focus to the composer (README, Components).
      await this.until(
        (current) => current.focus === 'TEXTAREA',
        `focus in the composer after ${label}`,
        2_000,
      );
    }
  }

  async resize() {
    const { page, random } = this;
    const size = random.pick(VIEWPORTS);
    const before = await this.view();
    this.log.push(`resize ${size.width}x${size.height}`);
    await page.setViewportSize(size);
    if (before.atBottom) {
      // While following, the view stays at the latest message when the viewport changes size.
      await this.until(
        (view) => !view.atBottom || view.distance <= THRESHOLD + 1,
        'still at the bottom after resizing',
      );
    }
  }

  async wait() {
    const ms = this.random.int(0, 250);
    this.log.push(`wait ${ms}`);
    await this.page.waitForTimeout(ms);
  }

  /** Sits through some of a streaming reply while following: the view stays at the bottom. */
  async follow() {
    const view = await this.view();
    const streaming = view.rows.find((row) => row.status === 'streaming');
    if (!view.streaming || !view.atBottom || !streaming) return this.wait();
    this.log.push('watch the reply grow');
    const start = streaming.text.length;
    await this.until(
      (current) => {
        const row = current.rows.find((item) => item.id === streaming.id);
        return !current.streaming || !row || row.text.length > start + 120;
      },
      'the reply grows',
      8_000,
    );
    // Following: the last message's last line ends up in view as text grows.
    await this.until((current) => {
      const last = current.rows.at(-1);
      return (
        !current.atBottom ||
        (current.distance <= THRESHOLD + 1 && last && last.bottom <= current.height + THRESHOLD + 1)
      );
    }, 'the growing reply stays in view while following');
    const after = await this.view();
    assert.ok(after.atBottom || !after.streaming, 'still following the reply (nothing scrolled)');
  }

  async step() {
    const { random } = this;
    const view = await this.view();
    const action = random.pick([
      ...(view.streaming ? ['stop', 'stop', 'follow', 'follow', 'follow'] : ['send', 'send', 'send']),
      'sendButton',
      'wheelUp',
      'wheelUp',
      'wheelDown',
      'drag',
      'jump',
      'key',
      'key',
      'key',
      'key',
      'threads',
      'message',
      'message',
      'resize',
      'wait',
    ]);
    if (action === 'send') return this.type(false);
    if (action === 'sendButton') {
      if (view.streaming) return this.type(false);
      return this.type(true);
    }
    if (action === 'stop') return this.stop();
    if (action === 'follow') return this.follow();
    if (action === 'wheelUp') return this.wheel(true);
    if (action === 'wheelDown') return this.wheel(false);
    if (action === 'jump') return this.jump();
    if (action === 'drag') return this.drag();
    if (action === 'key') return this.key();
    if (action === 'threads') return this.threads();
    if (action === 'message') return this.messageAction();
    if (action === 'resize') return this.resize();
    return this.wait();
  }

  // ---- invariants ----

  async check() {
    const view = await this.view();
    this.checkNoErrors();
    assert.equal(view.logs, 1, 'one role="log"');
    assert.equal(view.ariaLive, 'off', 'the log itself is not a live region (replies are announced apart)');
    assert.equal(view.announcers, 1, 'one polite live region announces completed replies');
    // "Jump to latest" shows exactly while the view is away from the latest message.
    assert.equal(view.jump, !view.atBottom && view.rows.length > 0, '"Jump to latest" iff not at the latest');
    // Rows: in order, one message each, no duplicates, contiguous indexes.
    const ids = view.rows.map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length, `no duplicated rows: ${ids.join(' ')}`);
    // Rows are one run of indexes, in order; the row holding focus may stand apart from it (it
    // stays mounted out of range, MessageList.Items; until the next scroll once focus has left).
    for (const row of view.rows) assert.equal(row.messages, 1, `row ${row.index} holds one message`);
    const contiguous = (rows) => rows.every((row, at) => at === 0 || row.index === rows[at - 1].index + 1);
    assert.ok(
      contiguous(view.rows) || view.rows.some((_, at) => contiguous(view.rows.toSpliced(at, 1))),
      `rows in order, one run: ${view.rows.map((row) => row.index).join(' ')}`,
    );
    if (view.empty) assert.equal(view.rows.length, 0, 'the empty state only without rows');

    // Following means at the latest message: once layout settles, the end of the list is in view.
    await this.until(
      (current) => !current.atBottom || current.rows.length === 0 || current.distance <= THRESHOLD + 1,
      'data-at-bottom means the view is at the bottom',
      3_000,
    );
    // Away from the latest message means not at the bottom (reaching it follows again).
    await this.until(
      (current) =>
        current.atBottom || current.distance > THRESHOLD || current.focusPaused || current.rows.length === 0,
      'back at the bottom means following again',
      3_000,
    );
    // Rows fill the viewport: no gap where a message should be.
    await this.until((current) => gaps(current).length === 0, 'rows cover the viewport and abut', 3_000);
    if (!view.streaming) await this.matchesStore();
  }

  /** Every row shows the store's message at its index, with the text the mock sent. */
  async matchesStore() {
    const { page } = this;
    let problem = '';
    const deadline = Date.now() + 3_000;
    for (;;) {
      const [view, store] = await Promise.all([this.view(), page.evaluate(readStore, STORAGE_KEY)]);
      problem = compare(view, store);
      if (!problem) return;
      if (Date.now() > deadline) break;
      await page.waitForTimeout(50);
    }
    assert.fail(`rows differ from the store: ${problem}`);
  }

  async finish() {
    // After the run, sending still works: the message is answered and shown at the bottom.
    const { page } = this;
    this.log.push('final send');
    await page
      .getByRole('button', { name: 'Stop', exact: true })
      .click({ timeout: 500 })
      .catch(() => {});
    await this.until((view) => !view.streaming, 'idle before the last send', 10_000).catch(() => {});
    // Close an open editor or rename field first.
    await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
    const message = `final check #${++this.sent}`;
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill(message);
    await page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
    await this.until(
      (view) => view.rows.some((row) => row.role === 'user' && row.text.includes(message)),
      'the last message shown',
      10_000,
    );
    await this.until(
      (view) =>
        !view.streaming && view.rows.at(-1)?.role === 'assistant' && view.rows.at(-1)?.status !== 'streaming',
      'the last message answered',
      15_000,
    );
    await this.check();
  }
}

function brief(view) {
  return {
    ...view,
    rows: view.rows.map(
      (row) => `${row.index}:${row.role}:${row.status}:${Math.round(row.top)}-${Math.round(row.bottom)}`,
    ),
  };
}

/** Vertical stretches of the viewport that no row covers (content shorter than it excepted). */
function gaps(view) {
  if (view.rows.length === 0) return [];
  const rows = [...view.rows].sort((a, b) => a.top - b.top);
  const found = [];
  const end = Math.min(view.height, rows.at(-1).bottom);
  // Consecutive rows abut: no overlap, no hole (the focused row out of range excepted).
  for (let at = 1; at < rows.length; at++) {
    const [above, row] = [rows[at - 1], rows[at]];
    if (row.index === above.index + 1 && Math.abs(row.top - above.bottom) > 1)
      found.push([above.bottom, row.top, `rows ${above.index} and ${row.index} do not abut`]);
  }
  // Above the first message is the list's start (its margin), not a gap; below the last row,
  // its end.
  if (rows[0].top > 1 && rows[0].index !== 0) found.push([0, rows[0].top]);
  let y = Math.max(0, rows[0].top);
  for (const row of rows) {
    if (row.top > y + 1 && row.top < end) found.push([y, row.top]);
    y = Math.max(y, row.bottom);
  }
  if (y < end - 1) found.push([y, end]);
  return found;
}

/** What `mock/slow` answers to a prompt (src/testing/scenarios/text.ts, `createSlowPlan`). */
function slowReply(prompt) {
  const quoted = prompt.replace(/`/g, "'").replace(/\s+/g, ' ').trim() || 'nothing yet';
  const sections = [1, 2, 3, 4, 5].map((part) =>
    [
      `### Part ${part}`,
      '',
      `This is part ${part} of a deliberately long answer to “${quoted}”. It streams slowly so you can watch the UI while tokens trickle in, press Stop halfway, and check that the partial text stays on screen.`,
      '',
      `- point ${part}.1: the stream stays open between tokens;`,
      `- point ${part}.2: keep-alive comments arrive during long pauses.`,
    ].join('\n'),
  );
  return `## A slow reply\n\n${sections.join('\n\n')}`;
}

/** A reply of the mock's, whole (done) or cut short (stopped), says what the mock sent. */
function checkReply(message, store) {
  const parent = store.messages[message.parentId];
  const text = contentText(message);
  // The seeded thread's answers ("**3 × 3 = 9.**") did not come from the mock.
  if (message.role !== 'assistant' || parent?.role !== 'user' || /^\*\*\d+ × /.test(text)) return '';
  const expected = normalize(slowReply(contentText(parent)));
  const got = normalize(text);
  if (message.status === 'done' ? got === expected : expected.startsWith(got)) return '';
  return `reply ${message.id} (${message.status}) is not what the mock sent:\n${text.slice(0, 300)}`;
}

function compare(view, store) {
  // Nothing is written before the user changes the chat (the seeded thread is not saved).
  if (!store) return '';
  for (const row of view.rows) {
    const id = store.ids[row.index];
    if (id !== row.id) return `row ${row.index} shows ${row.id}, the store has ${id}`;
    const message = store.messages[id];
    if (message.status !== row.status)
      return `row ${row.index}: status ${row.status}, stored ${message.status}`;
    const reply = checkReply(message, store);
    if (reply) return reply;
    if (row.editing) continue;
    const shown = normalize(row.text);
    const sent = normalize(contentText(message).replace(/^```\w*$/gm, ''));
    if (shown !== sent)
      return `row ${row.index} (${row.role}) text differs:\nshown: ${row.text.slice(0, 300)}\nstored: ${contentText(message).slice(0, 300)}`;
  }
  const last = view.rows.at(-1);
  if (view.atBottom && last && last.index !== store.ids.length - 1)
    return `at the bottom, but the last row is ${last.index} of ${store.ids.length}`;
  return '';
}

for (const { seed, steps } of RUNS) {
  test(`ChatWindow survives ${steps} random user actions (seed ${seed})`, async () => {
    await withStory(
      `fuzz-${seed}`,
      STORY,
      async (page, events) => {
        // Only the Storybook server may be reached (links in replies open nothing).
        await page.context().route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
        // An action whose target is gone fails fast instead of waiting 30 s.
        page.setDefaultTimeout(5_000);
        const run = new LongThreadRun(page, events, seed);
        try {
          await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor();
          await run.until((view) => view.rows.length > 0, 'the long thread shown');
          await run.check();
          for (let step = 0; step < steps; step++) {
            await run.step();
            await run.check();
          }
          await run.finish();
        } catch (error) {
          const header = `seed ${seed}, after:\n  ${run.log.join('\n  ')}\n`;
          throw Object.assign(new Error(`${header}${error.message}`), {
            stack: `${header}${error.stack}`,
          });
        }
      },
      { args: { scenario: 'slow', height: '90vh' } },
    );
  });
}

// Found by the runs above: read back a little (within the rows' margins of the end), the
// virtualizer still deemed the view at the end and dragged it along as the reply grew.
test('reading back a little while a reply streams: the view stays where the user left it', async () => {
  await withStory(
    'read-back-a-little',
    STORY,
    async (page, events) => {
      await page.locator('.rcc-thread-list-new').click();
      const input = page.getByRole('textbox', { name: 'Message', exact: true });
      await input.fill('Tell me a long story');
      await input.press('Enter');
      // The reply streams and the list overflows.
      await page.waitForFunction(
        () => {
          const log = document.querySelector('[role="log"]');
          const reply = log?.querySelector('[data-role="assistant"][data-status="streaming"]');
          return reply && log.scrollHeight - log.clientHeight > 100;
        },
        undefined,
        { polling: 'raf' },
      );
      // A wheel up, 24px from the end: past the 16px threshold, inside the 8px margins' reach.
      const start = await page.evaluate(() => {
        const log = document.querySelector('[role="log"]');
        log.dispatchEvent(new WheelEvent('wheel', { deltaY: -24, bubbles: true }));
        log.scrollTop = log.scrollHeight - log.clientHeight - 24;
        const reply = log.querySelector('[data-role="assistant"][data-status="streaming"]');
        return { top: log.scrollTop, length: reply.textContent.length };
      });
      await page.waitForFunction(
        (length) => {
          const reply = document.querySelector('[role="log"] [data-role="assistant"]');
          return reply.getAttribute('data-status') !== 'streaming' || reply.textContent.length > length + 200;
        },
        start.length,
        { polling: 'raf' },
      );
      const top = await page.evaluate(() => document.querySelector('[role="log"]').scrollTop);
      assert.ok(Math.abs(top - start.top) <= 1, `the view stayed (scrollTop ${start.top} -> ${top})`);
      assert.equal(await page.getByRole('button', { name: 'Jump to latest' }).count(), 1);
      assert.deepEqual(events.errors, []);
    },
    { args: { scenario: 'slow' } },
  );
});
