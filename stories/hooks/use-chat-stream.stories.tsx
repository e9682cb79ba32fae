import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { describeChatError, getMessageText, useChatStream } from '../../src/index';
import { useMockEndpoint } from '../support/mock-endpoint';

interface StreamDemoProps {
  /** The model id sent (`mock/slow` for a long reply to stop, `mock/error-500` for an error). */
  model: string;
}

/**
 * A chat of one's own on `useChatStream`, no component of the library: plain elements for the
 * messages, the status, the thread's usage, and Send, Stop, Retry and Regenerate, as in the
 * README's example.
 */
function StreamDemo({ model }: StreamDemoProps) {
  const { clientOptions } = useMockEndpoint();
  const { messages, status, error, usage, send, stop, retry, regenerate } = useChatStream({
    clientOptions,
    request: { model },
  });
  const [draft, setDraft] = useState('Hello! What can you do?');
  const inputId = useId();
  const last = messages.at(-1);
  return (
    <section aria-label="useChatStream demo" style={{ display: 'grid', gap: '0.75rem', maxWidth: '40rem' }}>
      <ol
        aria-label="Messages"
        style={{ display: 'grid', gap: '0.5rem', margin: 0, paddingInlineStart: '1.25rem' }}
      >
        {messages.map((message) => (
          <li key={message.id} data-role={message.role} data-status={message.status}>
            <strong>{message.role}</strong> <small>({message.status})</small>
            {/* The raw text (Markdown source): rendering it is MarkdownText's job, not the hook's. */}
            <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{getMessageText(message)}</div>
          </li>
        ))}
      </ol>
      <p style={{ margin: 0 }}>
        Status: <output data-testid="status">{status}</output> · {usage.total_tokens} tokens this thread
      </p>
      {error && <p role="alert">{describeChatError(error).title}</p>}
      <form
        style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' }}
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim() === '') return;
          void send(draft);
          setDraft('');
        }}
      >
        <label htmlFor={inputId}>Message</label>
        <input id={inputId} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Send</button>
        {status === 'streaming' && (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
        {(error || last?.status === 'incomplete') && (
          <button type="button" onClick={() => void retry()}>
            Retry
          </button>
        )}
        {status === 'idle' && last?.role === 'assistant' && (
          <button type="button" onClick={() => void regenerate()}>
            Regenerate
          </button>
        )}
      </form>
    </section>
  );
}

/**
 * `useChatStream` without the components: the hook gives `messages` (each with its `status`),
 * the chat's `status`, `error`, the thread's `usage`, and the actions. Send the message that is
 * filled in, or change the `model` control (`mock/slow`, then Stop; `mock/error-500`, then Retry).
 */
const meta = {
  title: 'Hooks/useChatStream',
  component: StreamDemo,
  args: { model: 'mock/text' },
  argTypes: { model: { control: 'text' } },
} satisfies Meta<typeof StreamDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Send: the reply streams into the list, then Regenerate replaces it. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(
      () => expect(canvasElement.querySelector('[data-role="assistant"][data-status="done"]')).not.toBeNull(),
      { timeout: 15_000 },
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('idle'), { timeout: 15_000 });
    await expect(canvasElement.querySelectorAll('[data-role="assistant"]')).toHaveLength(1);
  },
};

/** `mock/error-500`: the error in words (`describeChatError`) and Retry. */
export const Failing: Story = {
  args: { model: 'mock/error-500' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await expect(await canvas.findByRole('alert', {}, { timeout: 15_000 })).not.toBeEmptyDOMElement();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};
