import type { MarkdownToJSX } from 'markdown-to-jsx';
import type { RuleType } from 'markdown-to-jsx/html';
import { parser } from 'markdown-to-jsx/html';
import type { ComponentClass, ComponentPropsWithoutRef, ElementType, JSX, ReactNode } from 'react';
import { createElement } from 'react';
import { isSafeImageUrl, isSafeLinkUrl } from '../safe-url/safe-url.js';
import { CodeBlock } from './code-block.js';
import { MarkdownImage } from './markdown-image.js';
import { MarkdownLink } from './markdown-link.js';
import { TaskCheckbox } from './task-checkbox.js';

/**
 * Components that replace the elements Markdown renders, by tag name: `a`, `img`, `pre` (code
 * blocks), `code`, `table`, `h1`, `input` (task checkboxes)... Each gets the props of its element
 * (an `a` an anchor's); another tag name renders that element instead. The URL checks hold for
 * replacements too: an `a` gets only a safe `href` (an unsafe link renders as a span), an `img`
 * gets `src` only when it is safe (`undefined` otherwise).
 */
export type MarkdownComponents = {
  [Tag in keyof JSX.IntrinsicElements]?: MarkdownComponent<Tag> | keyof JSX.IntrinsicElements | undefined;
};

/**
 * A component that renders `Tag`'s elements, given their props. A method's type, so that one
 * declaring some of them (`{ href?: string }` under `exactOptionalPropertyTypes`) fits too.
 */
type MarkdownComponent<Tag extends keyof JSX.IntrinsicElements> =
  | ComponentClass<ComponentPropsWithoutRef<Tag>>
  | { render(props: ComponentPropsWithoutRef<Tag>): ReactNode }['render'];

type Node = MarkdownToJSX.ASTNode;

const defaults: MarkdownComponents = {
  a: MarkdownLink,
  img: MarkdownImage,
  pre: CodeBlock,
  input: TaskCheckbox,
};
// Formatting tags the parser emits; anything else renders as a plain span.
const FORMATTING = ['em', 'strong', 'del', 'mark'];

/**
 * Renders Markdown source to React elements. Only known node types become elements, from a fixed
 * set of tags; nothing from the source becomes an attribute other than checked `href`/`src`,
 * `alt`, `title`, a code language and table alignment. No ids, no event handlers, no raw HTML.
 * `asText` renders the words instead, as strings (see `markdownToText`).
 *
 * Source nesting elements or brackets deeper than anyone writes (32 levels), or that the parser
 * fails on, is shown as it is, as text: nested thousands deep, elements would overflow the stack
 * (the parser's, this renderer's, React's) and brackets take the parser quadratic time.
 */
export function renderMarkdown(
  source: string,
  streaming: boolean,
  components: MarkdownComponents = defaults,
  asText?: boolean,
): ReactNode[] {
  let depth = 0;
  const element = (
    tag: string,
    key: number,
    props: Record<string, unknown> | null,
    ...children: ReactNode[]
  ): ReactNode => {
    if (!asText)
      return createElement(
        (components[tag as 'a'] ?? defaults[tag as 'a'] ?? tag) as ElementType,
        { ...props, key },
        ...children,
      );
    // The element's words: an image's alt text (after a space: images side by side are words
    // apart), a row's cells joined by commas, an ordered list item after its number; a block (p,
    // pre, h1-h6, hr, blockquote, br, li, tr: no other tag here starts so) on lines of its own.
    let text = children.join(tag === 'tr' ? ', ' : '') || ` ${props?.alt ?? ''}`;
    if (props?.value != null) text = `${props.value}. ${text.trimStart()}`;
    return /^([bhlp]|tr)/.test(tag) ? `\n${text}\n` : text;
  };

  const renderAll = (list: readonly Node[]): ReactNode[] => {
    // Thrown to the catch below, which shows the source as text.
    if (++depth > 32) throw depth;
    const rendered = list.map(renderNode);
    depth--;
    return rendered;
  };

  function renderNode(node: Node, key: number): ReactNode {
    // Node types as the literals the package declares (`satisfies` checks each against its
    // `RuleType`): `RuleType.text` would read the package's object at run time, in more bytes.
    switch (node.type) {
      case 20 satisfies typeof RuleType.text:
        return node.text;
      case 16 satisfies typeof RuleType.paragraph:
        // Blocks (paragraphs, headings, quotes, lists, tables) take the direction of their own
        // first letter (`dir="auto"`): an English paragraph under an Arabic heading reads left to right.
        return element('p', key, { dir: 'auto' }, ...renderAll(node.children));
      case 9 satisfies typeof RuleType.heading:
        // "##" alone (a heading whose words are still streaming in) would be an empty heading.
        return node.children.length
          ? element(`h${node.level}`, key, { dir: 'auto' }, ...renderAll(node.children))
          : null;
      case 21 satisfies typeof RuleType.textFormatted:
        return element(
          FORMATTING.includes(node.tag) ? node.tag : 'span',
          key,
          null,
          ...renderAll(node.children),
        );
      case 0 satisfies typeof RuleType.blockQuote:
        return element('blockquote', key, { dir: 'auto' }, ...renderAll(node.children));
      case 1 satisfies typeof RuleType.breakLine:
        return element('br', key, null);
      case 2 satisfies typeof RuleType.breakThematic:
        return element('hr', key, null);
      case 4 satisfies typeof RuleType.codeInline:
        return element('code', key, null, node.text);
      case 3 satisfies typeof RuleType.codeBlock: {
        const language = node.lang && /^[\w#+.-]+$/.test(node.lang) ? `language-${node.lang}` : undefined;
        return element(
          'pre',
          key,
          null,
          asText ? node.text : createElement('code', { className: language }, node.text),
        );
      }
      case 14 satisfies typeof RuleType.link:
        // The URL policy is applied here, for every link (`<scheme:...>` autolinks too, which
        // the parser's sanitizer never sees) and whatever component renders it.
        return isSafeLinkUrl(node.target)
          ? element('a', key, { href: node.target, title: node.title }, ...renderAll(node.children))
          : element('span', key, null, ...renderAll(node.children));
      case 13 satisfies typeof RuleType.image:
        return element('img', key, {
          src: isSafeImageUrl(node.target) ? node.target : undefined,
          alt: node.alt,
          title: node.title,
        });
      case 8 satisfies typeof RuleType.gfmTask:
        // The checkbox as its name reads (see TaskCheckbox).
        return asText
          ? `${node.completed ? 'Done' : 'Not done'}:`
          : element('input', key, { type: 'checkbox', checked: node.completed, readOnly: true });
      case 15 satisfies typeof RuleType.orderedList:
      case 22 satisfies typeof RuleType.unorderedList: {
        // An unordered list has no start; an ordered one without a number given starts at 1.
        const start =
          node.type === (15 satisfies typeof RuleType.orderedList) ? (node.start ?? 1) : undefined;
        return element(
          start === undefined ? 'ul' : 'ol',
          key,
          start !== undefined && start !== 1 ? { dir: 'auto', start } : { dir: 'auto' },
          ...node.items.map((item, index) =>
            element(
              'li',
              index,
              // The number a screen reader hears with the item (the list shows it).
              asText && start !== undefined ? { value: start + index } : null,
              ...renderAll(item),
            ),
          ),
        );
      }
      case 19 satisfies typeof RuleType.table: {
        const cell = (tag: string, content: Node[], column: number) =>
          element(
            tag,
            column,
            node.align[column] ? { style: { textAlign: node.align[column] } } : null,
            ...renderAll(content),
          );
        return element(
          'table',
          key,
          // Wide tables scroll sideways (the theme makes them blocks): reachable by keyboard.
          { dir: 'auto', tabIndex: 0 },
          element(
            'thead',
            0,
            null,
            element('tr', 0, null, ...node.header.map((content, column) => cell('th', content, column))),
          ),
          element(
            'tbody',
            1,
            null,
            ...node.cells.map((row, index) =>
              element('tr', index, null, ...row.map((content, column) => cell('td', content, column))),
            ),
          ),
        );
      }
      case 6 satisfies typeof RuleType.footnoteReference:
        return element('sup', key, null, node.text);
      case 18 satisfies typeof RuleType.refCollection: {
        // Footnote definitions ("^" keys) render as notes; link definitions render nothing.
        const notes = Object.entries(node.refs).filter(([label]) => label.startsWith('^'));
        if (!notes.length) return null;
        return element(
          'ol',
          key,
          { className: 'rcc-footnotes' },
          ...notes.map(([label, ref], index) =>
            element('li', index, { value: Number(label.slice(1)) || undefined }, ref.target),
          ),
        );
      }
      default:
        // References, footnote bodies, frontmatter and comments render nothing; nor would HTML
        // nodes, which the parser never makes with raw HTML parsing off (HTML stays text).
        return null;
    }
  }

  try {
    // Brackets nested deep take the parser quadratic time (links in links 4,000 deep, 60 kB: 2 s,
    // on every streamed token): with more than 32 open, the source shows as text. Each `[` not
    // escaped opens one (`open` holds where, above a floor). A `]` closes the last one open only
    // if the text from that `[` reads as the parser reads it to find its `]`: escapes, code spans
    // of single backticks, text without `<` (an autolink or tag may start there). Else that `[`
    // stays open for good: its entry becomes the `]`'s index, where no `[` is. So no `]` the
    // parser skips (escaped, in code, in an autolink or tag) closes one here, however the text
    // is crafted, and as many are open here as the parser nests, or more. Text is read once per
    // `[` open over it. Only as many as there are `]` after them can nest: `[0, 10)` intervals,
    // never closed, cost the parser nothing (`left` counts the `]` not passed yet, or more).
    const open = [-1];
    let left = source.split(']').length;
    for (let index = 0; index < source.length; index++) {
      const char = source[index];
      if (char === '\\') index++;
      else if (
        (char === '[' ||
          (char === ']' &&
            left-- &&
            !/^\[(?:\\.|[^`\\<]|`[^`]+`)*$/s.test(source.slice(open.pop(), index)))) &&
        open.push(index) > 33 &&
        left > 33
      )
        throw 0;
    }
    // Raw HTML is never parsed (it stays text). URLs are judged where they become attributes
    // (links and images above), so the parser's sanitizer keeps every target as it is.
    const nodes = parser(source, {
      disableParsingRawHTML: true,
      disableFrontmatter: true,
      forceBlock: true,
      optimizeForStreaming: streaming,
      sanitizer: (value) => value,
    });
    const rendered = renderAll(nodes);
    // The parser puts the definitions first: their footnotes belong after the text citing them.
    if (nodes[0]?.type === (18 satisfies typeof RuleType.refCollection)) rendered.push(rendered.shift());
    return rendered;
  } catch {
    return [source];
  }
}
