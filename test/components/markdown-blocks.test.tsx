import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { renderMarkdown } from '../../src/components/markdown/render-markdown.js';
import type { BlockCut } from '../../src/components/markdown/split-blocks.js';
import { blockSource, cutMarkdownBlocks } from '../../src/components/markdown/split-blocks.js';
import { MarkdownText, splitMarkdownBlocks } from '../../src/index.js';

// Every source the Markdown parser is given, in order (it still parses as it does).
const parsed = vi.hoisted(() => [] as string[]);
vi.mock('markdown-to-jsx/html', async (importOriginal) => {
  const original = await importOriginal<typeof import('markdown-to-jsx/html')>();
  return {
    ...original,
    parser: (source: string, options?: Parameters<typeof original.parser>[1]) => {
      parsed.push(source);
      return original.parser(source, options);
    },
  };
});

/** What parsing the whole text at once renders, inside the same wrapper as `MarkdownText`. */
function whole(text: string, streaming = false): ReactNode {
  return <div className="rcc-markdown">{renderMarkdown(text, streaming)}</div>;
}

function staticWhole(text: string, streaming = false): string {
  return renderToStaticMarkup(whole(text, streaming));
}

/** Varied Markdown, as models write it (and some as they should not). */
const CORPUS = [
  '# Title\n\nSome *em* and **strong** text with a [link](https://example.com).\n\n- one\n- two\n  - nested\n  - nested two\n\n- three after a blank\n\n  continued item paragraph\n\nAfter the list.\n\n1. first\n2. second\n\n   indented paragraph in the item\n\n3. third\n\n```js\nconst a = 1;\n\n\nconst b = 2;\n```\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\n> quote line\n> more\n\n> another quote\n\n    indented code\n\n    more code\n\nEnd.',
  ' the stream renders token by token and **bold**\n\n the next paragraph `code` list\n\n- item the stream\n\n the paragraph after the list\n\n  two spaces\n\n   three spaces\n\n    four spaces: code',
  '1. Install:\n\n   ```bash\n   npm i\n\n   npm test\n   ```\n\n2. Run:\n\n   ```\n   node x\n   ```\n\nThat is it.\n\n- code in a bullet:\n  ```\n  x\n\n  y\n  ```\n- next bullet\n\nDone.',
  'Setext\n===\n\nAnother\n---\n\n***\n\n- [x] done\n- [ ] todo\n\n![img](https://example.com/a.png) and ![bad](javascript:alert(1))\n\n~~~\ntilde\n\nfence\n~~~\n\n````md\n```\ninner\n\n```\n````\n\nA [bad link](javascript:alert(1)) and <https://auto.example.com>.',
  '* a\n  * b\n    * c\n\n      deep paragraph\n\n  back in a\n\n+ plus\n\n10) ten\n11) eleven\n\n-   wide marker\n\n  two spaces after a wide marker\n\n- \n\n  after an empty item\n\n\tTab code\n\nx\n\u00a0\ny\n\nHard  \nbreak and escaped \\*stars\\*',
  '> - quoted list\n>\n>   paragraph\n\n> ```\n> code\n\n> more\n\nparagraph\n```\nfence after a paragraph\n\nstill fence\n```\nafter\n\n- item\n    ```\n    deep\n\n    fence\n    ```\n\nend',
  'See [the docs][docs], [inline](https://example.com) and [^note].\n\n- a list\n\n```\n[not]: a definition\n```\n\n[docs]: https://example.com/docs "Docs"\n\n[^note]: The footnote.\n\nAfter the definitions.',
  'Text with <div> and <b>bold</b> tags.\n\n<script>alert(1)</script>\n\n<!-- comment\n\nstill -->\n\n$$\nx^2\n\ny\n$$\n\nLast ~~line~~.',
  'CRLF line\r\n\r\nbreaks\r\n\r\n- a\r\n\r\n b',
  '\n\n  \nleading blank lines\n\n\n\ntrailing blank lines\n\n\n',
];

/** Documents built from random pieces, separators and indents (seeded: the same every run). */
function randomDocuments(count: number, seed: number): string[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pieces = [
    'A paragraph with *em*, **strong** and `code`.',
    ' the stream renders token by token',
    'Two lines\nof text',
    '# Heading',
    'Setext\n===',
    '***',
    '- one\n- two\n- three',
    '- loose\n\n- list\n\n  with a paragraph',
    '1. first\n2. second\n   - nested\n   - more',
    '- [x] done\n- [ ] todo',
    '- item\n\n      code in the item',
    '```js\nconst a = 1;\n\nconst b = 2;\n```',
    '~~~\ntilde\n\n\nfence\n~~~',
    '```\nunclosed',
    '1. Install:\n\n   ```bash\n   npm i\n\n   npm test\n   ```\n\n2. Run',
    '- code:\n  ```\n  x\n\n  y\n  ```',
    '- ```\n  after a marker\n\n  ```',
    '| a | b |\n|---|:-:|\n| 1 | 2 |',
    '> quote\n> more',
    '> ```\n> code\n>\n> more',
    '    indented code\n\n    more code',
    'A [link](https://example.com) and ![img](https://example.com/a.png)',
    'See [ref][r]',
    '[r]: https://example.com/ref',
    'Note[^n]',
    '[^n]: the note',
  ];
  const separators = ['\n\n', '\n\n', '\n\n', '\n', '\n\n\n', '\n \n', '\n\t\n'];
  const indents = ['', ' ', '  ', '   ', '    ', '\t'];
  const documents: string[] = [];
  for (let index = 0; index < count; index++) {
    let document = '';
    const pieceCount = 3 + Math.floor(random() * 6);
    for (let piece = 0; piece < pieceCount; piece++) {
      if (piece > 0) document += pick(separators);
      if (random() < 0.25) document += pick(indents);
      document += pick(pieces);
    }
    documents.push(document);
  }
  return documents;
}

describe('cutMarkdownBlocks', () => {
  it('starts a block after a blank line, also at a paragraph indented by 1–3 spaces', () => {
    const text = ' a\n\n b\n\n- c\n\n d\n\n    code\n\n   e';
    expect(cutMarkdownBlocks(text).starts).toEqual([0, 4, 8, 13, 27]);
  });

  it('keeps list continuations, list items, indented code and fences in their block', () => {
    const text = '- a\n\n  b\n\n- c\n\n    code\n\n```\nx\n\ny\n```\n\nz';
    expect(
      cutMarkdownBlocks(text).starts.map((_, index) => blockSource(cutMarkdownBlocks(text), index)),
    ).toEqual(['- a\n\n  b\n\n- c\n\n    code\n\n', '```\nx\n\ny\n```\n\n', 'z']);
  });

  it('keeps text with definitions or \\r line breaks whole', () => {
    expect(cutMarkdownBlocks('See [a].\n\n[a]: https://example.com').starts).toEqual([0]);
    expect(cutMarkdownBlocks('Note[^1].\n\n[^1]: text').starts).toEqual([0]);
    expect(cutMarkdownBlocks('a\r\n\r\nb').starts).toEqual([0]);
    expect(cutMarkdownBlocks('a\n\n```\n[a]: in code\n```\n\nb').starts).toEqual([0, 3, 25]);
  });

  it('starts no block at a line beginning with a byte order mark (the parser drops it only at the start)', () => {
    // Parsed alone, `\uFEFF# h` would lose its mark and read as a heading; in the whole text it
    // is a paragraph.
    const text = 'a\n\n\uFEFF# h\n\nb';
    expect(cutMarkdownBlocks(text).starts).toEqual([0, 9]);
    expect(renderToStaticMarkup(<MarkdownText text={text} />)).toBe(staticWhole(text));
    expect(renderToStaticMarkup(<MarkdownText text={'a\n\n\uFEFF\n\nb'} />)).toBe(
      staticWhole('a\n\n\uFEFF\n\nb'),
    );
  });

  it('cuts a text starting with a byte order mark as the parser reads it: past the mark', () => {
    // The mark at the start is dropped: `- a` is a list, and `  b` after it a paragraph in it.
    const text = '\uFEFF- a\n\n  b\n\nc';
    expect(cutMarkdownBlocks(text).starts).toEqual([1, 11]);
    expect(renderToStaticMarkup(<MarkdownText text={text} />)).toBe(staticWhole(text));
    // Only one is dropped: after two, the line is a paragraph starting with the second.
    expect(cutMarkdownBlocks(`\uFEFF${text}`).starts).toEqual([0, 7, 12]);
    expect(renderToStaticMarkup(<MarkdownText text={`\uFEFF${text}`} />)).toBe(staticWhole(`\uFEFF${text}`));
  });

  it('stops cutting after a fence whose extent depends on container rules', () => {
    expect(cutMarkdownBlocks('a\n\n- ```\n  x\n\ny\n\nz').starts).toEqual([0, 3]);
    expect(cutMarkdownBlocks('a\n\n> ```\n> x\n\ny').starts).toEqual([0, 3]);
  });

  it('uses the previous cut: the same text returns it; a longer text keeps its settled starts', () => {
    const previous = cutMarkdownBlocks('one\n\ntwo\n\nthr');
    expect(cutMarkdownBlocks('one\n\ntwo\n\nthr', previous)).toBe(previous);
    // A hand-made previous cut with a start no fresh cut makes (2): kept, so it was not recomputed.
    const made: BlockCut = { text: 'one\n\ntwo\n\nthr', starts: [0, 2, 5, 10], whole: false, fence: null };
    expect(cutMarkdownBlocks('one\n\ntwo\n\nthree', made).starts).toEqual([0, 2, 5, 10]);
    expect(cutMarkdownBlocks('one\n\ntwo\n\nthree').starts).toEqual([0, 5, 10]);
  });

  it('cuts incrementally exactly as it cuts from scratch, for every prefix', () => {
    for (const document of [...CORPUS, ...randomDocuments(150, 7)]) {
      let previous: BlockCut | undefined;
      for (let end = 1; end <= document.length; end++) {
        const text = document.slice(0, end);
        const next = cutMarkdownBlocks(text, previous);
        expect(next.starts, JSON.stringify(text)).toEqual(cutMarkdownBlocks(text).starts);
        previous = next;
      }
    }
  }, 60_000);
});

describe('MarkdownText renders blocks exactly as the whole text', () => {
  it('for every prefix of varied Markdown', () => {
    let blocks = 0;
    let prefixes = 0;
    for (const document of CORPUS) {
      for (let end = 1; end <= document.length; end++) {
        const text = document.slice(0, end);
        expect(renderToStaticMarkup(<MarkdownText text={text} />), JSON.stringify(text)).toBe(
          staticWhole(text),
        );
        blocks += cutMarkdownBlocks(text).starts.length;
        prefixes++;
      }
    }
    // The corpus really is cut (so the comparison covers parsing blocks apart).
    expect(blocks / prefixes).toBeGreaterThan(3);
  }, 120_000);

  it('for every prefix of seeded random documents', () => {
    for (const document of randomDocuments(50, 11)) {
      for (let end = 1; end <= document.length; end++) {
        const text = document.slice(0, end);
        expect(renderToStaticMarkup(<MarkdownText text={text} />), JSON.stringify(text)).toBe(
          staticWhole(text),
        );
      }
    }
  }, 120_000);

  it('while text streams in and after it settles, in the DOM', () => {
    for (const document of CORPUS) {
      const { container, rerender, unmount } = render(<MarkdownText text="" streaming />);
      const expected = render(whole(''));
      for (let end = 1; end <= document.length; end += 1 + (end % 3)) {
        const text = document.slice(0, end);
        act(() => {
          rerender(<MarkdownText text={text} />);
          expected.rerender(whole(text));
        });
        expect(container.innerHTML, JSON.stringify(text)).toBe(expected.container.innerHTML);
      }
      act(() => {
        rerender(<MarkdownText text={document} />);
        expected.rerender(whole(document));
      });
      expect(container.innerHTML).toBe(expected.container.innerHTML);
      unmount();
      expected.unmount();
    }
  }, 120_000);

  it('while streaming, where the parser hides half-written syntax block by block', () => {
    // The parser's streaming heuristics that reach across blocks are left out: an unclosed HTML
    // comment, footnote references and a hidden trailing table fragment (they apply to the last
    // block only). Everything else matches the whole text parsed in streaming mode.
    const documents = [0, 1, 2, 4, 5].map((index) => CORPUS[index] ?? '');
    for (const document of documents) {
      const { container, rerender, unmount } = render(<MarkdownText text="" streaming />);
      for (let end = 1; end <= document.length; end += 1 + (end % 3)) {
        const text = document.slice(0, end);
        act(() => {
          rerender(<MarkdownText text={text} streaming />);
        });
        const markup = container.innerHTML.replace(' data-streaming=""', '');
        const expected = render(whole(text, true));
        expect(markup, JSON.stringify(text)).toBe(expected.container.innerHTML);
        expected.unmount();
      }
      unmount();
    }
  }, 120_000);
});

describe('splitMarkdownBlocks', () => {
  it('splits incrementally to the same blocks as from scratch', () => {
    for (const document of [...CORPUS, ...randomDocuments(60, 3)]) {
      let previous = splitMarkdownBlocks('');
      for (let end = 1; end <= document.length; end++) {
        const text = document.slice(0, end);
        const next = splitMarkdownBlocks(text, previous);
        expect(next.blocks, JSON.stringify(text)).toEqual(splitMarkdownBlocks(text).blocks);
        previous = next;
      }
    }
  });

  it('closes an open fence in a list item at the fence’s own indentation', () => {
    expect(splitMarkdownBlocks('- a\n  ```\n  code').blocks).toEqual(['- a\n  ```\n  code\n  ```']);
  });
});

const renders: string[] = [];

function CountingStrong({ children }: { children?: ReactNode }) {
  renders.push(String(children));
  return <strong>{children}</strong>;
}

describe('streaming cost', () => {
  it('re-renders only the last block, also when paragraphs start with a space', () => {
    renders.length = 0;
    const components = { strong: CountingStrong };
    // Token streams put the space first: ' the', ' next'...; a list item ends at an outdented line.
    let text = ' **one** a\n\n **two** b\n\n- **three** c\n\n **four**';
    const { rerender } = render(<MarkdownText text={text} streaming components={components} />);
    expect(renders).toEqual(['one', 'two', 'three', 'four']);
    renders.length = 0;
    for (const token of [' d', ' e', ' **five**']) {
      text += token;
      act(() => {
        rerender(<MarkdownText text={text} streaming components={components} />);
      });
    }
    expect(renders).toEqual(['four', 'four', 'four', 'five']);
  });

  it('a streaming block shown as text (nested too deep) is not parsed again while it grows', () => {
    const deep = `${'>'.repeat(40)} quote`;
    let text = `First.\n\n${deep}`;
    parsed.length = 0;
    const { container, rerender } = render(<MarkdownText text={text} streaming />);
    expect(parsed).toEqual(['First.\n\n', deep]);
    expect(container.textContent).toBe(`First.${deep}`);
    for (const token of [' and', ' more']) {
      text += token;
      rerender(<MarkdownText text={text} streaming />);
    }
    // Parsing it on every token is what costs: quotes 3,000 deep took 6 ms per token at 3 kB.
    expect(parsed).toHaveLength(2);
    expect(container.textContent).toBe(`First.${deep} and more`);
    // Done streaming, it is parsed once more (and still too deep).
    rerender(<MarkdownText text={text} />);
    expect(parsed.slice(2)).toEqual([`${deep} and more`]);
    expect(container.textContent).toBe(`First.${deep} and more`);
    // Streaming something that does not continue it (a new reply in the same place) parses again.
    rerender(<MarkdownText text={'First.\n\n> shallow'} streaming />);
    expect(parsed.slice(3)).toEqual(['> shallow']);
    expect(container.querySelector('blockquote')?.textContent).toBe('shallow');
  });
});
