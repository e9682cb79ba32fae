// The browser side of csp.test.mjs (bundled by the test): hydrates the server's markup of the
// same app, records what React could not hydrate in `window.__recoverableErrors`, and sets
// `window.__hydrated` once hydration committed (its effects run after the layout effects).
import { createElement, useEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App } from './csp-app.mjs';

const recoverable = [];
Object.defineProperty(window, '__recoverableErrors', { value: recoverable });

/** The app, and a signal once hydrated (a component of a single child: the ids stay the same). */
function Hydrated() {
  useEffect(() => {
    window.__hydrated = true;
  }, []);
  return createElement(App);
}

hydrateRoot(document.getElementById('root'), createElement(Hydrated), {
  onRecoverableError: (error) => recoverable.push(String(error?.message ?? error)),
});
