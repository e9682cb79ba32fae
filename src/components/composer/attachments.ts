import type { ContentPart, TextContentPart } from '../../core/types.js';

/** Which files the composer takes. */
export interface AttachmentPolicy {
  /** Accepted MIME types; `image/*`-style wildcards work. */
  accept: string[];
  /** Largest file, in bytes. */
  maxFileSize: number;
  /** Most files per message. */
  maxFiles: number;
}

/** Changes to the default policy: a field left out or `undefined` keeps the default's. */
export type AttachmentOptions = { [Key in keyof AttachmentPolicy]?: AttachmentPolicy[Key] | undefined };

/** Images the endpoint reads (PNG, JPEG, WebP, GIF) and PDFs (with the `file-parser` plugin), 10 MB each, 10 files. */
export const defaultAttachmentPolicy: AttachmentPolicy = {
  accept: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'],
  maxFileSize: 10 * 1024 * 1024,
  maxFiles: 10,
};

const TYPE_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'application/pdf': 'PDF',
};

/** "10 MB", "512 KB": rounded up, so a file over a limit never reads as the limit's size. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.ceil((bytes * 10) / 1048576) / 10} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function accepts(policy: AttachmentPolicy, type: string): boolean {
  return policy.accept.some((accepted) =>
    accepted.endsWith('/*') ? type.startsWith(accepted.slice(0, -1)) : accepted === type,
  );
}

/** "PNG, JPEG, WebP, GIF and PDF". */
export function describeAccepted(policy: AttachmentPolicy): string {
  const names = policy.accept.map((type) => TYPE_NAMES[type] ?? type);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/**
 * Why a file cannot be attached, in a sentence; `undefined` when it can.
 *
 * @example
 * checkAttachment(file, defaultAttachmentPolicy); // '“setup.exe” can’t be attached: only PNG, ... files are supported.'
 */
export function checkAttachment(file: File, policy: AttachmentPolicy): string | undefined {
  if (!accepts(policy, file.type)) {
    return `“${file.name}” can’t be attached: only ${describeAccepted(policy)} files are supported.`;
  }
  if (file.size > policy.maxFileSize) {
    return `“${file.name}” is too large (${formatBytes(file.size)}; the limit is ${formatBytes(policy.maxFileSize)}).`;
  }
  return undefined;
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

/**
 * Reads a file into the wire content part the endpoint expects: images as `image_url` with a data
 * URL, anything else (PDF) as `file` with `filename` and `file_data`.
 */
export async function fileToContentPart(file: File): Promise<ContentPart> {
  const url = await readAsDataUrl(file);
  if (file.type.startsWith('image/')) return { type: 'image_url', image_url: { url } };
  return { type: 'file', file: { filename: file.name, file_data: url } };
}

/** What a user message sends: the text alone, or a text part followed by the attachments. */
export function buildMessageContent(text: string, attachments: ContentPart[]): string | ContentPart[] {
  if (attachments.length === 0) return text;
  const textPart: TextContentPart[] = text.trim() === '' ? [] : [{ type: 'text', text }];
  return [...textPart, ...attachments];
}
