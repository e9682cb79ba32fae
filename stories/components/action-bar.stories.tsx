import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ActionBar, type ChatMessage, getMessageText, MarkdownText } from '../../src/index';
import { assistantMessage, SAMPLE_MARKDOWN, userMessage } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

/** The four parts on one message, in an `ActionBar.Root` (given the root's other props). */
function Actions({
  message,
  onRegenerate,
  onRetry,
  onEdit,
  ...root
}: ActionBar.RootProps & {
  message: ChatMessage;
  onRegenerate?: (id: string) => unknown;
  onRetry?: () => unknown;
  onEdit?: (id: string) => unknown;
}) {
  return (
    <ActionBar.Root {...root}>
      <ActionBar.Copy message={message} />
      <ActionBar.Edit message={message} {...(onEdit ? { onEdit } : {})} />
      <ActionBar.Regenerate message={message} {...(onRegenerate ? { onRegenerate } : {})} />
      <ActionBar.Retry message={message} {...(onRetry ? { onRetry } : {})} />
    </ActionBar.Root>
  );
}

const reply = assistantMessage({ content: SAMPLE_MARKDOWN });

/**
 * The story's own args (each given to the parts by `Actions`), left out of the props tables: the
 * parts' tabs document `message` and the callbacks.
 */
const storyArg = { table: { disable: true } } as const;

const meta = {
  title: 'Components/ActionBar',
  tags: ['autodocs'],
  component: ActionBar.Root,
  render: (args) => <Actions {...args} />,
  parameters: {
    docs: {
      description: {
        component:
          'The actions of one message: `ActionBar.Root` groups them ("Message actions"); Copy, Edit, Regenerate and Retry each show only where they apply and call the chat’s action by default. The stories render the four on one message; the props tables document the root, then each part.',
      },
    },
  },
  subcomponents: {
    'ActionBar.Copy': ActionBar.Copy,
    'ActionBar.Edit': ActionBar.Edit,
    'ActionBar.Regenerate': ActionBar.Regenerate,
    'ActionBar.Retry': ActionBar.Retry,
  },
  args: { message: reply, onRegenerate: fn(), onRetry: fn(), onEdit: fn() },
  argTypes: {
    message: storyArg,
    onRegenerate: storyArg,
    onRetry: storyArg,
    onEdit: storyArg,
    // The root holds four buttons: as its single child it would have none to render into.
    asChild: { control: false },
  },
} satisfies Meta<typeof Actions>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Copy and Regenerate on a settled assistant reply. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }));
    await expect(args.onRegenerate).toHaveBeenCalledWith(reply.id);
  },
};

/** While the reply streams, Regenerate is disabled. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Explain SSE" request={{ model: 'mock/slow' }}>
      {({ message }) => <ReplyView message={message}>{message && <Actions message={message} />}</ReplyView>}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const regenerate = await canvas.findByRole('button', { name: 'Regenerate' }, { timeout: 15_000 });
    await expect(regenerate).toBeDisabled();
  },
};

/** A reply that failed mid-stream (`mock/error-midstream`) offers Retry; the play retries it. */
const ErrorState: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Tell me a story" request={{ model: 'mock/error-midstream' }}>
      {({ message, chat }) => (
        <article data-status={message?.status}>
          {message ? <MarkdownText text={getMessageText(message)} /> : <p>Waiting…</p>}
          {message?.status === 'error' && <p>The reply failed: {message.error?.message}</p>}
          {message && <Actions message={message} onRetry={chat.retry} />}
          <p>
            Assistant replies in the chat (Retry replaces the failed one):{' '}
            <output aria-label="Replies">
              {chat.messages.filter((item) => item.role === 'assistant').length}
            </output>
          </p>
        </article>
      )}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', { name: 'Retry' }, { timeout: 15_000 });
    await userEvent.click(retry);
    // Retry asks again without duplicating the user message; the new attempt fails the same way.
    await canvas.findByRole('button', { name: 'Retry' }, { timeout: 15_000 });
    await expect(canvas.getByRole('status', { name: 'Replies' })).toHaveTextContent('1');
  },
};

/** User message (Copy, Edit), assistant reply, streaming reply, failed reply. */
export const AllStates: Story = {
  render: (args) => (
    <StateGrid
      items={[
        { label: 'user', node: <Actions {...args} message={userMessage('Summarise this thread.')} /> },
        { label: 'assistant', node: <Actions {...args} message={reply} /> },
        {
          label: 'streaming',
          node: (
            <Actions {...args} message={assistantMessage({ status: 'streaming', content: 'Partial…' })} />
          ),
        },
        {
          label: 'error',
          node: <Actions {...args} message={assistantMessage({ status: 'error', content: 'Half an ans' })} />,
        },
      ]}
    />
  ),
};

export { ErrorState as Error };
