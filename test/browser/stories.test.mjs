// Every story renders without an error, and every play function (interaction test) passes.
// The verdict comes from Storybook's own `storyFinished` event (see waitForStoryFinished), so a
// failing `expect` in a play function, a render error or an unhandled error while playing fails.
// One page visits every story through the preview's channel: far cheaper than a load per story.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listStories, openStoryPage, saveScreenshot, switchStory, waitForStoryFinished } from './helpers.mjs';

// Mock/Errors stories are visited (verdict included) by errors.test.mjs, which also recovers.
const stories = (await listStories()).filter((story) => story.title !== 'Mock/Errors');
/** @type {Awaited<ReturnType<typeof openStoryPage>>} */
let session;

before(async () => {
  const first = stories[0];
  assert.ok(first, 'the Storybook index lists no story');
  // The first story renders with the page load; the others are switched to.
  session = await openStoryPage(first.id);
});

after(async () => {
  await session?.close();
});

for (const story of stories) {
  const hasPlay = story.tags?.includes('play-fn');
  test(`${story.title} / ${story.name}${hasPlay ? ' (play)' : ''}`, async () => {
    const { page, events } = session;
    if (story !== stories[0]) {
      events.errors.length = 0;
      events.dialogs.length = 0;
    }
    try {
      if (story !== stories[0]) await switchStory(page, story.id);
      // Stories built by helper functions carry plays the index does not tag: one timeout for all.
      const verdict = await waitForStoryFinished(page, 60_000);
      assert.deepEqual(verdict.errors, [], `${story.id} reported errors`);
      assert.equal(verdict.status, 'success');
      assert.deepEqual(
        events.errors.map((error) => error.message),
        [],
        `${story.id} threw in the page`,
      );
      assert.deepEqual(events.dialogs, [], `${story.id} opened a dialog`);
    } catch (error) {
      await saveScreenshot(page, story.id);
      throw error;
    }
  });
}
