import { readFileSync } from 'node:fs';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  AudioPlayer,
  Citations,
  createAudioSource,
  GeneratedImage,
  ImageDialog,
  MessageAttachments,
  MessageImages,
  sniffAudioType,
  wrapPcm16,
} from '../../src/index.js';
import { expectNoAxeViolations } from './axe-helper';
import { assistantMessage, PNG_DATA_URL, userMessage } from './fixtures';

/** `ImageDialog` as its example uses it: opened by a button of the app's, no `returnFocusRef`. */
function Viewer() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        View
      </button>
      <ImageDialog open={open} onOpenChange={setOpen} label="Image 1">
        <img src={PNG_DATA_URL} alt="" />
      </ImageDialog>
    </>
  );
}

describe('MessageImages and GeneratedImage', () => {
  it("shows the image parts of a reply's array content (WIRE.md allows one), after its images, its text not among them", () => {
    const part = (url: string) => ({ type: 'image_url' as const, image_url: { url } });
    const message = assistantMessage('', {
      content: [{ type: 'text', text: 'Two views' }, part(PNG_DATA_URL), part('https://example.com/b.png')],
      images: [part('https://example.com/a.png')],
    });
    render(<MessageImages message={message} />);
    expect(screen.getAllByRole('img').map((image) => image.getAttribute('src'))).toEqual([
      'https://example.com/a.png',
      PNG_DATA_URL,
      'https://example.com/b.png',
    ]);
    expect(screen.getByRole('img', { name: 'Generated image 3' })).toBeTruthy();
  });

  it('renders output images and enlarges one in a dialog that returns focus', async () => {
    const user = userEvent.setup();
    const message = assistantMessage('', {
      images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    const { container } = render(<MessageImages message={message} />);
    const enlarge = screen.getByRole('button', { name: 'Enlarge Generated image 1' });
    expect(screen.getByRole('img', { name: 'Generated image 1' }).getAttribute('src')).toBe(PNG_DATA_URL);
    await expectNoAxeViolations(container);

    await user.click(enlarge);
    const dialog = screen.getByRole('dialog', { name: 'Generated image 1' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    // The page behind is inert (out of the accessibility tree), the dialog is not.
    expect(container.inert).toBe(true);
    expect(dialog.closest<HTMLElement>('body > *')?.inert).not.toBe(true);
    await expectNoAxeViolations(document.body);
    // Tab stays inside the dialog.
    await user.tab();
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(container.inert).toBe(false);
    expect(document.activeElement).toBe(enlarge);
  });

  it("leaves an app's own inert element inert when the image dialog closes", async () => {
    const user = userEvent.setup();
    const aside = document.body.appendChild(document.createElement('aside'));
    aside.inert = true;
    const message = assistantMessage('', {
      images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    render(<MessageImages message={message} />);
    await user.click(screen.getByRole('button', { name: 'Enlarge Generated image 1' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(aside.inert).toBe(true);
    aside.remove();
  });

  it('names each image\'s buttons after it: several images are not a row of identical "Download" buttons', async () => {
    const image = { type: 'image_url' as const, image_url: { url: PNG_DATA_URL } };
    const { container } = render(
      <MessageImages message={assistantMessage('', { images: [image, image] })} />,
    );
    expect(screen.getAllByRole('button').map((button) => button.getAttribute('aria-label'))).toEqual([
      'Enlarge Generated image 1',
      'Download Generated image 1',
      'Enlarge Generated image 2',
      'Download Generated image 2',
    ]);
    // The visible label starts the name (label in name).
    expect(screen.getByRole('button', { name: 'Download Generated image 2' }).textContent).toBe('Download');
    await expectNoAxeViolations(container);
  });

  it('keeps focus in the dialog after a click on the enlarged image: Tab, Shift+Tab and Escape still work', async () => {
    const user = userEvent.setup();
    const message = assistantMessage('', {
      images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    render(<MessageImages message={message} />);
    await user.click(screen.getByRole('button', { name: 'Enlarge Generated image 1' }));
    const dialog = screen.getByRole('dialog', { name: 'Generated image 1' });
    const image = within(dialog).getByRole('img');
    await user.click(image);
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.click(image);
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.click(image);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('ImageDialog without returnFocusRef (as in its example) gives focus back to the element that opened it', async () => {
    const user = userEvent.setup();
    render(<Viewer />);
    const view = screen.getByRole('button', { name: 'View' });
    await user.click(view);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(view);
  });

  it('downloads an image through a temporary link', async () => {
    const user = userEvent.setup();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(
      <GeneratedImage image={{ type: 'image_url', image_url: { url: 'https://example.com/a/cat.webp' } }} />,
    );
    await user.click(screen.getByRole('button', { name: 'Download Generated image 1' }));
    expect(click).toHaveBeenCalledTimes(1);
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('cat.webp');
    expect(anchor.href).toBe('https://example.com/a/cat.webp');
  });

  it('saves a data URL in any letter case as a file, not by opening it', async () => {
    const user = userEvent.setup();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:saved');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.stubGlobal('fetch', async () => ({ blob: async () => new Blob(['png'], { type: 'image/png' }) }));
    try {
      const url = `DATA:image/png;base64,${btoa('png')}`;
      render(<GeneratedImage image={{ type: 'image_url', image_url: { url } }} />);
      await user.click(screen.getByRole('button', { name: 'Download Generated image 1' }));
      await vi.waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      const anchor = click.mock.contexts[0] as HTMLAnchorElement;
      expect(createObjectURL).toHaveBeenCalledTimes(1);
      expect(anchor.href).toBe('blob:saved');
      expect(anchor.target).toBe('');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('still saves a data URL where the page may not fetch it (a CSP without data: in connect-src)', async () => {
    const user = userEvent.setup();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:saved');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch (refused by the Content Security Policy)');
    });
    try {
      render(<GeneratedImage image={{ type: 'image_url', image_url: { url: PNG_DATA_URL } }} />);
      await user.click(screen.getByRole('button', { name: 'Download Generated image 1' }));
      await vi.waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      const anchor = click.mock.contexts[0] as HTMLAnchorElement;
      expect(anchor.href).toBe(PNG_DATA_URL);
      expect(anchor.download).toBe('image-1.png');
      expect(anchor.target).toBe('');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses SVG data URLs and http images', () => {
    const message = assistantMessage('', {
      images: [
        { type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } },
        { type: 'image_url', image_url: { url: 'http://example.com/x.png' } },
      ],
    });
    const { container } = render(<MessageImages message={message} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getAllByText('Image not shown: unsupported source.')).toHaveLength(2);
  });

  it('a null entry among the images (malformed wire) shows as not shown, not failing the others', () => {
    const message = assistantMessage('', {
      images: [null as never, { type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    const { container } = render(<MessageImages message={message} />);
    expect(screen.getByText('Image not shown: unsupported source.')).toBeTruthy();
    expect(container.querySelectorAll('img')).toHaveLength(1);
  });

  it('renders input attachments as thumbnails and file chips', async () => {
    const message = userMessage([
      { type: 'text', text: 'Look' },
      { type: 'image_url', image_url: { url: PNG_DATA_URL } },
      { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
    ]);
    const { container } = render(<MessageAttachments message={message} />);
    const list = screen.getByRole('list', { name: 'Attachments' });
    expect(list.querySelectorAll('li')).toHaveLength(2);
    expect(screen.getByRole('img', { name: 'Image' })).toBeTruthy();
    expect(screen.getByText('report.pdf')).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it("names a sent message's images apart, as the message editor does (Image 1, Image 2)", () => {
    const message = userMessage([
      { type: 'image_url', image_url: { url: PNG_DATA_URL } },
      { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      { type: 'image_url', image_url: { url: PNG_DATA_URL } },
    ]);
    render(<MessageAttachments message={message} />);
    expect(screen.getAllByRole('img').map((image) => image.getAttribute('alt'))).toEqual([
      'Image 1',
      'Image 2',
    ]);
    // A name said once stays as it is.
    expect(screen.getByText('report.pdf')).toBeTruthy();
  });

  it("labels a file chip with its own type (its name's extension), not PDF for every file", () => {
    const file = (filename: string) => ({ type: 'file' as const, file: { filename, file_data: 'data:,x' } });
    const message = userMessage([file('report.pdf'), file('notes.v2.txt'), file('README')]);
    render(<MessageAttachments message={message} />);
    const extension = (name: string) => screen.getByText(name).getAttribute('data-extension');
    expect([extension('report.pdf'), extension('notes.v2.txt'), extension('README')]).toEqual([
      'pdf',
      'txt',
      null,
    ]);
    // The theme's badge is the extension, not a fixed "PDF" on every file chip.
    const css = readFileSync('src/styles.css', 'utf8');
    expect(css).toMatch(
      /\.rcc-attachment-name\[data-extension\]::before \{\s*content: attr\(data-extension\)/,
    );
    expect(css).not.toMatch(/\.rcc-attachment\[data-kind="file"\] \.rcc-attachment-name::before/);
  });
});

describe('AudioPlayer', () => {
  it('wraps raw pcm16 in a WAV header and sniffs encoded formats', () => {
    const wav = wrapPcm16(new Uint8Array([1, 2, 3, 4]));
    expect(wav.length).toBe(48);
    expect(sniffAudioType(wav)).toBe('audio/wav');
    expect(sniffAudioType(new Uint8Array([0x49, 0x44, 0x33]))).toBe('audio/mpeg');
    expect(sniffAudioType(new Uint8Array([1, 2, 3, 4]))).toBeUndefined();
    const source = createAudioSource(btoa('\u0001\u0002'), 'pcm16');
    expect(source.type).toBe('audio/wav');
  });

  it('wraps pcm16 in a 44-byte RIFF/WAVE header: mono, 16-bit, 24 kHz, then the samples', () => {
    const wav = wrapPcm16(new Uint8Array([1, 2, 3, 4]));
    const view = new DataView(wav.buffer);
    const text = (from: number) => String.fromCharCode(...wav.subarray(from, from + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    // RIFF size, fmt size, PCM, channels, rate, byte rate, block align, bits, data size.
    expect([
      view.getUint32(4, true),
      view.getUint32(16, true),
      view.getUint16(20, true),
      view.getUint16(22, true),
      view.getUint32(24, true),
      view.getUint32(28, true),
      view.getUint16(32, true),
      view.getUint16(34, true),
      view.getUint32(40, true),
    ]).toEqual([40, 16, 1, 1, 24_000, 48_000, 2, 16, 4]);
    expect([...wav.subarray(44)]).toEqual([1, 2, 3, 4]);
  });

  it('plays a stream whose fragments were each base64-encoded apart (padding inside the concatenation)', async () => {
    // OpenAI-style audio streams encode every fragment on its own: concatenated, `=` comes inside.
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:audio';
    });
    const first = 'RIFF\u0004';
    const second = '\u0000\u0000\u0000WAVE';
    const data = btoa(first) + btoa(second);
    expect(data).toMatch(/=[^=]/);
    const source = createAudioSource(data);
    expect(source.type).toBe('audio/wav');
    expect(new TextDecoder('latin1').decode(await blobs[0]!.arrayBuffer())).toBe(first + second);
    const audio = { id: 'a1', data, transcript: 'Hello' };
    const { container } = render(<AudioPlayer message={assistantMessage(null, { audio })} />);
    await waitFor(() =>
      expect(container.querySelector('.rcc-audio')?.getAttribute('data-state')).toBe('ready'),
    );
  });

  it('says audio is coming while streaming, then plays it with the transcript', async () => {
    const audio = { id: 'a1', data: btoa('RIFF....WAVEfmt '), transcript: 'Hello there' };
    const streaming = assistantMessage(null, { status: 'streaming', audio });
    const { container, rerender } = render(<AudioPlayer message={streaming} />);
    expect(screen.getByText('Receiving audio…')).toBeTruthy();
    expect(container.querySelector('audio')).toBeNull();
    rerender(<AudioPlayer message={{ ...streaming, status: 'done' }} />);
    await waitFor(() => expect(container.querySelector('audio')).not.toBeNull());
    expect(container.querySelector('.rcc-audio')?.getAttribute('data-state')).toBe('ready');
    expect(screen.getByText('Hello there')).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});

describe('Citations', () => {
  it('numbers url citations as safe links and lists files by name', async () => {
    const message = assistantMessage('Answer', {
      annotations: [
        { type: 'url_citation', url_citation: { url: 'https://www.example.com/a', title: 'Example A' } },
        { type: 'url_citation', url_citation: { url: 'https://docs.dev/b' } },
        { type: 'url_citation', url_citation: { url: 'javascript:alert(1)', title: 'Evil' } },
        { type: 'file', file: { hash: 'h1', name: 'notes.pdf' } },
      ],
    });
    const { container } = render(<Citations message={message} />);
    const sources = screen.getByRole('group', { name: 'Sources' });
    const items = sources.querySelectorAll('li');
    expect(items).toHaveLength(4);
    const first = screen.getByRole('link', { name: 'Example A' });
    expect(first.getAttribute('href')).toBe('https://www.example.com/a');
    expect(first.getAttribute('rel')).toBe('noopener noreferrer');
    expect(items[0]?.textContent).toContain('example.com');
    expect(screen.getByRole('link', { name: 'docs.dev' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Evil' })).toBeNull();
    expect(screen.getByText('notes.pdf')).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('a citation title that is not a string falls back to the site name', () => {
    const message = assistantMessage('Answer', {
      annotations: [
        { type: 'url_citation', url_citation: { url: 'https://a.example.com/x', title: 5 } },
        { type: 'url_citation', url_citation: { url: 'https://b.example.com/y', title: { t: 1 } } },
      ] as never,
    });
    render(<Citations message={message} />);
    expect(screen.getByRole('link', { name: 'a.example.com' }).getAttribute('href')).toBe(
      'https://a.example.com/x',
    );
    expect(screen.getByRole('link', { name: 'b.example.com' })).toBeTruthy();
  });

  it('a citation without a title whose URL has no host (mailto:, a refused URL) shows its URL, not an empty item', async () => {
    const message = assistantMessage('Answer', {
      annotations: [
        { type: 'url_citation', url_citation: { url: 'mailto:press@example.com' } },
        { type: 'url_citation', url_citation: { url: 'javascript:alert(1)' } },
        { type: 'url_citation', url_citation: { url: 'mailto:sales@example.com', title: 'Sales' } },
      ],
    });
    const { container } = render(<Citations message={message} />);
    const items = container.querySelectorAll('li');
    // A title, and no host to add after it.
    expect(items[2]?.textContent).toBe('Sales');
    expect(screen.getByRole('link', { name: 'mailto:press@example.com' }).textContent).toBe(
      'mailto:press@example.com',
    );
    expect(items[1]?.textContent).toBe('javascript:alert(1)');
    expect(items[1]?.querySelector('a')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('lists a source cited twice twice, without duplicate React keys', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cite = { type: 'url_citation', url_citation: { url: 'https://a.example.com/x', title: 'A' } };
    const file = { type: 'file', file: { hash: 'h1', name: 'notes.pdf' } };
    const message = assistantMessage('Answer', { annotations: [cite, cite, file, file] } as never);
    render(<Citations message={message} />);
    expect(screen.getAllByRole('link', { name: 'A' })).toHaveLength(2);
    expect(screen.getAllByText('notes.pdf')).toHaveLength(2);
    expect(error.mock.calls.map((call) => String(call[0]))).toEqual([]);
  });

  it('the sources of several replies are named groups, not a row of identical landmarks', async () => {
    const cited = (url: string) =>
      assistantMessage('Answer', { annotations: [{ type: 'url_citation', url_citation: { url } }] });
    const { container } = render(
      <div>
        <Citations message={cited('https://a.example.com/')} />
        <Citations message={cited('https://b.example.com/')} />
      </div>,
    );
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getAllByRole('group', { name: 'Sources' })).toHaveLength(2);
    await expectNoAxeViolations(container);
  });

  it('skips a null annotation (malformed JSON reply) and lists the others', () => {
    const message = assistantMessage('Answer', {
      annotations: [null as never, { type: 'url_citation', url_citation: { url: 'https://docs.dev/b' } }],
    });
    render(<Citations message={message} />);
    expect(screen.getByRole('link', { name: 'docs.dev' })).toBeTruthy();
  });

  it('renders nothing without annotations', () => {
    const { container } = render(<Citations message={assistantMessage('x')} />);
    expect(container.innerHTML).toBe('');
  });
});
