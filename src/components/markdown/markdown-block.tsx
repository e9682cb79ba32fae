import { memo } from 'react';
import type { MarkdownComponents } from './render-markdown.js';
import { renderMarkdown } from './render-markdown.js';

interface MarkdownBlockProps {
  source: string;
  streaming: boolean;
  components: MarkdownComponents | undefined;
}

/**
 * One top-level block, parsed only when its source, streaming flag or components change: its
 * props are all it renders from, so `memo` alone keeps it from parsing again.
 */
export const MarkdownBlock = /* @__PURE__ */ memo(function MarkdownBlock({
  source,
  streaming,
  components,
}: MarkdownBlockProps) {
  return renderMarkdown(source, streaming, components);
});
