import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useRef, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { MarkdownText, useSmoothText } from '../../src/index';
import { XSS_MARKDOWN } from '../../src/testing/index';
import { SAMPLE_MARKDOWN } from '../support/fixtures';
import { MockConversation } from '../support/mock-conversation';
import { ReplyView } from '../support/reply-view';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const meta = {
  title: 'Components/Markdown',
  tags: ['autodocs'],
  component: MarkdownText,
  args: { text: SAMPLE_MARKDOWN, streaming: false },
} satisfies Meta<typeof MarkdownText>;
export default meta;
type Story = StoryObj<typeof meta>;

/** GFM rendered safely: headings, lists, tables, links, code with a copy button. */
export const Default: Story = {};

/** A Markdown answer streamed from `mock/text`: completed blocks are not re-parsed per token. */
export const Streaming: Story = {
  parameters: NO_CONTROLS,
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

/** `text` arriving in four bursts, 600 ms apart, as a bursty network delivers a reply. */
function useBursts(text: string): { text: string; streaming: boolean } {
  const [parts, setParts] = useState(0);
  useEffect(() => {
    if (parts >= 4) return;
    const timer = setTimeout(() => setParts((count) => count + 1), parts === 0 ? 100 : 600);
    return () => clearTimeout(timer);
  }, [parts]);
  return { text: text.slice(0, Math.round((text.length * parts) / 4)), streaming: parts < 4 };
}

/** The same text as it arrives and paced by `useSmoothText` (what `SmoothMarkdownText` does). */
function SideBySide() {
  const { text, streaming } = useBursts(SAMPLE_MARKDOWN);
  const shown = useSmoothText(text, { streaming, charsPerSecond: 200, maxLagMs: 1000 });
  // How far the paced text fell behind at worst: the play checks that pacing happened.
  const behind = useRef(0);
  behind.current = Math.max(behind.current, text.length - shown.length);
  return (
    <div
      style={{
        display: 'grid',
        // Side by side where there is room, one above the other on a phone.
        gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 20rem), 1fr))',
        gap: '1.5rem',
        alignItems: 'start',
      }}
    >
      <section aria-label="As it arrives">
        <h3>As it arrives</h3>
        <MarkdownText text={text} streaming={streaming} />
      </section>
      <section
        aria-label="Smoothed"
        data-max-behind={behind.current}
        data-caught-up={shown === text && !streaming}
      >
        <h3>Smoothed</h3>
        <MarkdownText text={shown} streaming={streaming || shown !== text} />
      </section>
    </div>
  );
}

/**
 * Smooth streaming, opt-in: text arriving in bursts (left) is revealed at an even pace (right),
 * never more than `maxLagMs` behind. `SmoothMarkdownText` (or `useSmoothText`) does it;
 * `ChatWindow` takes it through `renderText`. Under `prefers-reduced-motion` both sides match.
 */
export const SmoothStreaming: Story = {
  parameters: NO_CONTROLS,
  render: () => <SideBySide />,
  play: async ({ canvasElement }) => {
    const smoothed = within(canvasElement).getByRole('region', { name: 'Smoothed' });
    await waitFor(() => expect(smoothed).toHaveAttribute('data-caught-up', 'true'), { timeout: 15_000 });
    const raw = within(canvasElement).getByRole('region', { name: 'As it arrives' });
    await expect(smoothed.querySelector('.rcc-markdown')?.innerHTML).toBe(
      raw.querySelector('.rcc-markdown')?.innerHTML,
    );
    // The bursts were paced: at some point the smoothed side was well behind.
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) {
      await expect(Number(smoothed.getAttribute('data-max-behind'))).toBeGreaterThan(50);
    }
  },
};

/** A reply cut off mid-stream (`mock/truncated`): the partial Markdown still renders sensibly. */
const ErrorState: Story = {
  parameters: NO_CONTROLS,
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
  parameters: NO_CONTROLS,
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
