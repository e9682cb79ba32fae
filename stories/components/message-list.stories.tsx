import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type Message, MessageList } from '../../src/index';
import { ChatMain } from '../support/chat-main';
import { assistantMessage, userMessage } from '../support/fixtures';
import { longConversation, MockChatProvider } from '../support/mock-provider';
import { sendMessage, waitForReply } from '../support/play';

/** A `MessageList.Default` (given the other args) with the composer, on the mock endpoint. */
function ListWithComposer({
  messages,
  model = 'mock/auto',
  ...list
}: MessageList.DefaultProps & {
  messages?: readonly Message[];
  model?: string;
}) {
  return (
    <MockChatProvider request={{ model }} {...(messages ? { initialMessages: messages } : {})}>
      <div className="rcc-chat-window" style={{ height: 520 }}>
        <ChatMain label="Messages demo" empty="No messages yet: say hello." list={list} />
      </div>
    </MockChatProvider>
  );
}

const meta = {
  title: 'Components/MessageList',
  tags: ['autodocs'],
  component: MessageList.Default,
  render: (args) => <ListWithComposer {...args} />,
  parameters: {
    docs: {
      description: {
        component:
          'The thread’s messages: `MessageList.Default` is the ready-made list (virtualized rows, an empty state, “Jump to latest”), `MessageList.Root` and its parts build one’s own. The stories show it with the error notice and the composer on the mock endpoint (their `messages` and `model`).',
      },
      // The story's own args, in the Controls panel only.
      controls: { exclude: ['messages', 'model'] },
    },
  },
  subcomponents: { 'MessageList.Root': MessageList.Root },
} satisfies Meta<typeof ListWithComposer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A long thread (virtualized rows): scroll up and "Jump to latest" appears. */
export const Default: Story = {
  args: { messages: longConversation(40) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('log');
    // Virtualized: far fewer rows in the DOM than the 80 messages.
    await waitFor(() => expect(log.querySelectorAll('[data-role]').length).toBeGreaterThan(0));
    await expect(log.querySelectorAll('[data-role]').length).toBeLessThan(80);
    // Read back like a user: a wheel up stops following, then the list scrolls to the top.
    log.dispatchEvent(new WheelEvent('wheel', { deltaY: -600, bubbles: true }));
    log.scrollTop = 0;
    const jump = await canvas.findByRole('button', { name: 'Jump to latest' }, { timeout: 5_000 });
    await userEvent.click(jump);
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Jump to latest' })).toBeNull());
  },
};

/** Sticks to the bottom while a reply streams (`mock/slow`). */
export const Streaming: Story = {
  args: { messages: longConversation(10), model: 'mock/slow' },
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log');
    await sendMessage(canvasElement, 'One more, please');
    await waitForReply(canvasElement, ['done']);
    await waitFor(() => expect(log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThan(24));
  },
};

/** A failed request below the thread (`mock/error-503`), with Retry. */
const ErrorState: Story = {
  args: { messages: longConversation(2), model: 'mock/error-503' },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Are you there?');
    await within(canvasElement).findByRole('alert', {}, { timeout: 15_000 });
  },
};

/** Empty, a short thread, each message status. */
export const AllStates: Story = {
  args: {
    messages: [
      userMessage('A settled reply:'),
      assistantMessage({ content: 'Done and dusted.' }),
      userMessage('One that was stopped:'),
      assistantMessage({ content: 'I was about to say', status: 'incomplete' }),
      userMessage('One that failed:'),
      assistantMessage({ content: 'Half of an', status: 'error', error: new Error('The reply failed.') }),
    ],
  },
};

/** No messages: the empty state. */
export const Empty: Story = {};

export { ErrorState as Error };
