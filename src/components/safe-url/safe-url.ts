const LINK_PROTOCOLS: (string | undefined)[] = ['http:', 'https:', 'mailto:'];
// Raster formats only: SVG can carry script, so `data:image/svg+xml` is refused.
const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp)[;,]/;
// Browsers drop leading C0 controls and spaces, and ignore tabs and newlines anywhere in a URL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const LEADING_IGNORED = /^[\u0000-\u0020]+/;
const TABS_AND_NEWLINES = /[\t\n\r]/g;

/** `url` parsed as an absolute URL, or `undefined` when it is not one. */
export function parseAbsolute(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether a link target from model output may be rendered as a link: absolute `http:`, `https:`
 * or `mailto:` URLs only, without a user name or password (`https://openrouter.ai@evil.example`
 * reads as another host than it goes to). Relative URLs, `javascript:`, `data:`, `vbscript:` and
 * everything else are refused. Parsing follows the browser's URL rules, so `java\tscript:` is seen
 * for what it is.
 *
 * @example
 * isSafeLinkUrl('https://openrouter.ai'); // true
 * isSafeLinkUrl('javascript:alert(1)'); // false
 */
export function isSafeLinkUrl(url: unknown): url is string {
  // An empty or relative URL does not parse.
  const parsed = typeof url === 'string' ? parseAbsolute(url) : undefined;
  return LINK_PROTOCOLS.includes(parsed?.protocol) && !parsed?.username && !parsed?.password;
}

/**
 * Whether an image source from model output may be rendered: `https:` URLs, and `data:` URLs of
 * raster images (PNG, JPEG, GIF, WebP, AVIF, BMP). SVG data URLs, `http:`, `blob:`, `javascript:`
 * and relative URLs are refused.
 *
 * @example
 * isSafeImageUrl('data:image/png;base64,iVBOR...'); // true
 * isSafeImageUrl('data:image/svg+xml;base64,PHN2Zz4='); // false
 */
export function isSafeImageUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  // Data URLs can be megabytes long: judge them by their head instead of parsing them whole.
  const head = url.slice(0, 160).replace(LEADING_IGNORED, '').replace(TABS_AND_NEWLINES, '').toLowerCase();
  if (head.startsWith('data:')) return SAFE_DATA_IMAGE.test(head);
  return parseAbsolute(url)?.protocol === 'https:';
}
