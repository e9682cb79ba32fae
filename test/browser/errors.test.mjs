// Every error the mock endpoint produces shows its notice in the ChatWindow, and the chat
// recovers: Retry with a working model (chosen in the picker) completes the turn. One page visits
// the Mock/Errors stories; each story's play function sends a message and checks the notice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  lastAssistant,
  listStories,
  openStoryPage,
  saveScreenshot,
  switchStory,
  text,
  waitForReply,
  waitForStoryFinished,
} from './helpers.mjs';

const stories = (await listStories()).filter((story) => story.title === 'Mock/Errors');
/** @type {Awaited<ReturnType<typeof openStoryPage>>} */
let session;

before(async () => {
  assert.ok(stories.length >= 18, `every error type has a story (found ${stories.length})`);
  session = await openStoryPage(stories[0].id);
});

after(async () => {
  await session?.close();
});

for (const story of stories) {
  test(`${story.name}: notice, then Retry with a working model recovers`, async () => {
    const { page, events } = session;
    if (story !== stories[0]) {
      events.errors.length = 0;
      await switchStory(page, story.id);
    }
    try {
      const verdict = await waitForStoryFinished(page, 45_000);
      assert.deepEqual(verdict.errors, []);
      assert.equal(verdict.status, 'success');

      const notice = page.getByRole('alert');
      assert.equal(await notice.count(), 1, 'one error notice');
      const kind = await notice.getAttribute('data-kind');
      assert.ok(kind && kind !== 'unknown', `the notice names the kind of error (${kind})`);
      assert.ok((await text(notice)).trim().length > 10, 'the notice explains the error in words');
      const userMessages = await page.locator('[role="log"] [data-role="user"]').count();

      await page.getByRole('combobox', { name: 'Model' }).selectOption('mock/auto');
      await notice.getByRole('button', { name: 'Retry' }).click();
      assert.equal(await waitForReply(page), 'done');
      assert.equal(await page.getByRole('alert').count(), 0, 'the notice is gone');
      assert.ok((await text(lastAssistant(page))).length > 20);
      assert.equal(
        await page.locator('[role="log"] [data-role="user"]').count(),
        userMessages,
        'Retry does not duplicate the user message',
      );
      assert.deepEqual(
        events.errors.map((error) => error.message),
        [],
      );
    } catch (error) {
      await saveScreenshot(page, `errors-${story.id}`);
      throw error;
    }
  });
}
