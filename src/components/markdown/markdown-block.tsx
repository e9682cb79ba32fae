import type { MarkdownToJSX } from 'markdown-to-jsx/react';
import { compiler } from 'markdown-to-jsx/react';
import { memo, useMemo } from 'react';

interface MarkdownBlockProps {
  source: string;
  options: MarkdownToJSX.Options;
}

/** One top-level block, parsed only when its source or options change. */
export const MarkdownBlock = /* @__PURE__ */ memo(function MarkdownBlock({
  source,
  options,
}: MarkdownBlockProps) {
  return useMemo(() => compiler(source, options), [source, options]);
});
