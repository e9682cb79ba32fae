import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ThreadList } from '../../src/index';
import { ChatMain } from '../support/chat-main';
import { MockChatProvider } from '../support/mock-provider';
import { sendMessage, waitForReply } from '../support/play';

/** A `ThreadList.Default` (given the other args) beside the thread, on the mock endpoint. */
function Threads({ model = 'mock/text', ...list }: ThreadList.DefaultProps & { model?: string }) {
  return (
    <MockChatProvider request={{ model }}>
      <div className="rcc-chat-window" data-threads="" style={{ height: 520 }}>
        <aside className="rcc-chat-sidebar">
          <ThreadList.Default {...list} />
        </aside>
        <ChatMain label="Current thread" empty="An empty thread." />
      </div>
    </MockChatProvider>
  );
}

const meta = {
  title: 'Components/ThreadList',
  tags: ['autodocs'],
  component: ThreadList.Default,
  render: (args) => <Threads {...args} />,
  parameters: {
    docs: {
      description: {
        component:
          'The conversations of a chat store: New chat, then every thread with switch, rename and delete. The stories show it beside the thread on the mock endpoint (their `model`).',
      },
      // The story's own arg, in the Controls panel only.
      controls: { exclude: ['model'] },
    },
  },
  subcomponents: { 'ThreadList.Root': ThreadList.Root },
} satisfies Meta<typeof Threads>;
export default meta;
type Story = StoryObj<typeof meta>;

/** New chat, switch, rename, delete. The play makes two threads, renames one and switches back. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'First thread question');
    await waitForReply(canvasElement, ['done']);
    await userEvent.click(canvas.getByRole('button', { name: 'New chat' }));
    await sendMessage(canvasElement, 'Second thread question');
    await waitForReply(canvasElement, ['done']);
    const list = canvas.getByRole('navigation', { name: 'Conversations' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const [first] = within(list).getAllByRole('button', { name: /^Rename/ });
    if (!first) throw new Error('no Rename button');
    await userEvent.click(first);
    const input = within(list).getByRole('textbox');
    await userEvent.clear(input);
    await userEvent.type(input, 'Renamed thread{Enter}');
    await within(list).findByRole('button', { name: 'Renamed thread' });
    await userEvent.click(within(list).getByRole('button', { name: 'Renamed thread' }));
    await waitFor(() =>
      expect(within(list).getByRole('button', { name: 'Renamed thread' })).toHaveAttribute(
        'aria-current',
        'page',
      ),
    );
  },
};

/** A reply streams in the active thread while the list stays usable. */
export const Streaming: Story = {
  args: { model: 'mock/slow' },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Tell me a long story');
    await waitFor(() => expect(canvasElement.querySelector('[data-status="streaming"]')).not.toBeNull(), {
      timeout: 15_000,
    });
  },
};

/** A thread whose last request failed keeps its place in the list. */
const ErrorState: Story = {
  args: { model: 'mock/error-500' },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Hello');
    await within(canvasElement).findByRole('alert', {}, { timeout: 15_000 });
  },
};

/** One empty thread (the initial state). */
export const AllStates: Story = {};

export { ErrorState as Error };
