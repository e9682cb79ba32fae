import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CodeBlock, MarkdownText, splitMarkdownBlocks } from '../../src/index.js';
import { expectNoAxeViolations } from './axe-helper';

const strongRenders: string[] = [];

function CountingStrong({ children }: { children?: ReactNode }) {
  strongRenders.push(String(children));
  return <strong>{children}</strong>;
}

function CustomTable() {
  return <div data-testid="custom-table" />;
}

/** What the recording link and image components below were given, in render order. */
const recorded = { hrefs: [] as (string | undefined)[], srcs: [] as (string | undefined)[] };
function RecordingLink({ href, children }: { href?: string; children?: ReactNode }) {
  recorded.hrefs.push(href);
  return <span data-testid="link">{children}</span>;
}
function RecordingImage({ src }: { src?: string }) {
  recorded.srcs.push(src);
  return <span data-testid="image" />;
}

describe('splitMarkdownBlocks', () => {
  it('cuts at blank lines and closes an open code fence', () => {
    expect(splitMarkdownBlocks('# Title\n\nSome text\n\n```js\nlet a').blocks).toEqual([
      '# Title',
      'Some text',
      '```js\nlet a\n```',
    ]);
  });

  it('never cuts inside a code fence, and keeps list items together', () => {
    const text = '```\na\n\nb\n```\n\n- one\n\n- two\n\nend';
    expect(splitMarkdownBlocks(text).blocks).toEqual(['```\na\n\nb\n```', '- one\n\n- two', 'end']);
  });

  it('keeps a document with reference definitions whole', () => {
    const text = 'See [docs][1].\n\n[1]: https://example.com';
    expect(splitMarkdownBlocks(text).blocks).toEqual([text]);
  });

  it('re-splits incrementally to the same result as from scratch, for every prefix', () => {
    const text =
      'Intro paragraph.\n\n```py\nprint(1)\n\nprint(2)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nDone.';
    let previous = splitMarkdownBlocks('');
    for (let end = 1; end <= text.length; end++) {
      const next = splitMarkdownBlocks(text.slice(0, end), previous);
      expect(next.blocks).toEqual(splitMarkdownBlocks(text.slice(0, end)).blocks);
      previous = next;
    }
    expect(previous.blocks).toHaveLength(4);
    // The same text again is the same result, not a new one (a memo on it holds).
    expect(splitMarkdownBlocks(text, previous)).toBe(previous);
  });
});

describe('MarkdownText', () => {
  it('renders GFM: headings, emphasis, lists, tables, task lists, code', async () => {
    const { container } = render(
      <MarkdownText
        text={
          '## Plan\n\nSome *em* and **strong**.\n\n- [x] done\n- [ ] todo\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```'
        }
      />,
    );
    expect(screen.getByRole('heading', { level: 2, name: 'Plan' })).toBeTruthy();
    expect(container.querySelector('em')?.textContent).toBe('em');
    expect(screen.getByRole('table')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Done' })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'Not done' })).toHaveProperty('checked', false);
    expect(container.querySelector('.rcc-code-block')?.getAttribute('data-language')).toBe('ts');
    // Heading ids from model text could clash with the page's ids.
    expect(container.querySelector('[id]')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('gives each block the direction of its own words (dir="auto"), not each list item or cell', () => {
    const { container } = render(
      <MarkdownText
        text={
          '## شكرًا\n\nSome *text*.\n\n> quoted\n\n- one\n- two\n\n3. three\n\n| a | b |\n|---|---|\n| 1 | 2 |'
        }
      />,
    );
    const auto = [...container.querySelectorAll('[dir]')].map((element) => [
      element.tagName.toLowerCase(),
      element.getAttribute('dir'),
    ]);
    // The quote's paragraph is a block of its own too.
    expect(auto).toEqual([
      ['h2', 'auto'],
      ['p', 'auto'],
      ['blockquote', 'auto'],
      ['p', 'auto'],
      ['ul', 'auto'],
      ['ol', 'auto'],
      ['table', 'auto'],
    ]);
    expect(container.querySelector('ol')?.getAttribute('start')).toBe('3');
  });

  it('renders GFM strikethrough and bare URLs as links (autolinks)', () => {
    const { container } = render(
      <MarkdownText text="Gone: ~~old~~. See https://example.com/x or www.example.org today." />,
    );
    expect(container.querySelector('del')?.textContent).toBe('old');
    expect(screen.getByRole('link', { name: 'https://example.com/x' }).getAttribute('href')).toBe(
      'https://example.com/x',
    );
    expect(screen.getByRole('link', { name: 'www.example.org' }).getAttribute('href')).toMatch(
      /^https?:\/\/www\.example\.org\/?$/,
    );
  });

  it('loads an https: image lazily and without a referrer', () => {
    render(<MarkdownText text="![chart](https://images.example.com/chart.png)" />);
    const image = screen.getByRole('img', { name: 'chart' });
    expect(image.getAttribute('src')).toBe('https://images.example.com/chart.png');
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('opens safe links in a new tab with noopener noreferrer', () => {
    render(<MarkdownText text="Read [the docs](https://example.com/docs) or mail <mailto:a@b.co>." />);
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getByRole('link', { name: 'mailto:a@b.co' }).getAttribute('href')).toBe('mailto:a@b.co');
  });

  it('renders footnotes after the text that cites them, not above it', () => {
    const { container } = render(<MarkdownText text={'A claim[^1].\n\nMore text.\n\n[^1]: The source.'} />);
    const blocks = Array.from(container.querySelector('.rcc-markdown')?.children ?? []);
    expect(blocks.map((block) => block.textContent)).toEqual(['A claim1.', 'More text.', 'The source.']);
    expect(blocks.at(-1)?.className).toBe('rcc-footnotes');
  });

  it('a table (it scrolls sideways when wide) is reachable by keyboard, like a code block', async () => {
    const user = userEvent.setup();
    render(<MarkdownText text={'| a | b |\n|---|---|\n| 1 | 2 |'} />);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('table'));
  });

  it('a code block Tab reaches is a group named by its language, not its whole code; aria-label renames it', async () => {
    const user = userEvent.setup();
    const { container } = render(<MarkdownText text={'```ts\nconst a = 1;\n```\n\n```\nplain\n```'} />);
    await user.tab(); // the copy button
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('group', { name: 'ts code' }));
    expect(screen.getByRole('group', { name: 'Code' }).textContent).toBe('plain');
    await expectNoAxeViolations(container);
    render(<CodeBlock aria-label="Exemple">{'x'}</CodeBlock>);
    expect(screen.getByRole('group', { name: 'Exemple' }).tagName).toBe('PRE');
  });

  it('shows an unclosed code fence as code while streaming', () => {
    const { container } = render(<MarkdownText text={'Here:\n\n```js\nconst a = 1;\nconst b'} streaming />);
    expect(container.querySelector('pre code')?.textContent).toContain('const b');
    expect(container.textContent).not.toContain('```');
  });

  it('a heading whose words have not streamed in yet ("##") is no empty heading', async () => {
    const { container, rerender } = render(<MarkdownText text={'Intro\n\n##'} streaming />);
    expect(container.querySelector('h2')).toBeNull();
    await expectNoAxeViolations(container);
    rerender(<MarkdownText text={'Intro\n\n## Results'} streaming />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Results');
  });

  it('copies a code block with its copy button', async () => {
    const user = userEvent.setup();
    render(<MarkdownText text={'```sh\nnpm test\n```'} />);
    await user.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(await navigator.clipboard.readText()).toBe('npm test');
    expect(screen.getByRole('button', { name: 'Copied' }).getAttribute('data-state')).toBe('copied');
  });

  it('says "Copy failed" on a code block whose copy the clipboard refuses', async () => {
    const user = userEvent.setup();
    const refuse = vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    try {
      render(<MarkdownText text={'```sh\nnpm test\n```'} />);
      await user.click(screen.getByRole('button', { name: 'Copy code' }));
      const failed = await screen.findByRole('button', { name: 'Copy failed' });
      expect(failed.getAttribute('data-state')).toBe('failed');
    } finally {
      refuse.mockRestore();
    }
  });

  it('re-parses only the last block while text streams', () => {
    strongRenders.length = 0;
    const components = { strong: CountingStrong };
    let text = '**first** block\n\n**second** block\n\nthird';
    const { rerender } = render(<MarkdownText text={text} streaming components={components} />);
    strongRenders.length = 0;
    for (const token of [' grows', ' more', ' and **more**']) {
      text += token;
      act(() => {
        rerender(<MarkdownText text={text} streaming components={components} />);
      });
    }
    // Only the last block contains the new bold text; the settled blocks never re-render.
    expect(strongRenders).toEqual(['more']);
  });

  it('a replaced link or image component still only gets safe URLs, autolinks included', () => {
    recorded.hrefs.length = 0;
    recorded.srcs.length = 0;
    render(
      <MarkdownText
        text={[
          '<javascript:alert(1)> <JAVASCRIPT:alert(2)> <data:text/html,<b>x</b>> <vbscript:x>',
          '[ok](https://example.com/a) <https://example.com/b>',
          '![svg](data:image/svg+xml;base64,PHN2Zz4=) ![png](https://example.com/c.png)',
        ].join('\n\n')}
        components={{ a: RecordingLink, img: RecordingImage }}
      />,
    );
    expect(recorded.hrefs).toEqual(['https://example.com/a', 'https://example.com/b']);
    expect(recorded.srcs).toEqual([undefined, 'https://example.com/c.png']);
  });

  it('lets apps replace elements by tag', () => {
    render(<MarkdownText text={'| a |\n|---|\n| 1 |'} components={{ table: CustomTable }} />);
    expect(screen.getByTestId('custom-table')).toBeTruthy();
  });

  it('asChild renders the blocks into the element given as its child', () => {
    let refElement: HTMLElement | null = null;
    const { container } = render(
      <MarkdownText
        asChild
        text={'# Title\n\nOne\n\nTwo'}
        streaming
        ref={(element: HTMLElement | null) => {
          refElement = element;
        }}
        className="mine"
      >
        <article className="prose" />
      </MarkdownText>,
    );
    const article = container.firstElementChild as HTMLElement;
    expect(article.tagName).toBe('ARTICLE');
    expect(refElement).toBe(article);
    expect(article.className.split(' ').sort()).toEqual(['mine', 'prose', 'rcc-markdown']);
    expect(article.hasAttribute('data-streaming')).toBe(true);
    expect(screen.getByRole('heading', { name: 'Title' }).parentElement).toBe(article);
    expect([...article.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['One', 'Two']);
  });
});

describe('MarkdownText with brackets nested deep', () => {
  // Links in links take the parser time quadratic in their depth, parsed again on every streamed
  // token. Each of these opens a `[` and closes it with a `]` the parser reads past (escaped, in a
  // code span, in an autolink or tag), so the parser nests them while a count of the brackets as
  // written sees none open.
  const hidden: Record<string, string> = {
    escaped: '[\\] ',
    'after an escaped backslash': '[\\\\\\] ',
    'in a code span': '[`]` ',
    'in a code span of two backticks': '[``]`` ',
    'in an autolink': '[<http://a]> ',
    'in a code span that a backtick in an autolink would shift': '[<a`@b.c> ` ]` ',
    'in a tag': '[<b>]</b> ',
    'escaped, in an image': '![\\] ',
  };
  const nested = (units: string[]) => `${units.join('')}b${'](https://example.com)'.repeat(units.length)}`;

  it.each(Object.entries(hidden))('33 deep, each closed by a `]` %s, renders as text', (_name, unit) => {
    const text = nested(Array(33).fill(unit));
    const { container } = render(<MarkdownText text={`Intro\n\n${text}`} streaming />);
    expect(container.querySelector('p')?.textContent).toBe('Intro');
    expect(container.querySelector('.rcc-markdown')?.lastChild?.textContent).toBe(text);
    expect(container.querySelector('a')).toBeNull();
  });

  it.each(Object.entries(hidden))('32 deep, each closed by a `]` %s, is still Markdown', (_name, unit) => {
    const text = nested(Array(32).fill(unit));
    const { container } = render(<MarkdownText text={text} />);
    expect(container.textContent).not.toBe(text);
  });

  it('any mix of them, 33 deep, renders as text', () => {
    const units = Object.values(hidden);
    let seed = 7;
    for (let round = 0; round < 20; round++) {
      const text = nested(
        Array.from({ length: 33 }, () => {
          seed = (seed * 48_271) % 2_147_483_647;
          return units[seed % units.length] ?? '';
        }),
      );
      const { container, unmount } = render(<MarkdownText text={text} />);
      expect(container.textContent).toBe(text);
      unmount();
    }
  });

  it('brackets that never close nest nothing: a table of 40 half-open intervals is still a table', () => {
    // `[0, 10)` opens a bracket no `]` closes: the parser nests nothing in it, at no cost.
    const rows = Array.from(
      { length: 40 },
      (_, index) => `| [${index * 10}, ${index * 10 + 10}) | ${index} |`,
    );
    render(
      <MarkdownText
        text={['| Bin | Count |', '|---|---|', ...rows, '| [all](https://example.com) | 40 |'].join('\n')}
      />,
    );
    expect(screen.getAllByRole('row')).toHaveLength(42);
    expect(screen.getByRole('link', { name: 'all' }).getAttribute('href')).toBe('https://example.com');
  });

  it('brackets the parser closes close here too: links with code, escaped brackets, brackets in code', () => {
    // One list, one block: were any of these left open, 40 items would pass the 32 allowed.
    const text = Array.from(
      { length: 40 },
      (_, index) =>
        `- [\`hook${index}\`](https://example.com/${index}) reads \`items[${index}]\`, \\[x\\] and [a\\]b](https://example.com)`,
    ).join('\n');
    render(<MarkdownText text={text} />);
    expect(screen.getAllByRole('link')).toHaveLength(80);
    expect(screen.getAllByRole('link', { name: 'a]b' })).toHaveLength(40);
    expect(screen.getByRole('link', { name: 'hook39' }).getAttribute('href')).toBe('https://example.com/39');
  });
});
