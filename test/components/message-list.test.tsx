import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  DEFAULT_ROW_ESTIMATE,
  ESTIMATED_TAIL,
  estimateMessageHeight,
} from '../../src/components/message-list/estimate-row-size.js';
import type { ChatStoreOptions, Message } from '../../src/index.js';
import {
  ChatApiError,
  ChatProvider,
  createChatStore,
  MessageList,
  MessageRenderingContext,
  MessageView,
} from '../../src/index.js';
import { createFakeClient, finishChunk, textChunk, tick, toolCallChunks } from '../store/helpers.js';
import { expectNoAxeViolations } from './axe-helper';
import { PNG_DATA_URL } from './fixtures';

function thread(count: number): Message[] {
  return Array.from({ length: count }, (_, index) =>
    index % 2 === 0
      ? { role: 'user' as const, content: `Question ${index}` }
      : { role: 'assistant' as const, content: `Answer **${index}**` },
  );
}

/**
 * Focuses an element as the keyboard does (`:focus-visible`). jsdom's heuristic for it misses
 * most Tab presses, so the element says so itself.
 */
function keyboardFocus(element: HTMLElement) {
  const matches = element.matches.bind(element);
  element.matches = (selector: string) => selector === ':focus-visible' || matches(selector);
  act(() => element.focus());
}

type Reply = Extract<Parameters<typeof MessageList.describeCompletedReply>[0], { role: 'assistant' }>;

/** What the announcer says when a reply with this content (and these other fields) completes. */
function announce(content: Reply['content'], extra: Partial<Reply> = {}): string {
  return MessageList.describeCompletedReply({
    id: 'a',
    parentId: null,
    createdAt: 0,
    status: 'done',
    role: 'assistant',
    content,
    ...extra,
  });
}

/** Gives the jsdom viewport a scroll geometry (jsdom has no layout). */
function setGeometry(
  element: HTMLElement,
  geometry: { scrollHeight: number; clientHeight: number; scrollTop: number },
) {
  let scrollTop = geometry.scrollTop;
  Object.defineProperty(element, 'scrollHeight', { configurable: true, get: () => geometry.scrollHeight });
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => geometry.clientHeight });
  Object.defineProperty(element, 'scrollTop', {
    configurable: true,
    get: () => scrollTop,
    set: (value: number) => {
      scrollTop = Math.max(0, Math.min(value, geometry.scrollHeight - geometry.clientHeight));
    },
  });
  element.scrollTo = ((options: ScrollToOptions) => {
    if (options.top !== undefined) element.scrollTop = options.top;
    element.dispatchEvent(new Event('scroll'));
  }) as typeof element.scrollTo;
}

/**
 * A thread (30 messages by default) in `MessageList.Default`, its viewport given a scroll geometry
 * (3,600 px of content in 600, at `scrollTop`) and told it scrolled there.
 */
function renderScrolledList(scrollTop = 3000, messages = thread(30)) {
  const store = createChatStore({ client: createFakeClient().client, initialMessages: messages });
  render(
    <ChatProvider store={store}>
      <MessageList.Default />
    </ChatProvider>,
  );
  const log = screen.getByRole('log', { name: 'Messages' });
  setGeometry(log, { scrollHeight: 3600, clientHeight: 600, scrollTop });
  act(() => {
    fireEvent.scroll(log);
  });
  return { log };
}

/**
 * A scrolled list with keyboard focus moved (as Tab does) to the Copy button of a message before
 * the latest, which the browser scrolled into view: following paused. Returns the log and the
 * latest message's Copy button.
 */
function tabbedToEarlierMessage() {
  const { log } = renderScrolledList();
  const rows = log.querySelectorAll('.rcc-message-list-row');
  const copyIn = (row: Element | undefined) =>
    within(row as HTMLElement).getAllByRole('button', { name: 'Copy' })[0] as HTMLElement;
  act(() => {
    log.scrollTop = 1500;
    fireEvent.scroll(log);
  });
  keyboardFocus(copyIn(rows[rows.length - 3]));
  return { log, latestCopy: copyIn(rows[rows.length - 1]) };
}

/** A store on a fake client (one publication per chunk), shown in `MessageList.Default`. */
function renderLiveList(options: Partial<ChatStoreOptions> = {}) {
  const fake = createFakeClient();
  const store = createChatStore({ client: fake.client, throttleMs: 0, ...options });
  const list = (
    <ChatProvider store={store}>
      <MessageList.Default />
    </ChatProvider>
  );
  return { fake, store, list, view: render(list) };
}

const rowRenders = new Map<string, number>();

/** Counts the commits of each message row with React's Profiler. */
function CountingMessage({ messageId }: MessageView.DefaultProps) {
  return (
    <Profiler id={messageId} onRender={(id) => rowRenders.set(id, (rowRenders.get(id) ?? 0) + 1)}>
      <MessageView.Default messageId={messageId} />
    </Profiler>
  );
}

/** A part of one's own that reads the nearest `MessageList.Root`. */
function MessageCount() {
  const { ids } = MessageList.useMessageList();
  return <small data-testid="count">{ids.length} messages</small>;
}

describe('MessageList', () => {
  it('renders a virtualized log in jsdom: some rows, each with data-role and data-status', async () => {
    const store = createChatStore({ client: createFakeClient().client, initialMessages: thread(100) });
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.getAttribute('aria-live')).toBe('off');
    const rows = container.querySelectorAll('.rcc-message');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.length).toBeLessThan(40);
    for (const row of Array.from(rows)) {
      expect(['user', 'assistant']).toContain(row.getAttribute('data-role'));
      expect(row.getAttribute('data-status')).toBe('done');
    }
    await expectNoAxeViolations(container);
  });

  it("MessageList.useMessageList() gives a part of one's own the list's state; outside a Root, a clear error", () => {
    const store = createChatStore({ client: createFakeClient().client, initialMessages: thread(4) });
    render(
      <ChatProvider store={store}>
        <MessageList.Root>
          <MessageList.Viewport>
            <MessageList.Items />
          </MessageList.Viewport>
          <MessageCount />
        </MessageList.Root>
      </ChatProvider>,
    );
    expect(screen.getByTestId('count').textContent).toBe('4 messages');
    act(() => store.getState().clear());
    expect(screen.getByTestId('count').textContent).toBe('0 messages');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => render(<MessageCount />)).toThrow(
        'MessageList.useMessageList() must be called inside <MessageList.Root>.',
      );
    } finally {
      error.mockRestore();
    }
  });

  it('takes the direction of the element it is in, or its own `dir`, and follows a change', () => {
    const store = createChatStore({ client: createFakeClient().client, initialMessages: thread(4) });
    const list = (dir: 'rtl' | 'ltr', own?: 'ltr') => (
      <ChatProvider store={store}>
        <div style={{ direction: dir }}>
          <MessageList.Root dir={own} data-testid="list">
            <MessageList.Viewport>
              <MessageList.Items />
            </MessageList.Viewport>
          </MessageList.Root>
        </div>
      </ChatProvider>
    );
    const { rerender } = render(list('rtl'));
    // The scroll area's root carries the direction (Radix sets `ltr` unless told otherwise).
    expect(screen.getByTestId('list').getAttribute('dir')).toBe('rtl');
    rerender(list('ltr'));
    expect(screen.getByTestId('list').getAttribute('dir')).toBe('ltr');
    rerender(list('rtl', 'ltr'));
    expect(screen.getByTestId('list').getAttribute('dir')).toBe('ltr');
  });

  it('a reply\'s blocks and its reasoning\'s take the direction of their own words (`dir="auto"`)', () => {
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [
        { role: 'user', content: 'مرحبا' },
        { role: 'assistant', content: 'Hello', reasoning: 'The user greets me.' },
      ],
    });
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    expect(container.querySelector('.rcc-message-content p[dir="auto"]')?.textContent).toBe('Hello');
    fireEvent.click(screen.getByRole('button', { name: /Reasoning/ }));
    expect(container.querySelector('.rcc-reasoning-text p[dir="auto"]')?.textContent).toBe(
      'The user greets me.',
    );
  });

  it('mounts a 10,000-message thread with only a window of rows', () => {
    const store = createChatStore({ client: createFakeClient().client, initialMessages: thread(10_000) });
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const rows = container.querySelectorAll('.rcc-message-list-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
  });

  it('opens a 10,000-message thread at its latest messages, whatever their estimated heights', () => {
    const long = thread(10_000).map((message, index) =>
      index % 3 === 0 ? { ...message, content: `${message.content}\n\n${'text '.repeat(200)}` } : message,
    );
    for (const estimateSize of [undefined, 40, 400]) {
      const store = createChatStore({ client: createFakeClient().client, initialMessages: long });
      const { container, unmount } = render(
        <ChatProvider store={store}>
          <MessageList.Default {...(estimateSize === undefined ? {} : { estimateSize })} />
        </ChatProvider>,
      );
      const indexes = Array.from(container.querySelectorAll('.rcc-message-list-row')).map((row) =>
        Number(row.getAttribute('data-index')),
      );
      expect(indexes).toContain(9999);
      expect(Math.min(...indexes)).toBeGreaterThan(9900);
      expect(indexes.length).toBeLessThan(40);
      unmount();
    }
  });

  it('places unmeasured rows by their estimate: from the text near the end, or the given size', () => {
    const long = thread(1000).map((message, index) =>
      index === 999 ? { ...message, content: 'line\n'.repeat(40) } : message,
    );
    const mount = (estimateSize?: number) => {
      const store = createChatStore({ client: createFakeClient().client, initialMessages: long });
      const { container, unmount } = render(
        <ChatProvider store={store}>
          <MessageList.Default {...(estimateSize === undefined ? {} : { estimateSize })} />
        </ChatProvider>,
      );
      const items = container.querySelector('.rcc-message-list-items') as HTMLElement;
      const total = Number.parseFloat(items.style.height);
      const { ids, messages } = store.getState();
      unmount();
      return { total, tail: ids.slice(-ESTIMATED_TAIL).map((id) => messages[id]) };
    };
    // jsdom has no layout: rows keep their estimates, so the list's height is their sum.
    expect(mount(100).total).toBe(100_000);
    const { total, tail } = mount();
    const tailSum = tail.reduce((sum, message) => sum + estimateMessageHeight(message), 0);
    expect(total).toBe((1000 - ESTIMATED_TAIL) * DEFAULT_ROW_ESTIMATE + tailSum);
    expect(estimateMessageHeight(tail.at(-1))).toBeGreaterThan(40 * 20);
  });

  it('shows the empty state without messages', () => {
    const store = createChatStore({ client: createFakeClient().client });
    render(
      <ChatProvider store={store}>
        <MessageList.Default empty="Ask me anything" />
      </ChatProvider>,
    );
    expect(screen.getByText('Ask me anything')).toBeTruthy();
  });

  it('a 200-token stream into a 100-message thread renders no settled row', async () => {
    const fake = createFakeClient();
    const store = createChatStore({ client: fake.client, initialMessages: thread(100), throttleMs: 0 });
    const renders = rowRenders;
    renders.clear();
    const components = { Message: CountingMessage };
    render(
      <ChatProvider store={store}>
        <MessageList.Default components={components} />
      </ChatProvider>,
    );
    // Rows are estimated at 120px: give the viewport the matching scroll range so the end is shown.
    setGeometry(screen.getByRole('log'), { scrollHeight: 102 * 120, clientHeight: 600, scrollTop: 0 });
    act(() => {
      void store.getState().send('One more question');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Token0 '));
      await tick();
    });
    const streamingId = store.getState().ids.at(-1) as string;
    const settledBefore = new Map(renders);
    settledBefore.delete(streamingId);
    const streamingBefore = renders.get(streamingId) ?? 0;
    for (let token = 1; token < 200; token++) {
      await act(async () => {
        live.push(textChunk(`Token${token} `));
        await tick(1);
      });
    }
    const settledAfter = new Map(renders);
    settledAfter.delete(streamingId);
    // Rows that were mounted before the stream did not render again; the streaming row did.
    for (const [id, count] of settledBefore) expect(settledAfter.get(id), id).toBe(count);
    expect(settledBefore.size).toBeGreaterThan(0);
    expect((renders.get(streamingId) ?? 0) - streamingBefore).toBeGreaterThanOrEqual(100);
    await act(async () => {
      live.push(finishChunk());
      live.end();
      await tick();
    });
    expect(screen.getAllByText(/Token199/).length).toBeGreaterThan(0);
  });

  it('says once that a reply started, then announces it once completed, not token by token', async () => {
    const { fake, store } = renderLiveList();
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    act(() => {
      void store.getState().send('Hi');
    });
    const live = await fake.stream(0);
    expect(status.textContent).toBe('');
    await act(async () => {
      live.push(textChunk('Hello'));
      await tick();
    });
    // Said as the reply starts coming, so a long reply is not silence.
    expect(status.textContent).toBe('The assistant is replying…');
    const started = status.firstChild;
    await act(async () => {
      live.push(textChunk(' there'));
      await tick();
    });
    // Its tokens change nothing here: the same node, not said again.
    expect(status.textContent).toBe('The assistant is replying…');
    expect(status.firstChild).toBe(started);
    await act(async () => {
      live.push(finishChunk());
      live.end();
      await tick();
    });
    expect(status.textContent).toBe('Assistant: Hello there');
  });

  it('announces the text a reply shows, not its Markdown syntax', async () => {
    const { fake, store } = renderLiveList();
    const status = screen.getByRole('status');
    act(() => {
      void store.getState().send('Show me');
    });
    const live = await fake.stream(0);
    const reply = [
      '# Plan',
      'Some **bold**, _italic_, ~~old~~ and `code` with [a link](https://example.com) and <b>tags</b>.',
      '> Quoted  \nline',
      '- [x] one\n- two\n  1. nested',
      '3. third\n4. fourth',
      '| Name | Age |\n| --- | ---: |\n| Ann | 30 |',
      '```js\nlet x = 1;\n```',
      '![A cat](https://example.com/cat.png)',
      '---',
      'End',
    ].join('\n\n');
    await act(async () => {
      live.push(textChunk(reply), finishChunk());
      live.end();
      await tick();
    });
    expect(status.textContent).toBe(
      [
        'Assistant: Plan',
        'Some bold, italic, old and code with a link and <b>tags</b>.',
        'Quoted',
        'line',
        'Done: one',
        'two',
        '1. nested',
        '3. third',
        '4. fourth',
        'Name, Age',
        'Ann, 30',
        'let x = 1;',
        'A cat',
        'End',
      ].join('\n'),
    );
    // Model text stays text: no element is made from it.
    expect(status.querySelectorAll('*')).toHaveLength(1);
  });

  it('announces the numbers an ordered list shows, from its start, and unordered items apart', () => {
    expect(announce('1. Preheat\n2. Mix')).toBe('Assistant: 1. Preheat\n2. Mix');
    expect(announce('Steps:\n\n3. third\n4) fourth')).toBe('Assistant: Steps:\n3. third\n4. fourth');
    expect(announce('0. zero\n1. one')).toBe('Assistant: 0. zero\n1. one');
    // Items holding paragraphs (a loose list) and nested lists: the number stays with its words.
    expect(announce('1. Mix\n\n   Stir well.\n2. Bake\n   - hot\n   - long')).toBe(
      'Assistant: 1. Mix\nStir well.\n2. Bake\nhot\nlong',
    );
    expect(announce('- eggs\n- flour\n\nThe end.\n\nNext')).toBe('Assistant: eggs\nflour\nThe end.\nNext');
    // Footnotes are numbered by their labels, as shown.
    expect(announce('A[^2] b[^1].\n\n[^2]: Two.\n[^1]: One.')).toMatch(/\n2\. Two\.\n1\. One\.$/);
  });

  it('announces whether each task of a task list is done, as its checkbox says', () => {
    expect(announce('- [x] Buy milk\n- [ ] Call Bob')).toBe('Assistant: Done: Buy milk\nNot done: Call Bob');
    expect(announce('1. [ ] Plan')).toBe('Assistant: 1. Not done: Plan');
  });

  it('announces the alt texts of images side by side as separate words', () => {
    const image = (alt: string) => `![${alt}](https://example.com/${alt || 'blank'}.png)`;
    expect(announce(`${image('Front')}${image('Back')} and ${image('Side')}.${image('')}`)).toBe(
      'Assistant: Front Back and Side.',
    );
    expect(
      announce(`| Photo | Note |\n| --- | --- |\n| ${image('Cat')} | ${image('Dog')}${image('Owl')} |`),
    ).toBe('Assistant: Photo, Note\nCat, Dog Owl');
  });

  it('says how many images a reply generated: an image-only reply is not "Assistant:" and nothing', () => {
    const image = { type: 'image_url' as const, image_url: { url: PNG_DATA_URL } };
    expect(announce('', { images: [image] })).toBe('Assistant: 1 image.');
    expect(announce('Here you go.', { images: [image, image] })).toBe('Assistant: Here you go. 2 images.');
    // A text that ends without a stop gets one: the count is a sentence of its own.
    expect(announce('Look here', { images: [image] })).toBe('Assistant: Look here. 1 image.');
    expect(announce(null, { status: 'incomplete', images: [image] })).toBe(
      'Assistant: 1 image. (The reply was stopped.)',
    );
  });

  it('counts the image parts of a reply whose content is an array of parts, after its images', () => {
    const image = { type: 'image_url' as const, image_url: { url: PNG_DATA_URL } };
    expect(announce([{ type: 'text', text: 'Two views' }, image, image], { images: [image] })).toBe(
      'Assistant: Two views. 3 images.',
    );
  });

  it('counts only the images shown: one of a refused source (an SVG, http:) is not said', () => {
    const image = (url: string) => ({ type: 'image_url' as const, image_url: { url } });
    const images = [
      image(PNG_DATA_URL),
      image('data:image/svg+xml;base64,PHN2Zz4='),
      image('http://example.com/x.png'),
      null as never,
      image('https://example.com/y.png'),
    ];
    expect(announce('Here.', { images })).toBe('Assistant: Here. 2 images.');
  });

  it('says how many images were not shown when none is: refused images are not "Assistant:" and nothing', () => {
    const image = (url: string) => ({ type: 'image_url' as const, image_url: { url } });
    expect(announce('', { images: [image('http://example.com/x.png')] })).toBe(
      'Assistant: 1 image not shown.',
    );
    // A null entry shows the same notice as a refused source.
    expect(announce(null, { images: [image('data:image/svg+xml;base64,PHN2Zz4='), null as never] })).toBe(
      'Assistant: 2 images not shown.',
    );
    expect(announce([{ type: 'text', text: 'Here' }, image('javascript:alert(1)')])).toBe(
      'Assistant: Here. 1 image not shown.',
    );
  });

  it('says a reply had no text, not "Assistant:" and nothing: an empty one, or one of reasoning only', () => {
    expect(announce('')).toBe('The reply had no text.');
    expect(announce(null)).toBe('The reply had no text.');
    expect(announce('', { reasoning: 'Thinking it over.' })).toBe('The reply had no text, only reasoning.');
    // Reasoning the panel shows as redacted is reasoning too.
    expect(announce(null, { reasoning_details: [{ type: 'reasoning.encrypted', data: 'x' }] })).toBe(
      'The reply had no text, only reasoning.',
    );
  });

  it('says why a reply ended early: after its text, or alone when it had none', () => {
    const say = (status: 'incomplete' | 'error', content: string, finishReason: 'length' | null = null) =>
      announce(content, { status, finishReason });
    expect(say('incomplete', 'Once upon')).toBe('Assistant: Once upon (The reply was stopped.)');
    expect(say('incomplete', 'Once upon', 'length')).toBe(
      'Assistant: Once upon (The reply was stopped at the length limit.)',
    );
    // Stopped before its first word: no "Assistant:" with nothing after it.
    expect(say('incomplete', '')).toBe('The reply was stopped.');
    expect(say('error', '')).toBe('The reply failed.');
    expect(say('error', 'Once')).toBe('Assistant: Once (The reply failed.)');
  });

  it('announces a refusal and a structured (JSON) reply as written, as they are shown', () => {
    expect(announce('', { refusal: 'Not *this* one.' })).toBe('Assistant: Not *this* one.');
    expect(announce('{"note": "**a** | b"}', { structured: { value: {} } })).toBe(
      'Assistant: {"note": "**a** | b"}',
    );
    expect(announce('Not **JSON**')).toBe('Assistant: Not JSON');
  });

  it('announces the tools a reply waits on for approval, once they are checked: the reply once', async () => {
    // The approval check answers when the test says (an app's check may take a while).
    let answer: (value: boolean) => void = () => {};
    const { fake, store } = renderLiveList({
      tools: [
        {
          name: 'send_mail',
          parameters: { type: 'object', properties: { to: { type: 'string' } } },
          needsApproval: () =>
            new Promise<boolean>((resolve) => {
              answer = resolve;
            }),
          execute: async () => ({ sent: true }),
        },
      ],
    });
    const status = screen.getByRole('status');
    act(() => {
      void store.getState().send('Mail Ada');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(
        textChunk('Sending it.'),
        ...toolCallChunks([{ id: 'c1', name: 'send_mail', args: '{"to":"ada"}' }]),
      );
      live.end();
      await tick();
    });
    // The reply is done, its call not checked yet: only its start said (the reply would be said
    // again after).
    expect(store.getState().status).not.toBe('streaming');
    expect(status.textContent).toBe('The assistant is replying…');
    await act(async () => {
      answer(true);
      await tick();
    });
    await screen.findByRole('button', { name: 'Approve' });
    expect(status.textContent).toBe('Assistant: Sending it. Waiting for your approval: send_mail.');
  });

  it('announces the same words twice when two replies say the same', async () => {
    const { fake, store } = renderLiveList();
    const status = screen.getByRole('status');
    const reply = async (index: number) => {
      act(() => {
        void store.getState().send('Again?');
      });
      const live = await fake.stream(index);
      await act(async () => {
        live.push(textChunk('OK.'), finishChunk());
        live.end();
        await tick();
      });
    };
    await reply(0);
    const first = status.firstChild;
    expect(status.textContent).toBe('Assistant: OK.');
    await reply(1);
    // A new node with the same text: a change the live region reports again.
    expect(status.textContent).toBe('Assistant: OK.');
    expect(status.firstChild).not.toBe(first);
  });

  it('alerts a reply failing as it is shown, not a failed reply shown again', async () => {
    const failed = new ChatApiError({ type: 'stream', code: 'server_error', message: 'Upstream died' });
    const { fake, store, list, view } = renderLiveList({
      initialMessages: [
        { role: 'user', content: 'Earlier question' },
        { role: 'assistant', content: 'Half', status: 'error', error: failed } as never,
      ],
    });
    // The stored failure is shown, with Retry, but not announced again on mount.
    expect(screen.getByText('Upstream died')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => {
      void store.getState().send('Try once more');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Partial'));
      await tick();
      live.fail(new ChatApiError({ type: 'stream', code: 502, message: 'Provider failed now' }));
      await tick();
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Provider failed now');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    // The polite region gives what came and that it failed; why is the alert's, said once.
    const title = alert.querySelector('.rcc-error-title')?.textContent ?? '';
    expect(title).not.toBe('');
    expect(screen.getByRole('status').textContent).toBe('Assistant: Partial (The reply failed.)');
    expect(screen.getByRole('status').textContent).not.toContain(title);
    // Mounted again (a row scrolled back into view, a thread switched back to): shown, not alerted.
    view.unmount();
    render(list);
    expect(screen.getByText('Provider failed now')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("a tool result its call's panel shows has no row of its own; one no panel shows is collapsed", () => {
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } },
            { id: 'c2', type: 'function', function: { name: 'time', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'c2', content: 'Noon' },
        { role: 'tool', tool_call_id: 'elsewhere', content: 'Stray' },
      ],
    });
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const rows = [...container.querySelectorAll<HTMLElement>('[data-role="tool"]')];
    expect(rows.map((row) => row.textContent)).toEqual(['Tool resultStray']);
    expect(container.querySelectorAll('.rcc-message-list-row')).toHaveLength(5);
    // The panels show the results; the collapsed row shows the one they do not.
    expect(screen.getByText('Sunny').closest('[data-role]')?.getAttribute('data-role')).toBe('assistant');
    expect(screen.getByText('Noon').closest('[data-role]')?.getAttribute('data-role')).toBe('assistant');
    expect(screen.getAllByText('Tool result')).toHaveLength(1);
    expect(screen.getByText('Stray').closest('details')).toBeTruthy();
  });

  it('a tool result (it scrolls when long) is reachable by keyboard once expanded', async () => {
    const user = userEvent.setup();
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Calling.' },
        { role: 'tool', tool_call_id: 'c1', content: 'Sunny' },
      ],
    });
    render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const details = screen.getByText('Tool result').closest('details') as HTMLDetailsElement;
    details.open = true;
    within(details).getByText('Tool result').focus();
    await user.tab();
    expect(document.activeElement).toBe(within(details).getByText('Sunny'));
  });

  it('a message that fails to render shows a line saying so; the rest of the chat stays', () => {
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [
        { role: 'user', content: 'Question' },
        { role: 'assistant', content: 'BROKEN' },
        { role: 'user', content: 'Next question' },
      ],
    });
    const renderText = (text: string) => {
      if (text === 'BROKEN') throw new Error('renderer failed');
      return text;
    };
    // React reports the caught error (console, and React 18 also jsdom's window): expected here.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', quiet);
    onTestFinished(() => window.removeEventListener('error', quiet));
    render(
      <ChatProvider store={store}>
        <MessageRenderingContext.Provider value={{ renderText }}>
          <MessageList.Default />
        </MessageRenderingContext.Provider>
      </ChatProvider>,
    );
    expect(screen.getByText('This message could not be shown.')).toBeTruthy();
    expect(screen.getByText('Question')).toBeTruthy();
    expect(screen.getByText('Next question')).toBeTruthy();
  });

  it('stops following when the user scrolls up, offers Jump to latest, and re-arms at the bottom', async () => {
    const user = userEvent.setup();
    const { log } = renderScrolledList();
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();

    // The list's own scroll corrections never stop following; a user's scroll up does.
    act(() => {
      log.scrollTop = 2900;
      fireEvent.scroll(log);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    act(() => {
      fireEvent.wheel(log, { deltaY: -300 });
      log.scrollTop = 1200;
      fireEvent.scroll(log);
    });
    const jump = screen.getByRole('button', { name: 'Jump to latest' });
    expect(log.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')).toBe(false);

    await user.click(jump);
    expect(log.scrollTop).toBe(3000);
    expect(document.activeElement).toBe(log);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();

    // Keyboard reading back stops following too; scrolling back down by hand re-arms it.
    act(() => {
      fireEvent.keyDown(log, { key: 'PageUp' });
      log.scrollTop = 100;
      fireEvent.scroll(log);
    });
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
    act(() => {
      log.scrollTop = 3000;
      fireEvent.scroll(log);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    expect(log.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')).toBe(true);

    // Keyboard focus on an earlier message's control stops following (the list must not snap
    // back to the end and hide it); focus within the latest message does not.
    const rows = log.querySelectorAll('.rcc-message-list-row');
    const copyIn = (row: Element | undefined) =>
      within(row as HTMLElement).getAllByRole('button', { name: 'Copy' })[0] as HTMLElement;
    keyboardFocus(copyIn(rows[rows.length - 1]));
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    keyboardFocus(copyIn(rows[rows.length - 3]));
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
  });

  it('Tab from an earlier message to the latest one follows again at once, before the scroll event (Jump to latest never takes the next Tab)', () => {
    const { log, latestCopy } = tabbedToEarlierMessage();
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
    // Tab on to the latest message: the browser scrolls to the end before the focus event and
    // sends its scroll event a frame later. Jump to latest goes away now, not then: the next Tab
    // press would take it, and focus go back to the list when it went away.
    log.scrollTop = 3000;
    keyboardFocus(latestCopy);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    expect(log.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')).toBe(true);
    expect(document.activeElement).toBe(latestCopy);
  });

  it('Tab to the latest message not scrolled to the end (a tall reply, focus at its top) stays paused', () => {
    const { log, latestCopy } = tabbedToEarlierMessage();
    log.scrollTop = 2500;
    keyboardFocus(latestCopy);
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
  });

  it('an animated scroll up (Page Up, Up, a smooth wheel) stays paused through its first frames, still near the end', () => {
    const { log } = renderScrolledList();
    const jumpShown = () => screen.queryByRole('button', { name: 'Jump to latest' }) !== null;
    // Chromium animates Page Up and Up: their first scroll events come within the threshold of
    // the end (Up's first frame a pixel up).
    act(() => {
      fireEvent.keyDown(log, { key: 'ArrowUp' });
      log.scrollTop = 2999;
      fireEvent.scroll(log);
    });
    expect(jumpShown()).toBe(true);
    act(() => {
      log.scrollTop = 2994;
      fireEvent.scroll(log);
    });
    expect(jumpShown()).toBe(true);
    act(() => {
      log.scrollTop = 2700;
      fireEvent.scroll(log);
    });
    expect(jumpShown()).toBe(true);
    // Scrolling down to within the threshold follows again.
    act(() => {
      log.scrollTop = 2990;
      fireEvent.scroll(log);
    });
    expect(jumpShown()).toBe(false);
    expect(log.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')).toBe(true);
    // A smooth wheel's first frame, from the very end.
    act(() => {
      log.scrollTop = 3000;
      fireEvent.scroll(log);
      fireEvent.wheel(log, { deltaY: -100 });
      log.scrollTop = 2992;
      fireEvent.scroll(log);
    });
    expect(jumpShown()).toBe(true);
  });

  it("Page Up just after the list's own scroll to the grown end (its scroll event still to come) stays paused", () => {
    const { log } = renderScrolledList();
    // The reply grew and the list followed it: 100px further, its scroll event not yet fired.
    setGeometry(log, { scrollHeight: 3700, clientHeight: 600, scrollTop: 3100 });
    act(() => {
      fireEvent.keyDown(log, { key: 'PageUp' });
      // One scroll event for both: the follow and the first frame of the animated Page Up.
      log.scrollTop = 3096;
      fireEvent.scroll(log);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).not.toBeNull();
  });

  it("a click on an earlier message's control does not stop following (only keyboard focus does)", async () => {
    const user = userEvent.setup();
    const { log } = renderScrolledList();
    const rows = log.querySelectorAll('.rcc-message-list-row');
    const copy = within(rows[rows.length - 3] as HTMLElement).getByRole('button', { name: 'Copy' });
    await user.click(copy);
    expect(document.activeElement).toBe(copy);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    expect(log.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')).toBe(true);
  });

  it('follows again when the scrollbar is let go of at the end, even without a scroll', () => {
    const { log } = renderScrolledList();
    const root = log.closest('.rcc-message-list') as HTMLElement;
    // Grabbing the scrollbar (beside the viewport) reads back...
    act(() => {
      fireEvent.pointerDown(root);
    });
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
    // ...but let go where it was, at the end, the list follows again: no scroll event tells it.
    act(() => {
      fireEvent.pointerUp(root);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    expect(root.hasAttribute('data-at-bottom')).toBe(true);
    // Let go away from the end, it does not.
    act(() => {
      fireEvent.pointerDown(root);
      log.scrollTop = 1000;
      fireEvent.scroll(log);
      fireEvent.pointerUp(root);
    });
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
  });

  it('a list that overflows by less than the threshold never stops following', () => {
    const store = createChatStore({ client: createFakeClient().client, initialMessages: thread(4) });
    render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const log = screen.getByRole('log', { name: 'Messages' });
    // 10px of overflow, scrolled to the top: still within 16px of the end.
    setGeometry(log, { scrollHeight: 610, clientHeight: 600, scrollTop: 0 });
    act(() => {
      fireEvent.scroll(log);
    });
    // A wheel up or Page Up at the top scrolls nothing, so no scroll event would follow again.
    act(() => {
      fireEvent.wheel(log, { deltaY: -300 });
      fireEvent.keyDown(log, { key: 'PageUp' });
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    expect(log.closest('.rcc-message-list')?.hasAttribute('data-at-bottom')).toBe(true);
  });

  it('keeps the row holding focus mounted when it scrolls out of range, so focus stays on it', async () => {
    const user = userEvent.setup();
    const { log } = renderScrolledList();
    const rows = log.querySelectorAll('.rcc-message-list-row');
    const last = rows[rows.length - 1] as HTMLElement;
    const copy = within(last).getByRole('button', { name: 'Copy' });
    await user.click(copy);
    // Home on the button scrolls the list to its top (the browser's default action).
    act(() => {
      fireEvent.keyDown(copy, { key: 'Home' });
      log.scrollTop = 0;
      fireEvent.scroll(log);
    });
    const indexes = [...log.querySelectorAll('.rcc-message-list-row')].map((row) =>
      Number(row.getAttribute('data-index')),
    );
    expect(indexes[0]).toBe(0);
    // The first rows, and the focused one: nothing in between.
    expect(indexes.at(-1)).toBe(29);
    expect(indexes.at(-2)).toBeLessThan(20);
    expect(copy.isConnected).toBe(true);
    expect(document.activeElement).toBe(copy);
    // Once focus leaves it, the row goes with the next range.
    act(() => {
      log.focus();
      log.scrollTop = 10;
      fireEvent.scroll(log);
    });
    expect(copy.isConnected).toBe(false);
  });

  it('keeps the row of an enlarged image mounted when the list moves on, so its dialog stays open', async () => {
    const user = userEvent.setup();
    const messages = thread(30);
    messages[29] = {
      role: 'assistant',
      content: 'Here it is',
      images: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
    };
    const { log } = renderScrolledList(3000, messages);
    const enlarge = screen.getByRole('button', { name: 'Enlarge Generated image 1' });
    await user.click(enlarge);
    const close = screen.getByRole('button', { name: 'Close' });
    expect(document.activeElement).toBe(close);
    // The list moves while the dialog is open (as it does following a reply that streams).
    act(() => {
      log.scrollTop = 0;
      fireEvent.scroll(log);
    });
    expect(screen.getByRole('dialog', { name: 'Generated image 1' })).toBeTruthy();
    expect(document.activeElement).toBe(close);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(enlarge);
    // Closed, and focus gone from it, the row goes with the next range.
    act(() => {
      log.focus();
      log.scrollTop = 10;
      fireEvent.scroll(log);
    });
    expect(enlarge.isConnected).toBe(false);
  });

  it('scrolls by keyboard: End jumps to the latest message', async () => {
    const user = userEvent.setup();
    const { log } = renderScrolledList(0);
    await user.tab();
    expect(document.activeElement).toBe(log);
    await user.keyboard('{End}');
    expect(log.scrollTop).toBe(3000);
  });
});
