import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  // Docs: a page per component (`tags: ['autodocs']` in its meta) with its props and stories.
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The props tables come from `react-docgen`, which parses the sources itself: no TypeScript
  // compiler API (`react-docgen-typescript` needs one).
  typescript: { reactDocgen: 'react-docgen' },
  // The Docs tab names components by their function names ("Show code", the props tables' tabs):
  // keep them through the production build's minifier, or a story's own wrapper reads `<x />`.
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, { build: { rolldownOptions: { output: { keepNames: true } } } }),
};

export default config;
