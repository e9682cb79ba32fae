const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
};

/** A file name for an image source: `image-1.png` for a PNG data URL, else the URL's own name. */
export function imageFileName(url: string, index: number): string {
  const mime = /^data:([^;,]+)/i.exec(url)?.[1]?.toLowerCase();
  if (mime) return `image-${index + 1}.${EXTENSIONS[mime] ?? 'png'}`;
  try {
    const name = new URL(url).pathname.split('/').pop();
    if (name && /\.\w{2,5}$/.test(name)) return name;
  } catch {
    // Not a URL: fall through to the generic name.
  }
  return `image-${index + 1}.png`;
}

/**
 * Saves an image. Data URLs become a Blob first (large data URLs in an `href` are slow or refused
 * by some browsers); an `https:` image is linked with `download`, which cross-origin servers may
 * answer by opening it instead.
 */
export async function downloadImage(url: string, fileName: string): Promise<void> {
  let href = url;
  let objectUrl: string | undefined;
  // As the URL check reads it: any case, leading spaces allowed.
  const isData = /^\s*data:/i.test(url);
  if (isData && typeof URL.createObjectURL === 'function') {
    const blob = await (await fetch(url)).blob();
    objectUrl = URL.createObjectURL(blob);
    href = objectUrl;
  }
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = fileName;
  anchor.rel = 'noopener noreferrer';
  if (!objectUrl && !isData) anchor.target = '_blank';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  if (objectUrl) {
    const toRevoke = objectUrl;
    setTimeout(() => URL.revokeObjectURL(toRevoke), 10_000);
  }
}
