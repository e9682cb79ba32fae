import { render } from '@testing-library/react';
import { parser } from 'markdown-to-jsx/html';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import {
  AudioPlayer,
  ChatWindow,
  Citations,
  ErrorNotice,
  GeneratedImage,
  isSafeImageUrl,
  isSafeLinkUrl,
  MarkdownText,
  MessageAttachments,
  MessageList,
  Reasoning,
  ToolCallPanel,
} from '../../src/index.js';
import { assistantMessage, userMessage } from './fixtures';

// The Markdown parser, spied on (it still parses): which sources it is given.
vi.mock('markdown-to-jsx/html', async (importOriginal) => {
  const original = await importOriginal<typeof import('markdown-to-jsx/html')>();
  return { ...original, parser: vi.fn(original.parser) };
});
/** The sources given to the Markdown parser since the last call. */
function parsed(): string[] {
  const calls = vi.mocked(parser).mock.calls.map(([source]) => source);
  vi.mocked(parser).mockClear();
  return calls;
}

/** How many elements deep the DOM under `root` goes. */
function depthOf(root: Element): number {
  let deepest = 0;
  for (const element of Array.from(root.querySelectorAll('*'))) {
    let depth = 0;
    for (let node: Element | null = element; node && node !== root; node = node.parentElement) depth++;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Markdown and HTML that tries to run script, navigate to script, or load active content. */
const CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle r="1"/></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<style>body { display: none }</style>',
  '<details open ontoggle=alert(1)>x</details>',
  '<a href="javascript:alert(1)">raw link</a>',
  '<a href="&#106;avascript:alert(1)">entity raw link</a>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](&#x6A;avascript:alert(1))',
  '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
  '[x](<java\tscript:alert(1)>)',
  '[x](%6Aavascript:alert(1))',
  '[x](  javascript:alert(1)  "title")',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/path)',
  '<javascript:alert(1)>',
  '[ref][1]\n\n[1]: javascript:alert(1)',
  '[ref]\n\n[ref]: data:text/html,<script>alert(1)</script>',
  '[ref][a]\n\n[a]: <javascript:alert(1)> "t"',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '![x](http://tracker.example/pixel.png)',
  '![x](data:text/html,<script>alert(1)</script>)',
  '[![img](javascript:alert(1))](javascript:alert(2))',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '# location\n\n## cookie\n\nfootnote[^1]\n\n[^1]: <script>alert(1)</script>',
  '| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| a | b |',
  '- [x] <img src=x onerror=alert(1)>',
  '> <a href="javascript:alert(1)">quoted</a>',
  '**[bold](javascript:alert(1))**',
  '<<script>alert(1)//<</script>',
  '<scr<script>ipt>alert(1)</script>',
];

const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\s]*$/i;
const SAFE_SRC = /^(?:https:\/\/|data:image\/(?:png|jpeg|jpg|gif|webp|avif|bmp)[;,])/i;

/** Fails if the DOM holds anything that could run script or load active content. */
function expectNothingExecutable(root: Element) {
  for (const tag of [
    'script',
    'iframe',
    'object',
    'embed',
    'style',
    'svg',
    'math',
    'form',
    'link',
    'meta',
    'base',
  ]) {
    expect(root.querySelector(tag), `<${tag}> in the DOM`).toBeNull();
  }
  for (const element of Array.from(root.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      expect(name.startsWith('on'), `${name} on <${element.tagName.toLowerCase()}>`).toBe(false);
      expect(['srcdoc', 'formaction', 'xlink:href', 'action', 'data', 'srcset']).not.toContain(name);
      if (name === 'href') expect(attribute.value, 'href').toMatch(SAFE_HREF);
      if (name === 'src') expect(attribute.value, 'src').toMatch(SAFE_SRC);
      if (name === 'style') expect(attribute.value).not.toMatch(/url\(|expression/i);
    }
  }
  // Model text never becomes element ids (no clobbering of page globals or ids).
  expect(root.querySelector('[id="location"], [id="cookie"], [id="1"]')).toBeNull();
}

describe('XSS corpus', () => {
  it.each(CORPUS)('Markdown renders %j with nothing executable', (source) => {
    const settled = render(<MarkdownText text={source} />);
    expectNothingExecutable(settled.container);
    const streaming = render(<MarkdownText text={source} streaming />);
    expectNothingExecutable(streaming.container);
  });

  it('keeps raw HTML visible as text', () => {
    const { container } = render(<MarkdownText text={'<script>alert(1)</script> and <b>bold</b>'} />);
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.querySelector('b')).toBeNull();
  });

  it('still renders ordinary safe links and images', () => {
    const { container } = render(
      <MarkdownText text={'[ok](https://example.com) ![pic](https://example.com/a.png) <mailto:a@b.co>'} />,
    );
    expect(container.querySelectorAll('a')).toHaveLength(2);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://example.com/a.png');
  });

  it('renders the corpus in reasoning, tool arguments, results, names and errors as text', () => {
    const html = CORPUS.join('\n\n');
    const message = assistantMessage(html, {
      reasoning: html,
      tool_calls: [
        {
          id: 'c1',
          type: 'function',
          function: { name: '<img src=x onerror=alert(1)>', arguments: JSON.stringify({ html }) },
        },
      ],
      toolCalls: { c1: { state: 'error', result: { html }, error: '<script>alert(1)</script>' } },
      audio: { id: 'a', transcript: '<script>alert(1)</script>' },
    });
    const { container } = render(
      <>
        <Reasoning.Default message={message} defaultOpen />
        <ToolCallPanel.List message={message} />
        <AudioPlayer message={message} />
        <ErrorNotice error={new Error('<img src=x onerror=alert(1)>')} onRetry={() => {}} />
      </>,
    );
    expectNothingExecutable(container);
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.textContent).toContain('<script>alert(1)</script>');
  });

  it('drops unsafe citation links, output images and attachment thumbnails', () => {
    const message = assistantMessage('x', {
      annotations: [
        { type: 'url_citation', url_citation: { url: 'javascript:alert(1)', title: 'a' } },
        {
          type: 'url_citation',
          url_citation: { url: 'data:text/html,<script>alert(1)</script>', title: 'b' },
        },
        { type: 'url_citation', url_citation: { url: ' JAVASCRIPT:alert(1)', title: 'c' } },
      ],
    });
    const user = userMessage([
      { type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+' } },
      { type: 'image_url', image_url: { url: 'javascript:alert(1)' } },
    ]);
    const { container } = render(
      <>
        <Citations message={message} />
        <GeneratedImage
          image={{ type: 'image_url', image_url: { url: 'data:image/svg+xml,<svg onload=alert(1)>' } }}
        />
        <GeneratedImage image={{ type: 'image_url', image_url: { url: 'javascript:alert(1)' } }} />
        <MessageAttachments message={user} />
      </>,
    );
    expectNothingExecutable(container);
    expect(container.querySelectorAll('a, img')).toHaveLength(0);
  });
});

describe('URL policy', () => {
  it.each([
    ['https://example.com', true],
    ['http://example.com', true],
    ['mailto:a@b.co', true],
    ['javascript:alert(1)', false],
    ['  javascript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    ['java\nscript:alert(1)', false],
    ['\u0000javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['vbscript:x', false],
    ['/relative', false],
    ['//host/path', false],
    ['#anchor', false],
    ['tel:123', false],
    // A user name makes a link read as another host: "openrouter.ai", going to evil.example.
    ['https://openrouter.ai@evil.example/login', false],
    ['https://user:secret@example.com', false],
    ['http://:secret@example.com', false],
    ['mailto:a@b.co?cc=c@d.co', true],
  ])('link %j is safe: %s', (url, safe) => {
    expect(isSafeLinkUrl(url)).toBe(safe);
  });

  it.each([
    ['https://example.com/a.png', true],
    ['data:image/png;base64,AAAA', true],
    ['DATA:IMAGE/JPEG;base64,AAAA', true],
    ['data:image/webp;base64,AAAA', true],
    ['data:image/svg+xml;base64,AAAA', false],
    [' data:image/svg+xml,<svg>', false],
    ['data:text/html,<script>', false],
    ['http://example.com/a.png', false],
    ['javascript:alert(1)', false],
    ['blob:https://x/1', false],
    ['/a.png', false],
  ])('image %j is safe: %s', (url, safe) => {
    expect(isSafeImageUrl(url)).toBe(safe);
  });
});

describe('Hostile nesting', () => {
  // Emphasis nested thousands deep: the parser's tree walk, this renderer and React's commit all
  // recurse once per level and overflow the stack (the message showed "could not be shown" and
  // server rendering threw). 50,000 asterisks overflow the parser itself.
  const nested = [
    `${'*a '.repeat(3000)}b${' a*'.repeat(3000)}`,
    `${'_'.repeat(8000)}b${'_'.repeat(8000)}`,
    `${'*'.repeat(25_000)}b${'*'.repeat(25_000)}`,
  ];

  it.each(nested.map((text) => [text.slice(0, 12), text]))(
    'emphasis nested thousands deep (%j…) renders its words, shallow, on the server too',
    (_name, text) => {
      const { container } = render(<MarkdownText text={text} />);
      expect(container.textContent).toContain('b');
      expect(depthOf(container)).toBeLessThan(100);
      expect(() => renderToString(<MarkdownText text={text} />)).not.toThrow();
      // The announcer reads the reply as words too (it threw, from the store's subscription).
      expect(MessageList.describeCompletedReply(assistantMessage(text))).toMatch(/^Assistant: [*_a]/);
    },
  );

  it('a reply of 100,000 tabs or em spaces is announced', () => {
    // White space around line breaks was matched from every start in a run: 6 s for tabs, 12 s
    // for em spaces, in the commit that shows the finished reply. Its speed against a linear floor
    // is a row of `npm run bench` (pathological).
    for (const space of ['\t', '\u2003']) {
      const said = MessageList.describeCompletedReply(assistantMessage(`a${space.repeat(100_000)}b`));
      // Cut at 1,000 characters, as every announcement.
      expect(said === `Assistant: a${space.repeat(999)}…`).toBe(true);
      // A run holding a line break becomes that break, however long.
      const broken = MessageList.describeCompletedReply(
        assistantMessage(`a${space.repeat(50_000)}\n${space.repeat(50_000)}b`),
      );
      expect(broken).toBe('Assistant: a\nb');
    }
    expect(MessageList.describeCompletedReply(assistantMessage('a \t\n \n\tb\t c'))).toBe(
      'Assistant: a\nb\t c',
    );
  });

  it('tool arguments and results nested 10,000 deep are shown as their text', () => {
    // JSON.parse reads them, JSON.stringify overflows the stack: the panel threw, and the
    // message showed "could not be shown".
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const message = assistantMessage(null, {
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: deep } }],
      toolCalls: { c1: { state: 'done', result: deep } },
    });
    const { container } = render(<ToolCallPanel.List message={message} />);
    expect(container.textContent?.split(deep)).toHaveLength(3);
  });

  it('brackets nested deeper than anyone writes are shown as text, not parsed (quadratic time)', () => {
    // Links in links 4,000 deep, 60 kB: about 2 s of parsing per render, once per streamed token.
    // The parser is never given them (its speed on them is a row of `npm run bench`).
    const text = `${'[a '.repeat(4000)}b${'](https://example.com)'.repeat(4000)}`;
    parsed();
    const { container } = render(<MarkdownText text={`Intro\n\n${text}`} streaming />);
    expect(container.querySelector('p')?.textContent).toBe('Intro');
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe(`Intro${text}`);
    const sources = parsed();
    expect(sources.some((source) => source.includes('Intro'))).toBe(true);
    expect(sources.filter((source) => source.includes('[a [a'))).toEqual([]);
    // 32 deep, as deep as anyone writes, they are parsed: links in links.
    const shallow = `${'[a '.repeat(32)}b${'](https://example.com)'.repeat(32)}`;
    const { container: parsedLinks } = render(<MarkdownText text={shallow} />);
    expect(parsed()).toEqual([shallow]);
    expect(parsedLinks.querySelector('a')).not.toBeNull();
    // Read aloud, the deep ones are not parsed either.
    expect(MessageList.describeCompletedReply(assistantMessage(text))).toBe(
      `Assistant: ${text.slice(0, 1000)}…`,
    );
    expect(parsed().filter((source) => source.includes('[a [a'))).toEqual([]);
  });

  it('ordinary nesting (links in lists in quotes, links in emphasis) still renders as Markdown', () => {
    const list = Array.from({ length: 8 }, (_, level) => `${'  '.repeat(level)}- item ${level}`).join('\n');
    const { container } = render(
      <MarkdownText
        text={`> ${list.replaceAll('\n', '\n> ')}\n\n***[a [b] c](https://example.com)*** [x]\n\n${'[0, 1) '.repeat(32)}`}
      />,
    );
    expect(container.querySelectorAll('blockquote ul')).toHaveLength(8);
    // 32 brackets left open (half-open intervals) are still Markdown: a paragraph.
    expect(container.querySelector('p:last-child')?.textContent).toBe('[0, 1) '.repeat(32).trim());
    expect(container.querySelector('em strong a, strong em a')?.getAttribute('href')).toBe(
      'https://example.com',
    );
  });
});

describe('Hostile storage', () => {
  it('content parts that are null in a saved chat fail their message at worst, not the chat', () => {
    // Sizing the rows read each part's type outside any message's boundary: the whole chat threw.
    const messages = {
      u: { id: 'u', parentId: null, createdAt: 1, status: 'done', role: 'user', content: [null] },
      a: { id: 'a', parentId: 'u', createdAt: 2, status: 'done', role: 'assistant', content: [null, 5] },
    };
    const saved = JSON.stringify({
      state: {
        threadId: 't',
        ids: ['u', 'a'],
        messages,
        threads: [{ id: 't', title: 'Saved' }],
        threadData: {},
      },
      version: 1,
    });
    const storage = { getItem: () => saved, setItem: () => {}, removeItem: () => {} };
    const { container } = render(
      <ChatWindow
        clientOptions={{ baseUrl: 'http://127.0.0.1:9/api/v1', fetch: async () => new Response('') }}
        request={{ model: 'mock/text' }}
        persist={{ key: 'chat', storage }}
        threads
      />,
    );
    expect(container.querySelector('.rcc-thread-list, [aria-label="Chat conversations"]')).not.toBeNull();
    expect(container.querySelector('textarea')).not.toBeNull();
    expect(container.textContent).toContain('Saved');
  });
});
