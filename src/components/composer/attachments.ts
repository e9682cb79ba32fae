import type { ContentPart, TextContentPart } from '../../core/types.js';

/** Which files the composer takes. */
export interface AttachmentPolicy {
  /**
   * Accepted MIME types; `image/*`-style wildcards work. `image/*` covers only the images the
   * endpoint reads, PNG, JPEG, WebP and GIF (not SVG, HEIC/HEIF, BMP, TIFF...); an image type
   * listed by name is taken as given.
   */
  accept: string[];
  /** Largest file, in bytes. */
  maxFileSize: number;
  /** Most files per message. */
  maxFiles: number;
  /**
   * Longest side, in pixels, of a PNG, JPEG or WebP as sent: a larger one is scaled down in the
   * browser (aspect kept, re-encoded in its own type) before it is attached, and `maxFileSize`
   * applies to the scaled file. GIFs (maybe animated) are sent as they are. `Infinity` turns it
   * off (so does `0`).
   */
  maxImageDimension: number;
}

/** Changes to the default policy: a field left out or `undefined` keeps the default's. */
export type AttachmentOptions = { [Key in keyof AttachmentPolicy]?: AttachmentPolicy[Key] | undefined };

// The types the default policy accepts, named for messages. Its images are the ones the endpoint
// reads (WIRE.md), first: what an `image/*` wildcard lets in.
const TYPE_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'application/pdf': 'PDF',
};

/**
 * Images the endpoint reads (PNG, JPEG, WebP, GIF) and PDFs (with the `file-parser` plugin), 10 MB
 * each, 10 files; photos scaled to 2048 pixels on their longer side (a phone photo becomes
 * about 1 MB).
 */
export const defaultAttachmentPolicy: AttachmentPolicy = {
  accept: Object.keys(TYPE_NAMES),
  maxFileSize: 10 * 1024 * 1024,
  maxFiles: 10,
  maxImageDimension: 2048,
};

/**
 * The image scaled so its longer side is `maxDimension` pixels, re-encoded in its own type (JPEG
 * and WebP at quality 0.9) under the same name; the file itself when it is no larger than that,
 * when the scaled file would not be smaller, or when the browser cannot decode or encode it.
 */
export async function downscaleImage(file: File, maxDimension: number): Promise<File> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = maxDimension / Math.max(bitmap.width, bitmap.height);
    let blob: Blob | undefined;
    if (scale < 1) {
      // A side rounded to 0 (a 5000×1 strip) makes encoding throw: the original is sent.
      const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      // No context (never for a new canvas) throws here, so a blank image is never sent.
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      // Smoother than the default when shrinking several times over: text in a screenshot stays legible.
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      blob = await canvas.convertToBlob({ type: file.type, quality: 0.9 });
    }
    bitmap.close();
    // A browser that cannot encode the type (WebP in Safari) gives a PNG: the original is sent.
    if (blob && blob.type === file.type && blob.size < file.size) {
      return new File([blob], file.name, { type: file.type });
    }
  } catch {
    // No canvas or an undecodable file: it is sent as it is.
  }
  return file;
}

/** "10 MB", "512 KB": rounded up, so a file over a limit never reads as the limit's size. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.ceil((bytes * 10) / 1048576) / 10} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function accepts(policy: AttachmentPolicy, type: string): boolean {
  return policy.accept.some((accepted) =>
    accepted.endsWith('/*')
      ? type.startsWith(accepted.slice(0, -1)) && (!type.startsWith('image/') || !!TYPE_NAMES[type])
      : accepted === type,
  );
}

/**
 * The policy's types with `image/*` spelled out as the images it lets in (PNG, JPEG, WebP, GIF):
 * what the file picker offers, so it does not offer an SVG or a HEIC photo only to refuse it.
 */
export const acceptedTypes = (policy: AttachmentPolicy): string[] =>
  policy.accept.flatMap((type) => (type === 'image/*' ? Object.keys(TYPE_NAMES).slice(0, 4) : type));

/** "PNG, JPEG, WebP, GIF and PDF" (`image/*` is the first four). */
export function describeAccepted(policy: AttachmentPolicy): string {
  const names = [...new Set(acceptedTypes(policy).map((type) => TYPE_NAMES[type] ?? type))];
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/**
 * Why a file cannot be attached, in a sentence; `undefined` when it can. `maxFileSize` is the
 * policy's unless given (the composer holds an image it will scale to a higher limit until scaled).
 *
 * @example
 * checkAttachment(file, defaultAttachmentPolicy); // '“setup.exe” can’t be attached: only PNG, ... files are supported.'
 */
export function checkAttachment(
  file: File,
  policy: AttachmentPolicy,
  maxFileSize = policy.maxFileSize,
): string | undefined {
  if (!accepts(policy, file.type)) {
    return `“${file.name}” can’t be attached: only ${describeAccepted(policy)} files are supported.`;
  }
  if (file.size > maxFileSize) {
    return `“${file.name}” is too large (${formatBytes(file.size)}; the limit is ${formatBytes(maxFileSize)}).`;
  }
  return undefined;
}

/**
 * Reads a file into the wire content part the endpoint expects: images as `image_url` with a data
 * URL, audio as `input_audio` (its base64 and `format`: `audio/mpeg` is `mp3`, `audio/x-wav`
 * `wav`), video as `video_url` with a data URL, anything else (PDF) as `file` with `filename` and
 * `file_data`. Images go as they are: unlike the `Composer` (`maxImageDimension`), it does not
 * scale them down. A data URL is a third larger than its file and every request carries the whole
 * conversation, so behind `createChatHandler` (`maxBodyBytes`, 10 MB by default) a few phone
 * photos make each later request a 413: scale them first, or use the `Composer`.
 */
export async function fileToContentPart(file: File): Promise<ContentPart> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
  const [kind, subtype = ''] = file.type.split(/[/;]/);
  if (kind === 'image') return { type: 'image_url', image_url: { url } };
  if (kind === 'video') return { type: 'video_url', video_url: { url } };
  if (kind === 'audio') {
    return {
      type: 'input_audio',
      input_audio: {
        data: url.slice(url.indexOf(',') + 1),
        // The wire's format names: `mpeg` is `mp3`, `wave` and `x-wav` are `wav`, `mp4` is `m4a`.
        format: subtype
          .replace(/^x-/, '')
          .replace('mpeg', 'mp3')
          .replace('wave', 'wav')
          .replace('mp4', 'm4a'),
      },
    };
  }
  return { type: 'file', file: { filename: file.name, file_data: url } };
}

const scalable = (file: File, policy: AttachmentPolicy) =>
  /^image\/(png|jpeg|webp)$/.test(file.type) &&
  policy.maxImageDimension > 0 &&
  policy.maxImageDimension < Infinity;

/**
 * `checkAttachment` for a file just picked. An image to be scaled is measured against
 * `maxFileSize` once scaled (by `readAttachment`); before, only one over 50 MB (or `maxFileSize`,
 * when higher) is refused, so the browser is never asked to decode an absurd file.
 */
export const checkPickedFile = (file: File, policy: AttachmentPolicy) =>
  checkAttachment(file, policy, scalable(file, policy) ? Math.max(policy.maxFileSize, 52428800) : undefined);

// One image decoded at a time: ten 12-megapixel photos dropped at once would otherwise hold ten
// full-size bitmaps (48 MB each) together, too much for a phone's browser tab.
let scaling: Promise<unknown> = /* @__PURE__ */ Promise.resolve();

/**
 * The content part of a file `checkPickedFile` let in, its image scaled first; the refusal
 * sentence instead when the scaled file is still over `maxFileSize`. Rejects when it cannot be read.
 */
export async function readAttachment(file: File, policy: AttachmentPolicy): Promise<ContentPart | string> {
  let sent = file;
  if (scalable(file, policy)) {
    const scaled = scaling.then(() => downscaleImage(file, policy.maxImageDimension));
    // The queue waits for this one without holding its file once it is sent.
    scaling = scaled.then(() => undefined);
    sent = await scaled;
  }
  return checkAttachment(sent, policy) ?? fileToContentPart(sent);
}

/** What a user message sends: the text alone, or a text part followed by the attachments. */
export function buildMessageContent(text: string, attachments: ContentPart[]): string | ContentPart[] {
  if (!attachments.length) return text;
  const textPart: TextContentPart[] = text.trim() === '' ? [] : [{ type: 'text', text }];
  return [...textPart, ...attachments];
}
