import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { MessageAttachments, MessageImages } from '../../src/index';
import { assistantMessage, SAMPLE_IMAGE_URL, userMessage } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const drawn = assistantMessage({ content: 'Here is your gradient.', images: [SAMPLE_IMAGE_URL] });

const meta = {
  title: 'Components/Images',
  tags: ['autodocs'],
  component: MessageImages,
  args: { message: drawn },
} satisfies Meta<typeof MessageImages>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Output images with Enlarge (a modal dialog) and Download. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /Enlarge/ }));
    const dialog = await within(document.body).findByRole('dialog');
    await expect(dialog).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(document.body).queryByRole('dialog')).toBeNull());
  },
};

/** Image generation with `mock/image` (`modalities: ["image", "text"]`): a real PNG arrives. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation
      prompt="Draw a sunset gradient"
      request={{ model: 'mock/image', modalities: ['image', 'text'] }}
    >
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"] img')).not.toBeNull(), {
      timeout: 15_000,
    });
    const image = canvasElement.querySelector<HTMLImageElement>('[data-status="done"] img');
    await expect(image?.src).toMatch(/^data:image\/png;base64,/);
    await waitFor(() => expect(image?.naturalWidth).toBeGreaterThan(0));
  },
};

/** Unsafe sources (an SVG data URL, `javascript:`) are refused with a notice, never rendered. */
const ErrorState: Story = {
  args: {
    message: assistantMessage({
      content: 'Hostile images.',
      images: ['data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+', "javascript:alert('x')"],
    }),
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('img')).toBeNull();
  },
};

/** Several outputs, input attachments as thumbnails, a refused source. */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        {
          label: 'two outputs',
          node: (
            <MessageImages
              message={assistantMessage({ content: 'x', images: [SAMPLE_IMAGE_URL, SAMPLE_IMAGE_URL] })}
            />
          ),
        },
        {
          label: 'input attachments',
          node: (
            <MessageAttachments
              message={userMessage([
                { type: 'text', text: 'What is in this picture?' },
                { type: 'image_url', image_url: { url: SAMPLE_IMAGE_URL } },
                {
                  type: 'file',
                  file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
                },
              ])}
            />
          ),
        },
        {
          label: 'refused source',
          node: (
            <MessageImages
              message={assistantMessage({ content: 'x', images: ['http://example.com/a.png'] })}
            />
          ),
        },
      ]}
    />
  ),
};

export { ErrorState as Error };
