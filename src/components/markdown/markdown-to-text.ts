import { renderMarkdown } from './render-markdown.js';

/**
 * The words rendered Markdown shows, without its syntax (emphasis marks, heading hashes, table
 * pipes, fences, link targets): one line per block, list item and table row; ordered list items
 * after the numbers the list shows; a task after "Done:" or "Not done:" (its checkbox's name);
 * table cells joined by commas; images by their alt text, apart from the words around them; raw
 * HTML stays text.
 *
 * @example
 * markdownToText('# Hi\n\nSome **bold** [link](https://example.com)'); // 'Hi\nSome bold link'
 */
export function markdownToText(source: string): string {
  return (
    renderMarkdown(source, false, undefined, true)
      .join('')
      .replace(/ +/g, ' ')
      // A run of white space holding a line break becomes that break. One match per run:
      // `/\s*\n\s*/` tried every start in a run without one (100,000 tabs in a reply: 6 s).
      .replace(/\s+/g, (run) => (run.includes('\n') ? '\n' : run))
      .trim()
  );
}
