import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { MockChatWindow, mockChatWindowArgTypes } from './support/mock-chat-window';
import { sendMessage, waitForReply } from './support/play';
import { findExecutable } from './support/security';
import { weatherTool } from './support/tools';

/**
 * `mock/xss` answers with script tags, `javascript:` and `data:text/html` links, `onerror`
 * attributes, SVG data URLs and HTML in reasoning, tool arguments and sources. All of it must
 * render as inert text.
 */
const meta = {
  title: 'Security/XSS',
  component: MockChatWindow,
  argTypes: mockChatWindowArgTypes,
  args: { title: 'Hostile replies', request: { model: 'mock/xss' }, tools: [weatherTool] },
} satisfies Meta<typeof MockChatWindow>;
export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Send anything: the reply is hostile (and calls an unknown tool whose error the model quotes in
 * a second reply). The play checks nothing executable reached the DOM.
 */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await sendMessage(canvasElement, 'Show me your worst');
    await waitForReply(canvasElement);
    const log = canvasElement.querySelector('[role="log"]');
    await expect(log?.textContent).toContain('Security test payloads');
    await expect(findExecutable(canvasElement)).toEqual([]);
  },
};
