// Seeded random user actions on the drop-in ChatWindow in Chromium with rich and failing replies
// (Components/ChatWindow/Default with the mock's own model list in the picker): each send picks
// one of the mock's scenario models (text, reasoning, tools, image, citations, audio, JSON, XSS,
// HTTP errors, a mid-stream error chunk, one halfway through a tool call's arguments, a dropped
// connection, an invalid chunk), then the user retries (the message's Retry and the notice's),
// approves or denies tool calls, expands and collapses reasoning, opens and closes generated images
// with the keyboard, copies code and tabs around. After every step it checks what the README and
// the components' docs promise.
// A failure names the seed and lists the actions; replay one with
// `FUZZ_SEED=<seed> [FUZZ_STEPS=<n>] SKIP_STORYBOOK_BUILD=1 node test/browser/run.mjs fuzz-rich`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuzzRun, fuzzRuns, withStory } from './helpers.mjs';

const STORY = 'components-chatwindow--default';

// Seed 14 sends with mock/error-midstream-tools (its calls cut, "Not run") where the others do not.
const RUNS = fuzzRuns([11, 12, 13, 14]);

/** Models whose reply ends well. */
const WORKING = ['mock/text', 'mock/reasoning', 'mock/tools', 'mock/image', 'mock/citations', 'mock/auto'];
/** Models whose reply fails: before the stream, or after some text (and some of a tool call). */
const FAILING = [
  'mock/error-500',
  'mock/error-429',
  'mock/error-402',
  'mock/error-html',
  'mock/error-midstream',
  'mock/error-midstream-tools',
  'mock/truncated',
  'mock/invalid-chunk',
];
const OTHER = ['mock/audio', 'mock/json', 'mock/xss'];
const PROMPTS = [
  'What is the weather in Paris and Tokyo?',
  'Send an email to Ada about lunch',
  'Draw a sunset',
  'Explain recursion with code',
  'Search the web for rivers',
  'Think about primes',
  'Hello',
];

/** What the page shows, read in one go (runs in the page). */
function readView() {
  const log = document.querySelector('[role="log"]');
  const active = document.activeElement;
  const messages = [...(log?.querySelectorAll('[data-message-id]') ?? [])].map((message) => ({
    id: message.getAttribute('data-message-id'),
    role: message.getAttribute('data-role'),
    status: message.getAttribute('data-status'),
    text: message.querySelector('.rcc-message-content')?.textContent ?? '',
    retry: [...message.querySelectorAll('button')].some((button) => button.textContent === 'Retry'),
    tools: [...message.querySelectorAll('.rcc-tool-call')].map((panel) => ({
      name: panel.getAttribute('data-tool-name'),
      state: panel.getAttribute('data-state'),
      cutOff: panel.hasAttribute('data-cut-off'),
      label: panel.querySelector('.rcc-tool-call-state')?.textContent ?? '',
    })),
  }));
  const notice = document.querySelector('.rcc-chat-error');
  const buttons = [...document.querySelectorAll('.rcc-chat-window button')];
  return {
    messages,
    streaming: buttons.some((button) => button.textContent === 'Stop'),
    notice: notice
      ? {
          text: notice.textContent,
          retry: [...notice.querySelectorAll('button')].some((button) => button.textContent === 'Retry'),
        }
      : null,
    atBottom: Boolean(log?.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')),
    queued: [...document.querySelectorAll('[aria-label="Queued messages"] li')].map(
      (item) => item.textContent,
    ),
    dialog: Boolean(document.querySelector('[role="dialog"]')),
    focus: active === document.body || active === null ? 'body' : active.tagName,
    focusLabel: active?.getAttribute('aria-label') ?? active?.textContent?.slice(0, 30) ?? '',
    badLinks: [...document.querySelectorAll('.rcc-chat-window a[href]')]
      .map((link) => link.getAttribute('href'))
      .filter((href) => !/^(https?:|mailto:|#)/i.test(href.trim())),
    badImages: [...document.querySelectorAll('.rcc-chat-window img')]
      .map((image) => image.getAttribute('src') ?? '')
      .filter((src) => !/^https:/i.test(src) && !/^data:image\/(?!svg)[a-z+.-]+[;,]/i.test(src)),
  };
}

function brief(view) {
  return {
    ...view,
    messages: view.messages.map(
      (message) =>
        `${message.role}:${message.status}${message.retry ? ':retry' : ''}${message.tools.map((tool) => ` ${tool.name}=${tool.state}`).join('')} ${message.text.slice(0, 40)}`,
    ),
  };
}

class RichRun extends FuzzRun {
  constructor(page, events, seed) {
    super(page, events, seed, 8_000);
    /** Tool decisions taken: `${messageId}:${index}` → 'approved' | 'denied'. */
    this.decisions = new Map();
  }

  view() {
    return this.page.evaluate(readView);
  }

  brief(view) {
    return brief(view);
  }

  /**
   * Until nothing streams or runs (a call waiting for approval is settled enough, and so is one a
   * failed reply cut: still `streaming`, marked `data-cut-off`).
   */
  settled(what) {
    return this.until(
      (view) =>
        !view.streaming &&
        view.messages.every(
          (message) =>
            message.status !== 'streaming' &&
            message.tools.every(
              (tool) => tool.cutOff || !['running', 'streaming', 'pending'].includes(tool.state),
            ),
        ),
      what,
      15_000,
    );
  }

  composer() {
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }

  async pickModel(model) {
    const select = this.page.getByLabel('Model', { exact: true });
    await select.selectOption(model);
  }

  // ---- actions ----

  async send() {
    const { random } = this;
    const model = random.pick(random.chance(0.45) ? WORKING : random.chance(0.7) ? FAILING : OTHER);
    const prompt = `${random.pick(PROMPTS)} #${++this.sent}`;
    const before = await this.view();
    this.log.push(`send "${prompt}" with ${model}${before.streaming ? ' (queued)' : ''}`);
    await this.pickModel(model);
    await this.composer().click();
    await this.composer().fill(prompt);
    await this.composer().press('Enter');
    await this.until((view) => view.focus === 'TEXTAREA', 'focus back in the composer after sending', 2_000);
    if (random.chance(0.3)) return; // act while it streams
    const view = await this.settled(`the reply to "${prompt}" settles`);
    const users = view.messages.filter((message) => message.role === 'user');
    if (process.env.FUZZ_LOG) this.log.push(`  -> ${JSON.stringify(brief(view).messages.slice(-3))}`);
    // A reply that fails after some text keeps it, and offers Retry.
    const at = view.messages.findIndex((message) => message.role === 'user' && message.text.includes(prompt));
    const reply = at >= 0 ? view.messages[at + 1] : undefined;
    const partial = ['mock/error-midstream', 'mock/error-midstream-tools', 'mock/truncated'];
    if (reply?.role === 'assistant' && partial.includes(model)) {
      assert.equal(reply.status, 'error', `the reply from ${model} failed`);
      assert.ok(reply.text.length > 10, `the failed reply keeps the text received: "${reply.text}"`);
      assert.ok(reply.retry, 'the failed reply offers Retry');
    }
    if (reply?.role === 'assistant' && model === 'mock/error-midstream-tools') {
      assert.ok(reply.tools.length > 0, `the failed reply keeps its cut calls: ${JSON.stringify(reply)}`);
      for (const tool of reply.tools)
        assert.deepEqual(
          [tool.state, tool.cutOff],
          ['streaming', true],
          `a cut call: ${JSON.stringify(tool)}`,
        );
    }
    // Shown, or still queued (sent while a reply streamed: after a failed reply the queue waits
    // for a Retry or the next send, and for calls that wait for approval; a send after a failure
    // sends the queue first, and waits behind it when that fails again).
    assert.ok(
      users.some((message) => message.text.includes(prompt)) ||
        ((before.streaming || before.queued.length > 0) && view.queued.some((text) => text.includes(prompt))),
      `the sent message is shown: ${prompt}`,
    );
  }

  async stop() {
    const stop = this.page.getByRole('button', { name: 'Stop', exact: true });
    if (!(await stop.isVisible())) return this.send();
    this.log.push('stop');
    await stop.click({ timeout: 1_000 }).catch(() => {});
    await this.settled('settled after Stop');
  }

  /** Retry on a failed reply (its own button) or on the error notice, with a working model. */
  async retry() {
    const { page, random } = this;
    const view = await this.view();
    const inNotice = view.notice?.retry;
    const failed = view.messages.filter((message) => message.retry);
    if (!inNotice && failed.length === 0) return this.send();
    const model = random.pick(['mock/text', 'mock/citations', 'mock/reasoning']);
    await this.pickModel(model);
    const useNotice = inNotice && (failed.length === 0 || random.chance(0.5));
    const target = useNotice ? null : random.pick(failed);
    // The prompt the failed reply answers (the user message above it, when shown; the notice's
    // retries the last).
    const at = target ? view.messages.indexOf(target) : view.messages.length;
    const asked = view.messages.slice(0, at).findLast((message) => message.role === 'user')?.text;
    this.log.push(`retry with ${model} (${useNotice ? 'the notice' : `message ${target.id}`}) by keyboard`);
    const button = useNotice
      ? page.locator('.rcc-chat-error').getByRole('button', { name: 'Retry', exact: true })
      : page
          .locator(`[data-message-id="${target.id}"]`)
          .getByRole('button', { name: 'Retry', exact: true })
          .first();
    await button.focus();
    await button.press('Enter');
    // Retry moves focus to the composer (README, Components).
    await this.until((current) => current.focus === 'TEXTAREA', 'focus in the composer after Retry', 2_000);
    const after = await this.settled('the retried reply settles');
    // Retry sends again without duplicating the user message (the list is virtualized: the
    // messages in view, each prompt being unique; see \`check\`).
    const users = after.messages.filter((message) => message.role === 'user').map((message) => message.text);
    assert.equal(
      new Set(users).size,
      users.length,
      `Retry does not duplicate the user message: ${users.join(' | ')}`,
    );
    // With a working model, it recovers with a working reply to the same prompt (when in view).
    const prompt = after.messages.findIndex((message) => message.role === 'user' && message.text === asked);
    const reply = prompt >= 0 ? after.messages[prompt + 1] : undefined;
    if (asked && reply)
      assert.ok(
        reply.role === 'assistant' && reply.status === 'done',
        `the retried reply to "${asked}" is done: ${JSON.stringify(brief(after).messages)}`,
      );
    if (useNotice) assert.ok(!after.notice || after.notice.text !== view.notice.text, 'the notice goes');
  }

  /** Approve or Deny a call that waits, with the keyboard. */
  async decide() {
    const { page, random } = this;
    const view = await this.view();
    const waiting = [];
    for (const message of view.messages)
      message.tools.forEach((tool, index) => {
        if (tool.state === 'awaiting-approval') waiting.push({ message, index });
      });
    if (waiting.length === 0) return this.send();
    const { message, index } = random.pick(waiting);
    const approve = random.chance(0.6);
    const label = approve ? 'Approve' : 'Deny';
    this.log.push(`${label} call ${index} of ${message.id}`);
    const panel = page.locator(`[data-message-id="${message.id}"] .rcc-tool-call`).nth(index);
    await panel.getByRole('button', { name: label, exact: true }).focus();
    await page.keyboard.press('Enter');
    this.decisions.set(`${message.id}:${index}`, approve ? 'approved' : 'denied');
    // Approve and Deny keep focus on their tool panel.
    const focusOnPanel = await panel.evaluate((element) => element.contains(document.activeElement));
    assert.ok(focusOnPanel, `focus stays on the tool panel after ${label}`);
    await this.checkAnswered();
  }

  async reasoning() {
    const { page, random } = this;
    const triggers = page.locator('.rcc-chat-window .rcc-reasoning-trigger');
    const count = await triggers.count();
    if (count === 0) return this.key();
    // A handle, not the locator: focusing scrolls the row into view, rows mount above and
    // `nth` would then name another trigger.
    const handle = await triggers
      .nth(random.int(0, count - 1))
      .elementHandle({ timeout: 500 })
      .catch(() => null);
    if (!handle) return; // gone meanwhile (a reply re-rendered)
    const before = await handle.getAttribute('aria-expanded');
    this.log.push(`toggle reasoning (${before === 'true' ? 'open' : 'closed'}) by keyboard`);
    await handle.focus();
    await page.keyboard.press(random.pick(['Enter', ' ']));
    await page.waitForFunction(
      ([element, was]) => element.getAttribute('aria-expanded') !== was,
      [handle, before],
      {
        timeout: 2_000,
      },
    );
    assert.ok(
      await handle.evaluate((element) => element === document.activeElement),
      'focus stays on the trigger',
    );
  }

  /** Opens a generated image with the keyboard, then closes it (Escape or Close). */
  async image() {
    const { page, random } = this;
    const enlarge = page.locator('.rcc-chat-window button[aria-label^="Enlarge"]');
    const count = await enlarge.count();
    if (count === 0) return this.key();
    const button = await enlarge
      .nth(random.int(0, count - 1))
      .elementHandle({ timeout: 500 })
      .catch(() => null);
    if (!button) return;
    const label = await button.getAttribute('aria-label');
    const how = random.pick(['Escape', 'Close']);
    this.log.push(`open "${label}" by keyboard, close with ${how}`);
    await button.focus();
    await page.keyboard.press('Enter');
    await this.until((view) => view.dialog, 'the image dialog opens', 2_000);
    const inside = await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
    assert.ok(inside, 'focus moves into the image dialog');
    if (how === 'Escape') await page.keyboard.press('Escape');
    else {
      await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).focus();
      await page.keyboard.press('Enter');
    }
    await this.until((view) => !view.dialog, 'the image dialog closes', 2_000);
    // Focus returns to the element that opened it (ImageDialog).
    const back = await button.evaluate((element) => element === document.activeElement);
    assert.ok(back, 'focus returns to the button that opened the image');
  }

  async copy() {
    const { page, random } = this;
    const buttons = page.locator(
      '.rcc-chat-window button[aria-label="Copy code"], .rcc-chat-window .rcc-action-copy',
    );
    const count = await buttons.count();
    if (count === 0) return this.key();
    const index = random.int(0, count - 1);
    this.log.push(`copy ${index}`);
    const button = await buttons
      .nth(index)
      .elementHandle({ timeout: 500 })
      .catch(() => null);
    if (!button) return;
    // A streaming reply may re-render its code block between the two reads.
    if (!(await button.evaluate((element) => element.isConnected))) return;
    await button.focus();
    await page.keyboard.press('Enter');
  }

  async key() {
    const { page, random } = this;
    const key = random.pick([
      'Tab',
      'Tab',
      'Tab',
      'Shift+Tab',
      'Enter',
      'Escape',
      'ArrowDown',
      'ArrowUp',
      ' ',
    ]);
    if (!(await page.evaluate(() => Boolean(document.activeElement?.closest('.rcc-chat-window'))))) {
      this.log.push('focus the composer');
      await this.composer().focus();
    }
    const composer = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') === 'Message',
    );
    if (composer && key === 'Enter') await this.composer().fill('');
    const focused = await page.evaluate(
      () =>
        `${document.activeElement?.tagName.toLowerCase()}“${(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').slice(0, 30)}”`,
    );
    // A link would open a page (routed away): Enter on one is not a key we test.
    const isLink = await page.evaluate(() => document.activeElement?.tagName === 'A');
    if (isLink && key === 'Enter') return;
    // The model select and a native control's Space/arrows change the model: fine.
    this.log.push(`key ${key} on ${focused}`);
    await page.keyboard.press(key);
    if (await page.evaluate(() => Boolean(document.querySelector('[role="dialog"]')))) {
      await page.keyboard.press('Escape');
      this.log.push('Escape (a dialog opened)');
      await this.until((view) => !view.dialog, 'the dialog closes', 2_000);
    }
    await this.until(
      (view) => view.focus !== 'body' || key.includes('Tab'),
      `focus does not fall to <body> after ${key} on ${focused}`,
      1_000,
    );
  }

  async wait() {
    const { random } = this;
    const ms = random.int(0, 200);
    this.log.push(`wait ${ms}`);
    await this.page.waitForTimeout(ms);
  }

  async step() {
    const view = await this.view();
    const awaiting = view.messages.some((message) =>
      message.tools.some((tool) => tool.state === 'awaiting-approval'),
    );
    const failed = view.notice?.retry || view.messages.some((message) => message.retry);
    const action = this.random.pick([
      // A send while calls wait for approval denies them (the user went on): mostly decide first.
      ...(awaiting ? ['send'] : ['send', 'send', 'send']),
      ...(view.streaming ? ['stop'] : []),
      ...(failed ? ['retry', 'retry', 'retry'] : []),
      ...(awaiting ? ['decide', 'decide', 'decide', 'decide', 'decide', 'decide'] : []),
      'reasoning',
      'image',
      'image',
      'copy',
      'key',
      'key',
      'wait',
    ]);
    return this[action]();
  }

  // ---- invariants ----

  async check() {
    const view = await this.view();
    this.checkNoErrors();
    assert.deepEqual(view.badLinks, [], 'links are http(s) or mailto only');
    assert.deepEqual(view.badImages, [], 'images only from data:image (raster) or https:');
    const ids = view.messages.map((message) => message.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicated messages');
    const users = view.messages.filter((message) => message.role === 'user').map((message) => message.text);
    assert.equal(new Set(users).size, users.length, `no user message twice: ${users.join(' | ')}`);
    // A failed reply shows Retry (on the message or the notice).
    for (const message of view.messages)
      if (message.status === 'error' && message.role === 'assistant')
        assert.ok(
          message.retry || view.notice?.retry,
          `the failed reply ${message.id} offers Retry: ${JSON.stringify(brief(view).messages)}`,
        );
    // A call still streaming on a settled reply was cut by its failure: it says "Not run".
    for (const message of view.messages)
      for (const tool of message.tools)
        if (tool.state === 'streaming' && ['error', 'incomplete'].includes(message.status))
          assert.ok(
            tool.cutOff && tool.label === 'Not run',
            `a cut call says Not run: ${JSON.stringify(tool)}`,
          );
    // Tool panels match what was done: approved → ran; denied → denied.
    for (const message of view.messages)
      message.tools.forEach((tool, index) => {
        const decision = this.decisions.get(`${message.id}:${index}`);
        if (decision === 'denied')
          assert.equal(tool.state, 'denied', `the denied call ${index} of ${message.id} stays denied`);
        if (decision === 'approved')
          assert.ok(
            ['running', 'done', 'error'].includes(tool.state),
            `the approved call ${index} of ${message.id} runs (${tool.state})`,
          );
      });
  }

  /** After a decision: approved calls run and are answered; denied ones stay denied and are answered. */
  async checkAnswered() {
    const problems = (view) => {
      const found = [];
      for (const [at, message] of view.messages.entries())
        message.tools.forEach((tool, index) => {
          const decision = this.decisions.get(`${message.id}:${index}`);
          if (!decision || message.tools.some((other) => other.state === 'awaiting-approval')) return;
          if (decision === 'approved' && tool.state !== 'done')
            found.push(`call ${index} of ${message.id} ran`);
          // The model is told: an answer follows the tool step (or a failure: the model was one).
          const next = view.messages.slice(at + 1).find((other) => other.role !== 'tool');
          if (!(next?.role === 'assistant' && next.status !== 'streaming'))
            found.push(`an answer follows the decided calls of ${message.id}`);
        });
      return found;
    };
    // The answer is asked for once the calls have run: wait for it.
    // (Only rows in view are read: while the list follows, the latest ones. The answer may fail:
    // it is asked of the model picked now, an error one perhaps, and the notice says so.)
    await this.until(
      (view) => problems(view).length === 0 || (!view.streaming && (!view.atBottom || view.notice)),
      'decided calls ran and were answered',
      10_000,
    );
  }

  async finish() {
    const { page } = this;
    this.log.push('final send');
    await page
      .getByRole('button', { name: 'Stop', exact: true })
      .click({ timeout: 500 })
      .catch(() => {});
    await this.settled('idle before the last send').catch(() => {});
    // Calls that still wait are denied first (a send would wait for them).
    for (const deny of await page.getByRole('button', { name: 'Deny', exact: true }).all())
      await deny.click().catch(() => {});
    await this.pickModel('mock/text');
    const message = `final check #${++this.sent}`;
    await this.composer().fill(message);
    await this.composer().press('Enter');
    const view = await this.settled('the last message answered');
    const index = view.messages.findIndex((item) => item.role === 'user' && item.text.includes(message));
    assert.ok(index >= 0, 'the last message is shown');
    assert.equal(view.messages.at(-1)?.role, 'assistant', 'the last message is answered');
    assert.equal(
      view.messages.at(-1)?.status,
      'done',
      'the last reply is done: the conversation stays usable',
    );
    await this.check();
  }
}

for (const { seed, steps } of RUNS) {
  test(`ChatWindow survives ${steps} random actions with rich and failing replies (seed ${seed})`, async () => {
    await withStory(
      `fuzz-rich-${seed}`,
      STORY,
      async (page, events) => {
        // Only the Storybook server may be reached (links and images in replies load nothing).
        await page.context().route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
        page.setDefaultTimeout(5_000);
        const run = new RichRun(page, events, seed);
        try {
          await run.composer().waitFor();
          // The mock's model list is in the picker.
          await page.waitForFunction(
            () => document.querySelectorAll('.rcc-model-picker-select option').length > 10,
          );
          await run.check();
          for (let step = 0; step < steps; step++) {
            await run.step();
            await run.check();
          }
          await run.finish();
          if (process.env.FUZZ_LOG) console.log(`seed ${seed}:\n  ${run.log.join('\n  ')}`);
        } catch (error) {
          const header = `seed ${seed}, after:\n  ${run.log.join('\n  ')}\n`;
          throw Object.assign(new Error(`${header}${error.message}`), {
            stack: `${header}${error.stack}`,
          });
        }
      },
      { args: { fetchModels: '!true', height: '90vh' } },
    );
  });
}
