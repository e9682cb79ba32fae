import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { MessageUsage, UsageSummary } from '../../src/index';
import { assistantMessage, SAMPLE_USAGE } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, nothingRendered, StateGrid } from '../support/state-grid';

const meta = {
  title: 'Components/Usage',
  tags: ['autodocs'],
  component: UsageSummary,
  args: { usage: SAMPLE_USAGE },
} satisfies Meta<typeof UsageSummary>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Tokens and cost. */
export const Default: Story = {};

/** Per message and per thread, from a reply streamed from the mock (usage arrives last). */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Hello there" request={{ model: 'mock/text' }}>
      {({ message, chat }) => (
        <>
          <ReplyView message={message} />
          <UsageSummary usage={chat.usage} label="Thread" data-testid="thread-usage" />
        </>
      )}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"]')).not.toBeNull(), {
      timeout: 15_000,
    });
    await waitFor(() => expect(canvas.getByTestId('thread-usage')).toHaveTextContent(/\d/));
  },
};

/** A failed request used no tokens: nothing to show. */
const ErrorState: Story = {
  args: { usage: undefined },
  decorators: [nothingRendered('Nothing above: without usage, the summary renders nothing.')],
};

/** Full usage, counts only (no cost), a message's usage, none. */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        { label: 'tokens and cost', node: <UsageSummary usage={SAMPLE_USAGE} /> },
        {
          label: 'counts only',
          node: <UsageSummary usage={{ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 }} />,
        },
        {
          label: 'message usage',
          node: <MessageUsage message={assistantMessage({ content: 'x', usage: SAMPLE_USAGE })} />,
        },
        { label: 'none', node: <UsageSummary usage={undefined} /> },
      ]}
    />
  ),
};

export { ErrorState as Error };
