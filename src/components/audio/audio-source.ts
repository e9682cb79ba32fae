const FORMAT_TYPES: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
  m4a: 'audio/mp4',
};

/** Streamed audio (`pcm16`) is raw 16-bit little-endian mono samples at 24 kHz. */
const PCM_SAMPLE_RATE = 24_000;

/** A binary string's bytes (each character one byte). */
function toBytes(binary: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

/** The MIME type of encoded audio from its first bytes, or `undefined` for raw PCM. */
export function sniffAudioType(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  if (head.startsWith('RIFF')) return 'audio/wav';
  if (head.startsWith('ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (head.startsWith('OggS')) return 'audio/ogg';
  if (head.startsWith('fLaC')) return 'audio/flac';
  return undefined;
}

/** Wraps raw 16-bit mono PCM in a WAV header so an `<audio>` element can play it. */
export function wrapPcm16(pcm: Uint8Array, sampleRate = PCM_SAMPLE_RATE): Uint8Array<ArrayBuffer> {
  const wav = new Uint8Array(44 + pcm.length);
  const view = new DataView(wav.buffer);
  const writeText = (offset: number, text: string) => wav.set(toBytes(text), offset);
  // Little-endian 32-bit fields (a pair of 16-bit ones written as one).
  const write32 = (offset: number, value: number) => view.setUint32(offset, value, true);
  writeText(0, 'RIFF');
  write32(4, 36 + pcm.length);
  writeText(8, 'WAVEfmt '); // the form type, then the format chunk's id
  write32(16, 16); // the format chunk's size
  write32(20, 0x1_0001); // PCM (1), one channel (1)
  write32(24, sampleRate);
  write32(28, sampleRate * 2); // bytes per second
  write32(32, 0x10_0002); // bytes per sample (2), bits per sample (16)
  writeText(36, 'data');
  write32(40, pcm.length);
  wav.set(pcm, 44);
  return wav;
}

/** A playable source for base64 audio. `revoke` frees it. */
export interface AudioSource {
  /** A `blob:` URL, or a `data:` URL where `URL.createObjectURL` is missing: the `src` of an `<audio>`. */
  url: string;
  /** The audio's MIME type (`audio/wav` for raw `pcm16`, which gets a WAV header). */
  type: string;
  /** Frees the Blob URL; does nothing for a data URL. Call it once the source is no longer played. */
  revoke: () => void;
}

/**
 * Turns base64 audio from `message.audio.data` into a URL an `<audio>` element can play: encoded
 * audio (WAV, MP3, Ogg, FLAC) is used as is; raw `pcm16` gets a WAV header. Streamed fragments
 * may be slices of one base64 text or each encoded apart (padded `=` inside the concatenation):
 * both decode. Uses a Blob URL where available, else a data URL.
 */
export function createAudioSource(data: string, format?: string): AudioSource {
  // Fragments encoded each on its own (OpenAI-style streams) concatenate with padding inside:
  // each padded run decodes apart (`atob` refuses a `=` before the end).
  let bytes = toBytes((data.replace(/\s+/g, '').match(/[^=]+=*/g) ?? []).map(atob).join(''));
  let type = sniffAudioType(bytes) ?? (format ? FORMAT_TYPES[format] : undefined);
  if (!type) {
    bytes = wrapPcm16(bytes);
    type = 'audio/wav';
  }
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    return { url, type, revoke: () => URL.revokeObjectURL(url) };
  }
  return { url: `data:${type};base64,${encodeBase64(bytes)}`, type, revoke: () => {} };
}
