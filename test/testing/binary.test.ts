import { inflateSync, crc32 as nodeCrc32 } from 'node:zlib';
import {
  createGradientPng,
  createGradientPngDataUrl,
  createToneWav,
  createToneWavBase64,
  encodeBase64,
} from '../../src/testing/index.js';

interface PngChunk {
  type: string;
  data: Buffer;
  crc: number;
  typeAndData: Buffer;
}

function readPngChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('ascii'),
      data: typeAndData.subarray(4),
      crc: png.readUInt32BE(offset + 8 + length),
      typeAndData,
    });
    offset += 12 + length;
  }
  return chunks;
}

describe('createGradientPng', () => {
  const png = Buffer.from(createGradientPng({ width: 20, height: 10, from: [255, 0, 0], to: [0, 0, 255] }));
  const chunks = readPngChunks(png);

  test('starts with the PNG signature and has IHDR, IDAT, IEND in order', () => {
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  test('IHDR says 20x10, 8-bit truecolour, no interlace', () => {
    const ihdr = chunks[0]!.data;
    expect(ihdr.length).toBe(13);
    expect(ihdr.readUInt32BE(0)).toBe(20);
    expect(ihdr.readUInt32BE(4)).toBe(10);
    expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  });

  test('every chunk CRC matches zlib’s CRC-32', () => {
    for (const chunk of chunks) expect(chunk.crc).toBe(nodeCrc32(chunk.typeAndData));
  });

  test('IDAT inflates (zlib header and Adler-32 checked by zlib) to the gradient rows', () => {
    const raw = inflateSync(chunks[1]!.data);
    expect(raw.length).toBe(10 * (1 + 20 * 3));
    expect([...raw.subarray(0, 4)]).toEqual([0, 255, 0, 0]); // filter byte, then the red corner
    const last = raw.subarray(raw.length - 3);
    expect([...last]).toEqual([0, 0, 255]); // the blue corner
  });

  test('images larger than one stored block (65535 bytes) still inflate', () => {
    const big = Buffer.from(createGradientPng({ width: 200, height: 200 }));
    const idat = readPngChunks(big).find((chunk) => chunk.type === 'IDAT')!;
    expect(inflateSync(idat.data).length).toBe(200 * 601);
  });

  test('the data URL holds the same bytes in base64', () => {
    const url = createGradientPngDataUrl({ width: 4, height: 4 });
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const bytes = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(bytes.equals(Buffer.from(createGradientPng({ width: 4, height: 4 })))).toBe(true);
  });
});

describe('encodeBase64', () => {
  test.each([0, 1, 2, 3, 4, 5, 100])('matches Buffer for %i bytes', (length) => {
    const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + 11) % 256);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('createToneWav', () => {
  test('is a RIFF/WAVE PCM mono 8-bit file whose sizes add up', () => {
    const wav = Buffer.from(createToneWav({ duration: 0.1, sampleRate: 8000 }));
    expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(wav.subarray(8, 16).toString('ascii')).toBe('WAVEfmt ');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(8);
    expect(wav.subarray(36, 40).toString('ascii')).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(800);
    expect(wav.length).toBe(44 + 800);
    // a tone, not silence
    expect(Math.max(...wav.subarray(44)) - Math.min(...wav.subarray(44))).toBeGreaterThan(100);
  });

  test('the base64 form decodes to the same file', () => {
    expect(Buffer.from(createToneWavBase64(), 'base64').equals(Buffer.from(createToneWav()))).toBe(true);
  });
});
