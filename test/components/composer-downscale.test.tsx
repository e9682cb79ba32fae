import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentPart } from '../../src/index.js';
import { Composer, defaultAttachmentPolicy } from '../../src/index.js';

const MB = 1024 * 1024;
const image = (name: string, type: string, size: number) => new File([new Uint8Array(size)], name, { type });

/**
 * jsdom has no canvas: `createImageBitmap` and `OffscreenCanvas` are stubbed. Each file decodes to
 * the dimensions given for its name; the canvas encodes to `encodedSize` bytes (`encodedType`, else
 * the type asked for) and records what it was asked.
 */
function stubCanvas(dimensions: Record<string, [number, number]>, encodedSize = 1000, encodedType?: string) {
  const canvases: { width: number; height: number; drawn: unknown[]; encoded?: unknown }[] = [];
  const decode = vi.fn(async (file: File) => {
    const size = dimensions[file.name];
    if (!size) throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    return { width: size[0], height: size[1], close: vi.fn() };
  });
  vi.stubGlobal('createImageBitmap', decode);
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      record: (typeof canvases)[number];
      constructor(
        public width: number,
        public height: number,
      ) {
        this.record = { width, height, drawn: [] };
        canvases.push(this.record);
      }
      getContext() {
        return { drawImage: (...args: unknown[]) => this.record.drawn.push(args) };
      }
      async convertToBlob(options: { type: string; quality: number }) {
        this.record.encoded = options;
        return new Blob([new Uint8Array(encodedSize)], { type: encodedType ?? options.type });
      }
    },
  );
  return { decode, canvases };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderComposer(attachments?: Composer.DefaultProps['attachments']) {
  const onSend = vi.fn();
  const view = render(<Composer.Default onSend={onSend} attachments={attachments} />);
  const fileInput = view.container.querySelector('input[type="file"]') as HTMLInputElement;
  const ready = () => view.container.querySelectorAll('.rcc-composer-attachment[data-state="ready"]');
  return { ...view, onSend, fileInput, ready };
}

/** The bytes a data URL holds. */
const dataUrlBytes = (url: string) => atob(url.slice(url.indexOf(',') + 1)).length;
const partBytes = (part: ContentPart | undefined) =>
  dataUrlBytes(
    part?.type === 'image_url'
      ? part.image_url.url
      : part?.type === 'file'
        ? (part.file.file_data ?? '')
        : '',
  );

async function send(user: ReturnType<typeof userEvent.setup>, onSend: ReturnType<typeof vi.fn>) {
  await user.click(screen.getByRole('button', { name: 'Send' }));
  return onSend.mock.calls[0]?.[0] as ContentPart[];
}

describe('Composer: large images are scaled down before they are attached', () => {
  it('defaults to 2048 pixels on the longer side', () => {
    expect(defaultAttachmentPolicy.maxImageDimension).toBe(2048);
  });

  it('scales a 12 MB 4000×3000 JPEG to 2048×1536 at quality 0.9, accepts it (the size limit applies to what is sent) and keeps its name', async () => {
    const { decode, canvases } = stubCanvas({ 'photo.jpg': [4000, 3000] }, 900_000);
    const user = userEvent.setup();
    const { fileInput, onSend, ready } = renderComposer();
    await user.upload(fileInput, image('photo.jpg', 'image/jpeg', 12 * MB));
    await waitFor(() => expect(ready()).toHaveLength(1));
    expect(screen.queryByRole('alert')?.textContent ?? '').toBe('');
    expect(decode).toHaveBeenCalledTimes(1);
    expect(canvases).toEqual([
      {
        width: 2048,
        height: 1536,
        drawn: [[expect.anything(), 0, 0, 2048, 1536]],
        encoded: { type: 'image/jpeg', quality: 0.9 },
      },
    ]);
    expect(screen.getByRole('button', { name: 'Remove photo.jpg' })).toBeTruthy();
    // The preview shows the scaled image, the one sent.
    const preview = screen.getByRole('img', { name: 'Image' }) as HTMLImageElement;
    expect(dataUrlBytes(preview.src)).toBe(900_000);
    const [part] = await send(user, onSend);
    expect(part?.type).toBe('image_url');
    const url = part?.type === 'image_url' ? part.image_url.url : '';
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    expect(dataUrlBytes(url)).toBe(900_000);
  });

  it('scales a tall PNG by its height and keeps it a PNG; a WebP to a custom maxImageDimension', async () => {
    const { canvases } = stubCanvas({ 'tall.png': [1000, 5000], 'wide.webp': [3000, 1000] });
    const user = userEvent.setup();
    const { fileInput, onSend, ready } = renderComposer({ maxImageDimension: 1000 });
    await user.upload(fileInput, [
      image('tall.png', 'image/png', 50_000),
      image('wide.webp', 'image/webp', 50_000),
    ]);
    await waitFor(() => expect(ready()).toHaveLength(2));
    expect(canvases.map(({ width, height, encoded }) => [width, height, encoded])).toEqual([
      [200, 1000, { type: 'image/png', quality: 0.9 }],
      [1000, 333, { type: 'image/webp', quality: 0.9 }],
    ]);
    const parts = await send(user, onSend);
    expect(parts.map((part) => (part.type === 'image_url' ? part.image_url.url.slice(0, 16) : ''))).toEqual([
      'data:image/png;b',
      'data:image/webp;',
    ]);
  });

  it('leaves alone a GIF (maybe animated), a PDF, and an image no larger than the limit', async () => {
    const { decode, canvases } = stubCanvas({ 'small.png': [2048, 1000] });
    const user = userEvent.setup();
    const { fileInput, onSend, ready } = renderComposer();
    await user.upload(fileInput, [
      image('anim.gif', 'image/gif', 3000),
      image('doc.pdf', 'application/pdf', 3000),
      image('small.png', 'image/png', 3000),
    ]);
    await waitFor(() => expect(ready()).toHaveLength(3));
    expect(decode.mock.calls.map(([file]) => file.name)).toEqual(['small.png']);
    expect(canvases).toEqual([]);
    const parts = await send(user, onSend);
    expect(parts.map((part) => partBytes(part))).toEqual([3000, 3000, 3000]);
  });

  it('keeps the original when the scaled file is not smaller, or comes back in another type (a browser that cannot encode WebP)', async () => {
    stubCanvas({ 'noise.png': [3000, 3000] }, 5000);
    const user = userEvent.setup();
    const first = renderComposer();
    await user.upload(first.fileInput, image('noise.png', 'image/png', 5000));
    await waitFor(() => expect(first.ready()).toHaveLength(1));
    const [part] = await send(user, first.onSend);
    expect(dataUrlBytes(part?.type === 'image_url' ? part.image_url.url : '')).toBe(5000);
    first.unmount();

    stubCanvas({ 'photo.webp': [3000, 3000] }, 100, 'image/png');
    const second = renderComposer();
    await user.upload(second.fileInput, image('photo.webp', 'image/webp', 5000));
    await waitFor(() => expect(second.ready()).toHaveLength(1));
    const [webp] = await send(user, second.onSend);
    const url = webp?.type === 'image_url' ? webp.image_url.url : '';
    expect([url.slice(0, 15), dataUrlBytes(url)]).toEqual(['data:image/webp', 5000]);
  });

  it('attaches the file as it is when it cannot be decoded, or there is no canvas (jsdom)', async () => {
    stubCanvas({});
    const user = userEvent.setup();
    const { fileInput, onSend, ready } = renderComposer();
    await user.upload(fileInput, image('odd.jpg', 'image/jpeg', 4000));
    await waitFor(() => expect(ready()).toHaveLength(1));
    vi.unstubAllGlobals();
    await user.upload(fileInput, image('plain.png', 'image/png', 2000));
    await waitFor(() => expect(ready()).toHaveLength(2));
    expect(screen.queryByRole('alert')?.textContent ?? '').toBe('');
    const parts = await send(user, onSend);
    expect(parts.map((part) => partBytes(part))).toEqual([4000, 2000]);
  });

  it('refuses an image still over maxFileSize once scaled (or that could not be scaled), after the files refused with it', async () => {
    stubCanvas({ 'huge.png': [8000, 8000] }, 3 * MB);
    const user = userEvent.setup({ applyAccept: false });
    const { fileInput, container } = renderComposer({ maxFileSize: 2 * MB });
    await user.upload(fileInput, [
      new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }),
      image('huge.png', 'image/png', 20 * MB),
      image('broken.jpg', 'image/jpeg', 12 * MB),
    ]);
    await waitFor(() => expect(container.querySelector('.rcc-composer-attachment')).toBeNull());
    // The refusals after scaling come in the order the files finish.
    await waitFor(() =>
      expect(
        screen
          .getByRole('alert')
          .textContent?.split(/(?<=\.) (?=“)/)
          .sort(),
      ).toEqual([
        '“broken.jpg” is too large (12 MB; the limit is 2 MB).',
        '“huge.png” is too large (3 MB; the limit is 2 MB).',
        '“setup.exe” can’t be attached: only PNG, JPEG, WebP, GIF and PDF files are supported.',
      ]),
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^“setup\.exe”/);
  });

  it('decodes one image at a time (ten photos at once would hold ten full-size bitmaps), smoothing as it shrinks', async () => {
    const { canvases } = stubCanvas({});
    const decoding: (() => void)[] = [];
    const decode = vi.fn(
      () =>
        new Promise((resolve) => decoding.push(() => resolve({ width: 4000, height: 3000, close: vi.fn() }))),
    );
    vi.stubGlobal('createImageBitmap', decode);
    const smoothing: unknown[] = [];
    const getContext = vi.spyOn(OffscreenCanvas.prototype, 'getContext');
    const user = userEvent.setup();
    const { fileInput, ready } = renderComposer();
    await user.upload(
      fileInput,
      [1, 2, 3].map((index) => image(`${index}.jpg`, 'image/jpeg', 5000)),
    );
    for (const count of [1, 2, 3]) {
      await waitFor(() => expect(decode).toHaveBeenCalledTimes(count));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(decode).toHaveBeenCalledTimes(count);
      decoding[count - 1]?.();
    }
    await waitFor(() => expect(ready()).toHaveLength(3));
    for (const result of getContext.mock.results) {
      smoothing.push((result.value as { imageSmoothingQuality?: string }).imageSmoothingQuality);
    }
    expect([canvases.length, smoothing]).toEqual([3, ['high', 'high', 'high']]);
  });

  it('refuses a file over 50 MB before decoding it; with maxImageDimension off (Infinity or 0), maxFileSize applies at once', async () => {
    const { decode } = stubCanvas({ 'big.jpg': [4000, 3000] });
    const user = userEvent.setup();
    const first = renderComposer();
    await user.upload(first.fileInput, image('absurd.jpg', 'image/jpeg', 50 * MB + 1));
    expect(screen.getByRole('alert').textContent).toBe(
      '“absurd.jpg” is too large (50.1 MB; the limit is 50 MB).',
    );
    first.unmount();
    for (const maxImageDimension of [Number.POSITIVE_INFINITY, 0]) {
      const view = renderComposer({ maxImageDimension });
      await user.upload(view.fileInput, image('big.jpg', 'image/jpeg', 11 * MB));
      expect(screen.getByRole('alert').textContent).toBe(
        '“big.jpg” is too large (11 MB; the limit is 10 MB).',
      );
      view.unmount();
    }
    expect(decode).not.toHaveBeenCalled();
  });
});
