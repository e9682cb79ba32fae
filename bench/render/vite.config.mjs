// Production builds of the bench pages; the package resolves to the built dist/, as apps get it.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
// Every page whose entry exists, or only those named in BENCH_PAGES (comma-separated).
const only = process.env.BENCH_PAGES?.split(',').filter(Boolean);
const pages = Object.fromEntries(
  readdirSync(join(here, 'pages'))
    .map((file) => file.replace(/\.html$/, ''))
    .filter((name) => existsSync(join(here, 'src', `${name}.jsx`)) && (!only || only.includes(name)))
    .map((name) => [name, join(here, 'pages', `${name}.html`)]),
);

/**
 * Installed before any page code: a minimal React DevTools hook, so production React reports every
 * commit through `onCommitFiberRoot` (the bench harness counts them), and a requestAnimationFrame
 * wrapper that flags work done inside frame callbacks (and their microtasks), so a commit can be
 * attributed to the frame that paints it.
 */
const DEVTOOLS_HOOK = `window.__benchInFrame = false;
const requestFrame = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) => requestFrame((time) => {
  window.__benchInFrame = true;
  try { callback(time); } finally { queueMicrotask(() => { window.__benchInFrame = false; }); }
});
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true,
  renderers: new Map(),
  inject() { return 1; },
  checkDCE() {},
  onCommitFiberRoot() { window.__benchCommit?.(); },
  onCommitFiberUnmount() {},
  onPostCommitFiberRoot() {},
  setStrictMode() {},
};`;

const commitHook = {
  name: 'bench-commit-hook',
  transformIndexHtml: () => [{ tag: 'script', children: DEVTOOLS_HOOK, injectTo: 'head-prepend' }],
};

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  mode: 'production',
  plugins: [commitHook, react()],
  resolve: {
    alias: [
      { find: /^react-chat-completions$/, replacement: join(root, 'dist/index.js') },
      // dist/styles.css is copied there by the full build only; it is src/styles.css as is.
      {
        find: /^react-chat-completions\/styles\.css$/,
        replacement: join(
          root,
          existsSync(join(root, 'dist/styles.css')) ? 'dist/styles.css' : 'src/styles.css',
        ),
      },
    ],
  },
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // BENCH_PROFILE=1 keeps names readable in CPU profiles (bench/profile.mjs).
    minify: process.env.BENCH_PROFILE !== '1',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: { input: pages },
  },
});
