import { asciiBytes, encodeBase64 } from './binary.js';

/** Tone and length of `createToneWav`; a quarter second of A4 at 8 kHz by default. */
export interface ToneWavOptions {
  /** Hertz; default 440. */
  frequency?: number | undefined;
  /** Seconds; default 0.25. */
  duration?: number | undefined;
  /** Samples per second; default 8000. */
  sampleRate?: number | undefined;
}

/**
 * A tiny valid WAV file (PCM, 8-bit, mono) holding a sine tone with a short fade.
 *
 * @example
 * const base64 = encodeBase64(createToneWav({ frequency: 660 }));
 */
export function createToneWav(options: ToneWavOptions = {}): Uint8Array {
  const frequency = options.frequency ?? 440;
  const sampleRate = options.sampleRate ?? 8000;
  const sampleCount = Math.round(sampleRate * (options.duration ?? 0.25));
  const out = new Uint8Array(44 + sampleCount);
  const view = new DataView(out.buffer);
  out.set(asciiBytes('RIFF'), 0);
  view.setUint32(4, 36 + sampleCount, true);
  out.set(asciiBytes('WAVEfmt '), 8);
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate, true); // byte rate
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  out.set(asciiBytes('data'), 36);
  view.setUint32(40, sampleCount, true);
  const fade = Math.max(1, Math.round(sampleCount / 10));
  for (let i = 0; i < sampleCount; i++) {
    const envelope = Math.min(1, i / fade, (sampleCount - 1 - i) / fade);
    out[44 + i] = Math.round(128 + 100 * envelope * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  }
  return out;
}

/** Base64 of `createToneWav(options)`, as `delta.audio.data` carries it. */
export function createToneWavBase64(options: ToneWavOptions = {}): string {
  return encodeBase64(createToneWav(options));
}
