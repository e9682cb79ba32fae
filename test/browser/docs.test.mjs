// The Docs tab (addon-docs, autodocs): every Components/* story file has a Docs page that renders
// its props table and the previews of its stories with no error. On ChatWindow's page the table
// has the props with their doc comments, the stories their descriptions, and the previews (many
// chats on one page, plays not run) each talk to a mock endpoint of their own. Every page's first
// props table documents a component of the library: it has rows, each with its doc comment (a
// story's own wrapper, with props of its own and no doc comments, would show bare names or nothing).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEntries, withStory } from './helpers.mjs';

const entries = await listEntries();
const docsPages = entries.filter((entry) => entry.type === 'docs');

/** The stories a Docs page shows: those of its title tagged `autodocs`. */
const storiesOn = (docs) =>
  entries.filter(
    (entry) => entry.type === 'story' && entry.title === docs.title && entry.tags?.includes('autodocs'),
  );

/** Waits until the page shows the primary story and every story listed, each rendered. */
async function waitForPreviews(page, count) {
  await page.waitForFunction(
    (count) => {
      const previews = [...document.querySelectorAll('.docs-story')];
      // A preview shows a loader until its story has rendered into it.
      return (
        previews.length === count &&
        previews.every((preview) => preview.querySelector('[id^="story--"] > *:not(.sb-loader)'))
      );
    },
    count,
    { timeout: 30_000, polling: 100 },
  );
}

test('every Components/* story file has a Docs page; the Introduction and the demos have none', () => {
  const titles = docsPages.map((docs) => docs.title);
  for (const title of ['Components/ChatWindow', 'Components/MessageView', 'Components/Composer']) {
    assert.ok(titles.includes(title), `${title} has a Docs page`);
  }
  const componentTitles = new Set(
    entries.filter((entry) => entry.title.startsWith('Components/')).map((entry) => entry.title),
  );
  assert.deepEqual(new Set(titles), componentTitles);
});

test('ChatWindow Docs page: props table, descriptions, one chat per preview', async () => {
  const docs = docsPages.find((entry) => entry.title === 'Components/ChatWindow');
  assert.ok(docs, 'ChatWindow has a Docs page');
  const stories = storiesOn(docs);
  await withStory(
    'docs-chatwindow',
    docs.id,
    async (page, events) => {
      const table = page.locator('table.docblock-argstable').first();
      await table.waitFor();
      const row = (name) => table.locator('tbody tr').filter({ has: page.getByText(name, { exact: true }) });
      // Props with their doc comments and written types, the ChatProvider options included.
      await assert.doesNotReject(
        row('title')
          .getByText(/The heading, and the name of the window/)
          .waitFor(),
      );
      assert.match(await row('theme').textContent(), /'light'/);
      assert.match(await row('threads').textContent(), /Show the thread list/);
      await assert.doesNotReject(row('clientOptions').getByText('ChatClientOptions').waitFor());
      await assert.doesNotReject(
        row('request')
          .getByText(/Default request parameters/)
          .waitFor(),
      );

      // The primary preview, then each story with its heading and its doc comment (the page's
      // own headings: each chat in a preview has its messages' headings too).
      await waitForPreviews(page, stories.length + 1);
      const headings = await page.locator('.sbdocs h3:not(.docs-story h3)').allTextContents();
      assert.deepEqual(
        headings,
        stories.map((story) => story.name),
      );
      await page.getByText(/weather calls show as\s+cards/).waitFor();
      // Stories that only differ by their play function are left off.
      assert.ok(!headings.includes('Queue'));
      // Every preview's chat has its textbox, once each has mounted (a loaded machine mounts the
      // last ones after their previews appear), and no more.
      const textboxes = page.getByRole('textbox', { name: 'Message' });
      await textboxes.nth(stories.length).waitFor();
      assert.equal(await textboxes.count(), stories.length + 1);

      // Nothing took the focus or scrolled the page while the chats mounted.
      assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
      assert.equal(await page.evaluate(() => window.scrollY), 0);

      // A message sent in Default's preview is answered there, and only there.
      const defaultPreview = page.locator('.docs-story').nth(1);
      const input = defaultPreview.getByRole('textbox', { name: 'Message' });
      await input.fill('Hello from the Docs page');
      await input.press('Enter');
      await defaultPreview
        .locator('[role="log"] [data-role="assistant"][data-status="done"]')
        .waitFor({ timeout: 20_000 });
      const primary = page.locator('.docs-story').first();
      assert.equal(await primary.locator('[data-role="user"]').count(), 0);
      const dark = page.locator('.docs-story').last();
      assert.equal(await dark.locator('[data-role]').count(), 0);

      assert.deepEqual(
        events.errors.map((error) => error.message),
        [],
      );
      assert.deepEqual(events.consoleErrors, []);
    },
    { viewMode: 'docs' },
  );
});

for (const docs of docsPages) {
  test(`${docs.title} Docs page renders with no error`, async () => {
    const count = storiesOn(docs).length + 1;
    await withStory(
      `docs-${docs.id}`,
      docs.id,
      async (page, events) => {
        await waitForPreviews(page, count);
        // Streaming previews run on: give them a moment to fail, if they would.
        await page.waitForTimeout(500);
        assert.deepEqual(
          events.errors.map((error) => error.message),
          [],
        );
        assert.deepEqual(events.consoleErrors, []);
      },
      { viewMode: 'docs' },
    );
  });
}

/**
 * The rows of the props table a Docs page shows first (its `component`'s, the first tab when there
 * are subcomponents), each with whether it has a description: the cell holds the description, then
 * the type (the type alone without one). Section rows (a category's heading) are left out.
 */
async function firstPropsRows(page) {
  // The table, or the empty state in its place (shown after 100 ms); no block at all when there is
  // neither a prop nor an arg: the previews, rendered after the table, say the page is done.
  await page.waitForFunction(
    () =>
      document.querySelector('.sbdocs table.docblock-argstable') ||
      document.querySelector('.sbdocs .docs-story [id^="story--"] > *:not(.sb-loader)'),
    undefined,
    { timeout: 30_000, polling: 100 },
  );
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const table = document.querySelector('.sbdocs table.docblock-argstable');
    if (!table) return [];
    return [...table.querySelectorAll('tbody tr')]
      .filter((row) => !row.querySelector('td[colspan]'))
      .map((row) => ({
        name: row.cells[0]?.textContent?.trim() ?? '',
        described: (row.cells[1]?.children.length ?? 0) > 1,
      }));
  });
}

for (const docs of docsPages) {
  test(`${docs.title} Docs page: the first props table documents the library's component`, async () => {
    await withStory(
      `docs-props-${docs.id}`,
      docs.id,
      async (page) => {
        const rows = await firstPropsRows(page);
        assert.notEqual(rows.length, 0, `${docs.title}: the first props table is empty`);
        assert.deepEqual(
          rows.filter((row) => !row.described).map((row) => row.name),
          [],
          `${docs.title}: props without a description (a story's wrapper, or args not wired to the component)`,
        );
      },
      { viewMode: 'docs' },
    );
  });
}
