import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ChatCompletionRequest } from '../src/index';
import { createChatHandler } from '../src/server/index';
import { MockChatWindow } from './support/mock-chat-window';
import { MOCK_BASE_URL, useMockEndpoint } from './support/mock-endpoint';
import { sendMessage, waitForReply } from './support/play';

/**
 * `createChatHandler` from `react-chat-completions/server`, run in the page so it can be shown:
 * the window's client holds no key and talks to the handler, which checks the request, adds the
 * server's key and forwards to the mock endpoint. In an app the handler is a server route
 * (README: "The server side").
 */
const meta = {
  title: 'Server/createChatHandler',
  parameters: { layout: 'padded' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const SERVER_KEY = 'sk-demo-server-only-key';

interface Forwarded {
  model: string | undefined;
  maxCompletionTokens: number | null | undefined;
  user: string | undefined;
  keyed: boolean;
  /** The body's length, in characters. */
  length: number;
}

function ProxiedChat() {
  const endpoint = useMockEndpoint();
  const [log, setLog] = useState<Forwarded[]>([]);
  const clientOptions = useMemo(() => {
    const handler = createChatHandler({
      apiKey: SERVER_KEY,
      baseUrl: MOCK_BASE_URL,
      allowModels: ['mock/auto', 'mock/text'],
      maxCompletionTokens: 200,
      transformRequest: (body) => ({ ...body, user: 'demo-user' }),
      // What reaches the endpoint, as the server would log it (never the key itself).
      fetch: async (input, init) => {
        if (typeof init?.body === 'string') {
          const { length } = init.body;
          const body = JSON.parse(init.body) as ChatCompletionRequest;
          const keyed = new Headers(init.headers).get('authorization') === `Bearer ${SERVER_KEY}`;
          setLog((entries) => [
            ...entries,
            {
              model: body.model,
              maxCompletionTokens: body.max_completion_tokens,
              user: body.user,
              keyed,
              length,
            },
          ]);
        }
        return (endpoint.clientOptions.fetch ?? fetch)(input, init);
      },
    });
    // The browser's client: no key, its base URL is the handler's route.
    return {
      baseUrl: '/api/chat',
      maxRetries: 0,
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        handler(new Request(new URL(String(input), window.location.href), init)),
    };
  }, [endpoint]);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'start' }}>
      <MockChatWindow
        title="Chat through the proxy"
        clientOptions={clientOptions}
        request={{ model: 'mock/text' }}
        models={['mock/text', 'mock/auto', 'mock/reasoning']}
        height={520}
        style={{ flex: '2 1 26rem', minWidth: 0 }}
      />
      <section aria-label="Reached the endpoint" style={{ flex: '1 1 14rem', minWidth: 0 }}>
        <h3 style={{ marginTop: 0 }}>Reached the endpoint</h3>
        <p style={{ fontSize: '0.85rem' }}>
          Allowed models: mock/text, mock/auto. Completion tokens capped at 200; <code>user</code> set on the
          server.
        </p>
        <ol>
          {log.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows.
            <li key={index} data-forwarded="" data-length={entry.length}>
              {entry.model} · max_completion_tokens {String(entry.maxCompletionTokens)} · user {entry.user} ·{' '}
              {entry.keyed ? 'server key added' : 'no key'}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** A message goes through the proxy; a model outside `allowModels` gets the proxy's 400. */
export const Default: Story = {
  render: () => <ProxiedChat />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Hello through the proxy');
    await waitForReply(canvasElement, ['done']);
    const log = canvas.getByRole('region', { name: 'Reached the endpoint' });
    await waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(1));
    await expect(within(log).getByRole('listitem')).toHaveTextContent(
      'mock/text · max_completion_tokens 200 · user demo-user · server key added',
    );
    // Not allowed here: refused by the proxy, nothing reaches the endpoint.
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Model' }), 'mock/reasoning');
    await sendMessage(canvasElement, 'And with another model?');
    const notice = await canvas.findByRole('alert', {}, { timeout: 15_000 });
    await expect(notice).toHaveTextContent(/not allowed/);
    await expect(within(log).getAllByRole('listitem')).toHaveLength(1);
  },
};

/**
 * Attach a large photo (a 12-megapixel one of 8 MB or more would be a 413 from the proxy, whose
 * `maxBodyBytes` is 10 MB, as a data URL): the composer scales it to 2048 pixels on its longer
 * side first, so it goes through, in every later request of the thread too. Each entry of "Reached
 * the endpoint" carries the body's length in `data-length`.
 */
export const Photo: Story = {
  render: () => <ProxiedChat />,
};
