import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps, ComponentType } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type ChatMessage, MessageView, useChatStream, useMessageIds } from '../../src/index';
import {
  assistantMessage,
  SAMPLE_CITATIONS,
  SAMPLE_IMAGE_URL,
  SAMPLE_MARKDOWN,
  SAMPLE_USAGE,
  userMessage,
} from '../support/fixtures';
import { MockChatProvider } from '../support/mock-provider';

/**
 * Every message of the provider's thread, each a `MessageView.Default` (subscribed by id). Outside
 * `MessageList` the parts call the provider store's actions (Retry, Regenerate, Edit) by default;
 * a `ChatActionsContext` provider would override them.
 */
function Thread() {
  const ids = useMessageIds();
  return (
    // A block, not a grid: in a grid the messages' auto margins would size them to their widest
    // line (a code block), wider than a phone's screen.
    <div style={{ maxWidth: '46rem' }}>
      {ids.map((id) => (
        <MessageView.Default key={id} messageId={id} />
      ))}
    </div>
  );
}

/** Sends `prompt` once and shows the thread. */
function Ask({ prompt }: { prompt: string }) {
  const chat = useChatStream();
  return (
    <>
      <button type="button" onClick={() => void chat.send(prompt)}>
        Ask “{prompt}”
      </button>
      <Thread />
    </>
  );
}

function Messages({
  messages,
  model = 'mock/auto',
  prompt,
}: {
  messages?: ChatMessage[];
  model?: string;
  prompt?: string;
}) {
  return (
    <MockChatProvider request={{ model }} {...(messages ? { initialMessages: messages } : {})}>
      {prompt ? <Ask prompt={prompt} /> : <Thread />}
    </MockChatProvider>
  );
}

/** The stories' args: `Messages`'s, and the message's `messageId`, which `Thread` sets for each. */
type Args = ComponentProps<typeof Messages> & Partial<MessageView.DefaultProps>;

const meta = {
  title: 'Components/MessageView',
  tags: ['autodocs'],
  // The message's props table; the stories show a thread of them (each given its `messageId`).
  component: MessageView.Default as unknown as ComponentType<Args>,
  render: (args) => <Messages {...args} />,
  parameters: {
    docs: {
      description: {
        component:
          'One message: `MessageView.Default` is the ready-made one (for users attachments, text, versions, Copy and Edit; for the assistant reasoning, Markdown, tool panels, images, audio, sources, notices, Copy, Regenerate and usage), memoized by id. The stories show a provider’s thread of them (their `messages`, `model` and `prompt`).',
      },
      // The story's own args, in the Controls panel only.
      controls: { exclude: ['messages', 'model', 'prompt'] },
    },
  },
  subcomponents: { 'MessageView.Root': MessageView.Root },
  // Each message of the thread has its own: documented, with no control.
  argTypes: { messageId: { control: false } },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A user message (Copy, Edit) and a reply (Markdown, sources, usage, Copy, Regenerate). */
export const Default: Story = {
  args: {
    messages: [
      userMessage('How should I stream a reply?'),
      assistantMessage({ content: SAMPLE_MARKDOWN, annotations: SAMPLE_CITATIONS, usage: SAMPLE_USAGE }),
    ],
  },
};

/** A reply streaming from `mock/reasoning`: reasoning, then Markdown, then actions once settled. */
export const Streaming: Story = {
  args: { model: 'mock/reasoning', prompt: 'Why is the sky blue?' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Ask/ }));
    await waitFor(
      () => expect(canvasElement.querySelector('[data-role="assistant"][data-status="done"]')).not.toBeNull(),
      { timeout: 15_000 },
    );
    await expect(canvas.getByRole('button', { name: 'Regenerate' })).toBeEnabled();
  },
};

/** A reply that failed mid-stream: partial text, the error in words, Retry. */
const ErrorState: Story = {
  args: { model: 'mock/error-midstream', prompt: 'Tell me a story' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Ask/ }));
    const alert = await canvas.findByRole('alert', {}, { timeout: 15_000 });
    await expect(within(alert).getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** User with attachments, reasoning, image, stopped, failed. */
export const AllStates: Story = {
  args: {
    messages: [
      userMessage([
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: SAMPLE_IMAGE_URL } },
      ]),
      assistantMessage({
        reasoning: 'A gradient, blue to pink.',
        content: 'A gradient.',
        images: [SAMPLE_IMAGE_URL],
      }),
      userMessage('Continue.'),
      assistantMessage({ content: 'And then the', status: 'incomplete', finishReason: 'length' }),
      userMessage('Again.'),
      assistantMessage({ content: 'Half an', status: 'error', error: new Error('The reply failed.') }),
    ],
  },
};

/**
 * Editing a message sent with attachments: each is listed with a Remove button (the composer's
 * list), and the new version keeps those not removed.
 */
export const EditingAttachments: Story = {
  args: {
    messages: [
      userMessage([
        { type: 'text', text: 'Which of these is warmer?' },
        { type: 'image_url', image_url: { url: SAMPLE_IMAGE_URL } },
        { type: 'image_url', image_url: { url: SAMPLE_IMAGE_URL } },
      ]),
      assistantMessage({ content: 'The second: more pink.' }),
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    const list = canvas.getByRole('list', { name: 'Attachments' });
    await expect(within(list).getAllByRole('button', { name: /^Remove Image [12]$/ })).toHaveLength(2);
    await userEvent.click(canvas.getByRole('button', { name: 'Remove Image 1' }));
    await expect(canvas.getByRole('textbox', { name: 'Edit message' })).toHaveFocus();
    await expect(within(list).getAllByRole('button', { name: /^Remove / })).toHaveLength(1);
  },
};

export { ErrorState as Error };
