import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Core, store and mock tests run in Node; hooks and components in jsdom.
 * `REACT_VERSION=18` points react and react-dom at the React 18 copies in test/react18.
 */
const react18 = process.env.REACT_VERSION === '18';
const alias = react18
  ? [
      { find: /^react$/, replacement: `${import.meta.dirname}/test/react18/node_modules/react/index.js` },
      { find: /^react\/(.*)$/, replacement: `${import.meta.dirname}/test/react18/node_modules/react/$1` },
      {
        find: /^react-dom$/,
        replacement: `${import.meta.dirname}/test/react18/node_modules/react-dom/index.js`,
      },
      {
        find: /^react-dom\/(.*)$/,
        replacement: `${import.meta.dirname}/test/react18/node_modules/react-dom/$1`,
      },
      // Loaded through Vite (not Node) so that its own `react` imports hit the aliases above.
      {
        find: /^@testing-library\/react$/,
        replacement: `${import.meta.dirname}/node_modules/@testing-library/react/dist/@testing-library/react.esm.js`,
      },
    ]
  : [];

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    globals: true,
    ...(react18
      ? {
          server: {
            deps: {
              inline: [
                /@testing-library\/react/,
                /zustand/,
                /@tanstack\/react-query/,
                /@tanstack\/react-virtual/,
                /@radix-ui\//,
              ],
            },
          },
        }
      : {}),
    restoreMocks: true,
    // A time limit catches hangs, not slowness: jsdom tests with axe take seconds on a busy 2-core machine.
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/core/**/*.test.ts',
            'test/store/**/*.test.ts',
            'test/testing/**/*.test.ts',
            'test/server/**/*.test.ts',
            'test/types/**/*.test.{ts,tsx}',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/hooks/**/*.test.{ts,tsx}', 'test/components/**/*.test.{ts,tsx}'],
          // Tests of what only React 19 has (`Activity`).
          exclude: [...configDefaults.exclude, ...(react18 ? ['test/**/*.react19.test.tsx'] : [])],
          setupFiles: ['test/setup-dom.ts'],
        },
      },
    ],
  },
});
