import type { AnchorHTMLAttributes } from 'react';
import { isSafeLinkUrl } from '../safe-url/safe-url.js';

/** Props the Markdown renderer passes to a link. */
export type MarkdownLinkProps = AnchorHTMLAttributes<HTMLAnchorElement>;

/**
 * A link from model output: rendered only for `http:`, `https:` and `mailto:` targets, opened in
 * a new tab with `rel="noopener noreferrer"`; any other target renders as plain text.
 *
 * @example
 * <MarkdownLink href="https://example.com">docs</MarkdownLink>
 */
export function MarkdownLink({ href, title, children, className }: MarkdownLinkProps) {
  if (!isSafeLinkUrl(href)) {
    return (
      <span className="rcc-link-blocked" data-blocked="">
        {children}
      </span>
    );
  }
  return (
    <a href={href} title={title} className={className} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
