import { act, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  ChatApiError,
  ChatWindow,
  createChatStore,
  describeChatError,
  useChatCompletion,
} from '../../src/index.js';
import { createMockFetch, type MockEndpointOptions } from '../../src/testing/index.js';
import { expectNoAxeViolations } from './axe-helper';
import { recordingMockFetch } from './fixtures';

// How the library handles each wire shape the mock's later scenarios produce (an error in a 200
// body, a mid-stream error with a string code, a refusal, content_filter, file annotations, no
// system_fingerprint): the store's state and what ChatWindow shows.

const BASE_URL = 'http://127.0.0.1:9/api/v1';

function setup(model: string, mock: MockEndpointOptions = {}) {
  const { fetch, requests } = recordingMockFetch(mock);
  const store = createChatStore({
    clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
    request: { model },
    throttleMs: 0,
  });
  const view = render(<ChatWindow store={store} />);
  const user = userEvent.setup();
  const send = async (text: string) => {
    await user.type(screen.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`);
    await waitFor(() => expect(['idle', 'error']).toContain(store.getState().status));
    const { ids, messages } = store.getState();
    return messages[ids.at(-1)!]!;
  };
  const reply = () => [...view.container.querySelectorAll('[data-role="assistant"]')].at(-1) as HTMLElement;
  return { ...view, store, requests, send, reply };
}

describe('an error in the body of a 200', () => {
  it('streaming: the turn is an error with the wire code, described as a server problem', async () => {
    const { send, store } = setup('mock/error-in-body');
    // Nothing came before the error: no reply, the error is the chat's.
    expect(await send('Hello')).toMatchObject({ role: 'user', content: 'Hello' });
    const { error } = store.getState();
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ type: 'http', status: 200, code: 500, message: 'Internal Server Error' });
    expect(describeChatError(error)).toMatchObject({
      kind: 'provider',
      title: 'The server had a problem.',
      detail: 'Internal Server Error',
      retryable: true,
    });
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-kind')).toBe('provider');
    expect(alert.textContent).toContain('The server had a problem.');
  });

  it.each([
    ['mock/error-in-body', { status: 200, code: 500 }],
    // `choices[0].error` beside finish_reason "error" (the non-streaming form of a mid-stream error).
    ['mock/error-midstream', { status: 200, code: 502 }],
  ])('non-streaming (useChatCompletion) %s: the hook reports the typed error', async (model, fields) => {
    const fetch = createMockFetch({ tokenDelayMs: 0, seed: 1 });
    const { result } = renderHook(() =>
      useChatCompletion({ clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 }, request: { model } }),
    );
    await act(() => result.current.send('Hi'));
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(ChatApiError);
    expect(result.current.error).toMatchObject({ type: 'http', ...fields });
    expect(describeChatError(result.current.error).kind).toBe('provider');
  });

  it('non-streaming choices[0].error: the partial message is kept as the failed reply', async () => {
    const fetch = createMockFetch({ tokenDelayMs: 0, seed: 1 });
    const { result } = renderHook(() =>
      useChatCompletion({
        clientOptions: { baseUrl: BASE_URL, fetch, maxRetries: 0 },
        request: { model: 'mock/error-midstream' },
      }),
    );
    await act(() => result.current.send('Hi'));
    const reply = result.current.messages.at(-1);
    expect(reply).toMatchObject({ role: 'assistant', status: 'error', error: result.current.error });
    expect(typeof reply?.content === 'string' && reply.content.length).toBeGreaterThan(20);
  });
});

describe('a mid-stream error whose code is a string', () => {
  it('keeps the partial text and reports a stream error with the string code', async () => {
    const { send, store, reply, container } = setup('mock/error-midstream-string');
    const message = await send('Tell me a story');
    expect(message.status).toBe('error');
    expect(typeof message.content === 'string' && message.content.length).toBeGreaterThan(20);
    expect(message.error).toMatchObject({ type: 'stream', code: 'server_error', status: undefined });
    expect(store.getState().error).toBe(message.error);
    expect(describeChatError(message.error)).toMatchObject({ kind: 'stream', retryable: true });
    await waitFor(() => expect(within(reply()).getByRole('alert').getAttribute('data-kind')).toBe('stream'));
    expect(within(reply()).getByRole('heading', { level: 2 })).toBeTruthy();
    await expectNoAxeViolations(container);
  });
});

describe('a refusal', () => {
  it('is the reply: shown as a refusal notice, done, and sent back on the next turn', async () => {
    const { send, reply, requests, container } = setup('mock/refusal');
    const message = await send('Help me with something bad');
    const text =
      "I'm sorry, but I can't help with “Help me with something bad”. It goes against the usage policy of this mock model.";
    expect(message).toMatchObject({ role: 'assistant', status: 'done', refusal: text });
    expect(message.content ?? '').toBe('');
    const shown = reply().querySelector('.rcc-refusal');
    expect(shown?.textContent).toBe(text);
    expect(within(reply()).queryByRole('alert')).toBeNull();
    await expectNoAxeViolations(container);
    await send('Why not?');
    expect(requests[1]?.messages[1]).toMatchObject({ role: 'assistant', refusal: text });
  });

  it('shows while it streams, token by token', async () => {
    const { store, reply } = setup('mock/refusal', { tokenDelayMs: 20, firstTokenDelayMs: 0 });
    await userEvent.setup().type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}');
    await waitFor(() => {
      expect(store.getState().status).toBe('streaming');
      expect(reply()?.querySelector('.rcc-refusal')?.textContent).toMatch(/^I'm sorry/);
    });
    const partial = reply().querySelector('.rcc-refusal')?.textContent ?? '';
    await waitFor(() => expect(store.getState().status).toBe('idle'));
    const whole = reply().querySelector('.rcc-refusal')?.textContent ?? '';
    expect(whole.startsWith(partial)).toBe(true);
    expect(whole).toMatch(/mock model\.$/);
  });
});

describe('finish_reason "content_filter"', () => {
  it('the partial reply is incomplete, with the content filter notice', async () => {
    const { send, reply } = setup('mock/content-filter');
    const message = await send('Tell me a story');
    expect(message).toMatchObject({
      role: 'assistant',
      status: 'incomplete',
      finishReason: 'content_filter',
    });
    expect(typeof message.content === 'string' && message.content.length).toBeGreaterThan(20);
    const notice = reply().querySelector('[data-finish-reason="content_filter"]');
    expect(notice?.textContent).toBe('The reply was stopped by the content filter.');
    expect(within(reply()).queryByRole('alert')).toBeNull();
    expect(reply().getAttribute('data-status')).toBe('incomplete');
  });
});

describe('file-parser annotations', () => {
  it('are kept on the reply, listed by name among the sources, and sent back unchanged', async () => {
    const { send, reply, requests } = setup('mock/file-parser');
    const message = await send('What is in the file?');
    expect(message.status).toBe('done');
    const annotations = message.role === 'assistant' ? message.annotations : undefined;
    expect(annotations).toEqual([
      {
        type: 'file',
        file: {
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          name: 'sample.pdf',
          content: [{ type: 'text', text: expect.stringContaining('sample.pdf') }],
        },
      },
    ]);
    const sources = within(reply()).getByRole('group', { name: 'Sources' });
    expect(sources.textContent).toContain('sample.pdf');
    await send('And then?');
    expect(requests[1]?.messages[1]).toMatchObject({ role: 'assistant', annotations });
  });
});

describe('system_fingerprint', () => {
  it.each(['absent', 'null'] as const)(
    '%s: the reply streams and finishes as usual',
    async (systemFingerprint) => {
      const { send } = setup('mock/text', { systemFingerprint, replies: ['Fine without it.'] });
      expect(await send('Hi')).toMatchObject({ status: 'done', content: 'Fine without it.' });
    },
  );
});
