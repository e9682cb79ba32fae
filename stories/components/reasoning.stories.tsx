import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { Reasoning } from '../../src/index';
import { assistantMessage } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const meta = {
  title: 'Components/Reasoning',
  tags: ['autodocs'],
  component: Reasoning.Default,
  parameters: {
    docs: {
      description: {
        component: 'Collapsible reasoning: open while it streams, collapsed when the answer starts.',
      },
    },
  },
} satisfies Meta<typeof Reasoning.Default>;
export default meta;
type Story = StoryObj<typeof meta>;

const thought = assistantMessage({
  reasoning:
    'The user asks about SSE. First recall the framing rules: `data:` lines, blank line ends an event.',
  content: 'SSE frames events with `data:` lines.',
});

/** A settled reply's reasoning, collapsed; click to open. */
export const Default: Story = { args: { message: thought } };

/** Streamed from `mock/reasoning`: opens while thinking, collapses as the answer starts. */
export const Streaming: Story = {
  args: { message: thought },
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Why is the sky blue?" request={{ model: 'mock/reasoning' }}>
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"]')).not.toBeNull(), {
      timeout: 15_000,
    });
    const trigger = canvas.getByRole('button', { name: 'Reasoning' });
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');
  },
};

/** Reasoning of a reply that failed before answering: the panel stays readable. */
const ErrorState: Story = {
  args: {
    message: assistantMessage({
      status: 'error',
      reasoning: 'Looking up the figures… the provider stopped here.',
    }),
    defaultOpen: true,
  },
};

/** Text, summaries, encrypted (redacted), streaming. */
export const AllStates: Story = {
  args: { message: thought },
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        { label: 'text (closed)', node: <Reasoning.Default message={thought} /> },
        { label: 'text (open)', node: <Reasoning.Default message={thought} defaultOpen /> },
        {
          label: 'summaries',
          node: (
            <Reasoning.Default
              defaultOpen
              message={assistantMessage({
                content: 'Done.',
                reasoning_details: [
                  { type: 'reasoning.summary', summary: 'Compared both options on cost.' },
                  { type: 'reasoning.summary', summary: 'Picked the cheaper one.' },
                ],
              })}
            />
          ),
        },
        {
          label: 'encrypted',
          node: (
            <Reasoning.Default
              defaultOpen
              message={assistantMessage({
                content: 'Done.',
                reasoning_details: [{ type: 'reasoning.encrypted', data: 'gAAAAABo…' }],
              })}
            />
          ),
        },
        {
          label: 'streaming',
          node: (
            <Reasoning.Default
              message={assistantMessage({
                status: 'streaming',
                reasoning: 'Let me think about the framing…',
              })}
            />
          ),
        },
      ]}
    />
  ),
};

export { ErrorState as Error };
