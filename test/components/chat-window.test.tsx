import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatCompletionRequest, ChatTool, ToolCallPanel } from '../../src/index.js';
import {
  ChatProvider,
  ChatWindow,
  createChatStore,
  SmoothMarkdownText,
  ThreadList,
  useChatStore,
} from '../../src/index.js';
import type { MockEndpointOptions } from '../../src/testing/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { createMockHandlers } from '../../src/testing/msw.js';
import { createFakeClient, finishChunk, textChunk, textReply, usage } from '../store/helpers.js';
import { expectNoAxeViolations } from './axe-helper';
import { recordingMockFetch } from './fixtures';

const BASE_URL = 'http://127.0.0.1:9/api/v1';

function setup(mock: MockEndpointOptions = {}, props: Partial<Parameters<typeof ChatWindow>[0]> = {}) {
  const { fetch, requests } = recordingMockFetch(mock);
  const user = userEvent.setup();
  const view = render(
    <ChatWindow
      clientOptions={{ baseUrl: BASE_URL, apiKey: 'test-key', fetch, maxRetries: 0 }}
      request={{ model: 'mock/text' }}
      {...props}
    />,
  );
  return { ...view, user, requests, input: () => screen.getByRole('textbox', { name: 'Message' }) };
}

/**
 * A `ChatWindow` on a fake client whose first reply ("Answer", after "First" was sent) is still
 * streaming: what is sent now is queued.
 */
async function whileStreaming() {
  const user = userEvent.setup();
  const fake = createFakeClient();
  const store = createChatStore({ client: fake.client, throttleMs: 0 });
  const view = render(<ChatWindow store={store} />);
  const input = screen.getByRole('textbox', { name: 'Message' });
  await user.type(input, 'First{Enter}');
  await waitFor(() => expect(fake.streams).toHaveLength(1));
  fake.streams[0]?.push(textChunk('Answer'));
  await waitFor(() => expect(store.getState().status).toBe('streaming'));
  return { ...view, user, fake, store, input };
}

const WeatherCard = ({ toolCall, status }: ToolCallPanel.DefaultProps) => (
  <p data-testid="card">{`${toolCall.function.name}:${status?.state}`}</p>
);
const Fallback = ({ toolCall }: ToolCallPanel.DefaultProps) => (
  <p data-testid="fallback">{toolCall.function.name}</p>
);

const Strong = ({ children }: { children?: ReactNode }) => <b data-testid="strong">{children}</b>;

/** The number of messages on the active path of the nearest provider's store. */
function Count() {
  return <p data-testid="count">{useChatStore((state) => state.ids.length)}</p>;
}

const messages = (container: HTMLElement, role: string) =>
  Array.from(container.querySelectorAll(`.rcc-message[data-role="${role}"]`));

// Whole-window flows in jsdom are slow on a shared machine: generous time limits, no timed assertions.
describe('ChatWindow', { timeout: 30_000 }, () => {
  it('chats by keyboard alone: focus returns to the textbox, the reply streams in and is announced', async () => {
    const { container, user, input } = setup({ replies: ['Hello **there**'] });
    await user.tab();
    // Tab order reaches the textbox from the top of the window.
    for (let step = 0; step < 6 && document.activeElement !== input(); step++) await user.tab();
    expect(document.activeElement).toBe(input());
    await user.keyboard('Hi there{Enter}');
    expect(document.activeElement).toBe(input());
    expect(input()).toHaveProperty('value', '');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    const [question] = messages(container, 'user');
    expect(question?.getAttribute('data-status')).toBe('done');
    expect(question?.textContent).toContain('Hi there');
    const answer = messages(container, 'assistant')[0] as HTMLElement;
    expect(answer.querySelector('strong')?.textContent).toBe('there');
    expect(screen.getByRole('status').textContent).toBe('Assistant: Hello there');
    expect(screen.getByRole('log', { name: 'Messages' })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('submitOnEnter={false}: Enter adds a line and Send sends (as on a phone); by default Enter sends', async () => {
    const { container, user, input, requests, unmount } = setup(
      { replies: ['Hello'] },
      { submitOnEnter: false },
    );
    // The on-screen keyboard's Enter key is not labelled Send when it adds a line.
    expect(input().hasAttribute('enterkeyhint')).toBe(false);
    await user.type(input(), 'Line one{Enter}line two');
    expect(input()).toHaveProperty('value', 'Line one\nline two');
    expect(messages(container, 'user')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.messages.at(-1)?.content).toBe('Line one\nline two');
    unmount();
    const byDefault = setup({ replies: ['Hello'] });
    expect(byDefault.input().getAttribute('enterkeyhint')).toBe('send');
    await byDefault.user.type(byDefault.input(), 'Hi{Enter}');
    await waitFor(() => expect(byDefault.requests).toHaveLength(1));
  });

  it('autoFocus focuses the textbox as the window mounts (a chat opened in a popover); by default focus stays', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    const { unmount } = setup();
    expect(document.activeElement).toBe(outside);
    unmount();
    setup({}, { autoFocus: true });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
    outside.remove();
  });

  it('each message is an article under a heading that says who spoke, below the window title', async () => {
    const { container, user, input } = setup({ replies: ['Hello'] });
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    const log = screen.getByRole('log', { name: 'Messages' });
    const articles = within(log).getAllByRole('article');
    expect(articles.map((article) => article.getAttribute('data-role'))).toEqual(['user', 'assistant']);
    // A screen reader lists the headings and jumps between them: one per message, one level
    // under the window's title, the first thing read in each message.
    expect(screen.getByRole('heading', { name: 'Chat' }).tagName).toBe('H2');
    const headings = within(log).getAllByRole('heading', { level: 3 });
    expect(headings.map((heading) => heading.textContent)).toEqual(['You said:', 'Assistant said:']);
    expect(articles.map((article) => within(article).getAllByRole('heading')[0])).toEqual(headings);
    expect(articles[1]?.textContent?.startsWith('Assistant said:')).toBe(true);
    await expectNoAxeViolations(container);
  });

  it('shows Stop while streaming; stopping keeps the partial reply as incomplete', async () => {
    const { container, user, input } = setup({
      tokenDelayMs: 5,
      replies: ['one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen'],
    });
    await user.type(input(), 'Count{Enter}');
    const stop = await screen.findByRole('button', { name: 'Stop' });
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('streaming'),
    );
    await user.click(stop);
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('incomplete'),
    );
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(document.activeElement).toBe(input());
    // Said as what happened: stopped, not a vague "incomplete" that reads like a failure.
    expect(messages(container, 'assistant')[0]?.querySelector('.rcc-message-notice')?.textContent).toBe(
      'The reply was stopped.',
    );
  });

  it('explains an error in plain words and retries', async () => {
    const { container, user, input, requests } = setup({ scenario: 'error-402' });
    await user.type(input(), 'Hello{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You are out of credits.');
    expect(alert.getAttribute('data-kind')).toBe('out-of-credits');
    expect(messages(container, 'user')[0]?.textContent).toContain('Hello');
    await expectNoAxeViolations(container);
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(requests).toHaveLength(2));
  });

  it('a network failure mid-reply keeps the partial text above the notice; Retry keeps it as a version', async () => {
    const encoder = new TextEncoder();
    const event = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'gen', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    let calls = 0;
    // The first reply streams some words, then the connection drops; the second completes.
    const fetch = async () => {
      if (calls++ > 0) {
        const body = `${event({ role: 'assistant', content: 'Whole answer' })}${event({}, 'stop')}data: [DONE]\n\n`;
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      }
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(encoder.encode(event({ role: 'assistant', content: 'Partial words' })));
          setTimeout(() => controller.error(new TypeError('Failed to fetch')), 10);
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const user = userEvent.setup();
    const { container } = render(
      <ChatWindow clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }} request={{ model: 'm' }} />,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-kind')).toBe('network');
    // The server was reached: the notice says the connection broke, not that it could not connect.
    expect(alert.querySelector('.rcc-error-title')?.textContent).toBe(
      'The connection was cut off before the reply finished.',
    );
    const reply = messages(container, 'assistant')[0] as HTMLElement;
    expect(reply.getAttribute('data-status')).toBe('error');
    expect(reply.contains(alert)).toBe(true);
    expect(reply.querySelector('.rcc-message-content')?.textContent).toBe('Partial words');
    within(alert).getByRole('button', { name: 'Retry' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(messages(container, 'assistant')[0]?.textContent).toContain('Whole answer'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
    expect(messages(container, 'user')).toHaveLength(1);
    // The cut reply is not lost: it is the first version of the answer.
    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(messages(container, 'assistant')[0]?.textContent).toContain('Partial words'));
  });

  it('Retry on an earlier failed reply (the user went on after it) asks for that reply again', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    const user = userEvent.setup();
    const { container } = render(<ChatWindow store={store} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    const reply = async (index: number, text: string) => {
      await waitFor(() => expect(fake.streams).toHaveLength(index + 1));
      for (const chunk of textReply(text)) fake.streams[index]?.push(chunk);
      fake.streams[index]?.end();
    };
    await user.type(input, 'One{Enter}');
    await waitFor(() => expect(fake.streams).toHaveLength(1));
    fake.streams[0]?.push(textChunk('Half an answer'));
    fake.streams[0]?.fail(new TypeError('Failed to fetch'));
    const alert = await screen.findByRole('alert');
    await user.type(input, 'Two{Enter}');
    await reply(1, 'Answer to Two');
    await waitFor(() => expect(container.textContent).toContain('Answer to Two'));
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await reply(2, 'Answer to One');
    await waitFor(() => expect(container.textContent).toContain('Answer to One'));
    // Asked for the reply to "One" (not "Two" again), as a new version of the failed reply.
    expect(fake.requests[2]?.messages.map((message) => message.content)).toEqual(['One']);
    expect(messages(container, 'user').map((item) => item.textContent)).toEqual([
      expect.stringContaining('One'),
    ]);
    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(container.textContent).toContain('Answer to Two'));
    expect(container.textContent).toContain('Half an answer');
  });

  it('Retry by keyboard moves focus to the textbox; it does not fall to the page with the notice', async () => {
    const { user, input, requests } = setup({ scenario: 'error-402' });
    await user.type(input(), 'Hello{Enter}');
    const alert = await screen.findByRole('alert');
    within(alert).getByRole('button', { name: 'Retry' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(requests).toHaveLength(2));
    await screen.findByRole('alert');
    expect(document.activeElement).toBe(input());
  });

  it('Regenerate by keyboard moves focus to the textbox; it does not fall to the page with the reply', async () => {
    let replies = 0;
    const { container, user, input } = setup({ replies: () => (replies++ === 0 ? 'Answer A' : 'Answer B') });
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    screen.getByRole('button', { name: 'Regenerate' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(container.textContent).toContain('Answer B'));
    expect(document.activeElement).toBe(input());
  });

  it('Retry and Regenerate tapped on a touch screen or with a pen leave the textbox unfocused (no on-screen keyboard over the reply); by mouse they focus it', async () => {
    let replies = 0;
    const { container, user, input } = setup({
      replies: () => (replies++ === 0 ? { content: 'Half', error: true } : `Answer ${replies}`),
    });
    // A click as browsers send it: a PointerEvent that says what pressed (`detail` 1: a pointer's).
    const press = (button: HTMLElement, pointerType: string) => {
      act(() => button.focus());
      fireEvent(
        button,
        new PointerEvent('click', { bubbles: true, cancelable: true, detail: 1, pointerType }),
      );
    };
    const reply = () => messages(container, 'assistant')[0] as HTMLElement;
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(reply().getAttribute('data-status')).toBe('error'));
    press(within(screen.getByRole('alert')).getByRole('button', { name: 'Retry' }), 'touch');
    await waitFor(() => expect(container.textContent).toContain('Answer 2'));
    expect(document.activeElement).not.toBe(input());
    press(screen.getByRole('button', { name: 'Regenerate' }), 'pen');
    await waitFor(() => expect(container.textContent).toContain('Answer 3'));
    expect(document.activeElement).not.toBe(input());
    press(screen.getByRole('button', { name: 'Regenerate' }), 'mouse');
    await waitFor(() => expect(container.textContent).toContain('Answer 4'));
    expect(document.activeElement).toBe(input());
  });

  it('a spoken reply (audio, no text content) shows its transcript once, as its text', async () => {
    const { container, user, input } = setup({}, { request: { model: 'mock/audio' } });
    await user.type(input(), 'Sing{Enter}');
    await waitFor(() =>
      expect(container.querySelector('[data-role="assistant"][data-status="done"]')).not.toBeNull(),
    );
    const reply = messages(container, 'assistant')[0] as HTMLElement;
    const transcript = /^Here is a short tone in answer to “Sing”/;
    expect(within(reply).getAllByText(transcript)).toHaveLength(1);
    expect(reply.querySelector('.rcc-audio')).not.toBeNull();
  });

  it('edits a message into a new branch and moves between versions', async () => {
    const lastUserText = (request: ChatCompletionRequest) => String(request.messages.at(-1)?.content);
    const { container, user, input } = setup({
      replies: (request) => (lastUserText(request) === 'Question two' ? 'Second answer' : 'First answer'),
    });
    await user.type(input(), 'Question one{Enter}');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    const question = messages(container, 'user')[0] as HTMLElement;
    await user.click(within(question).getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Edit message' });
    expect(document.activeElement).toBe(editor);
    await user.clear(editor);
    await user.keyboard('Question two{Enter}');
    // The edited message leaves the list (a new version replaces it): focus goes to the textbox.
    expect(document.activeElement).toBe(input());
    await waitFor(() => expect(container.textContent).toContain('Second answer'));
    const edited = messages(container, 'user')[0] as HTMLElement;
    expect(edited.textContent).toContain('Question two');
    expect(within(edited).getByRole('group', { name: 'Version 2 of 2' }).textContent).toContain('2 / 2');
    await user.click(within(edited).getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(messages(container, 'user')[0]?.textContent).toContain('Question one'));
    expect(container.textContent).toContain('First answer');
    // The row was replaced: focus is in the new row's picker (Previous is disabled on the first
    // version, so Next), not on the page; the keyboard goes on from there.
    const version = (name: string) =>
      within(messages(container, 'user')[0] as HTMLElement).getByRole('button', { name });
    expect(document.activeElement).toBe(version('Next version'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(messages(container, 'user')[0]?.textContent).toContain('Question two'));
    expect(document.activeElement).toBe(version('Previous version'));
  });

  it('glyphs and the file input are hidden from screen readers (aria-hidden="true"); the announcer reads whole', async () => {
    const { container, user, input } = setup({ replies: ['Reply'] }, { threads: true });
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(container.textContent).toContain('2 / 2'));
    const hidden = Array.from(container.querySelectorAll('[aria-hidden]'));
    expect(hidden.map((element) => element.getAttribute('aria-hidden'))).toEqual(hidden.map(() => 'true'));
    expect(hidden.map((element) => element.textContent)).toEqual(
      expect.arrayContaining(['✎', '×', '+', '‹', '›', '2 / 2']),
    );
    expect(container.querySelector('input[type="file"]')?.getAttribute('aria-hidden')).toBe('true');
    expect(container.querySelector('[role="status"][aria-live="polite"]')?.getAttribute('aria-atomic')).toBe(
      'true',
    );
  });

  it('cancelling an edit returns focus to the Edit button and keeps the message', async () => {
    const { container, user, input, requests } = setup({ replies: ['Answer'] });
    await user.type(input(), 'Keep me{Enter}');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    const question = messages(container, 'user')[0] as HTMLElement;
    await user.click(within(question).getByRole('button', { name: 'Edit' }));
    await user.type(screen.getByRole('textbox', { name: 'Edit message' }), ' changed');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const button = within(messages(container, 'user')[0] as HTMLElement).getByRole('button', {
      name: 'Edit',
    });
    await waitFor(() => expect(document.activeElement).toBe(button));
    expect(messages(container, 'user')[0]?.textContent).toContain('Keep me');
    expect(messages(container, 'user')[0]?.textContent).not.toContain('changed');
    expect(requests).toHaveLength(1);
  });

  it('regenerates a reply as a new version', async () => {
    let replies = 0;
    const { container, user, input } = setup({ replies: () => (replies++ === 0 ? 'Answer A' : 'Answer B') });
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(container.textContent).toContain('Answer A'));
    // Regenerate (the message footer) shows once the reply has ended, not once its text does.
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(container.textContent).toContain('Answer B'));
    // So does the version picker, once the new version has ended.
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    const answer = messages(container, 'assistant')[0] as HTMLElement;
    expect(within(answer).getByRole('group', { name: 'Version 2 of 2' }).textContent).toContain('2 / 2');
  });

  it('sends with the model chosen in the picker', async () => {
    const { user, input, requests } = setup({}, { models: ['mock/text', 'mock/reasoning'] });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'mock/reasoning');
    await user.type(input(), 'Think{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.model).toBe('mock/reasoning');
  });

  it('models may be ModelInfos: the picker shows their names and sends their ids', async () => {
    const { user, input, requests } = setup(
      {},
      {
        request: {},
        models: [
          { id: 'mock/text', name: 'Plain text' },
          { id: 'mock/reasoning', name: 'Thinks first' },
          'mock/json',
        ],
      },
    );
    const picker = screen.getByRole('combobox', { name: 'Model' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Plain text', 'Thinks first', 'mock/json']);
    await user.selectOptions(picker, 'Thinks first');
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.model).toBe('mock/reasoning');
  });

  it('without a request model, sends the model the picker shows (the first), not the endpoint default', async () => {
    const { user, input, requests } = setup({}, { request: {}, models: ['mock/text', 'mock/reasoning'] });
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveProperty('value', 'mock/text');
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.model).toBe('mock/text');
  });

  it('sends the model of the latest request prop, with or without a picker, until the user picks one', async () => {
    const { user, input, requests, rerender } = setup({}, { request: { model: 'mock/text' } });
    const props = {
      clientOptions: {
        baseUrl: BASE_URL,
        fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => requests.push(body) }),
        maxRetries: 0,
      },
    };
    rerender(<ChatWindow {...props} request={{ model: 'mock/reasoning' }} />);
    await user.type(input(), 'One{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.model).toBe('mock/reasoning');
    const models = ['mock/text', 'mock/reasoning', 'mock/json'];
    rerender(<ChatWindow {...props} request={{ model: 'mock/json' }} models={models} />);
    const picker = screen.getByRole('combobox', { name: 'Model' });
    expect(picker).toHaveProperty('value', 'mock/json');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull());
    await user.type(input(), 'Two{Enter}');
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.model).toBe('mock/json');
    // The user's choice then wins over the app's.
    await user.selectOptions(picker, 'mock/text');
    rerender(<ChatWindow {...props} request={{ model: 'mock/reasoning' }} models={models} />);
    expect(picker).toHaveProperty('value', 'mock/text');
  });

  it("sends the request prop's latest fallback models; with the chooser, the user's (none when all are unpicked)", async () => {
    const { user, input, requests, rerender } = setup(
      {},
      { request: { model: 'mock/text', models: ['mock/json'] } },
    );
    const props = {
      clientOptions: {
        baseUrl: BASE_URL,
        fetch: createMockFetch({ tokenDelayMs: 0, onRequest: (body) => requests.push(body) }),
        maxRetries: 0,
      },
      models: ['mock/text', 'mock/json', 'mock/reasoning'],
    };
    rerender(<ChatWindow {...props} request={{ model: 'mock/text', models: ['mock/reasoning'] }} />);
    await user.type(input(), 'One{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.models).toEqual(['mock/reasoning']);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull());
    rerender(
      <ChatWindow {...props} request={{ model: 'mock/text', models: ['mock/json'] }} fallbackModels />,
    );
    const chooser = screen.getByRole('listbox', { name: 'Fallback models' });
    await user.deselectOptions(chooser, 'mock/json');
    await user.type(input(), 'Two{Enter}');
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.models).toBeUndefined();
  });

  it('two windows with their own titles have landmarks of their own', async () => {
    const clientOptions = { baseUrl: BASE_URL, fetch: createMockFetch({ tokenDelayMs: 0 }) };
    const { container } = render(
      <>
        <ChatWindow title="Support" threads clientOptions={clientOptions} />
        <ChatWindow title="Sales" threads clientOptions={clientOptions} />
      </>,
    );
    expect(screen.getAllByRole('navigation').map((nav) => nav.getAttribute('aria-label'))).toEqual([
      'Support conversations',
      'Sales conversations',
    ]);
    expect(screen.getByRole('region', { name: 'Sales' })).toBeTruthy();
    // Axe's landmark-unique among them: no two landmarks of one role share a name.
    await expectNoAxeViolations(container);
  });

  it("style sets the theme's variables on the window alone", () => {
    const { container } = setup(
      {},
      { style: { height: '50vh', '--rcc-height': '600px', '--rcc-accent': '#0a7' } },
    );
    const root = container.querySelector<HTMLElement>('.rcc-chat-window');
    expect(root?.style.getPropertyValue('--rcc-height')).toBe('600px');
    expect(root?.style.getPropertyValue('--rcc-accent')).toBe('#0a7');
    expect(root?.style.height).toBe('50vh');
  });

  it('a file dragged over the chat but not onto the composer cannot be dropped (the browser would leave the page for it)', () => {
    const { container } = render(
      <ChatWindow clientOptions={{ baseUrl: BASE_URL, fetch: createMockFetch() }} />,
    );
    const drag = (element: Element, types: string[]) => {
      const dataTransfer = { types, files: [], dropEffect: 'copy' };
      const allowed = fireEvent.dragOver(element, { dataTransfer });
      return { prevented: !allowed, dropEffect: dataTransfer.dropEffect };
    };
    const log = screen.getByRole('log');
    expect(drag(log, ['Files'])).toEqual({ prevented: true, dropEffect: 'none' });
    // Text dragged over the list is left to the browser; the composer takes files.
    expect(drag(log, ['text/plain'])).toEqual({ prevented: false, dropEffect: 'copy' });
    const form = container.querySelector('form') as HTMLFormElement;
    expect(drag(form, ['Files'])).toEqual({ prevented: true, dropEffect: 'copy' });
    expect(form.hasAttribute('data-dragging')).toBe(true);
  });

  it('manages threads: create, rename by keyboard, switch and delete', async () => {
    const { container, user, input } = setup({ replies: ['Reply'] }, { threads: true });
    await user.type(input(), 'In the first thread{Enter}');
    await waitFor(() => expect(container.textContent).toContain('Reply'));
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    await user.click(within(nav).getByRole('button', { name: 'New chat' }));
    expect(document.activeElement).toBe(input());
    expect(messages(container, 'user')).toHaveLength(0);
    const items = within(nav).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    // The new chat is still empty: pressing New chat again opens no second empty one (the
    // button comes before the thread of the same title).
    await user.click(within(nav).getAllByRole('button', { name: 'New chat' })[0] as HTMLElement);
    expect(within(nav).getAllByRole('listitem')).toHaveLength(2);
    expect(document.activeElement).toBe(input());
    const current = within(nav).getByRole('button', { current: 'page' });
    const renameButtons = within(nav).getAllByRole('button', { name: /^Rename/ });
    // The first row is the current thread: the one renamed below.
    expect(renameButtons[0]?.closest('li')).toBe(current.closest('li'));
    await user.click(renameButtons[0] as HTMLElement);
    const field = within(nav).getByRole('textbox');
    await user.clear(field);
    await user.keyboard('Plans{Enter}');
    expect(within(nav).getByRole('button', { name: 'Plans', current: 'page' })).toBe(
      within(nav).getByRole('button', { current: 'page' }),
    );
    const other = within(nav)
      .getAllByRole('button')
      .find(
        (button) => button.classList.contains('rcc-thread-switch') && !button.hasAttribute('aria-current'),
      );
    await user.click(other as HTMLElement);
    await waitFor(() => expect(container.textContent).toContain('In the first thread'));
    await user.click(within(nav).getByRole('button', { name: 'Delete “Plans”' }));
    expect(within(nav).getAllByRole('listitem')).toHaveLength(1);
    // The deleted row took its button away: focus is on the conversation left, not the page.
    expect(document.activeElement).toBe(within(nav).getByRole('button', { current: 'page' }));
    await expectNoAxeViolations(container);
  });

  it('Tab reaches Rename and Delete of the conversation shown only: one stop per other conversation', async () => {
    const { container, user, input } = setup({ replies: ['Reply'] }, { threads: true });
    await user.type(input(), 'Trips{Enter}');
    await waitFor(() => expect(messages(container, 'assistant')).toHaveLength(1));
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    await user.click(within(nav).getByRole('button', { name: 'New chat' }));
    await user.type(input(), 'Plans{Enter}');
    await waitFor(() => expect(messages(container, 'assistant')).toHaveLength(1));
    await user.click(within(nav).getByRole('button', { name: 'New chat' }));
    await user.type(input(), 'Books{Enter}');
    await waitFor(() => expect(messages(container, 'assistant')).toHaveLength(1));
    within(nav).getByRole('button', { name: 'New chat' }).focus();
    const stops: string[] = [];
    for (let presses = 0; presses < 6; presses++) {
      await user.tab();
      const active = document.activeElement as HTMLElement;
      if (!nav.contains(active)) break;
      stops.push(active.getAttribute('aria-label') ?? active.textContent ?? '');
    }
    expect(stops).toEqual(['Books', 'Rename “Books”', 'Delete “Books”', 'Plans', 'Trips']);
    // Shown, another conversation's Rename and Delete are the stops.
    await user.tab({ shift: true });
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Trips'),
    );
    await user.tab();
    expect(document.activeElement).toBe(within(nav).getByRole('button', { name: 'Rename “Trips”' }));
    // A mouse still reaches every conversation's buttons.
    await user.click(within(nav).getByRole('button', { name: 'Delete “Plans”' }));
    expect(within(nav).getAllByRole('listitem')).toHaveLength(2);
  });

  it('Rename by keyboard moves focus into the field it opens (the hidden button does not keep it)', async () => {
    const { user } = setup({}, { threads: true });
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    within(nav).getByRole('button', { name: 'Rename “New chat”' }).focus();
    await user.keyboard('{Enter}');
    const field = within(nav).getByRole('textbox', { name: 'Rename “New chat”' });
    expect(document.activeElement).toBe(field);
    await user.keyboard('Plans{Enter}');
    expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Plans');
  });

  it('leaving the rename field saves and leaves focus where the user took it (Tab, or a click in the textbox)', async () => {
    const { user, input } = setup({}, { threads: true });
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    await user.click(within(nav).getByRole('button', { name: 'Rename “New chat”' }));
    await user.keyboard('Plans');
    await user.click(input());
    expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Plans');
    // Not pulled back to the Rename button: what the user types goes into the textbox.
    expect(document.activeElement).toBe(input());
    await user.keyboard('Hello');
    expect(input()).toHaveProperty('value', 'Hello');
    await user.click(within(nav).getByRole('button', { name: 'Rename “Plans”' }));
    await user.keyboard('Trips{Tab}');
    expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Trips');
    expect(document.activeElement).toBe(within(nav).getByRole('button', { name: 'Delete “Trips”' }));
  });

  it('deleting the only conversation by keyboard moves focus to the textbox, not the page', async () => {
    const { container, user, input } = setup({ replies: ['Reply'] }, { threads: true });
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(messages(container, 'assistant')).toHaveLength(1));
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    expect(within(nav).getAllByRole('listitem')).toHaveLength(1);
    within(nav)
      .getByRole('button', { name: /^Delete/ })
      .focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(container.querySelector('.rcc-message')).toBeNull());
    expect(document.activeElement).toBe(input());
  });

  it('ThreadList shows the name a thread takes from messages passed in (initialMessages, setMessages)', async () => {
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [
        { role: 'assistant', content: 'Welcome' },
        { role: 'user', content: 'Plan a trip' },
      ],
    });
    const { container } = render(
      <ChatProvider store={store}>
        <ThreadList.Default />
      </ChatProvider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Plan a trip');
    act(() => {
      store.getState().createThread();
      store.getState().setMessages([{ role: 'user', content: 'Imported question' }]);
    });
    expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Imported question');
    expect(within(nav).getByRole('button', { name: 'Rename “Imported question”' })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('ThreadList.New creates a thread without an onCreate, and reuses an empty one', async () => {
    const user = userEvent.setup();
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [{ role: 'user', content: 'Earlier' }],
    });
    render(
      <ChatProvider store={store}>
        <ThreadList.Default />
      </ChatProvider>,
    );
    const newChat = () => screen.getAllByRole('button', { name: 'New chat' })[0] as HTMLElement;
    await user.click(newChat());
    expect(store.getState().threads).toHaveLength(2);
    expect(store.getState().ids).toEqual([]);
    await user.click(newChat());
    expect(store.getState().threads).toHaveLength(2);
  });

  it('queues what is sent while a reply streams: listed with Cancel, then sent in order', async () => {
    const { container, user, fake, input } = await whileStreaming();
    await user.type(input, 'Second{Enter}');
    await user.type(input, 'Third{Enter}');
    const queue = screen.getByRole('list', { name: 'Queued messages' });
    expect(
      within(queue)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['SecondCancel', 'ThirdCancel']);
    await user.click(within(queue).getByRole('button', { name: 'Cancel queued message “Second”' }));
    expect(
      within(screen.getByRole('list', { name: 'Queued messages' })).getAllByRole('listitem'),
    ).toHaveLength(1);
    fake.streams[0]?.push(finishChunk());
    fake.streams[0]?.end();
    // The reply ends; the queued message goes out on its own, and the list is gone.
    await waitFor(() => expect(fake.streams).toHaveLength(2));
    expect(screen.queryByRole('list', { name: 'Queued messages' })).toBeNull();
    expect(fake.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: 'Third' });
    expect(messages(container, 'user').map((item) => item.textContent)).toEqual([
      expect.stringContaining('First'),
      expect.stringContaining('Third'),
    ]);
    await expectNoAxeViolations(container);
  });

  it('cancelling a queued message by keyboard moves focus to the textbox, not the page', async () => {
    const { user, input } = await whileStreaming();
    await user.type(input, 'Second{Enter}');
    screen.getByRole('button', { name: 'Cancel queued message “Second”' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('list', { name: 'Queued messages' })).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it('a focused Cancel whose queued message goes out hands focus to the textbox, not the page', async () => {
    const { user, fake, input } = await whileStreaming();
    await user.type(input, 'Second{Enter}');
    screen.getByRole('button', { name: 'Cancel queued message “Second”' }).focus();
    fake.streams[0]?.push(finishChunk());
    fake.streams[0]?.end();
    await waitFor(() => expect(fake.streams).toHaveLength(2));
    expect(screen.queryByRole('list', { name: 'Queued messages' })).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it('names the Cancel button of a queued message with attachments only', async () => {
    const { container, user } = await whileStreaming();
    const file = new File([new Uint8Array(4)], 'cat.png', { type: 'image/png' });
    await user.upload(container.querySelector('input[type="file"]') as HTMLInputElement, file);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false),
    );
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const queue = screen.getByRole('list', { name: 'Queued messages' });
    expect(within(queue).getByRole('button').getAttribute('aria-label')).toBe(
      'Cancel queued message “Attachment”',
    );
  });

  it('renders a hostile reply with nothing executable', async () => {
    const { container, user, input } = setup({ scenario: 'xss' });
    await user.type(input(), 'Attack{Enter}');
    // The hostile reply calls an unknown tool once, then answers with the error quoted.
    await waitFor(() => expect(container.textContent).toContain("<script>alert('xss-script')</script>"), {
      timeout: 15_000,
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull(), {
      timeout: 15_000,
    });
    for (const element of Array.from(container.querySelectorAll('*'))) {
      if (element.tagName === 'STYLE') {
        // Radix's own scrollbar-hiding rule is the only style element allowed.
        expect(element.textContent).toContain('[data-radix-scroll-area-viewport]');
        continue;
      }
      expect(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'svg']).not.toContain(element.tagName);
      for (const attribute of Array.from(element.attributes)) {
        expect(attribute.name.startsWith('on')).toBe(false);
        if (attribute.name === 'href') expect(attribute.value).toMatch(/^(https?:|mailto:)/);
        if (attribute.name === 'src')
          expect(attribute.value).toMatch(/^(https:|data:image\/(png|jpeg|gif|webp))/);
      }
    }
    expect(container.textContent).toContain('render_html');
  });

  it('two windows on one page: no id twice, no axe violation, each sends from its own composer', async () => {
    const user = userEvent.setup();
    const chatWindow = (title: string, replies: string[]) => {
      const requests: ChatCompletionRequest[] = [];
      const fetch = createMockFetch({ tokenDelayMs: 0, replies, onRequest: (body) => requests.push(body) });
      return {
        requests,
        element: (
          <ChatWindow
            title={title}
            clientOptions={{ baseUrl: BASE_URL, fetch, maxRetries: 0 }}
            request={{ model: 'mock/reasoning', reasoning: { effort: 'low' } }}
            models={['mock/reasoning', 'mock/text']}
            fallbackModels
          />
        ),
      };
    };
    const left = chatWindow('Left', ['Left answer']);
    const right = chatWindow('Right', ['Right answer']);
    const { container } = render(
      <>
        {left.element}
        {right.element}
      </>,
    );
    const region = (name: string) => screen.getByRole('region', { name });
    const textbox = (name: string) => within(region(name)).getByRole('textbox', { name: 'Message' });
    await user.type(textbox('Right'), 'To the right{Enter}');
    expect(document.activeElement).toBe(textbox('Right'));
    await waitFor(() => expect(region('Right').textContent).toContain('Right answer'));
    await user.type(textbox('Left'), 'To the left{Enter}');
    expect(document.activeElement).toBe(textbox('Left'));
    await waitFor(() => expect(region('Left').textContent).toContain('Left answer'));
    expect(left.requests.map((request) => request.messages.at(-1)?.content)).toEqual(['To the left']);
    expect(right.requests.map((request) => request.messages.at(-1)?.content)).toEqual(['To the right']);
    // Both replies finished (no Stop in either window), so axe reads what stays.
    await waitFor(() => expect(screen.queryAllByRole('button', { name: 'Stop' })).toHaveLength(0));
    // Reasoning panels, model and fallback selects, tool blocks: every id made per instance.
    const ids = Array.from(container.querySelectorAll('[id]'), (element) => element.id);
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const label of Array.from(container.querySelectorAll('label'))) {
      expect(container.querySelectorAll(`[id="${label.htmlFor}"]`)).toHaveLength(1);
    }
    await expectNoAxeViolations(container);
  });

  it('two windows of one ChatProvider: Regenerate, Retry, a saved edit, a cancelled queued message and a deleted thread focus the composer of the window acted in', async () => {
    const user = userEvent.setup();
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, throttleMs: 0 });
    render(
      <ChatProvider store={store}>
        <ChatWindow title="Main" threads />
        <ChatWindow title="Mini" threads />
      </ChatProvider>,
    );
    // Every action below is taken in Main, the window mounted first, after typing in Mini.
    const main = () => screen.getByRole('region', { name: 'Main' });
    const textbox = (name: string) =>
      within(screen.getByRole('region', { name })).getByRole('textbox', { name: 'Message' });
    await user.type(textbox('Mini'), 'First{Enter}');
    await waitFor(() => expect(fake.streams).toHaveLength(1));
    fake.streams[0]?.push(textChunk('Answer'));
    await waitFor(() => expect(store.getState().status).toBe('streaming'));
    await user.type(textbox('Mini'), 'Queued{Enter}');
    await user.click(within(main()).getByRole('button', { name: 'Cancel queued message “Queued”' }));
    expect(store.getState().queue).toEqual([]);
    expect(document.activeElement).toBe(textbox('Main'));
    fake.streams[0]?.push(finishChunk());
    fake.streams[0]?.end();
    await waitFor(() => expect(store.getState().status).toBe('idle'));

    await user.click(textbox('Mini'));
    await user.click(within(main()).getByRole('button', { name: 'Regenerate' }));
    expect(document.activeElement).toBe(textbox('Main'));
    await waitFor(() => expect(fake.streams).toHaveLength(2));
    fake.streams[1]?.fail(new TypeError('Failed to fetch'));
    const alert = await within(main()).findByRole('alert');

    await user.click(textbox('Mini'));
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(document.activeElement).toBe(textbox('Main'));
    await waitFor(() => expect(fake.streams).toHaveLength(3));
    for (const chunk of textReply('Again')) fake.streams[2]?.push(chunk);
    fake.streams[2]?.end();
    await waitFor(() => expect(store.getState().status).toBe('idle'));

    await user.click(textbox('Mini'));
    const question = within(main()).getAllByRole('article')[0] as HTMLElement;
    await user.click(within(question).getByRole('button', { name: 'Edit' }));
    await user.keyboard(' again{Enter}');
    expect(document.activeElement).toBe(textbox('Main'));
    await waitFor(() => expect(fake.streams).toHaveLength(4));
    expect(fake.requests[3]?.messages.at(-1)?.content).toBe('First again');
    for (const chunk of textReply('Done')) fake.streams[3]?.push(chunk);
    fake.streams[3]?.end();
    await waitFor(() => expect(store.getState().status).toBe('idle'));

    // The only thread goes (a new empty one replaces it): no neighbour to focus, so the composer.
    await user.click(textbox('Mini'));
    const threads = screen.getByRole('navigation', { name: 'Main conversations' });
    await user.click(within(threads).getByRole('button', { name: 'Delete “First”' }));
    expect(store.getState().ids).toEqual([]);
    expect(document.activeElement).toBe(textbox('Main'));
  });

  it('two windows of one ChatProvider: the "No reply yet." notice\'s Retry focuses the composer of the window acted in', async () => {
    const user = userEvent.setup();
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      initialMessages: [{ role: 'user', content: 'Unanswered' }],
    });
    render(
      <ChatProvider store={store}>
        <ChatWindow title="Main" />
        <ChatWindow title="Mini" />
      </ChatProvider>,
    );
    const region = (name: string) => screen.getByRole('region', { name });
    const textbox = (name: string) => within(region(name)).getByRole('textbox', { name: 'Message' });
    const notice = region('Main').querySelector('[data-kind="unanswered"]') as HTMLElement;
    expect(notice.textContent).toContain('No reply yet.');
    await user.click(textbox('Mini'));
    await user.click(within(notice).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.streams).toHaveLength(1));
    expect(fake.requests[0]?.messages.map((message) => message.content)).toEqual(['Unanswered']);
    expect(document.activeElement).toBe(textbox('Main'));
  });

  it('thread usage claims no cost where the endpoint reports none (only the three counts)', async () => {
    const user = userEvent.setup();
    const fake = createFakeClient(textReply('Hi there', usage(3, 4)), textReply('Again', usage(5, 6)));
    const { container } = render(<ChatWindow client={fake.client} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    await user.type(input, 'Hello{Enter}');
    await waitFor(() => expect(container.querySelector('.rcc-thread-usage')).not.toBeNull());
    await user.type(input, 'More{Enter}');
    await waitFor(() =>
      expect(container.querySelector('.rcc-thread-usage')?.textContent).toBe(
        'Thread: 18 tokens (8 in, 10 out)',
      ),
    );
  });

  it('a fallback model made the main model is not sent as its own fallback (the chooser no longer shows it)', async () => {
    const { user, input, requests } = setup(
      {},
      {
        request: { model: 'mock/text' },
        models: ['mock/text', 'mock/auto', 'mock/reasoning'],
        fallbackModels: true,
      },
    );
    const fallback = screen.getByRole('listbox', { name: 'Fallback models' }) as HTMLSelectElement;
    await user.selectOptions(fallback, ['mock/auto', 'mock/reasoning']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'mock/auto');
    expect(Array.from(fallback.selectedOptions, (option) => option.value)).toEqual(['mock/reasoning']);
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ model: 'mock/auto', models: ['mock/reasoning'] });
  });

  it('window props: tool panels by name with a fallback, no usage, no attachments, a controlled model', async () => {
    const tool = (name: string): ChatTool => ({
      name,
      description: name,
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
      execute: async () => ({ ok: name }),
    });
    const models: string[] = [];
    const { container, user, input, requests } = setup(
      {},
      {
        request: { model: 'mock/auto' },
        tools: [tool('get_weather'), tool('get_time')],
        toolComponents: { get_weather: WeatherCard },
        toolFallback: Fallback,
        showUsage: false,
        attachments: false,
        models: ['mock/auto', 'mock/text'],
        model: 'mock/auto',
        onModelChange: (model) => models.push(model),
        fallbackModels: true,
      },
    );
    await user.selectOptions(screen.getByRole('listbox', { name: 'Fallback models' }), 'mock/text');
    // Controlled: the change is reported, and the window keeps the model it is given.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'mock/text');
    expect(models).toEqual(['mock/text']);
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveProperty('value', 'mock/auto');
    await user.type(input(), 'The weather and the time in Paris?{Enter}');
    await waitFor(() => expect(screen.getByTestId('card').textContent).toBe('get_weather:done'));
    expect(screen.getByTestId('fallback').textContent).toBe('get_time');
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[0]).toMatchObject({ model: 'mock/auto', models: ['mock/text'] });
    await waitFor(() =>
      expect(messages(container, 'assistant').at(-1)?.getAttribute('data-status')).toBe('done'),
    );
    expect(container.querySelector('.rcc-thread-usage')).toBeNull();
    expect(container.querySelector('.rcc-usage')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Attach files' })).toBeNull();
  });

  it('a persisted window put in place of another at once while a reply streams shows the thread so far', async () => {
    const fake = createFakeClient();
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
      removeItem: (key: string) => void saved.delete(key),
    };
    const user = userEvent.setup();
    const props = { client: fake.client, threads: true, persist: { key: 'remount', storage } };
    const { container, rerender } = render(<ChatWindow key="a" {...props} />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}');
    await waitFor(() => expect(fake.streams).toHaveLength(1));
    fake.streams[0]?.push(textChunk('Partial'));
    await waitFor(() => expect(container.textContent).toContain('Partial'));
    // Another key: the new window (and its store) is made before the old one is unmounted.
    rerender(<ChatWindow key="b" {...props} />);
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    expect(within(nav).getByRole('button', { current: 'page' }).textContent).toBe('Hello');
    expect(messages(container, 'user')[0]?.textContent).toContain('Hello');
    const reply = messages(container, 'assistant')[0];
    expect(reply?.getAttribute('data-status')).toBe('incomplete');
    expect(reply?.querySelector('.rcc-message-content')?.textContent).toBe('Partial');
  });

  it('says while the chat cannot be saved (storage full), as an alert, and nothing once saving works again', async () => {
    const fake = createFakeClient();
    let full = true;
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        saved.set(key, value);
      },
      removeItem: (key: string) => void saved.delete(key),
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const user = userEvent.setup();
    const { container } = render(
      <ChatWindow client={fake.client} throttleMs={0} persist={{ key: 'full', storage, throttleMs: 0 }} />,
    );
    expect(container.querySelector('.rcc-storage-error')).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}');
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toBe('This chat cannot be saved in this browser now: a reload would lose it.');
    expect(notice.className).toBe('rcc-storage-error');
    expect(warn).toHaveBeenCalled();
    full = false;
    const stream = await fake.stream(0);
    stream.push(textChunk('Hi'), finishChunk('stop'));
    stream.end();
    await waitFor(() => expect(saved.get('full')).toContain('Hi'));
    await waitFor(() => expect(container.querySelector('.rcc-storage-error')).toBeNull());
    warn.mockRestore();
  });

  it('a message left without a reply (stopped before the first token, or failed and then reloaded) offers Retry', async () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
      removeItem: (key: string) => void saved.delete(key),
    };
    const rateLimited = () =>
      new Response('{"error":{"code":429,"message":"Rate limit exceeded"}}', {
        status: 429,
        headers: { 'content-type': 'application/json' },
      });
    const user = userEvent.setup();
    const props = { persist: { key: 'unanswered', storage }, request: { model: 'm' } };
    const first = render(
      <ChatWindow
        {...props}
        clientOptions={{ baseUrl: BASE_URL, fetch: async () => rateLimited(), maxRetries: 0 }}
      />,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}');
    await screen.findByRole('alert');
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    first.unmount();

    // Reloaded: the error is gone with the request; the message is not left without a way on.
    const fake = createFakeClient();
    const { container } = render(<ChatWindow {...props} client={fake.client} />);
    await waitFor(() => expect(messages(container, 'user')[0]?.textContent).toContain('Hello'));
    const notice = container.querySelector('.rcc-chat-error[data-kind="unanswered"]') as HTMLElement;
    expect(notice.textContent).toContain('No reply yet.');
    // Shown again, not announced again.
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(within(notice).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.streams).toHaveLength(1));
    expect(fake.requests[0]?.messages.map((message) => message.content)).toEqual(['Hello']);
    expect(container.querySelector('[data-kind="unanswered"]')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));

    // Stopped before the first token: no reply, and Retry asks again.
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(container.querySelector('[data-kind="unanswered"]')).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.streams).toHaveLength(2));
    for (const chunk of textReply('Hi there.')) fake.streams[1]?.push(chunk);
    fake.streams[1]?.end();
    await waitFor(() => expect(container.textContent).toContain('Hi there.'));
    expect(container.querySelector('[data-kind="unanswered"]')).toBeNull();
    expect(messages(container, 'user')).toHaveLength(1);
    await expectNoAxeViolations(container);
  });

  it('window props: title, placeholder, empty, nonce, renderText, markdownComponents, persist', async () => {
    const props = {
      title: 'Support',
      placeholder: 'Ask support',
      empty: 'Nothing yet',
      nonce: 'n0nce',
      persist: { key: 'window-props' },
      markdownComponents: { strong: Strong },
    };
    const { container, user, input, unmount } = setup({ replies: ['A **bold** answer'] }, props);
    const region = screen.getByRole('region', { name: 'Support' });
    expect(within(region).getByRole('heading', { name: 'Support' })).toBeTruthy();
    expect(input().getAttribute('placeholder')).toBe('Ask support');
    expect(region.textContent).toContain('Nothing yet');
    const style = container.querySelector('style') as HTMLStyleElement;
    expect(style.nonce || style.getAttribute('nonce')).toBe('n0nce');
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() => expect(screen.getByTestId('strong').textContent).toBe('bold'));
    // The whole reply, not the part streamed so far, before the window goes.
    await waitFor(() =>
      expect(container.querySelector('[data-role="assistant"]')?.getAttribute('data-status')).toBe('done'),
    );
    unmount();
    // Kept under the key: a new window (a reload) shows the thread, through its own renderText.
    render(
      <ChatWindow
        clientOptions={{ baseUrl: BASE_URL, fetch: createMockFetch() }}
        persist={{ key: 'window-props' }}
        renderText={(text, message) => <p data-testid={`text-${message.role}`}>{text.toUpperCase()}</p>}
      />,
    );
    expect((await screen.findByTestId('text-assistant')).textContent).toBe('A **BOLD** ANSWER');
    expect(screen.getByTestId('text-user').textContent).toBe('HI');
    localStorage.removeItem('window-props');
  });

  it("passes ChatProvider's props on: client, system, whenBusy and callbacks", async () => {
    const user = userEvent.setup();
    const fake = createFakeClient();
    const onFinish = vi.fn();
    const onChunk = vi.fn();
    const props = { client: fake.client, system: 'Be brief.', throttleMs: 0, onFinish, onChunk };
    const { unmount } = render(<ChatWindow {...props} whenBusy="interrupt" />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'one{Enter}');
    const first = await fake.stream(0);
    first.push(textChunk('Half'));
    await waitFor(() => expect(onChunk).toHaveBeenCalledTimes(1));
    // 'interrupt': sending while the reply streams stops it and asks at once.
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'two{Enter}');
    await fake.stream(1);
    expect(first.signal?.aborted).toBe(true);
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ isAbort: true }));
    expect(fake.requests[1]?.messages.map((message) => `${message.role}:${message.content}`)).toEqual([
      'system:Be brief.',
      'user:one',
      'assistant:Half',
      'user:two',
    ]);
    unmount();
    // 'reject': nothing can be sent while a reply streams.
    render(<ChatWindow {...props} whenBusy="reject" />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'three{Enter}');
    const third = await fake.stream(2);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'four');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    third.push(textChunk('Done'), finishChunk());
    third.end();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false),
    );
    expect(onFinish).toHaveBeenLastCalledWith(
      expect.objectContaining({ isAbort: false, finishReason: 'stop' }),
    );
  });

  it("inside a ChatProvider, uses the provider's store and options, its own props over them", async () => {
    const user = userEvent.setup();
    const fake = createFakeClient(textReply('From the provider'), textReply('Apart'));
    const onFinish = vi.fn();
    const view = render(
      <ChatProvider
        client={fake.client}
        system="Be brief."
        request={{ temperature: 0.2 }}
        onFinish={onFinish}
      >
        <ChatWindow request={{ model: 'mock/text' }} throttleMs={0} />
        <Count />
      </ChatProvider>,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}');
    await waitFor(() => expect(screen.getByText('From the provider')).toBeTruthy());
    // The provider's client, system prompt, request fields and callbacks; the window's model.
    expect(fake.requests[0]).toMatchObject({ model: 'mock/text', temperature: 0.2 });
    expect(fake.requests[0]?.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    // What the window shows is the provider's conversation.
    expect(screen.getByTestId('count').textContent).toBe('2');
    // A window given a store of its own keeps to it.
    view.unmount();
    const own = createChatStore({ client: fake.client });
    render(
      <ChatProvider client={createFakeClient().client}>
        <ChatWindow store={own} />
        <Count />
      </ChatProvider>,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Apart{Enter}');
    await waitFor(() => expect(own.getState().ids).toHaveLength(2));
    expect(screen.getByTestId('count').textContent).toBe('0');
  });

  it('a whenBusy changed while a reply streams applies to Send at once, and a refused Enter keeps the text', async () => {
    const user = userEvent.setup();
    const fake = createFakeClient();
    const props = { client: fake.client, throttleMs: 0 };
    const { rerender } = render(<ChatWindow {...props} whenBusy="queue" />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    const send = () => screen.getByRole('button', { name: 'Send' });
    await user.type(input, 'one{Enter}');
    const first = await fake.stream(0);
    first.push(textChunk('Half'));
    await user.type(input, 'two');
    expect(send()).toHaveProperty('disabled', false);
    rerender(<ChatWindow {...props} whenBusy="reject" />);
    expect(send()).toHaveProperty('disabled', true);
    await user.type(input, '{Enter}');
    expect(input).toHaveProperty('value', 'two');
    expect(fake.requests).toHaveLength(1);
    rerender(<ChatWindow {...props} whenBusy="queue" />);
    expect(send()).toHaveProperty('disabled', false);
    first.push(finishChunk());
    first.end();
  });

  it('SmoothMarkdownText through renderText: the reply shows whole, as Markdown, once it ends', async () => {
    const { user, input, container } = setup(
      { replies: ['A **bold** ending, paced.'] },
      {
        renderText: (text, message) => (
          <SmoothMarkdownText text={text} streaming={message.status === 'streaming'} maxLagMs={50} />
        ),
      },
    );
    await user.type(input(), 'Hi{Enter}');
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.getAttribute('data-status')).toBe('done'),
    );
    await waitFor(() =>
      expect(messages(container, 'assistant')[0]?.querySelector('.rcc-markdown')?.textContent).toBe(
        'A bold ending, paced.',
      ),
    );
    expect(messages(container, 'assistant')[0]?.querySelector('strong')?.textContent).toBe('bold');
  });

  it('follows the theme prop with data-theme', () => {
    const { container } = setup({}, { theme: 'dark' });
    expect(container.querySelector('.rcc-chat-window')?.getAttribute('data-theme')).toBe('dark');
  });

  it.each([
    ['light', 'light'],
    ['system', null],
    [undefined, null],
  ] as const)('theme %s: data-theme %s (system follows prefers-color-scheme)', (theme, attribute) => {
    const { container } = setup({}, { theme });
    expect(container.querySelector('.rcc-chat-window')?.getAttribute('data-theme')).toBe(attribute);
  });
});

// The README's "In your app's own tests" example, as an app would run it.
describe("the README's app tests", { timeout: 30_000 }, () => {
  async function sendAndWaitForReply() {
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Hi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(
        screen.getByRole('log').querySelector('[data-role="assistant"][data-status="done"]'),
      ).not.toBeNull(),
    );
  }

  it('the reply streams in (injected fetch)', async () => {
    const fetch = createMockFetch({ tokenDelayMs: 0, replies: ['Hello from the mock'] });
    render(<ChatWindow clientOptions={{ fetch }} request={{ model: 'openai/gpt-4o-mini' }} />);
    await sendAndWaitForReply();
    expect(screen.getByText('Hello from the mock')).toBeTruthy();
  });

  describe('through MSW, which answers any origin and base path', () => {
    const server = setupServer(...createMockHandlers({ tokenDelayMs: 0, replies: ['Hello through MSW'] }));
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());

    it.each(['/api/chat', 'https://chat.example.com/v2'])(
      'the reply streams in with the app’s own base URL %s',
      async (baseUrl) => {
        render(<ChatWindow clientOptions={{ baseUrl }} request={{ model: 'openai/gpt-4o-mini' }} />);
        await sendAndWaitForReply();
        expect(screen.getByText('Hello through MSW')).toBeTruthy();
      },
    );
  });
});
