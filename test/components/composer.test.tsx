import { act, createEvent, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  buildMessageContent,
  Composer,
  checkAttachment,
  defaultAttachmentPolicy,
  fileToContentPart,
} from '../../src/index.js';
import { expectNoAxeViolations } from './axe-helper';

function renderComposer(props: Partial<Composer.DefaultProps> = {}) {
  const onSend = vi.fn();
  const onStop = vi.fn();
  const view = render(<Composer.Default onSend={onSend} onStop={onStop} {...props} />);
  return { ...view, onSend, onStop, input: screen.getByRole('textbox', { name: 'Message' }) };
}

const READING_MESSAGE = 'Not sent: an attachment was still being read.';

const png = (name = 'cat.png', size = 10) => new File([new Uint8Array(size)], name, { type: 'image/png' });

/** A part of one's own that reads the nearest `Composer.Root`. */
function CharacterCount() {
  const { value, canSend } = Composer.useComposer();
  return (
    <small data-testid="count">
      {value.length} characters{canSend ? ', ready' : ''}
    </small>
  );
}

describe('Composer.useComposer', () => {
  it("gives a part of one's own the composer's state, and throws a clear error outside a Composer.Root", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(
      <Composer.Root onSend={onSend}>
        <Composer.Input />
        <CharacterCount />
      </Composer.Root>,
    );
    expect(screen.getByTestId('count').textContent).toBe('0 characters');
    await user.type(screen.getByRole('textbox'), 'Hello');
    expect(screen.getByTestId('count').textContent).toBe('5 characters, ready');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => render(<CharacterCount />)).toThrow(
        'Composer.useComposer() must be called inside <Composer.Root>.',
      );
    } finally {
      error.mockRestore();
    }
  });
});

describe('Composer', () => {
  it('sends with Enter, clears, and keeps focus in the textbox', async () => {
    const user = userEvent.setup();
    const { input, onSend, container } = renderComposer();
    await expectNoAxeViolations(container);
    await user.type(input, 'Hello{Enter}');
    expect(onSend).toHaveBeenCalledWith('Hello');
    expect(input).toHaveProperty('value', '');
    expect(document.activeElement).toBe(input);
  });

  it('makes a newline with Shift+Enter', async () => {
    const user = userEvent.setup();
    const { input, onSend } = renderComposer();
    await user.type(input, 'one{Shift>}{Enter}{/Shift}two');
    expect(input).toHaveProperty('value', 'one\ntwo');
    expect(onSend).not.toHaveBeenCalled();
  });

  it("labels the on-screen keyboard's Enter key Send while Enter sends (a return arrow once it makes newlines)", () => {
    const { input, unmount } = renderComposer();
    expect(input.getAttribute('enterkeyhint')).toBe('send');
    unmount();
    render(
      <Composer.Root onSend={() => {}}>
        <Composer.Input submitOnEnter={false} />
      </Composer.Root>,
    );
    expect(screen.getByRole('textbox', { name: 'Message' }).getAttribute('enterkeyhint')).toBeNull();
  });

  it('never sends on the Enter that confirms an IME composition', () => {
    const { input, onSend } = renderComposer({});
    fireEvent.change(input, { target: { value: 'にほん' } });
    fireEvent.compositionStart(input);
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.compositionEnd(input);
    // Safari reports the confirming Enter after compositionend with keyCode 229.
    fireEvent.keyDown(input, { key: 'Enter', keyCode: 229 });
    const composingEnter = createEvent.keyDown(input, { key: 'Enter' });
    Object.defineProperty(composingEnter, 'isComposing', { value: true });
    fireEvent(input, composingEnter);
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('にほん');
  });

  it('disables Send while empty and sends with a click, returning focus to the textbox', async () => {
    const user = userEvent.setup();
    const { input, onSend } = renderComposer();
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    await user.type(input, '  ');
    expect(send).toHaveProperty('disabled', true);
    await user.type(input, 'hi');
    await user.click(send);
    expect(onSend).toHaveBeenCalledWith('  hi');
    expect(document.activeElement).toBe(input);
  });

  it('shows Stop only while busy and does not send while busy', async () => {
    const user = userEvent.setup();
    const { input, onSend, onStop, rerender } = renderComposer({ status: 'idle' });
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    rerender(<Composer.Default onSend={onSend} onStop={onStop} status="streaming" />);
    await user.type(input, 'next{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
  });

  it('a Stop kept mounted (forceMount) that turns disabled as the reply ends hands focus to the textbox', () => {
    const root = (status: 'streaming' | 'idle') => (
      <Composer.Root onSend={() => {}} onStop={() => {}} status={status}>
        <Composer.Input />
        <Composer.Stop forceMount />
      </Composer.Root>
    );
    const { rerender } = render(root('streaming'));
    const stop = screen.getByRole('button', { name: 'Stop' });
    act(() => stop.focus());
    rerender(root('idle'));
    expect(stop).toHaveProperty('disabled', true);
    // A browser drops focus from a disabled button to the page.
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
  });

  it('Stop tapped on a touch screen or with a pen leaves the textbox unfocused (no on-screen keyboard); by mouse or keyboard it moves focus there', () => {
    const root = (status: 'streaming' | 'idle') => (
      <Composer.Root onSend={() => {}} onStop={() => {}} status={status}>
        <Composer.Input />
        <Composer.Stop />
      </Composer.Root>
    );
    const input = () => screen.getByRole('textbox', { name: 'Message' });
    // A tap focuses the button (as Chrome on Android does), then clicks it; `detail` 1 marks a
    // pointer's click, 0 a keyboard's.
    const press = (pointerType: string | undefined, detail: number) => {
      const { rerender, unmount } = render(root('streaming'));
      const stop = screen.getByRole('button', { name: 'Stop' });
      act(() => stop.focus());
      if (pointerType) fireEvent.pointerDown(stop, { pointerType });
      fireEvent.click(stop, { detail });
      rerender(root('idle'));
      const focused = document.activeElement === input();
      unmount();
      return focused;
    };
    expect(press('touch', 1)).toBe(false);
    expect(press('pen', 1)).toBe(false);
    expect(press('mouse', 1)).toBe(true);
    expect(press(undefined, 0)).toBe(true);
    // Enter or Space on Stop after a tap that did not click it (a scroll): the keyboard's handoff.
    expect(press('touch', 0)).toBe(true);
  });

  it('a disabled composer takes no dropped files', () => {
    const { container, onSend } = renderComposer({ disabled: true });
    const form = container.querySelector('form') as HTMLFormElement;
    const dataTransfer = { files: [png()], types: ['Files'] };
    fireEvent.dragOver(form, { dataTransfer });
    expect(form.hasAttribute('data-dragging')).toBe(false);
    fireEvent.drop(form, { dataTransfer });
    expect(container.querySelector('.rcc-composer-attachment')).toBeNull();
    fireEvent.submit(form);
    expect(onSend).not.toHaveBeenCalled();
  });

  it('shows its state on the DOM: data-state of the form (idle, busy) and of Send (disabled, ready), data-disabled', async () => {
    const user = userEvent.setup();
    const { container, input, rerender, onSend } = renderComposer();
    const form = container.querySelector('form') as HTMLFormElement;
    const send = () => screen.getByRole('button', { name: 'Send' });
    expect([form.getAttribute('data-state'), send().getAttribute('data-state')]).toEqual([
      'idle',
      'disabled',
    ]);
    await user.type(input, 'hi');
    expect(send().getAttribute('data-state')).toBe('ready');
    rerender(<Composer.Default onSend={onSend} status="submitted" />);
    expect([form.getAttribute('data-state'), send().getAttribute('data-state')]).toEqual([
      'busy',
      'disabled',
    ]);
    expect(form.hasAttribute('data-disabled')).toBe(false);
    rerender(<Composer.Default onSend={onSend} disabled />);
    expect(form.hasAttribute('data-disabled')).toBe(true);
    expect(input).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Attach files' })).toHaveProperty('disabled', true);
  });

  it('a file that cannot be read is dropped with a message, and Send goes by the text alone', async () => {
    vi.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(function fail(this: FileReader) {
      setTimeout(() => this.onerror?.(new ProgressEvent('error') as ProgressEvent<FileReader>));
    });
    const user = userEvent.setup();
    const { container, input, onSend } = renderComposer();
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, png('broken.png'));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', '“broken.png” could not be read.');
    expect(container.querySelector('.rcc-composer-attachment')).toBeNull();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    await user.type(input, 'text only{Enter}');
    expect(onSend).toHaveBeenCalledWith('text only');
  });

  it('a file that cannot be read adds its message to those of the files refused with it, instead of replacing them', async () => {
    vi.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(function fail(this: FileReader) {
      setTimeout(() => this.onerror?.(new ProgressEvent('error') as ProgressEvent<FileReader>));
    });
    const user = userEvent.setup({ applyAccept: false });
    const { container } = renderComposer();
    const exe = new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' });
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, [
      exe,
      png('broken.png'),
    ]);
    await waitFor(() => expect(container.querySelector('.rcc-composer-attachment')).toBeNull());
    expect(screen.getByRole('alert').textContent).toBe(
      '“setup.exe” can’t be attached: only PNG, JPEG, WebP, GIF and PDF files are supported. “broken.png” could not be read.',
    );
  });

  it('a file removed while it is read says nothing when it then fails (no alert for a file no longer there)', async () => {
    let fail = () => {};
    vi.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(function held(this: FileReader) {
      fail = () => this.onerror?.(new ProgressEvent('error') as ProgressEvent<FileReader>);
    });
    const user = userEvent.setup();
    const { container } = renderComposer();
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, png('slow.png'));
    await user.click(screen.getByRole('button', { name: 'Remove slow.png' }));
    act(() => fail());
    await act(async () => {});
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why Enter does not send while a file is still being read (an alert, again at each press)', async () => {
    vi.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(() => {});
    const user = userEvent.setup();
    const { container, input, onSend } = renderComposer();
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, png('slow.png'));
    await user.type(input, 'Look{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(READING_MESSAGE);
    await user.keyboard('{Enter}');
    // A new node: a screen reader reads an alert again only when it changes.
    expect(screen.getByRole('alert')).not.toBe(alert);
    expect(screen.getByRole('alert').textContent).toBe(READING_MESSAGE);
    expect(onSend).not.toHaveBeenCalled();
  });

  it('the alert that a file was still being read goes once it is read, and Enter then sends', async () => {
    const read = FileReader.prototype.readAsDataURL;
    let finish = () => {};
    vi.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(function held(
      this: FileReader,
      blob: Blob,
    ) {
      finish = () => read.call(this, blob);
    });
    const user = userEvent.setup();
    const { container, input, onSend } = renderComposer();
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, png('slow.png'));
    await user.type(input, 'Look{Enter}');
    expect(screen.getByRole('alert').textContent).toBe(READING_MESSAGE);
    act(() => finish());
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await user.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledTimes(1);
  });

  it('sends while busy when the chat queues', async () => {
    const user = userEvent.setup();
    const { input, onSend } = renderComposer({ status: 'streaming', allowSendWhileBusy: true });
    await user.type(input, 'queued{Enter}');
    expect(onSend).toHaveBeenCalledWith('queued');
  });

  it('attaches images by the picker and sends them as content parts', async () => {
    const user = userEvent.setup();
    const { input, onSend, container } = renderComposer();
    await user.click(screen.getByRole('button', { name: 'Attach files' }));
    const fileInput = container.querySelector('input[type="file"]') as HTMLInputElement;
    expect(fileInput.accept).toBe('image/png,image/jpeg,image/webp,image/gif,application/pdf');
    await user.upload(fileInput, png());
    await waitFor(() => expect(screen.getByRole('img', { name: 'Image' })).toBeTruthy());
    await expectNoAxeViolations(container);
    await user.type(input, 'What is this?{Enter}');
    const content = onSend.mock.calls[0]?.[0];
    expect(content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,/) } },
    ]);
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
  });

  it('attaches pasted files and dropped PDFs; Remove takes one out', async () => {
    const user = userEvent.setup();
    const { input, container, onSend } = renderComposer();
    fireEvent.paste(input, { clipboardData: { files: [png('pasted.png')], types: ['Files'] } });
    const pdf = new File(['%PDF-1.4'], 'doc.pdf', { type: 'application/pdf' });
    const form = container.querySelector('form') as HTMLFormElement;
    fireEvent.dragOver(form, { dataTransfer: { types: ['Files'], files: [pdf] } });
    expect(form.hasAttribute('data-dragging')).toBe(true);
    fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [pdf] } });
    expect(form.hasAttribute('data-dragging')).toBe(false);
    await waitFor(() =>
      expect(container.querySelectorAll('.rcc-composer-attachment[data-state="ready"]')).toHaveLength(2),
    );
    await user.click(screen.getByRole('button', { name: 'Remove pasted.png' }));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend.mock.calls[0]?.[0]).toEqual([
      {
        type: 'file',
        file: { filename: 'doc.pdf', file_data: expect.stringMatching(/^data:application\/pdf;base64,/) },
      },
    ]);
  });

  it('says politely what is attached: a file picked, pasted or dropped, one removed; nothing once sent', async () => {
    const user = userEvent.setup();
    const { input, container } = renderComposer();
    const region = container.querySelector('[aria-live="polite"]') as HTMLElement;
    // There before anything is attached (a live region added with its text is not read), empty.
    expect(region.textContent).toBe('');
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, png('photo.png'));
    await waitFor(() => expect(region.textContent).toBe('Attached: photo.png.'));
    fireEvent.paste(input, { clipboardData: { files: [png('pasted.png')], types: ['Files'] } });
    await waitFor(() => expect(region.textContent).toBe('Attached: photo.png, pasted.png.'));
    await waitFor(() =>
      expect(container.querySelectorAll('.rcc-composer-attachment[data-state="ready"]')).toHaveLength(2),
    );
    await user.click(screen.getByRole('button', { name: 'Remove photo.png' }));
    expect(region.textContent).toBe('Attached: pasted.png.');
    // The only live region of the composer besides a refusal's alert: no second status.
    expect(screen.queryByRole('status')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(region.textContent).toBe('');
    await expectNoAxeViolations(container);
  });

  it('numbers files of one name (pasted screenshots are all "image.png"): each Remove button says which it takes', async () => {
    const user = userEvent.setup();
    const { input } = renderComposer();
    fireEvent.paste(input, {
      clipboardData: { files: [png('image.png'), png('image.png')], types: ['Files'] },
    });
    fireEvent.paste(input, { clipboardData: { files: [png('image.png')], types: ['Files'] } });
    const region = await screen.findByText('Attached: image.png (1), image.png (2), image.png (3).');
    expect(
      screen.getAllByRole('button', { name: /^Remove/ }).map((button) => button.getAttribute('aria-label')),
    ).toEqual(['Remove image.png (1)', 'Remove image.png (2)', 'Remove image.png (3)']);
    await user.click(screen.getByRole('button', { name: 'Remove image.png (2)' }));
    await user.click(screen.getByRole('button', { name: 'Remove image.png (1)' }));
    expect(screen.getByRole('button', { name: 'Remove image.png' })).toBeTruthy();
    expect(region.textContent).toBe('Attached: image.png.');
  });

  it('with attachments off, a paste that holds files (text copied from an office app) still pastes its text', () => {
    const { input } = renderComposer({ attachments: false });
    const paste = createEvent.paste(input, {
      clipboardData: { files: [png('cells.png')], types: ['text/plain', 'Files'], getData: () => 'a\tb' },
    });
    fireEvent(input, paste);
    expect(paste.defaultPrevented).toBe(false);
  });

  it('pastes text copied from an office app as text, not as the picture that comes with it', async () => {
    const { input, container } = renderComposer();
    const office = (text: string) =>
      createEvent.paste(input, {
        clipboardData: {
          files: [png('image.png')],
          types: ['text/plain', 'text/html', 'text/rtf', 'Files'],
          getData: (type: string) => (type === 'text/plain' ? text : ''),
        },
      });
    const cells = office('a\tb\n1\t2');
    fireEvent(input, cells);
    expect(cells.defaultPrevented).toBe(false);
    // A picture copied alone from a document has no text: it is attached.
    const picture = office(' ');
    fireEvent(input, picture);
    expect(picture.defaultPrevented).toBe(true);
    await waitFor(() => expect(container.querySelectorAll('.rcc-composer-attachment')).toHaveLength(1));
  });

  it('sends audio as an input_audio part and video as a video_url part (WIRE.md), not as a file', async () => {
    const file = (name: string, type: string) => new File([new Uint8Array([1, 2, 3, 4])], name, { type });
    const audio = (format: string) => ({ type: 'input_audio', input_audio: { data: 'AQIDBA==', format } });
    expect(await fileToContentPart(file('voice.mp3', 'audio/mpeg'))).toEqual(audio('mp3'));
    expect(await fileToContentPart(file('voice.wav', 'audio/x-wav'))).toEqual(audio('wav'));
    expect(await fileToContentPart(file('voice.m4a', 'audio/mp4'))).toEqual(audio('m4a'));
    expect(await fileToContentPart(file('voice.flac', 'audio/flac'))).toEqual(audio('flac'));
    expect(await fileToContentPart(file('clip.mp4', 'video/mp4'))).toEqual({
      type: 'video_url',
      video_url: { url: 'data:video/mp4;base64,AQIDBA==' },
    });
    // Through the composer, with the types added to its policy.
    const { input, onSend } = renderComposer({
      attachments: { accept: [...defaultAttachmentPolicy.accept, 'audio/*'] },
    });
    fireEvent.paste(input, { clipboardData: { files: [file('voice.mp3', 'audio/mpeg')], types: ['Files'] } });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith([audio('mp3')]);
  });

  it('refuses wrong types and large files with a clear message', async () => {
    // Drag-and-drop ignores `accept`, so the composer checks types itself.
    const user = userEvent.setup({ applyAccept: false });
    const { container } = renderComposer({ attachments: { maxFileSize: 100 } });
    const fileInput = container.querySelector('input[type="file"]') as HTMLInputElement;
    const exe = new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' });
    await user.upload(fileInput, exe);
    expect(screen.getByRole('alert').textContent).toBe(
      '“setup.exe” can’t be attached: only PNG, JPEG, WebP, GIF and PDF files are supported.',
    );
    // Measured once scaled (here, where jsdom has no canvas, as it is), so the message comes after reading.
    await user.upload(fileInput, png('big.png', 2048));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        '“big.png” is too large (2 KB; the limit is 100 bytes).',
      ),
    );
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
  });

  it('an `image/*` wildcard lets in only the image types the endpoint reads (no SVG, HEIC, BMP...)', async () => {
    const { container } = renderComposer({ attachments: { accept: ['image/*', 'application/pdf'] } });
    // The picker offers those types alone: not an SVG or a HEIC photo it would then refuse.
    const picker = container.querySelector('input[type="file"]') as HTMLInputElement;
    expect(picker.accept).toBe('image/png,image/jpeg,image/webp,image/gif,application/pdf');
    const form = container.querySelector('form') as HTMLFormElement;
    const image = (name: string, type: string) => new File([new Uint8Array(10)], name, { type });
    const refused = [
      image('logo.svg', 'image/svg+xml'),
      image('photo.heic', 'image/heic'),
      image('photo.heif', 'image/heif'),
      image('scan.bmp', 'image/bmp'),
      image('scan.tiff', 'image/tiff'),
    ];
    const readable = ['png', 'jpeg', 'webp', 'gif'].map((type) => image(`picture.${type}`, `image/${type}`));
    fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [...refused, ...readable] } });
    expect(screen.getByRole('alert').textContent).toBe(
      refused
        .map(
          (file) =>
            `“${file.name}” can’t be attached: only PNG, JPEG, WebP, GIF and PDF files are supported.`,
        )
        .join(' '),
    );
    await waitFor(() =>
      expect(container.querySelectorAll('.rcc-composer-attachment[data-state="ready"]')).toHaveLength(4),
    );
    expect(
      checkAttachment(image('icon.svg', 'image/svg+xml'), {
        ...defaultAttachmentPolicy,
        accept: ['image/*'],
      }),
    ).toBe('“icon.svg” can’t be attached: only PNG, JPEG, WebP and GIF files are supported.');
  });

  it('the same file refused twice is announced twice: the alert is a new node each time', () => {
    const { container } = renderComposer();
    const form = container.querySelector('form') as HTMLFormElement;
    const exe = new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' });
    const drop = () => fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [exe] } });
    drop();
    const first = screen.getByRole('alert');
    drop();
    // A live region announces changes only: the same text in the same node would be silent.
    const second = screen.getByRole('alert');
    expect(second).not.toBe(first);
    expect(first.isConnected).toBe(false);
    expect(second.textContent).toBe(first.textContent);
    expect(second.textContent).toContain('“setup.exe” can’t be attached');
  });

  it('a file just over the size limit is said to be larger than the limit, not as large', () => {
    const limit = 10 * 1024 * 1024;
    const policy = { ...defaultAttachmentPolicy, maxFileSize: limit };
    expect(checkAttachment(png('photo.png', limit + 5000), policy)).toBe(
      '“photo.png” is too large (10.1 MB; the limit is 10 MB).',
    );
    expect(checkAttachment(png('small.png', 100 * 1024 + 1), { ...policy, maxFileSize: 100 * 1024 })).toBe(
      '“small.png” is too large (101 KB; the limit is 100 KB).',
    );
    expect(checkAttachment(png('fits.png', limit), policy)).toBeUndefined();
  });

  it('an attachment option set to undefined keeps the default', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const { container } = renderComposer({
      attachments: { accept: undefined, maxFileSize: undefined, maxFiles: undefined },
    });
    const fileInput = container.querySelector('input[type="file"]') as HTMLInputElement;
    expect(fileInput.accept).toBe('image/png,image/jpeg,image/webp,image/gif,application/pdf');
    await user.upload(fileInput, new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    expect(screen.getByRole('alert').textContent).toContain('only PNG, JPEG, WebP, GIF and PDF files');
    const eleven = Array.from({ length: 11 }, (_, index) => png(`${index}.png`));
    await user.upload(fileInput, eleven);
    expect(screen.getByRole('alert').textContent).toBe(
      '“10.png” was not added: the limit is 10 per message.',
    );
    await waitFor(() =>
      expect(container.querySelectorAll('.rcc-composer-attachment[data-state="ready"]')).toHaveLength(10),
    );
  });

  it("a part's prop set to undefined keeps the part's own value", () => {
    render(
      <Composer.Root onSend={() => {}} disabled>
        <Composer.Input aria-label={undefined} disabled={undefined} />
        <Composer.Send disabled={undefined} type={undefined} />
      </Composer.Root>,
    );
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('disabled', true);
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    expect(send.getAttribute('type')).toBe('submit');
  });

  it('<Composer.Send disabled={props.disabled} /> with props.disabled undefined: disabled while the textbox is empty', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    const props: { disabled?: boolean } = {};
    render(
      <Composer.Root onSend={onSend}>
        <Composer.Input />
        <Composer.Send disabled={props.disabled} hidden={props.disabled} />
      </Composer.Root>,
    );
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    expect(send).toHaveProperty('hidden', false);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi');
    expect(send).toHaveProperty('disabled', false);
    await user.click(send);
    expect(onSend).toHaveBeenCalledWith('Hi');
    expect(send).toHaveProperty('disabled', true);
  });

  it('takes the name of a visible label through aria-labelledby', () => {
    render(
      <Composer.Root onSend={() => {}}>
        <label id="question-label" htmlFor="question">
          Your question
        </label>
        <Composer.Input id="question" aria-labelledby="question-label" />
      </Composer.Root>,
    );
    expect(screen.getByRole('textbox', { name: 'Your question' })).toBeTruthy();
  });

  it('is controllable', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(
      <Composer.Root value="fixed" onValueChange={onValueChange} onSend={() => {}}>
        <Composer.Input />
      </Composer.Root>,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'x');
    expect(onValueChange).toHaveBeenCalledWith('fixedx');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('value', 'fixed');
  });

  it('lets an app handler prevent the built-in Enter behaviour', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(
      <Composer.Root onSend={onSend}>
        <Composer.Input onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()} />
      </Composer.Root>,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'a{Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });
});

describe('buildMessageContent', () => {
  it('sends plain text alone and drops an empty text part', () => {
    expect(buildMessageContent('hi', [])).toBe('hi');
    const image = { type: 'image_url' as const, image_url: { url: 'https://x.dev/a.png' } };
    expect(buildMessageContent(' ', [image])).toEqual([image]);
  });
});
