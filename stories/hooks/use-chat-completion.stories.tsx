import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider, useIsMutating } from '@tanstack/react-query';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ErrorNotice, getMessageText, MarkdownText, MessageUsage, useChatCompletion } from '../../src/index';
import { useMockEndpoint } from '../support/mock-endpoint';

/**
 * `useChatCompletion`: non-streaming requests (`stream: false`). Each reply arrives whole, and the
 * request runs as a TanStack Query mutation on the app's `QueryClient`, so `useIsMutating` (and
 * the devtools) see it. Same controls as `useChatStream`, plus `mutation`.
 */
const meta = {
  title: 'Hooks/useChatCompletion',
  parameters: { layout: 'padded' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** Anything under the same `QueryClient` can see the request in flight. */
function InFlight() {
  const count = useIsMutating({ mutationKey: ['react-chat-completions'] });
  return <p>Requests in flight: {count}</p>;
}

function Summarizer({ model }: { model: string }) {
  const { clientOptions } = useMockEndpoint();
  const { messages, send, retry, status, error, mutation } = useChatCompletion({
    clientOptions,
    request: { model },
  });
  const reply = messages.findLast((message) => message.role === 'assistant');
  return (
    <section
      aria-label="useChatCompletion demo"
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: '0.75rem', maxWidth: '40rem' }}
    >
      <div>
        <button
          type="button"
          disabled={status !== 'idle'}
          onClick={() => void send('Summarize HTTP/3 in a few lines')}
        >
          Summarize HTTP/3
        </button>
      </div>
      <InFlight />
      <p>
        Mutation: <output data-testid="mutation-status">{mutation.status}</output>
      </p>
      {reply && (
        <article aria-label="Reply" data-status={reply.status}>
          <MarkdownText text={getMessageText(reply)} />
          <MessageUsage message={reply} />
        </article>
      )}
      {error && <ErrorNotice error={error} onRetry={retry} />}
    </section>
  );
}

function WithQueryClient({ model }: { model: string }) {
  // One client per story mount, as an app would create one at its root.
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <Summarizer model={model} />
    </QueryClientProvider>
  );
}

/** The reply arrives whole; the mutation goes idle → pending → success. */
export const Default: Story = {
  render: () => <WithQueryClient model="mock/text" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('mutation-status')).toHaveTextContent('idle');
    await userEvent.click(canvas.getByRole('button', { name: 'Summarize HTTP/3' }));
    const reply = await canvas.findByRole('article', { name: 'Reply' }, { timeout: 30_000 });
    await waitFor(() => expect(canvas.getByTestId('mutation-status')).toHaveTextContent('success'), {
      timeout: 30_000,
    });
    await expect(reply).toHaveAttribute('data-status', 'done');
    await expect(within(reply).getAllByRole('heading').length).toBeGreaterThan(0);
    await expect(reply.textContent).toMatch(/tokens/);
    await expect(canvas.getByText('Requests in flight: 0')).toBeVisible();
  },
};

/** A 429: the mutation fails, the notice offers Retry, the user's message stays. */
export const RateLimited: Story = {
  render: () => <WithQueryClient model="mock/error-429" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Summarize HTTP/3' }));
    const notice = await canvas.findByRole('alert', {}, { timeout: 30_000 });
    await expect(notice).toHaveAttribute('data-kind', 'rate-limited');
    await waitFor(() => expect(canvas.getByTestId('mutation-status')).toHaveTextContent('error'));
    await expect(within(notice).getByRole('button', { name: /Retry/ })).toBeVisible();
  },
};
