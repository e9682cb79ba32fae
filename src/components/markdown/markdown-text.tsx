import type { HTMLAttributes, ReactElement } from 'react';
import { cloneElement, forwardRef, useMemo, useRef } from 'react';
import { renderPart } from '../primitives/render-part.js';
import { MarkdownBlock } from './markdown-block.js';
import type { MarkdownComponents } from './render-markdown.js';
import type { BlockCut } from './split-blocks.js';
import { blockSource, cutMarkdownBlocks } from './split-blocks.js';

/** Props of `MarkdownText`. */
export interface MarkdownTextProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The Markdown source (model output: treated as untrusted). */
  text: string;
  /** While `true`, the last block hides half-written syntax and an open code fence shows as code. */
  streaming?: boolean | undefined;
  /** Replace rendered elements by tag (`a`, `img`, `pre`, `table`...). Keep the object stable. */
  components?: MarkdownComponents | undefined;
  /**
   * Render into your own element instead of a `div`: the single child, given the list's props
   * and ref, with the blocks as its children (`<MarkdownText asChild text={text}><article /></MarkdownText>`).
   */
  asChild?: boolean | undefined;
  /** With `asChild`, the element to render into. */
  children?: ReactElement | undefined;
}

/**
 * Renders GFM Markdown from model output as React elements: raw HTML is never parsed, links
 * open only for `http:`/`https:`/`mailto:`, images only from `https:` or raster `data:` URLs, and
 * code blocks get a copy button. The text is split into blocks and each completed block is
 * memoized, so a streamed token re-parses only the last block.
 *
 * @example
 * <MarkdownText text={getMessageText(message)} streaming={message.status === 'streaming'} />
 */
export const MarkdownText = /* @__PURE__ */ forwardRef<HTMLDivElement, MarkdownTextProps>(
  function MarkdownText({ text, streaming = false, components, children, ...props }, ref) {
    const previous = useRef<BlockCut | undefined>(undefined);
    const cut = useMemo(() => cutMarkdownBlocks(text, previous.current), [text]);
    previous.current = cut;
    const last = cut.starts.length - 1;
    const blocks = cut.starts.map((start, index) => (
      <MarkdownBlock
        // A block's start never moves as the text grows: a stable identity.
        key={start}
        // Each block as it stands in the text: parsed alone, it gives what the whole text gives.
        source={blockSource(cut, index)}
        streaming={streaming && index === last}
        components={components}
      />
    ));
    return renderPart('div', props, ref, 'rcc-markdown', undefined, {
      'data-streaming': streaming ? '' : undefined,
      // With `asChild`, the blocks go into the app's element, which the slot then renders.
      children: children ? cloneElement(children, undefined, blocks) : blocks,
    });
  },
);
