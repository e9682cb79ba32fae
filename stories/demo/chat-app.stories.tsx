import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ChatWindow, type ChatWindowProps, useModels } from '../../src/index';
import { createDemoFetch } from '../support/demo-endpoint';
import { useMockEndpoint } from '../support/mock-endpoint';
import { sendMessage, waitForReply } from '../support/play';
import { demoTools } from '../support/tools';

/**
 * The whole library as an app, on the built-in mock: threads, a model picker fed by the mock's
 * `/models`, tools (`get_weather` runs by itself, `send_email` asks for approval), reasoning on
 * every reply, image generation ("draw ..."), web citations ("search ..."), usage and cost.
 */
function ChatApp(props: Partial<ChatWindowProps>) {
  const { clientOptions } = useMockEndpoint();
  const demoClientOptions = useMemo(
    () => ({ ...clientOptions, fetch: createDemoFetch(clientOptions.fetch ?? fetch) }),
    [clientOptions],
  );
  const { models } = useModels({ clientOptions, fallback: ['mock/auto'] });
  return (
    <ChatWindow
      title="react-chat-completions demo"
      clientOptions={demoClientOptions}
      request={{ model: 'mock/auto', reasoning: { effort: 'low' } }}
      models={models}
      fallbackModels
      threads
      tools={demoTools}
      // Short: the textbox is one line tall (two in a narrow window), and a longer hint would wrap.
      placeholder="Try “draw a sunset”…"
      empty="Try: “What is the weather in Paris and Tokyo?”, “Draw a sunset”, “Search the web for SSE”, or “Email Ada about lunch”."
      style={{ height: '100vh' }}
      {...props}
    />
  );
}

const meta = {
  title: 'Demo/ChatApp',
  component: ChatApp,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof ChatApp>;
export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The app, ready to chat: try one of the prompts it shows, or pick a scenario in the Model select
 * (Mock: Tools, Reasoning, Image, Citations, Audio, JSON, Refusal, Content filter, the errors…).
 */
export const Default: Story = {};

/** A guided conversation: tools with reasoning, an image, web sources, and an approval. */
export const Tour: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'What is the weather in Paris and Tokyo?');
    await waitFor(() => expect(canvas.getByRole('heading', { name: 'Results' })).toBeVisible(), {
      timeout: 30_000,
    });
    await waitForReply(canvasElement, ['done']);
    await sendMessage(canvasElement, 'Search the web for server-sent events');
    const cited = await waitForReply(canvasElement, ['done']);
    await expect(cited.querySelectorAll('a[href^="https:"]').length).toBeGreaterThan(0);
    await sendMessage(canvasElement, 'Draw a sunset over the sea');
    const drawn = await waitForReply(canvasElement, ['done']);
    await expect(drawn.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect(within(drawn).getByRole('button', { name: /Reasoning/ })).toBeVisible();
  },
};

/** Approval in the app: the email waits for Approve or Deny; the play denies it. */
export const Approval: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await sendMessage(canvasElement, 'Send an email to Ada about lunch');
    const deny = await canvas.findAllByRole('button', { name: 'Deny' }, { timeout: 30_000 });
    for (const button of deny) await userEvent.click(button);
    await waitFor(
      () =>
        expect(canvasElement.querySelectorAll('.rcc-tool-call[data-state="denied"]').length).toBe(
          deny.length,
        ),
      { timeout: 30_000 },
    );
    await waitForReply(canvasElement, ['done']);
  },
};
