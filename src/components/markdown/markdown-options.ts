import type { MarkdownToJSX } from 'markdown-to-jsx/react';
import type { ElementType } from 'react';
import { createElement } from 'react';
import { isSafeImageUrl, isSafeLinkUrl } from '../safe-url/safe-url.js';
import { CodeBlock } from './code-block.js';
import { MarkdownImage } from './markdown-image.js';
import { MarkdownLink } from './markdown-link.js';
import { TaskCheckbox } from './task-checkbox.js';

/**
 * Components that replace the elements Markdown renders, by tag name: `a`, `img`, `pre` (code
 * blocks), `code`, `table`, `h1`... Replacing `a` or `img` replaces the URL checks too.
 */
export type MarkdownComponents = Partial<Record<string, ElementType>>;

type Props = Record<string, unknown> | null;

function stripUnsafeProps(props: Props): Props {
  if (!props) return props;
  let clean: Record<string, unknown> | undefined;
  for (const key of Object.keys(props)) {
    // `id` from headings and footnotes could clash with (or clobber) the page's own ids.
    if (key === 'id' || key === 'dangerouslySetInnerHTML' || /^on/i.test(key)) {
      clean ??= { ...props };
      delete clean[key];
    }
  }
  return clean ?? props;
}

function safeCreateElement(
  tag: Parameters<typeof createElement>[0],
  props: Props,
  ...children: unknown[]
): ReturnType<typeof createElement> {
  const safeProps = typeof tag === 'string' ? stripUnsafeProps(props) : props;
  return createElement(tag as string, safeProps, ...(children as []));
}

function sanitizeUrl(value: string, _tag: string, attribute: string): string | null {
  if (attribute === 'src') return isSafeImageUrl(value) ? value : null;
  if (attribute === 'href') return isSafeLinkUrl(value) ? value : null;
  return isSafeLinkUrl(value) ? value : null;
}

const defaultOverrides: MarkdownComponents = {
  a: MarkdownLink,
  img: MarkdownImage,
  pre: CodeBlock,
  input: TaskCheckbox,
};

/**
 * The markdown-to-jsx options every block is rendered with: raw HTML is never parsed (it shows as
 * text), links and images pass the URL policy, and no `id`, `on*` or raw-HTML prop reaches the DOM.
 */
export function createMarkdownOptions(
  components: MarkdownComponents | undefined,
  streaming: boolean,
): MarkdownToJSX.Options {
  return {
    disableParsingRawHTML: true,
    disableFrontmatter: true,
    forceBlock: true,
    wrapper: null,
    optimizeForStreaming: streaming,
    sanitizer: sanitizeUrl,
    createElement: safeCreateElement as NonNullable<MarkdownToJSX.Options['createElement']>,
    overrides: (components
      ? { ...defaultOverrides, ...components }
      : defaultOverrides) as MarkdownToJSX.Overrides,
  };
}
