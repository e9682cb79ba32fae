import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatTool } from '../../src/index.js';
import { ChatProvider, ChatWindow, MessageImages } from '../../src/index.js';
import { createMockGate } from '../../src/testing/index.js';
import { assistantMessage, PNG_DATA_URL, recordingMockFetch, userMessage } from './fixtures';

const BASE_URL = 'http://127.0.0.1:9/api/v1';
const gate = createMockGate({ afterChunks: 3 });
afterEach(() => {
  gate.releaseAll();
  localStorage.clear();
});

/** A support widget: a button that opens the chat in a plain `<dialog>` (unmounted when closed). */
function Widget({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(!open)}>
        {open ? 'Close help' : 'Help'}
      </button>
      {open && (
        <dialog open aria-label="Help">
          {children}
        </dialog>
      )}
    </>
  );
}

/** Presses Escape; the keydown event, looked at once dispatched (whatever handled it). */
async function pressEscape(user: ReturnType<typeof userEvent.setup>) {
  let pressed: KeyboardEvent | undefined;
  const listen = (event: KeyboardEvent) => {
    pressed = event;
  };
  window.addEventListener('keydown', listen, true);
  await user.keyboard('{Escape}');
  window.removeEventListener('keydown', listen, true);
  return pressed;
}

const textbox = () => screen.getByRole('textbox', { name: 'Message' });

/** Opens the widget, sends `text` and waits until the mock holds its reply (after 3 chunks). */
async function sendHeld(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.click(screen.getByRole('button', { name: 'Help' }));
  await user.type(textbox(), `${text}{Enter}`);
  await gate.whenHeld();
}
const assistantText = () =>
  Array.from(document.querySelectorAll('.rcc-message[data-role="assistant"]'), (element) => [
    element.getAttribute('data-status'),
    element.querySelector('.rcc-markdown')?.textContent,
  ]);

describe('ChatWindow as a support widget', { timeout: 30_000 }, () => {
  it('with a ChatProvider outside the dialog, a reply streaming when it closes goes on and shows when it opens again', async () => {
    const user = userEvent.setup();
    const { fetch, requests } = recordingMockFetch({ replies: ['one two three four five six'], hold: gate });
    render(
      <ChatProvider
        clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }}
        request={{ model: 'mock/text' }}
      >
        <Widget>
          <ChatWindow title="Support" />
        </Widget>
      </ChatProvider>,
    );
    await sendHeld(user, 'Hello');
    await user.click(screen.getByRole('button', { name: 'Close help' }));
    expect(screen.queryByRole('textbox')).toBeNull();
    // Still held, not aborted: the unmounted window does not stop the provider's reply.
    expect(gate.held).toBe(1);
    gate.release();
    await user.click(screen.getByRole('button', { name: 'Help' }));
    await waitFor(() => expect(assistantText()).toEqual([['done', 'one two three four five six']]));
    expect(requests).toHaveLength(1);
    // Open again, the chat is usable at once: Send, not Stop.
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });

  it('reopened while the reply still streams, the window shows it streaming, with Stop, and it finishes there', async () => {
    const user = userEvent.setup();
    const { fetch } = recordingMockFetch({ replies: ['one two three four five six'], hold: gate });
    render(
      <StrictMode>
        <ChatProvider
          clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }}
          request={{ model: 'mock/text' }}
        >
          <Widget>
            <ChatWindow />
          </Widget>
        </ChatProvider>
      </StrictMode>,
    );
    await sendHeld(user, 'Hello');
    await user.click(screen.getByRole('button', { name: 'Close help' }));
    await user.click(screen.getByRole('button', { name: 'Help' }));
    expect(gate.held).toBe(1);
    expect(assistantText()).toEqual([['streaming', expect.stringContaining('one')]]);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    const status = document.querySelector('.rcc-message-list-announcer');
    act(() => {
      gate.release();
    });
    await waitFor(() => expect(assistantText()).toEqual([['done', 'one two three four five six']]));
    await waitFor(() => expect(status?.textContent).toBe('Assistant: one two three four five six'));
  });

  it('without a provider, closing the dialog aborts the reply (no stream left running); persisted, it comes back stopped', async () => {
    const user = userEvent.setup();
    const { fetch } = recordingMockFetch({ replies: ['one two three four five six'], hold: gate });
    render(
      <Widget>
        <ChatWindow
          clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }}
          request={{ model: 'mock/text' }}
          persist={{ key: 'help-chat' }}
        />
      </Widget>,
    );
    await sendHeld(user, 'Hello');
    await user.click(screen.getByRole('button', { name: 'Close help' }));
    await waitFor(() => expect(gate.held).toBe(0));
    await user.click(screen.getByRole('button', { name: 'Help' }));
    await waitFor(() => expect(assistantText()).toEqual([['incomplete', expect.stringContaining('one')]]));
    expect(within(screen.getByRole('log')).getByText('Hello')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it("the provider's tools run for a reply that called them after the window closed; the window's would not", async () => {
    const user = userEvent.setup();
    const { fetch, requests } = recordingMockFetch({
      replies: [{ tool_calls: [{ name: 'lookup_order', arguments: { id: 7 } }] }, 'Order 7 ships today'],
      hold: gate,
    });
    const lookup: ChatTool = {
      name: 'lookup_order',
      parameters: { type: 'object' },
      execute: () => 'ships today',
    };
    const other: ChatTool = { ...lookup, name: 'window_tool' };
    render(
      <ChatProvider
        clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }}
        request={{ model: 'mock/text' }}
        tools={[lookup]}
      >
        <Widget>
          <ChatWindow tools={[other]} />
        </Widget>
      </ChatProvider>,
    );
    await sendHeld(user, 'Where is order 7?');
    expect(requests[0]?.tools?.map((tool) => tool.function.name).sort()).toEqual([
      'lookup_order',
      'window_tool',
    ]);
    await user.click(screen.getByRole('button', { name: 'Close help' }));
    gate.release();
    await waitFor(() => expect(requests).toHaveLength(2));
    // The next step is the provider's alone: the window's options went with it.
    expect(requests[1]?.tools?.map((tool) => tool.function.name)).toEqual(['lookup_order']);
    expect(requests[1]?.messages.at(-1)).toMatchObject({ role: 'tool', content: 'ships today' });
    await gate.whenHeld();
    gate.release();
    await user.click(screen.getByRole('button', { name: 'Help' }));
    await waitFor(() => expect(assistantText().at(-1)).toEqual(['done', 'Order 7 ships today']));
  });

  /** A chat with a generated image, in the widget's dialog, opened. */
  async function openImageChat() {
    const user = userEvent.setup();
    const question = userMessage('Draw a cat');
    const answer = assistantMessage('Here', {
      parentId: question.id,
      images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    render(
      <Widget>
        <ChatWindow client={{} as never} storeOptions={{ initialMessages: [question, answer] }} />
      </Widget>,
    );
    await user.click(screen.getByRole('button', { name: 'Help' }));
    return user;
  }

  it('an image enlarged in a chat inside a modal <dialog> opens inside that dialog', async () => {
    const user = await openImageChat();
    const help = screen.getByRole('dialog', { name: 'Help' });
    await user.click(screen.getByRole('button', { name: 'Enlarge Generated image 1' }));
    const image = screen.getByRole('dialog', { name: 'Generated image 1' });
    // A modal <dialog> makes the page outside it inert and covers it (the top layer): the image's
    // dialog is usable only inside it. So is a modal dialog of a UI library's (pointer events
    // and focus kept inside its content).
    expect(help.contains(image)).toBe(true);
    expect(document.activeElement).toBe(within(image).getByRole('button', { name: 'Close' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Generated image 1' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Enlarge Generated image 1' }));
  });

  it('an image enlarged in a chat inside a role="dialog" or a popover element opens inside the nearest one', async () => {
    const user = userEvent.setup();
    const images = assistantMessage('', {
      images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    // A UI library's modal (a `role="dialog"` element) with a popover inside it: the innermost wins.
    render(
      <div role="dialog" aria-label="Outer">
        {/* Shown as an open popover is (jsdom has no showPopover; a closed one is hidden). */}
        <div popover="manual" data-testid="popover" style={{ display: 'block' }}>
          <MessageImages message={images} />
        </div>
        <div data-testid="beside">
          <MessageImages message={images} />
        </div>
      </div>,
    );
    const outer = screen.getByRole('dialog', { name: 'Outer' });
    const popover = screen.getByTestId('popover');
    const enlarge = { name: 'Enlarge Generated image 1' };
    await user.click(within(popover).getByRole('button', enlarge));
    expect(popover.contains(screen.getByRole('dialog', { name: 'Generated image 1' }))).toBe(true);
    await user.keyboard('{Escape}');
    const beside = within(screen.getByTestId('beside')).getByRole('button', enlarge);
    await user.click(beside);
    const image = screen.getByRole('dialog', { name: 'Generated image 1' });
    expect(image.closest('.rcc-dialog-overlay')?.parentElement).toBe(outer);
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(beside);
  });

  it('an image enlarged inside a popover makes the rest of the chat there inert, and the page around, until it closes', async () => {
    const user = userEvent.setup();
    const images = assistantMessage('', {
      images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
    });
    render(
      <div data-testid="app">
        <main data-testid="page">The app</main>
        <div popover="manual" data-testid="popover" style={{ display: 'block' }}>
          <p data-testid="chat">The rest of the chat</p>
          <MessageImages message={images} />
        </div>
      </div>,
    );
    const [page, chat, popover] = ['page', 'chat', 'popover'].map((id) => screen.getByTestId(id));
    const enlarge = screen.getByRole('button', { name: 'Enlarge Generated image 1' });
    await user.click(enlarge);
    const overlay = screen
      .getByRole('dialog', { name: 'Generated image 1' })
      .closest<HTMLElement>('.rcc-dialog-overlay')!;
    expect(overlay.parentElement).toBe(popover);
    // Out of reach while the image shows: the chat beside it in the popover, the page around.
    expect(chat!.inert).toBe(true);
    expect(enlarge.closest<HTMLElement>('.rcc-images')?.inert).toBe(true);
    expect(page!.inert).toBe(true);
    // The elements holding the dialog are not.
    expect(popover!.inert).not.toBe(true);
    expect(overlay.inert).not.toBe(true);
    await user.keyboard('{Escape}');
    expect([page!.inert, chat!.inert, enlarge.closest<HTMLElement>('.rcc-images')?.inert]).toEqual([
      false,
      false,
      false,
    ]);
    expect(document.activeElement).toBe(enlarge);
  });

  it('Escape that closes an enlarged image is handled: no close request for the dialog around', async () => {
    const user = await openImageChat();
    await user.click(screen.getByRole('button', { name: 'Enlarge Generated image 1' }));
    const pressed = await pressEscape(user);
    expect(screen.queryByRole('dialog', { name: 'Generated image 1' })).toBeNull();
    // A `<dialog>` closes on an Escape whose keydown is not cancelled.
    expect(pressed?.defaultPrevented).toBe(true);
    expect(screen.getByRole('dialog', { name: 'Help' })).toBeTruthy();
  });

  it('Escape in the textbox is left to the dialog around (it closes the chat)', async () => {
    const user = userEvent.setup();
    render(
      <Widget>
        <ChatWindow client={{} as never} />
      </Widget>,
    );
    await user.click(screen.getByRole('button', { name: 'Help' }));
    await user.click(textbox());
    const pressed = await pressEscape(user);
    expect(pressed?.key).toBe('Escape');
    expect(pressed?.defaultPrevented).toBe(false);
  });

  it("Escape that cancels an edit or a rename is the chat's (cancelled): the dialog around stays open", async () => {
    const user = await openImageChat();
    render(<ChatWindow client={{} as never} threads title="Other" />);
    const help = within(screen.getByRole('dialog', { name: 'Help' }));
    await user.click(help.getByRole('button', { name: 'Edit' }));
    await user.click(help.getByRole('textbox', { name: 'Edit message' }));
    const edit = await pressEscape(user);
    expect(help.queryByRole('textbox', { name: 'Edit message' })).toBeNull();
    expect(edit?.defaultPrevented).toBe(true);
    const other = within(screen.getByRole('region', { name: 'Other' }).parentElement!);
    await user.click(other.getByRole('button', { name: /^Rename/ }));
    const rename = await pressEscape(user);
    expect(other.queryByRole('textbox', { name: /^Rename/ })).toBeNull();
    expect(rename?.defaultPrevented).toBe(true);
  });
});
