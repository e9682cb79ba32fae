import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import type { ChatRequestParameters } from '../../src/index';
import { MockChatWindow, mockChatWindowArgTypes } from '../support/mock-chat-window';
import { sendMessage, waitForReply } from '../support/play';
import { weatherTool } from '../support/tools';

/**
 * One story per scenario the mock endpoint forces by model id (`mock/<scenario>`). Each play sends
 * a prompt and checks what the scenario must show.
 */
const meta = {
  title: 'Mock/Scenarios',
  component: MockChatWindow,
  argTypes: mockChatWindowArgTypes,
  args: { height: 560 },
} satisfies Meta<typeof MockChatWindow>;
export default meta;
type Story = StoryObj<typeof meta>;

function scenario(
  request: ChatRequestParameters,
  prompt: string,
  check?: (reply: HTMLElement, canvasElement: HTMLElement) => Promise<void>,
  extra: Partial<Story['args']> = {},
): Story {
  return {
    args: { title: `Scenario ${request.model}`, request, ...extra },
    play: async ({ canvasElement }) => {
      await sendMessage(canvasElement, prompt);
      const reply = await waitForReply(canvasElement, ['done']);
      await check?.(reply, canvasElement);
    },
  };
}

/** `mock/auto`: behaviour chosen from the request (here: plain Markdown). */
export const Auto = scenario({ model: 'mock/auto' }, 'Hello, who are you?');

/** `mock/text`: a Markdown answer with a heading, a list and a code block. */
export const Text = scenario({ model: 'mock/text' }, 'Explain closures', async (reply) => {
  await expect(within(reply).getAllByRole('heading').length).toBeGreaterThan(0);
  await expect(reply.querySelector('pre code')).not.toBeNull();
});

/** `mock/reasoning`: reasoning first (collapsed once the answer starts), then the answer. */
export const Reasoning = scenario({ model: 'mock/reasoning' }, 'Why is the sky blue?', async (reply) => {
  await expect(within(reply).getByRole('button', { name: 'Reasoning' })).toBeVisible();
});

/** `mock/tools`: parallel calls with streamed arguments, run, then an answer from the results. */
export const Tools = scenario(
  { model: 'mock/tools' },
  'What is the weather in Paris and Tokyo?',
  async (_reply, canvasElement) => {
    await expect(canvasElement.querySelectorAll('.rcc-tool-call[data-state="done"]').length).toBe(2);
    await expect(within(canvasElement).getByRole('heading', { name: 'Results' })).toBeVisible();
  },
  { tools: [weatherTool] },
);

/** `mock/image`: a small PNG in `images`. */
export const Image = scenario(
  { model: 'mock/image', modalities: ['image', 'text'] },
  'Draw a gradient',
  async (reply) => {
    await expect(reply.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  },
);

/** `mock/citations`: an answer with `url_citation` sources. */
export const Citations = scenario(
  { model: 'mock/citations', plugins: [{ id: 'web' }] },
  'Search the web for HTTP/3',
  async (reply) => {
    await expect(reply.querySelectorAll('a[href^="https:"]').length).toBeGreaterThan(0);
  },
);

/** `mock/audio`: a WAV tone and its transcript. */
export const Audio = scenario(
  { model: 'mock/audio', modalities: ['text', 'audio'] },
  'Say hello',
  async (reply) => {
    await expect(reply.querySelector('audio')).not.toBeNull();
  },
);

/** `mock/json`: valid JSON streamed in pieces (`response_format`). */
export const Json = scenario(
  { model: 'mock/json', response_format: { type: 'json_object' } },
  'List three colours as JSON',
  async (reply) => {
    await expect(reply.textContent ?? '').toMatch(/[{[]/);
  },
);

/** `mock/refusal`: the model declines; the refusal (`delta.refusal`) is shown as the reply. */
export const Refusal = scenario({ model: 'mock/refusal' }, 'Help me pick a lock', async (reply) => {
  await expect(reply.querySelector('.rcc-refusal')?.textContent).toMatch(/^I'm sorry/);
});

/** `mock/content-filter`: text, then `finish_reason: "content_filter"`: incomplete, with its notice. */
export const ContentFilter: Story = {
  args: { title: 'Scenario mock/content-filter', request: { model: 'mock/content-filter' } },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Tell me a story');
    const reply = await waitForReply(canvasElement, ['incomplete']);
    await expect(reply.querySelector('[data-finish-reason="content_filter"]')).toHaveTextContent(
      'The reply was stopped by the content filter.',
    );
  },
};

/** `mock/file-parser`: `file` annotations (hash, name, parsed text), listed by name among the sources. */
export const FileParser = scenario({ model: 'mock/file-parser' }, 'What is in the PDF?', async (reply) => {
  await expect(within(reply).getByRole('group', { name: 'Sources' })).toHaveTextContent('sample.pdf');
});

/** `mock/slow`: a long reply at a slow pace, with keep-alive comments during pauses. */
export const Slow = scenario({ model: 'mock/slow' }, 'Take your time');

/**
 * `max_completion_tokens` on `mock/text`: the reply is cut at the limit (`finish_reason: "length"`),
 * settles as `incomplete` and says so under its text ("stopped at the length limit").
 */
export const Length: Story = {
  args: { title: 'Scenario max tokens', request: { model: 'mock/text', max_completion_tokens: 12 } },
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Write a long essay');
    const reply = await waitForReply(canvasElement, ['incomplete']);
    // 12 tokens of the mock's Markdown: far shorter than a full answer.
    await expect((reply.textContent ?? '').length).toBeLessThan(400);
    await expect(reply.querySelector('[data-finish-reason="length"]')).toHaveTextContent('length limit');
  },
};
