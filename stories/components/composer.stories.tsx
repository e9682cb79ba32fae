import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Composer, type ContentPart } from '../../src/index';
import { MockConversation } from '../support/mock-conversation';
import { AssistantReplies } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const meta = {
  title: 'Components/Composer',
  tags: ['autodocs'],
  component: Composer.Default,
  args: { onSend: fn(), onStop: fn(), status: 'idle' },
} satisfies Meta<typeof Composer.Default>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Enter sends, Shift+Enter makes a newline; the text clears and focus stays in the textbox. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const input = canvas.getByRole('textbox', { name: 'Message' });
    await userEvent.type(input, 'First line{Shift>}{Enter}{/Shift}second line');
    await expect(input).toHaveValue('First line\nsecond line');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSend).toHaveBeenCalledWith('First line\nsecond line');
    await expect(input).toHaveValue('');
    await expect(input).toHaveFocus();
  },
};

function LiveComposer() {
  const [sent, setSent] = useState<(string | ContentPart[])[]>([]);
  return (
    <MockConversation prompt="Write a long answer, slowly" request={{ model: 'mock/slow' }}>
      {({ chat }) => (
        <>
          <AssistantReplies messages={chat.messages} />
          <Composer.Default
            status={chat.status}
            onStop={chat.stop}
            onSend={(content) => {
              setSent((list) => [...list, content]);
              return chat.send(content);
            }}
          />
          <p>
            Messages sent: <output aria-label="Sent">{sent.length}</output>
          </p>
        </>
      )}
    </MockConversation>
  );
}

/** While a reply streams, Stop replaces Send; Stop keeps the partial reply (`incomplete`). */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => <LiveComposer />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('[data-status="streaming"]')).not.toBeNull(), {
      timeout: 15_000,
    });
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await canvas.findByRole('button', { name: 'Send' }, { timeout: 15_000 });
    await waitFor(() => expect(canvasElement.querySelector('[data-status="incomplete"]')).not.toBeNull());
  },
};

/** Refused attachment: a file of the wrong type gets a clear message. */
const ErrorState: Story = {
  // Looks like Default until its play runs (plays do not run on a Docs page): left off the Docs page.
  tags: ['!autodocs'],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const picker = canvasElement.querySelector<HTMLInputElement>('input[type="file"]');
    await expect(picker).not.toBeNull();
    if (!picker) return;
    await userEvent.upload(picker, new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }), {
      applyAccept: false,
    });
    await expect(await canvas.findByRole('alert')).toHaveTextContent(/setup\.exe/);
  },
};

/** Idle, busy (Stop shown), disabled, attachments off. */
export const AllStates: Story = {
  render: (args) => (
    <StateGrid
      items={[
        { label: 'idle', node: <Composer.Default {...args} /> },
        { label: 'streaming', node: <Composer.Default {...args} status="streaming" /> },
        { label: 'disabled', node: <Composer.Default {...args} disabled /> },
        { label: 'no attachments', node: <Composer.Default {...args} attachments={false} /> },
      ]}
    />
  ),
};

export { ErrorState as Error };
