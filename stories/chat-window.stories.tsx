import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { defineTool, type ToolCallPanel, useChatStore } from '../src/index';
import {
  assistantMessage,
  SAMPLE_CITATIONS,
  SAMPLE_IMAGE_URL,
  SAMPLE_MARKDOWN,
  SAMPLE_USAGE,
  toolCall,
  userMessage,
} from './support/fixtures';
import { MockChatWindow, mockChatWindowArgTypes } from './support/mock-chat-window';
import { longConversation, MockChatProvider } from './support/mock-provider';
import { assistantMessages, sendMessage, waitForErrorNotice, waitForReply } from './support/play';
import { demoTools, emailTool, weatherTool } from './support/tools';

const meta = {
  title: 'Components/ChatWindow',
  tags: ['autodocs'],
  component: MockChatWindow,
  argTypes: mockChatWindowArgTypes,
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'The drop-in chat: thread list, model picker, virtualized messages (Markdown, reasoning, tools, images, audio, sources), errors with Retry and the composer. The stories wrap it to talk to the built-in mock (`clientOptions`) in a frame of fixed `height`; `scenario` forces a mock scenario. It takes every `ChatProvider` option too (callbacks, `maxSteps`, `whenBusy`…: see the README).',
      },
    },
  },
  args: {
    title: 'Chat',
    request: { model: 'mock/auto' },
    tools: demoTools,
  },
} satisfies Meta<typeof MockChatWindow>;
export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The drop-in, on the built-in mock, with two tools (`get_weather` runs by itself, `send_email`
 * asks first). Ready to chat: try "What is the weather in Paris and Tokyo?".
 */
export const Default: Story = {};

/** Send with Enter, watch the reply stream in and end; focus returns to the textbox. */
export const Conversation: Story = {
  // Looks like Default until its play runs (plays do not run on a Docs page): left off the
  // Docs page, like Streaming, Queue, Error and ToolApproval.
  tags: ['!autodocs'],
  play: async ({ canvasElement }) => {
    const input = await sendMessage(canvasElement, 'Hello! What can you do?');
    await expect(input).toHaveValue('');
    const reply = await waitForReply(canvasElement, ['done']);
    await expect(reply.textContent?.length ?? 0).toBeGreaterThan(40);
    await expect(input).toHaveFocus();
    const log = within(canvasElement).getByRole('log');
    await expect(log.querySelector('[data-role="user"]')).toHaveTextContent('Hello! What can you do?');
  },
};

/** A long reply from `mock/slow`: Stop shows while it streams and keeps the partial text. */
export const Streaming: Story = {
  tags: ['!autodocs'],
  args: { request: { model: 'mock/slow' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Tell me a long story');
    await waitFor(
      () => {
        const reply = assistantMessages(canvasElement).at(-1);
        expect(reply?.getAttribute('data-status')).toBe('streaming');
        expect(reply?.textContent?.length ?? 0).toBeGreaterThan(20);
      },
      { timeout: 15_000 },
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    const reply = await waitForReply(canvasElement, ['incomplete']);
    await expect(reply.textContent?.length ?? 0).toBeGreaterThan(20);
  },
};

/**
 * Send while a reply streams: the message waits in "Queued messages" (each with Cancel) and goes
 * out by itself when the reply ends (`whenBusy: 'queue'`, the default).
 */
export const Queue: Story = {
  tags: ['!autodocs'],
  args: { request: { model: 'mock/slow' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Tell me a long story');
    await waitFor(
      () => expect(assistantMessages(canvasElement).at(-1)).toHaveAttribute('data-status', 'streaming'),
      {
        timeout: 15_000,
      },
    );
    await sendMessage(canvasElement, 'Then a short one');
    await sendMessage(canvasElement, 'And a poem');
    const queue = canvas.getByRole('list', { name: 'Queued messages' });
    await expect(within(queue).getAllByRole('listitem')).toHaveLength(2);
    await userEvent.click(within(queue).getByRole('button', { name: 'Cancel queued message “And a poem”' }));
    await expect(within(queue).getAllByRole('listitem')).toHaveLength(1);
    // Stop ends the long reply; the queued message is sent next and answered.
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(assistantMessages(canvasElement)).toHaveLength(2), { timeout: 30_000 });
    await waitForReply(canvasElement);
    const users = canvasElement.querySelectorAll('[role="log"] [data-role="user"]');
    await expect([...users].map((user) => user.textContent)).toEqual([
      expect.stringContaining('Tell me a long story'),
      expect.stringContaining('Then a short one'),
    ]);
    await expect(canvas.queryByRole('list', { name: 'Queued messages' })).toBeNull();
  },
};

/** `mock/error-402`: the notice says you are out of credits. */
const ErrorState: Story = {
  tags: ['!autodocs'],
  args: { request: { model: 'mock/error-402' } },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Hello');
    const notice = await waitForErrorNotice(canvasElement);
    await expect(notice).toHaveAttribute('data-kind', 'out-of-credits');
  },
};

/** Tool approval: `send_email` waits for Approve; the play approves every call. */
export const ToolApproval: Story = {
  tags: ['!autodocs'],
  args: { request: { model: 'mock/tools' }, tools: [emailTool] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Send an email to Ada about lunch');
    const buttons = await canvas.findAllByRole('button', { name: 'Approve' }, { timeout: 15_000 });
    for (const button of buttons) await userEvent.click(button);
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Results' })).toBeVisible(), {
      timeout: 20_000,
    });
    await waitForReply(canvasElement, ['done']);
  },
};

/**
 * Threads kept in localStorage (`persist`): reload the page and the conversation is back. Open
 * the story in a second tab too: each tab shows what the other sends, and neither overwrites the
 * other's threads.
 */
export const Persisted: Story = {
  args: { persist: { key: 'rcc-story-persisted' }, threads: true, tools: [weatherTool] },
};

/** A storage that holds nothing: every write fails as a full `localStorage` does. */
const fullStorage = {
  getItem: () => null,
  setItem: () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  },
  removeItem: () => {},
};

/**
 * `persist` on a storage that is full (every write refused, as `localStorage` past its quota): the
 * chat goes on, and a line above the composer (`ChatStorageNotice`, an alert) says a reload
 * would lose it. It goes once a write succeeds.
 */
export const StorageFull: Story = {
  args: { persist: { key: 'rcc-story-storage-full', storage: fullStorage } },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Hello!');
    await waitForReply(canvasElement, ['done']);
    const notice = await within(canvasElement).findByRole('alert');
    await expect(notice).toHaveTextContent(
      'This chat cannot be saved in this browser now: a reload would lose it.',
    );
  },
};

/**
 * A long thread (60 turns, virtualized) with the thread list, kept in localStorage: scroll back
 * while a reply streams, jump to the latest, switch threads. The browser suite's fuzz test runs
 * here (`&args=scenario:slow` for long replies).
 */
export const LongThread: Story = {
  args: {
    threads: true,
    persist: { key: 'rcc-story-long-thread' },
    storeOptions: { initialMessages: longConversation(60) },
  },
};

/** Every message state in one thread (from `storeOptions.initialMessages`). */
export const AllStates: Story = {
  args: {
    request: { model: 'mock/auto' },
    storeOptions: {
      initialMessages: (() => {
        const weather = toolCall('get_weather', { city: 'Paris' });
        return [
          userMessage('Show me everything you can render.'),
          assistantMessage({
            reasoning: 'The user wants every state. Start with Markdown.',
            content: SAMPLE_MARKDOWN,
            usage: SAMPLE_USAGE,
            annotations: SAMPLE_CITATIONS,
          }),
          userMessage('And a tool call, an image and an error?'),
          assistantMessage({
            content: 'Checking the weather first.',
            tool_calls: [weather],
            toolCalls: {
              [weather.id]: { state: 'done', args: { city: 'Paris' }, result: { temperature: 18 } },
            },
            finishReason: 'tool_calls',
          }),
          {
            role: 'tool',
            tool_call_id: weather.id,
            content: '{"temperature":18}',
            id: 'tool_1',
            parentId: null,
            createdAt: 0,
            status: 'done',
          },
          assistantMessage({
            content: 'It is 18 °C in Paris. Here is a picture:',
            images: [SAMPLE_IMAGE_URL],
          }),
          userMessage('Now stop halfway.'),
          assistantMessage({
            content: 'I was saying that the',
            status: 'incomplete',
            finishReason: 'length',
          }),
          userMessage('And fail.'),
          assistantMessage({
            content: 'Partial answer before the',
            status: 'error',
            error: Object.assign(new Error('The reply was cut off before it finished.'), {
              name: 'ChatApiError',
            }),
          }),
        ];
      })(),
    },
  },
};

/** A card of one's own for `get_weather` calls: what `toolComponents` renders instead of the panel. */
function WeatherCard({ toolCall, status }: ToolCallPanel.DefaultProps) {
  const result = (status?.state === 'done' ? status.result : undefined) as
    | { city?: string; temperature?: number; unit?: string; sky?: string }
    | undefined;
  let city = '…';
  try {
    city = (JSON.parse(toolCall.function.arguments) as { city?: string }).city ?? city;
  } catch {
    // The arguments are still streaming: not JSON yet.
  }
  return (
    <section
      aria-label={`Weather in ${city}`}
      data-weather-card=""
      style={{
        display: 'inline-grid',
        gap: 2,
        margin: '4px 8px 4px 0',
        padding: '10px 14px',
        border: '1px solid var(--rcc-border)',
        borderRadius: 'var(--rcc-radius)',
        background: 'var(--rcc-bg-subtle)',
      }}
    >
      <strong>{city}</strong>
      {result ? (
        <span>
          {result.temperature}° {result.unit === 'fahrenheit' ? 'F' : 'C'}, {result.sky}
        </span>
      ) : (
        <span>{status?.state === 'error' ? 'No forecast' : 'Looking it up…'}</span>
      )}
    </section>
  );
}

/**
 * Custom tool panels (`toolComponents={{ get_weather: WeatherCard }}`): weather calls show as
 * cards of the story's own, other tools keep the default panel. Try "What is the weather in Paris
 * and Tokyo?".
 */
export const CustomToolPanel: Story = {
  args: {
    request: { model: 'mock/tools' },
    tools: [weatherTool],
    toolComponents: { get_weather: WeatherCard },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'What is the weather in Paris and Tokyo?');
    await waitForReply(canvasElement, ['done']);
    await expect(await canvas.findByRole('region', { name: 'Weather in Paris' })).toHaveTextContent(/°/);
    await expect(canvas.getByRole('region', { name: 'Weather in Tokyo' })).toHaveTextContent(/°/);
  },
};

/**
 * A tool the user answers: no `execute`, so its call waits (`pending`) for `addToolResult`.
 * `defineTool.withResult` declares the result's type, which the panel's `addResult` then takes.
 */
const pickDate = defineTool.withResult<{ date: string }>()({
  name: 'pick_date',
  description: 'Asks the user to pick a date.',
  parameters: {
    type: 'object',
    properties: { purpose: { type: 'string', description: 'What the date is for' } },
    required: ['purpose'],
  },
});

const DATES = ['2026-12-01', '2026-12-02', '2026-12-03'] as const;

/** The panel of `pick_date` calls: a button per date while the call waits, then the date picked. */
function DatePicker({ status, addResult }: ToolCallPanel.PanelProps<typeof pickDate>) {
  if (status?.state === 'done') {
    const { date } = status.result as { date: string };
    return <p data-date-picked="">Picked {date}.</p>;
  }
  if (status?.state !== 'pending') return <p>Preparing the dates…</p>;
  return (
    <fieldset style={{ display: 'flex', gap: 8, border: 0, padding: 0 }}>
      <legend>Pick a date for {status.args.purpose}</legend>
      {DATES.map((date) => (
        <button key={date} type="button" onClick={() => addResult({ date })}>
          {date}
        </button>
      ))}
      <button type="button" onClick={() => addResult('The user had no date to give.', { state: 'error' })}>
        None of these
      </button>
    </fieldset>
  );
}

/**
 * A tool answered by the user (`toolComponents={{ pick_date: DatePicker }}`): the call waits
 * with the panel's buttons, `addResult({ date })` answers it and the model goes on from the
 * date. Try "Pick a date for the team lunch". The play picks the second date.
 */
export const ToolAnsweredByUser: Story = {
  tags: ['!autodocs'],
  args: {
    request: { model: 'mock/tools' },
    tools: [pickDate],
    toolComponents: { pick_date: DatePicker },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Pick a date for the team lunch');
    const second = await canvas.findByRole('button', { name: DATES[1] }, { timeout: 15_000 });
    await expect(canvas.getByRole('group', { name: /^Pick a date for / })).toBeVisible();
    await userEvent.click(second);
    await expect(await canvas.findByText(`Picked ${DATES[1]}.`, {}, { timeout: 15_000 })).toBeVisible();
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Results' })).toBeVisible(), {
      timeout: 20_000,
    });
    await waitForReply(canvasElement, ['done']);
    await expect(canvas.queryByRole('button', { name: DATES[0] })).toBeNull();
  },
};

/** The provider's conversation, read outside the window: how many messages it holds. */
function MessageCount() {
  const count = useChatStore((state) => state.ids.length);
  return <p data-testid="message-count">Outside the window, the provider holds {count} messages.</p>;
}

/**
 * Inside a `ChatProvider`: the window shows the provider's chat (its store and options: here its
 * system prompt and model), and the app's own components beside it read the same conversation.
 * The window's own props layer over the provider's, as a hook's do.
 */
export const InsideProvider: Story = {
  // No `request` of the window's own: the provider's model is used (a model set in the controls
  // layers over it).
  args: { title: 'Shared chat', request: undefined },
  render: ({ height = 520, ...args }) => (
    <MockChatProvider system="Answer in one short paragraph." request={{ model: 'mock/text' }}>
      <MessageCount />
      <MockChatWindow {...args} height={height} />
    </MockChatProvider>
  ),
  play: async ({ canvasElement }) => {
    const count = within(canvasElement).getByTestId('message-count');
    await expect(count).toHaveTextContent('holds 0 messages');
    await sendMessage(canvasElement, 'Hello from inside a provider');
    await waitForReply(canvasElement, ['done']);
    await expect(count).toHaveTextContent('holds 2 messages');
  },
};

/** A support widget's chat: mounted while open, the provider outside keeping the conversation. */
function HelpWidget(args: Parameters<typeof MockChatWindow>[0]) {
  const [open, setOpen] = useState(false);
  return (
    <MockChatProvider request={{ model: 'mock/text' }}>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Close help' : 'Help'}
      </button>
      {open && (
        <div role="dialog" aria-label="Help" style={{ marginTop: 8, maxWidth: '40rem' }}>
          <MockChatWindow {...args} autoFocus />
        </div>
      )}
    </MockChatProvider>
  );
}

/**
 * A chat in a support widget: Help mounts the window and `autoFocus` puts the cursor in its
 * textbox. The `ChatProvider` is outside the widget, so closing it (even while a reply streams)
 * and opening it again finds the conversation as it was.
 */
export const InWidget: Story = {
  // Left off the Docs page, whose previews each show a chat: this one shows a button until used.
  tags: ['!autodocs'],
  args: { title: 'Help', request: undefined, height: 480 },
  render: (args) => <HelpWidget {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Help' }));
    await waitFor(() => expect(canvas.getByRole('textbox', { name: 'Message' })).toHaveFocus());
    await sendMessage(canvasElement, 'Where is my order?');
    await waitForReply(canvasElement, ['done']);
    await userEvent.click(canvas.getByRole('button', { name: 'Close help' }));
    await expect(canvas.queryByRole('dialog', { name: 'Help' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Help' }));
    await waitFor(() => expect(canvas.getByRole('textbox', { name: 'Message' })).toHaveFocus());
    await expect(assistantMessages(canvasElement)).toHaveLength(1);
  },
};

/** Whether an element's text runs right to left (its `dir`, or what `dir="auto"` resolved to). */
const isRtl = (element: Element | null | undefined) => element?.matches(':dir(rtl)') ?? false;

/**
 * In a right-to-left page (`dir="rtl"` on an ancestor): the window lays out from the right (the
 * thread list, your messages on the left, the scrollbar on the left), and each paragraph, heading,
 * list and table of a message, and each line of the textbox, takes the direction of its own words,
 * so the English reply reads left to right under its Arabic heading. Code stays left to right
 * inside an Arabic reply.
 */
export const RightToLeft: Story = {
  render: ({ height = 560, ...args }) => (
    <div dir="rtl" lang="ar">
      <MockChatWindow {...args} height={height} />
    </div>
  ),
  args: {
    title: 'محادثة',
    threads: true,
    request: { model: 'mock/text' },
    storeOptions: {
      initialMessages: [
        userMessage('ما الفرق بين let و const في جافاسكربت؟'),
        assistantMessage({
          reasoning: 'يسأل المستخدم عن الفرق بين let و const.',
          content: [
            '**باختصار:** `const` يمنع إعادة الإسناد، و`let` يسمح بها.',
            '',
            '- استخدم `const` افتراضيًا.',
            '- استخدم `let` عندما تتغير القيمة.',
            '',
            '```js',
            'const total = items.length;',
            'let count = 0;',
            '```',
          ].join('\n'),
        }),
        userMessage('And in English, please?'),
        assistantMessage({
          content: '### الفرق\n\nIn short: `const` forbids reassignment; `let` allows it.',
        }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log');
    await expect(isRtl(log)).toBe(true);
    // The scrollbar sits on the left of the list, the way the page reads.
    const list = log.getBoundingClientRect();
    const scrollbar = await waitFor(() => {
      const element = canvasElement.querySelector('.rcc-scrollbar');
      expect(element).not.toBeNull();
      return element!.getBoundingClientRect();
    });
    await expect(scrollbar.right).toBeLessThan(list.left + list.width / 2);
    const [arabic, english] = assistantMessages(canvasElement);
    await expect(isRtl(arabic?.querySelector('.rcc-markdown p'))).toBe(true);
    // What a user wrote in English reads left to right: its question mark ends the line.
    const question = [...log.querySelectorAll('.rcc-plain-text')].find((element) =>
      element.textContent?.startsWith('And in English'),
    )!.firstChild!;
    const at = (offset: number) => {
      const range = document.createRange();
      range.setStart(question, offset);
      range.setEnd(question, offset + 1);
      return range.getBoundingClientRect().left;
    };
    await expect(at(question.textContent!.length - 1)).toBeGreaterThan(at(0));
    // Each block takes the direction of its own words: an Arabic heading over English.
    await expect(isRtl(english?.querySelector('h3'))).toBe(true);
    await expect(isRtl(english?.querySelector('h3 + p'))).toBe(false);
    await expect(getComputedStyle(arabic!.querySelector('pre')!).direction).toBe('ltr');
    await sendMessage(canvasElement, 'شكرًا');
    await waitForReply(canvasElement, ['done']);
    const sent = [...log.querySelectorAll<HTMLElement>('[data-role="user"] .rcc-message-content')].at(-1)!;
    await expect(sent).toHaveTextContent('شكرًا');
    // Your messages keep to the end of the line: the left, here.
    await expect(sent.getBoundingClientRect().left).toBeLessThan(list.left + list.width / 2);
    await expect(sent.getBoundingClientRect().right).toBeLessThan(list.left + list.width / 2);
  },
};

/** `theme="dark"`: the window's own dark theme, whatever the page's (the toolbar's Theme sets the page). */
export const Dark: Story = { args: { theme: 'dark' } };

export { ErrorState as Error };
