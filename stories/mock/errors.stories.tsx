import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { MockChatWindow, mockChatWindowArgTypes } from '../support/mock-chat-window';
import { assistantMessages, sendMessage, waitForErrorNotice, waitForReply } from '../support/play';
import { weatherTool } from '../support/tools';

/**
 * One story per error the mock endpoint can produce: every HTTP status of the wire
 * (`mock/error-<status>`), an HTML error page, an error in the body of a 200, an error chunk
 * mid-stream (with a number or a string code), a truncated stream, both cut in a tool call's
 * arguments (the calls "Not run"), and an invalid chunk. Each play
 * sends a message and checks the notice's kind. To recover, pick a working model in the Model
 * select and press Retry.
 */
const meta = {
  title: 'Mock/Errors',
  component: MockChatWindow,
  argTypes: mockChatWindowArgTypes,
  // The model picker lets you (and the browser tests) recover by choosing a working model.
  args: { height: 480, fetchModels: true },
} satisfies Meta<typeof MockChatWindow>;
export default meta;
type Story = StoryObj<typeof meta>;

function httpError(status: number, kind: string): Story {
  const model = `mock/error-${status}`;
  return {
    args: { title: `Error ${status}`, request: { model }, fetchModels: true },
    play: async ({ canvasElement }) => {
      await sendMessage(canvasElement, 'Hello');
      const notice = await waitForErrorNotice(canvasElement);
      await expect(notice).toHaveAttribute('data-kind', kind);
    },
  };
}

function streamError(model: string, kind: string): Story {
  return {
    args: { title: model, request: { model }, fetchModels: true },
    play: async ({ canvasElement }) => {
      await sendMessage(canvasElement, 'Tell me something');
      const reply = await waitForReply(canvasElement, ['error']);
      await expect(within(reply).getByRole('alert')).toHaveAttribute('data-kind', kind);
      await expect(assistantMessages(canvasElement)).toHaveLength(1);
    },
  };
}

/** A stream cut halfway through a tool call's arguments: the calls show "Not run". */
function toolCallCut(model: string, kind: string): Story {
  return {
    args: { title: model, request: { model }, tools: [weatherTool], fetchModels: true },
    play: async ({ canvasElement }) => {
      await sendMessage(canvasElement, 'What is the weather in Paris and Tokyo?');
      const reply = await waitForReply(canvasElement, ['error']);
      await expect(within(reply).getByRole('alert')).toHaveAttribute('data-kind', kind);
      const panels = reply.querySelectorAll('.rcc-tool-call');
      await expect(panels.length).toBeGreaterThanOrEqual(1);
      for (const panel of panels) {
        await expect(panel).toHaveAttribute('data-cut-off');
        await expect(within(panel as HTMLElement).getByText('Not run')).toBeVisible();
      }
    },
  };
}

export const BadRequest400 = httpError(400, 'bad-request');
export const Unauthorized401 = httpError(401, 'unauthorized');
export const OutOfCredits402 = httpError(402, 'out-of-credits');
export const Moderation403 = httpError(403, 'moderation');
export const NoEndpoint404 = httpError(404, 'no-endpoint');
export const Timeout408 = httpError(408, 'timeout');
export const TooLarge413 = httpError(413, 'too-large');
export const Unprocessable422 = httpError(422, 'bad-request');
export const RateLimited429 = httpError(429, 'rate-limited');
export const ServerError500 = httpError(500, 'provider');
export const ProviderError502 = httpError(502, 'provider');
export const Unavailable503 = httpError(503, 'unavailable');
export const ProviderTimeout524 = httpError(524, 'timeout');
export const Overloaded529 = httpError(529, 'unavailable');
/** A 502 answered by a proxy as an HTML page. */
export const HtmlPage = httpError(502, 'provider');
HtmlPage.args = { title: 'HTML error page', request: { model: 'mock/error-html' }, fetchModels: true };
/** A 200 whose whole body is an error (`{"error": {"message", "code": 500}}`, no choices). */
export const ErrorInBody = httpError(500, 'provider');
ErrorInBody.args = {
  title: 'Error in a 200 body',
  request: { model: 'mock/error-in-body' },
  fetchModels: true,
};
/** Text streams, then an error chunk: the partial text stays, the turn is an error. */
export const MidStream = streamError('mock/error-midstream', 'provider');
/** The same with the error's code a string (`"server_error"`): a stream error. */
export const MidStreamStringCode = streamError('mock/error-midstream-string', 'stream');
/** An error chunk halfway through a tool call's arguments: the calls are not run. */
export const MidStreamToolCall = toolCallCut('mock/error-midstream-tools', 'provider');
/** The connection closes mid-reply. */
export const Truncated = streamError('mock/truncated', 'truncated');
/** The connection closes halfway through a tool call's arguments. */
export const TruncatedToolCall = toolCallCut('mock/truncated-tools', 'truncated');
/** A `data:` line that is not JSON. */
export const InvalidChunk = streamError('mock/invalid-chunk', 'stream');
