import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ToolCallPanel } from '../../src/index';
import { toolCallStates } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { AssistantReplies, ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';
import { demoTools, emailTool, weatherTool } from '../support/tools';

const states = toolCallStates();
const byState = (state: string) => states.find((item) => item.label === state)!;

const meta = {
  title: 'Components/ToolCallPanel',
  tags: ['autodocs'],
  component: ToolCallPanel.Default,
  args: {
    toolCall: byState('done').call,
    status: byState('done').message.toolCalls?.[byState('done').call.id],
    message: byState('done').message,
  },
} satisfies Meta<typeof ToolCallPanel.Default>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A finished call: name, arguments, result. */
export const Default: Story = {};

/** `mock/tools` calls `get_weather` for two cities in parallel; arguments grow as they stream, then run. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation
      prompt="What is the weather in Paris and Tokyo?"
      request={{ model: 'mock/tools' }}
      tools={[weatherTool]}
    >
      {({ chat }) => <AssistantReplies messages={chat.messages} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    await waitFor(
      () => {
        const done = canvasElement.querySelectorAll('.rcc-tool-call[data-state="done"]');
        expect(done.length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000 },
    );
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"] h2')).not.toBeNull(), {
      timeout: 15_000,
    });
  },
};

/** Approval flow: `send_email` waits for Approve or Deny. The play approves it. */
export const Approval: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation
      prompt="Send an email to Ada about lunch"
      request={{ model: 'mock/tools' }}
      tools={[emailTool]}
    >
      {({ chat }) => <AssistantReplies messages={chat.messages} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const buttons = await canvas.findAllByRole('button', { name: 'Approve' }, { timeout: 15_000 });
    await expect(canvas.getAllByRole('button', { name: 'Deny' })).toHaveLength(buttons.length);
    for (const button of buttons) await userEvent.click(button);
    await waitFor(
      () => {
        const selector = '.rcc-tool-call[data-tool-name="send_email"][data-state="done"]';
        expect(canvasElement.querySelectorAll(selector)).toHaveLength(buttons.length);
      },
      { timeout: 15_000 },
    );
    // The model answers from the results once every call has one.
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Results' })).toBeVisible(), {
      timeout: 15_000,
    });
  },
};

/**
 * The reply fails halfway through the first call's arguments (`mock/error-midstream-tools`): the
 * calls stay `streaming` in the store, and the panels say "Not run" (`data-cut-off`) beside the
 * error notice and its Retry. The play checks them, retries, and the new attempt is cut the same way.
 */
export const CutOff: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation
      prompt="What is the weather in Paris and Tokyo?"
      request={{ model: 'mock/error-midstream-tools' }}
      tools={[weatherTool]}
    >
      {({ message }) => (
        <div data-reply-id={message?.id}>
          <ReplyView message={message} />
        </div>
      )}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const failedReply = async () => {
      const reply = await waitFor(
        () => {
          const found = canvasElement.querySelector<HTMLElement>('[data-reply-id] [data-status="error"]');
          expect(found).not.toBeNull();
          return found as HTMLElement;
        },
        { timeout: 15_000 },
      );
      const panels = reply.querySelectorAll('.rcc-tool-call');
      await expect(panels.length).toBeGreaterThanOrEqual(1);
      for (const panel of panels) {
        await expect(panel).toHaveAttribute('data-state', 'streaming');
        await expect(panel).toHaveAttribute('data-cut-off');
        await expect(within(panel as HTMLElement).getByText('Not run')).toBeVisible();
      }
      await expect(within(reply).queryByText('Preparing…')).toBeNull();
      const alert = within(reply).getByRole('alert');
      await expect(alert).toHaveAttribute('data-kind', 'provider');
      return canvasElement.querySelector('[data-reply-id]')?.getAttribute('data-reply-id');
    };
    const first = await failedReply();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    // Retry asks again: a new reply, which the same scenario cuts the same way.
    await waitFor(
      () =>
        expect(canvasElement.querySelector('[data-reply-id]')?.getAttribute('data-reply-id')).not.toBe(first),
      { timeout: 15_000 },
    );
    await expect(await failedReply()).not.toBe(first);
  },
};

/** A failed call: the tool threw, the model is told. */
const ErrorState: Story = {
  args: {
    toolCall: byState('error').call,
    status: byState('error').message.toolCalls?.[byState('error').call.id],
    message: byState('error').message,
  },
};

/**
 * Every call state: streaming, pending, awaiting-approval, running, done, error, denied, and a call
 * still streaming when its reply failed ("Not run").
 */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={states.map(({ label, call, message }) => ({
        label,
        node: (
          <ToolCallPanel.Default toolCall={call} status={message.toolCalls?.[call.id]} message={message} />
        ),
      }))}
    />
  ),
};

/** All demo tools at once, the model picks: both panels stream side by side. */
export const ParallelTools: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation prompt="Use your tools" request={{ model: 'mock/tools' }} tools={demoTools}>
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
};

export { ErrorState as Error };
