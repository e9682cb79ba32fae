import { memo, useMemo } from 'react';
import type { MarkdownComponents } from './render-markdown.js';
import { renderMarkdown } from './render-markdown.js';

interface MarkdownBlockProps {
  source: string;
  streaming: boolean;
  components: MarkdownComponents | undefined;
}

/** One top-level block, parsed only when its source, streaming flag or components change. */
export const MarkdownBlock = /* @__PURE__ */ memo(function MarkdownBlock({
  source,
  streaming,
  components,
}: MarkdownBlockProps) {
  return useMemo(() => renderMarkdown(source, streaming, components), [source, streaming, components]);
});
