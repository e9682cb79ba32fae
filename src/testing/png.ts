import { asciiBytes, concatBytes, crc32, encodeBase64, zlibStore } from './binary.js';

/** An RGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

/** Size and colours of `createGradientPng`; 64x64 indigo-to-pink by default. */
export interface GradientPngOptions {
  /** Width in pixels. Default 64. */
  width?: number | undefined;
  /** Height in pixels. Default 64. */
  height?: number | undefined;
  /** Top-left colour. */
  from?: Rgb | undefined;
  /** Bottom-right colour. */
  to?: Rgb | undefined;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concatBytes([asciiBytes(type), data]);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeAndData, 4);
  view.setUint32(8 + data.length, crc32(typeAndData));
  return out;
}

/**
 * A valid PNG (8-bit RGB, diagonal gradient), built without a compressor so it works in browsers.
 *
 * @example
 * const bytes = createGradientPng({ width: 32, height: 32, from: [255, 0, 0], to: [0, 0, 255] });
 */
export function createGradientPng(options: GradientPngOptions = {}): Uint8Array {
  const width = options.width ?? 64;
  const height = options.height ?? 64;
  const from = options.from ?? [99, 102, 241];
  const to = options.to ?? [236, 72, 153];
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const rowLength = 1 + width * 3;
  const pixels = new Uint8Array(rowLength * height);
  const span = Math.max(1, width + height - 2);
  for (let y = 0; y < height; y++) {
    pixels[y * rowLength] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x + y) / span;
      const at = y * rowLength + 1 + x * 3;
      for (let channel = 0; channel < 3; channel++) {
        pixels[at + channel] = Math.round(from[channel]! + (to[channel]! - from[channel]!) * t);
      }
    }
  }
  return concatBytes([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlibStore(pixels)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** A `data:image/png;base64,...` URL of `createGradientPng(options)`. */
export function createGradientPngDataUrl(options: GradientPngOptions = {}): string {
  return `data:image/png;base64,${encodeBase64(createGradientPng(options))}`;
}
