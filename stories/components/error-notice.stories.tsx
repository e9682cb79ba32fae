import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ErrorNotice } from '../../src/index';
import { sampleErrors } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const errors = sampleErrors();

const meta = {
  title: 'Components/ErrorNotice',
  tags: ['autodocs'],
  component: ErrorNotice,
  args: { error: errors[1]?.error, onRetry: () => undefined },
  // An error is no JSON: the object control would copy it with `new ChatApiError()`, which throws.
  argTypes: { error: { control: false } },
} satisfies Meta<typeof ErrorNotice>;
export default meta;
type Story = StoryObj<typeof meta>;

/** 402: out of credits, in words a person understands. */
export const Default: Story = {};

/** Text streams, then an error chunk arrives (`mock/error-midstream`): the partial text stays. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Tell me a story" request={{ model: 'mock/error-midstream' }}>
      {({ message, chat }) => (
        <>
          <ReplyView message={message} />
          {chat.status === 'error' && <ErrorNotice error={chat.error} data-testid="chat-error" />}
        </>
      )}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-status="error"]')).not.toBeNull(), {
      timeout: 15_000,
    });
    const reply = canvasElement.querySelector('[data-status="error"]');
    await expect(reply?.textContent?.length ?? 0).toBeGreaterThan(20);
  },
};

/** 429 from `mock/error-429`: rate limited, with the retry time; Retry asks again. */
const ErrorState: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Hello" request={{ model: 'mock/error-429' }}>
      {({ chat }) => <ErrorNotice error={chat.error} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await canvas.findByRole('alert', {}, { timeout: 15_000 });
    await expect(alert).toHaveAttribute('data-kind', 'rate-limited');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await canvas.findByRole('alert', {}, { timeout: 15_000 });
  },
};

/** Every kind: bad key, out of credits, moderation, rate limited, provider, network, truncated. */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={errors.map(({ label, error }) => ({
        label,
        node: <ErrorNotice error={error} onRetry={() => undefined} />,
      }))}
    />
  ),
};

export { ErrorState as Error };
