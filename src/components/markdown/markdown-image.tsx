import type { ImgHTMLAttributes } from 'react';
import { isSafeImageUrl } from '../safe-url/safe-url.js';

/** Props the Markdown renderer passes to an image. */
export type MarkdownImageProps = ImgHTMLAttributes<HTMLImageElement>;

/**
 * An image from model output: rendered only for `https:` and raster `data:image/*` sources,
 * without sending a referrer; any other source renders its alt text instead.
 *
 * @example
 * <MarkdownImage src="https://example.com/cat.png" alt="A cat" />
 */
export function MarkdownImage({ src, alt, title, className }: MarkdownImageProps) {
  if (!isSafeImageUrl(src)) {
    return (
      <span className="rcc-image-blocked" data-blocked="">
        {alt ? `[${alt}]` : '[image]'}
      </span>
    );
  }
  return (
    <img
      src={src}
      alt={alt ?? ''}
      title={title}
      className={className}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
    />
  );
}
