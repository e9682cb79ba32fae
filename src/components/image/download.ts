import { parseAbsolute } from '../safe-url/safe-url.js';

/**
 * Saves an image (the `index`th of its message), named `image-1.png` for a PNG data URL, else by
 * the URL's own name. Data URLs become a Blob first (large data URLs in an `href` are slow or refused
 * by some browsers), or are linked as they are where the page may not fetch them (a CSP without
 * `data:` in `connect-src`); an `https:` image is linked with `download`, which cross-origin
 * servers may answer by opening it instead.
 */
export async function downloadImage(url: string, index: number): Promise<void> {
  const mime = /^data:([^;,]+)/i.exec(url)?.[1]?.toLowerCase();
  // Not a data URL: the URL's own name when it has one (a string that is no URL has none).
  const name = mime ? undefined : parseAbsolute(url)?.pathname.split('/').pop();
  // The image types a data URL may show (see isSafeImageUrl), JPEG as `jpg`; PNG otherwise.
  const extension = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/.exec(mime ?? '')?.[1]?.replace('jpeg', 'jpg');
  // As the URL check reads it: any case, leading spaces allowed.
  const isData = /^\s*data:/i.test(url);
  const objectUrl =
    isData && typeof URL.createObjectURL === 'function'
      ? await fetch(url)
          .then((response) => response.blob())
          .then(
            (blob) => URL.createObjectURL(blob),
            () => undefined,
          )
      : undefined;
  const anchor = document.createElement('a');
  anchor.href = objectUrl ?? url;
  anchor.download = name && /\.\w{2,5}$/.test(name) ? name : `image-${index + 1}.${extension ?? 'png'}`;
  anchor.rel = 'noopener noreferrer';
  if (!isData) anchor.target = '_blank';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  if (objectUrl) setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}
