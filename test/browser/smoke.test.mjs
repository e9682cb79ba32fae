import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withStory } from './helpers.mjs';

test('Storybook serves the introduction story', async () => {
  await withStory('introduction', 'introduction--default', async (page, events) => {
    await page.getByRole('heading', { name: 'react-chat-completions' }).waitFor();
    assert.deepEqual(events.errors, []);
  });
});
