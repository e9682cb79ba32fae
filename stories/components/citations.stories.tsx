import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { Citations } from '../../src/index';
import { assistantMessage, SAMPLE_CITATIONS } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const cited = assistantMessage({ content: 'SSE is one-way [1][2].', annotations: SAMPLE_CITATIONS });

const meta = {
  title: 'Components/Citations',
  tags: ['autodocs'],
  component: Citations,
  args: { message: cited },
} satisfies Meta<typeof Citations>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Numbered source links (`url_citation`) and files by name. */
export const Default: Story = {};

/** The web plugin's answer from `mock/citations`, sources arriving with the stream. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <MockConversation
      prompt="Search the web: what is new in HTTP/3?"
      request={{ model: 'mock/citations', plugins: [{ id: 'web' }] }}
    >
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"]')).not.toBeNull(), {
      timeout: 15_000,
    });
    const sources = canvas.getByRole('group', { name: 'Sources' });
    for (const link of within(sources).getAllByRole('link')) {
      await expect(link).toHaveAttribute('rel', expect.stringContaining('noopener'));
      await expect(link.getAttribute('href')).toMatch(/^https:/);
    }
  },
};

/** Hostile sources: a `javascript:` citation URL is not rendered as a link. */
const ErrorState: Story = {
  args: {
    message: assistantMessage({
      content: 'Sources below.',
      annotations: [
        { type: 'url_citation', url_citation: { url: "javascript:alert('xss')", title: 'Evil' } },
        { type: 'url_citation', url_citation: { url: 'https://example.com/', title: 'Fine' } },
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    for (const link of canvasElement.querySelectorAll('a')) {
      await expect(link.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    }
  },
};

/** Links only, files only, none (renders nothing). */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        {
          label: 'links',
          node: (
            <Citations
              message={assistantMessage({ content: 'x', annotations: SAMPLE_CITATIONS.slice(0, 2) })}
            />
          ),
        },
        {
          label: 'file',
          node: (
            <Citations message={assistantMessage({ content: 'x', annotations: SAMPLE_CITATIONS.slice(2) })} />
          ),
        },
        { label: 'none', node: <Citations message={assistantMessage({ content: 'x' })} /> },
      ]}
    />
  ),
};

export { ErrorState as Error };
