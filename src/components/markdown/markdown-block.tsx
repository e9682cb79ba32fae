import { memo, useRef } from 'react';
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
  // The source of the last render shown as text (nested too deep, see renderMarkdown). While the
  // block streams on from it, it stays text without a parse: parsing hostile nesting again on
  // every token is the cost the fallback is there to spare. It is parsed once it stops streaming.
  const text = useRef('');
  if (streaming && text.current && source.startsWith(text.current)) return source;
  const rendered = renderMarkdown(source, streaming, components);
  // Parsed, the source is never one string: the parser wraps text in blocks.
  text.current = rendered[0] === source ? source : '';
  return rendered;
});
