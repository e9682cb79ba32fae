// axe-core (node_modules/axe-core) in the page: no WCAG 2.x A/AA or best-practice violations in
// the ChatWindow (empty, after a conversation, after tool approval, every message state, dark) and
// in the demo app (empty, after its tour). One page visits the stories; each story's play function
// (when it has one) drives the conversation first, and its verdict must be a success.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openStoryPage, runAxe, saveScreenshot, switchStory, waitForStoryFinished } from './helpers.mjs';

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
