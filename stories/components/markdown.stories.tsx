import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { MarkdownText } from '../../src/index';
import { XSS_MARKDOWN } from '../../src/testing/index';
import { SAMPLE_MARKDOWN } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { StateGrid } from '../support/state-grid';

const meta = {
  title: 'Components/Markdown',
  component: MarkdownText,
  args: { text: SAMPLE_MARKDOWN, streaming: false },
} satisfies Meta<typeof MarkdownText>;
export default meta;
type Story = StoryObj<typeof meta>;

/** GFM rendered safely: headings, lists, tables, links, code with a copy button. */
export const Default: Story = {};

/** A Markdown answer streamed from `mock/text`: completed blocks are not re-parsed per token. */
export const Streaming: Story = {
  render: () => (
    <MockConversation prompt="Explain server-sent events" request={{ model: 'mock/text' }}>
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"]')).not.toBeNull(), {
      timeout: 15_000,
    });
    const canvas = within(canvasElement);
    await expect(canvas.getAllByRole('heading').length).toBeGreaterThan(0);
    await expect(canvasElement.querySelector('pre code')).not.toBeNull();
  },
};

/** A reply cut off mid-stream (`mock/truncated`): the partial Markdown still renders sensibly. */
const ErrorState: Story = {
  render: () => (
    <MockConversation prompt="Write a long answer" request={{ model: 'mock/truncated' }}>
      {({ message }) => <ReplyView message={message} />}
    </MockConversation>
  ),
};

/** Hostile Markdown renders as inert text: no script, no `javascript:` link, no SVG image. */
export const Hostile: Story = {
  args: { text: XSS_MARKDOWN },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('script, iframe')).toBeNull();
    for (const link of canvasElement.querySelectorAll('a')) {
      await expect(link.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|data):/i);
    }
    for (const element of canvasElement.querySelectorAll('*')) {
      const handlers = [...element.attributes].filter((attribute) => attribute.name.startsWith('on'));
      await expect(handlers).toHaveLength(0);
    }
  },
};

/** Settled, streaming with an open code fence, an unfinished table, a plain paragraph. */
export const AllStates: Story = {
  render: () => (
    <StateGrid
      items={[
        { label: 'settled', node: <MarkdownText text={SAMPLE_MARKDOWN} /> },
        {
          label: 'streaming: open code fence',
          node: (
            <MarkdownText
              streaming
              text={'Here is the code:\n\n```ts\nconst answer = 42;\nconsole.log(ans'}
            />
          ),
        },
        {
          label: 'streaming: unfinished list and emphasis',
          node: <MarkdownText streaming text={'Steps:\n\n1. Install\n2. Configure **the cl'} />,
        },
        { label: 'plain text', node: <MarkdownText text="Just one sentence, no Markdown at all." /> },
      ]}
    />
  ),
};

export { ErrorState as Error };
