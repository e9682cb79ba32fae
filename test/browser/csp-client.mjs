// The browser side of csp.test.mjs (bundled by the test): hydrates the server's markup of the
// same app, and records what React could not hydrate in `window.__recoverableErrors`.
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App } from './csp-app.mjs';

const recoverable = [];
Object.defineProperty(window, '__recoverableErrors', { value: recoverable });
hydrateRoot(document.getElementById('root'), createElement(App), {
  onRecoverableError: (error) => recoverable.push(String(error?.message ?? error)),
});
window.__hydrated = true;
