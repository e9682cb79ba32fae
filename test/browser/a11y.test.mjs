// axe-core (node_modules/axe-core) in the page: no WCAG 2.x A/AA or best-practice violations in
// the ChatWindow (empty, after a conversation, after tool approval, every message state, dark) and
// in the demo app (empty, after its tour). One page visits the stories; each story's play function
// (when it has one) drives the conversation first, and its verdict must be a success. Then, in
// Chromium's accessibility tree (what a screen reader gets), what Tab and focus reach in a reply
// is named, and open reasoning panels are no landmarks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  openStoryPage,
  runAxe,
  saveScreenshot,
  sendMessage,
  switchStory,
  waitForReply,
  waitForStoryFinished,
  withStory,
} from './helpers.mjs';

const CASES = [
  ['ChatWindow, empty', 'components-chatwindow--default'],
  ['ChatWindow after a conversation', 'components-chatwindow--conversation'],
  ['ChatWindow after tool approval', 'components-chatwindow--tool-approval'],
  ['ChatWindow with every message state', 'components-chatwindow--all-states'],
  ['ChatWindow, dark theme (contrast included)', 'components-chatwindow--dark'],
  ['Demo app, empty', 'demo-chatapp--default'],
  ['Demo app after the tour (reasoning, tools, sources, image)', 'demo-chatapp--tour'],
  ['ChatWindow with a queued message cancelled and the queue sent', 'components-chatwindow--queue'],
  ['ChatWindow behind the server proxy, with its error notice', 'server-createchathandler--default'],
  // Stories without a composer: the third item says so.
  [
    'Structured output: the recipe card and the invalid reply',
    'hooks-structured-output--invalid-reply',
    false,
  ],
  ['Smooth streaming, side by side', 'components-markdown--smooth-streaming', false],
];

/** @type {Awaited<ReturnType<typeof openStoryPage>>} */
let session;

before(async () => {
  session = await openStoryPage(CASES[0][1]);
});

after(async () => {
  await session?.close();
});

for (const [name, storyId, composer = true] of CASES) {
  test(`${name}: no axe violations`, async () => {
    const { page } = session;
    if (storyId !== CASES[0][1]) await switchStory(page, storyId);
    try {
      const verdict = await waitForStoryFinished(page, 90_000);
      assert.deepEqual(verdict.errors, []);
      if (composer) await page.getByRole('textbox', { name: 'Message' }).waitFor();
      assert.deepEqual(await runAxe(page), []);
    } catch (error) {
      await saveScreenshot(page, `axe-${storyId}`);
      throw error;
    }
  });
}

/**
 * The non-ignored nodes of Chromium's accessibility tree that are focusable and have no name,
 * each as its element's tag (`figure pre` inside a figure), in document order.
 * @param {import('playwright-core').Page} page
 */
async function unnamedFocusable(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const unnamed = [];
  for (const node of nodes) {
    const focusable = node.properties?.some(
      (property) => property.name === 'focusable' && property.value.value,
    );
    if (node.ignored || !focusable || node.name?.value || node.role?.value === 'RootWebArea') continue;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration:
        'function () { return (this.closest("figure") ? "figure " : "") + this.localName; }',
      returnByValue: true,
    });
    unnamed.push(result.value);
  }
  await cdp.detach();
  return unnamed;
}

/** The role and name of the focused element in Chromium's accessibility tree. */
async function focusedNode(page) {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.activeElement' });
  const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
    backendNodeId: node.backendNodeId,
    fetchRelatives: false,
  });
  await cdp.detach();
  return `${nodes[0]?.role?.value} "${nodes[0]?.name?.value ?? ''}"`;
}

test('every message state: what Tab reaches in a reply has a name (code blocks are groups named by language)', async () => {
  await withStory('a11y-names-all-states', 'components-chatwindow--all-states', async (page, events) => {
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.locator('[role="log"] .rcc-code-block-pre').waitFor();
    // Left as they are: the Markdown table (focus says "table" with its rows and columns; Markdown
    // gives it no caption to name it by) and the tool blocks' `pre`, inside figures named
    // "Arguments" and "Result", which a screen reader says as focus moves into them.
    assert.deepEqual(await unnamedFocusable(page), ['table', 'figure pre', 'figure pre']);
    await page.locator('[role="log"] .rcc-code-block-pre').focus();
    assert.equal(await focusedNode(page), 'group "ts code"');
    assert.deepEqual(events.errors, []);
  });
});

test('keyboard only: after Approve, focus is on a group named by the tool, not on a bare element', async () => {
  await withStory('a11y-names-approve', 'components-chatwindow--default', async (page, events) => {
    await sendMessage(page, 'Send an email to Ada about lunch');
    const approve = page.getByRole('button', { name: 'Approve' });
    await approve.first().waitFor();
    assert.equal(await waitForReply(page), 'done');
    await approve.first().focus();
    await page.keyboard.press('Enter');
    assert.equal(await focusedNode(page), 'group "send_email"');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    assert.equal(await waitForReply(page), 'done');
    assert.deepEqual(await unnamedFocusable(page), ['figure pre', 'figure pre']);
    assert.deepEqual(await runAxe(page), []);
    assert.deepEqual(events.errors, []);
  });
});

test('demo app: two reasoning panels open are two groups, not two landmarks of one name', async () => {
  await withStory('a11y-reasoning-open', 'demo-chatapp--tour', async (page, events) => {
    const verdict = await waitForStoryFinished(page, 90_000);
    assert.deepEqual(verdict.errors, []);
    const triggers = page.getByRole('button', { name: 'Reasoning' });
    const groups = page.getByRole('group', { name: 'Reasoning' });
    // Each panel is waited for before the next click: a row that opens is measured again, and on a
    // loaded machine the count could be read before the second panel was there.
    await triggers.nth(0).click();
    await groups.first().waitFor({ timeout: 10_000 });
    await triggers.nth(1).click();
    await groups.nth(1).waitFor({ timeout: 10_000 });
    assert.equal(await groups.count(), 2);
    assert.equal(await page.getByRole('region', { name: 'Reasoning' }).count(), 0);
    assert.deepEqual(await runAxe(page), []);
    assert.deepEqual(events.errors, []);
  });
});
