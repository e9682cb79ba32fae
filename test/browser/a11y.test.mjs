// axe-core (node_modules/axe-core) in the page: no WCAG 2.x A/AA or best-practice violations in
// the ChatWindow (empty, after a conversation, every message state) and in the demo app.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAxe, sendMessage, waitForReply, waitForStoryFinished, withStory } from './helpers.mjs';

test('ChatWindow, empty: no axe violations', async () => {
  await withStory('axe-chat-empty', 'components-chatwindow--default', async (page) => {
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.deepEqual(await runAxe(page), []);
  });
});

test('ChatWindow after a conversation with tools: no axe violations', async () => {
  await withStory('axe-chat-conversation', 'components-chatwindow--default', async (page) => {
    await sendMessage(page, 'What is the weather in Paris and Tokyo?');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    assert.equal(await waitForReply(page), 'done');
    assert.deepEqual(await runAxe(page), []);
  });
});

test('ChatWindow with every message state: no axe violations', async () => {
  await withStory('axe-chat-all-states', 'components-chatwindow--all-states', async (page) => {
    await page.locator('[role="log"] [data-status="error"]').waitFor();
    assert.deepEqual(await runAxe(page), []);
  });
});

test('ChatWindow, dark theme: no axe violations (contrast included)', async () => {
  await withStory('axe-chat-dark', 'components-chatwindow--dark', async (page) => {
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.deepEqual(await runAxe(page), []);
  });
});

test('Demo app, empty: no axe violations', async () => {
  await withStory('axe-demo', 'demo-chatapp--default', async (page) => {
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.deepEqual(await runAxe(page), []);
  });
});

test('Demo app after the tour (reasoning, tools, sources, image): no axe violations', async () => {
  await withStory(
    'axe-demo-tour',
    'demo-chatapp--tour',
    async (page) => {
      const verdict = await waitForStoryFinished(page, 90_000);
      assert.deepEqual(verdict.errors, []);
      assert.deepEqual(await runAxe(page), []);
    },
    { waitForRoot: false },
  );
});
