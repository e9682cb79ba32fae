import {
  act,
  createEvent,
  fireEvent,
  render,
  renderHook,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChatActionsContext,
  ChatProvider,
  Composer,
  createChatStore,
  describeChatError,
  ErrorNotice,
  MessageList,
  ThreadList,
  ToolCallPanel,
  useChatCompletion,
  useChatStream,
  useSmoothText,
} from '../../src/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { createFakeClient, textReply } from '../store/helpers.js';

const png = (name = 'cat.png') => new File([new Uint8Array(10)], name, { type: 'image/png' });
afterEach(() => vi.unstubAllGlobals());

describe('Composer edge cases', () => {
  it('Send waits for attachments still being read', async () => {
    const onSend = vi.fn();
    const { container } = render(<Composer.Default onSend={onSend} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(input, { target: { value: 'Look' } });
    const fileInput = container.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(fileInput, { target: { files: [png()] } });
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    fireEvent.submit(container.querySelector('form') as HTMLFormElement);
    expect(onSend).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false),
    );
  });

  it('maxFiles counts files already attached', async () => {
    const user = userEvent.setup();
    const { container } = render(<Composer.Default onSend={vi.fn()} attachments={{ maxFiles: 2 }} />);
    const fileInput = container.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(fileInput, png('a.png'));
    await user.upload(fileInput, [png('b.png'), png('c.png')]);
    await waitFor(() => expect(container.querySelectorAll('.rcc-composer-attachment')).toHaveLength(2));
    expect(screen.getByRole('alert').textContent).toBe('“c.png” was not added: the limit is 2 per message.');
  });

  it('a limit of one file reads right (not "1 files")', async () => {
    const user = userEvent.setup();
    const { container } = render(<Composer.Default onSend={vi.fn()} attachments={{ maxFiles: 1 }} />);
    const fileInput = container.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(fileInput, [png('a.png'), png('b.png')]);
    expect(screen.getByRole('alert').textContent).toBe('“b.png” was not added: the limit is 1 per message.');
  });
});

describe('stick to bottom: touch and scrollbar', () => {
  function list() {
    const messages = Array.from({ length: 30 }, (_, i) =>
      i % 2 ? { role: 'assistant' as const, content: `A${i}` } : { role: 'user' as const, content: `Q${i}` },
    );
    const store = createChatStore({ client: createFakeClient().client, initialMessages: messages });
    render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const log = screen.getByRole('log', { name: 'Messages' });
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 3600 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 600 });
    log.scrollTop = 3000;
    return log;
  }
  const jump = () => screen.queryByRole('button', { name: 'Jump to latest' });

  it('a touch dragging the content down (reading back) stops following; dragging up does not', () => {
    const log = list();
    act(() => {
      fireEvent.touchStart(log, { touches: [{ clientY: 300 }] });
      fireEvent.touchMove(log, { touches: [{ clientY: 200 }] });
    });
    expect(jump()).toBeNull();
    act(() => {
      fireEvent.touchMove(log, { touches: [{ clientY: 260 }] });
    });
    expect(jump()).not.toBeNull();
  });

  it('grabbing the scrollbar (a pointerdown beside the viewport) stops following', () => {
    const log = list();
    act(() => {
      fireEvent.pointerDown(log.parentElement as HTMLElement);
    });
    expect(jump()).not.toBeNull();
  });
});

describe('error notice, tool panel and thread list precedence and focus', () => {
  it("ErrorNotice's onRetry wins over the chat's retry", async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    const retry = vi.fn();
    render(
      <ChatActionsContext.Provider value={{ retry }}>
        <ErrorNotice error={new Error('boom')} onRetry={onRetry} />
      </ChatActionsContext.Provider>,
    );
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(retry).not.toHaveBeenCalled();
  });

  it('a Retry-After of 0 reads "in 1 second"', () => {
    const error = { name: 'ChatApiError', status: 429, retryAfter: 0, message: '' };
    expect(describeChatError(error).title).toBe('Rate limited. Try again in 1 second.');
  });

  it("ToolCallPanel.Root: onApprove wins over the chat's action; no status reads as pending", async () => {
    const user = userEvent.setup();
    const onApprove = vi.fn();
    const approveToolCall = vi.fn();
    const toolCall = { id: 'c1', type: 'function' as const, function: { name: 'rm', arguments: '{}' } };
    const { container, rerender } = render(
      <ChatActionsContext.Provider value={{ approveToolCall }}>
        <ToolCallPanel.Root toolCall={toolCall} status={{ state: 'awaiting-approval' }} onApprove={onApprove}>
          <ToolCallPanel.Approve />
        </ToolCallPanel.Root>
      </ChatActionsContext.Provider>,
    );
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onApprove).toHaveBeenCalledWith('c1');
    expect(approveToolCall).not.toHaveBeenCalled();
    rerender(
      <ToolCallPanel.Root toolCall={toolCall}>
        <ToolCallPanel.State />
      </ToolCallPanel.Root>,
    );
    expect(container.querySelector('.rcc-tool-call')?.getAttribute('data-state')).toBe('pending');
    expect(screen.getByText('Pending')).toBeTruthy();
  });

  it('a blank rename keeps the title; deleting the last row focuses the row before it', async () => {
    const user = userEvent.setup();
    const store = createChatStore({ client: createFakeClient().client });
    store.getState().createThread('Second');
    render(
      <ChatProvider store={store}>
        <ThreadList.Default />
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Rename “Second”' }));
    await user.clear(screen.getByRole('textbox'));
    await user.keyboard('   {Enter}');
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['Second', 'New chat']);
    const rows = screen.getAllByRole('listitem');
    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Delete “New chat”' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Second' }));
  });

  it('Escape cancels a rename even when the page then moves focus out of the field', async () => {
    const user = userEvent.setup();
    const store = createChatStore({ client: createFakeClient().client });
    const renameThread = vi.spyOn(store.getState(), 'renameThread');
    // A sidebar that answers Escape by returning focus to its toggle: the field blurs before it
    // leaves the page, while the page still handles events.
    render(
      <ChatProvider store={store}>
        <button type="button">Sidebar</button>
        <aside
          onKeyDown={(event) => {
            if (event.key === 'Escape') screen.getByRole('button', { name: 'Sidebar' }).focus();
          }}
        >
          <ThreadList.Default />
        </aside>
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Rename “New chat”' }));
    await user.clear(screen.getByRole('textbox'));
    await user.keyboard('Not wanted{Escape}');
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['New chat']);
    // Enter saves once, though the field then leaves the page.
    await user.click(screen.getByRole('button', { name: 'Rename “New chat”' }));
    expect(screen.getByRole('textbox')).toHaveProperty('value', 'New chat');
    await user.clear(screen.getByRole('textbox'));
    await user.keyboard('Plans{Enter}');
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['Plans']);
    expect(renameThread).toHaveBeenCalledTimes(1);
  });
});

describe('ThreadList rename with an input method', () => {
  it('the Enter that confirms a conversion, and the Escape that cancels one, leave the field open', () => {
    const store = createChatStore({ client: createFakeClient().client });
    render(
      <ChatProvider store={store}>
        <ThreadList.Default />
      </ChatProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Rename “New chat”' }));
    const field = screen.getByRole('textbox', { name: 'Rename “New chat”' });
    fireEvent.change(field, { target: { value: 'りょこう' } });
    fireEvent.compositionStart(field);
    for (const key of ['Enter', 'Escape']) {
      const event = createEvent.keyDown(field, { key });
      Object.defineProperty(event, 'isComposing', { value: true });
      fireEvent(field, event);
    }
    fireEvent.compositionEnd(field);
    // Safari sends the confirming Enter after compositionend, with keyCode 229.
    fireEvent.keyDown(field, { key: 'Enter', keyCode: 229 });
    expect(screen.getByRole('textbox', { name: 'Rename “New chat”' })).toBe(field);
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['New chat']);
    fireEvent.change(field, { target: { value: '旅行' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(store.getState().threads.map((thread) => thread.title)).toEqual(['旅行']);
  });
});

describe('hooks: a given store, completion retries', () => {
  it('a ChatProvider given a store applies its own props to that store’s requests', async () => {
    const fake = createFakeClient(textReply('ok'));
    const store = createChatStore({ client: fake.client, request: { model: 'store/model' } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider store={store} request={{ model: 'provider/model' }}>
        {children}
      </ChatProvider>
    );
    const { result } = renderHook(() => useChatStream(), { wrapper });
    await act(() => result.current.send('hi'));
    expect(fake.requests[0]?.model).toBe('provider/model');
  });

  it('useChatCompletion sends a failed request once (the mutation does not retry it)', async () => {
    const bodies: unknown[] = [];
    const fetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => bodies.push(body) });
    const { result } = renderHook(() =>
      useChatCompletion({
        clientOptions: { baseUrl: 'http://127.0.0.1/api/v1', fetch, maxRetries: 0 },
        request: { model: 'mock/error-503' },
      }),
    );
    await act(() => result.current.send('Hi'));
    expect(result.current.status).toBe('error');
    expect(bodies).toHaveLength(1);
  });
});

describe('useSmoothText: long frame gaps', () => {
  it('after a long gap between frames (a hidden tab) it reveals at most 100 ms worth', () => {
    let queue: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => queue.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    vi.stubGlobal('matchMedia', () => ({ matches: false }));
    const run = (time: number) => {
      const callbacks = queue;
      queue = [];
      act(() => {
        for (const cb of callbacks) cb(time);
      });
    };
    const text = 'x'.repeat(1000);
    const { result } = renderHook(() => useSmoothText(text, { charsPerSecond: 80, maxLagMs: 60_000 }));
    run(1000);
    const before = result.current.length;
    run(6000);
    expect(result.current.length - before).toBeLessThanOrEqual(9);
  });
});
