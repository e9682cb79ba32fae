// The app of csp.test.mjs, rendered on the server (node) and bundled for the browser to hydrate
// the same markup: a ChatWindow (thread list and model picker shown) with a thread long enough for the virtualized list to position
// its rows, the mock endpoint in the page, and the CSP nonce.
import { createElement } from 'react';
import { ChatWindow } from '../../dist/index.js';
import { createMockFetch } from '../../dist/testing.js';

/** The nonce of the page's Content Security Policy. */
export const NONCE = 'csp-test-nonce';

/** The window's height, given by its `style` prop (a style attribute in the server's HTML). */
export const WINDOW_HEIGHT = 560;

const paragraph = (n) =>
  `Answer ${n}: ${'The list positions every row itself, so each one needs its inline style. '.repeat(3)}`;

/** Twelve exchanges without ids: the server and the browser give them the same ones. */
export const initialMessages = Array.from({ length: 12 }, (_, n) => [
  { role: 'user', content: `Question ${n + 1}` },
  { role: 'assistant', content: `${paragraph(n + 1)}\n\n${paragraph(n + 1)}` },
]).flat();

const fetch = createMockFetch({ tokenDelayMs: 5 });
const storeOptions = { initialMessages };
const clientOptions = { fetch };
const request = { model: 'openai/gpt-4o-mini' };
const models = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4'];
const style = { height: `${WINDOW_HEIGHT}px` };

export function App() {
  return createElement(ChatWindow, {
    title: 'CSP chat',
    theme: 'light',
    threads: true,
    models,
    nonce: NONCE,
    clientOptions,
    request,
    storeOptions,
    style,
  });
}
