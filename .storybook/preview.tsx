import '../src/styles.css';
import type { Decorator, Preview } from '@storybook/react-vite';
import { configure } from 'storybook/test';
import {
  isMockSpeed,
  MOCK_SPEED_DELAYS,
  MockEndpointProvider,
  type MockParameters,
} from '../stories/support/mock-endpoint';

// Play functions run on busy CI machines too: give `findBy*` and `waitFor` 5 s by default.
configure({ asyncUtilTimeout: 5_000 });

/**
 * Every story runs against the built-in mock endpoint: the decorator hands stories client options
 * whose `fetch` is `createMockFetch(...)`. No key, no network.
 */
const withMockEndpoint: Decorator = (Story, context) => {
  const speed = isMockSpeed(context.globals.mockSpeed) ? context.globals.mockSpeed : 'normal';
  const parameters = context.parameters.mock as MockParameters | undefined;
  return (
    <MockEndpointProvider key={speed} tokenDelayMs={MOCK_SPEED_DELAYS[speed]} parameters={parameters}>
      <Story />
    </MockEndpointProvider>
  );
};

/** The default theme's light or dark variables around every story (toolbar: Theme). */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  // The page around the story too, so a dark story does not sit on a white margin.
  document.body.classList.add('rcc-theme');
  document.body.dataset.theme = theme;
  document.body.style.background = 'var(--rcc-bg)';
  return (
    <div
      className="rcc-theme rcc-story"
      data-theme={theme}
      style={{
        background: 'var(--rcc-bg)',
        color: 'var(--rcc-fg)',
        fontFamily: 'var(--rcc-font)',
        padding: 1,
      }}
    >
      <Story />
    </div>
  );
};

const preview: Preview = {
  decorators: [withMockEndpoint, withTheme],
  globalTypes: {
    mockSpeed: {
      description: 'Pacing of the mock endpoint',
      toolbar: {
        title: 'Mock speed',
        icon: 'lightning',
        items: [
          { value: 'normal', title: 'Normal (15 ms per token)' },
          { value: 'fast', title: 'Fast (2 ms per token)' },
          { value: 'instant', title: 'Instant (0 ms)' },
          { value: 'slow', title: 'Slow (60 ms per token)' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Default theme colours',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { mockSpeed: 'normal', theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Storybook opens the first story: the guide, then the app, never the story that needs a key.
    options: {
      storySort: {
        order: [
          'Introduction',
          'Demo',
          'Components',
          ['ChatWindow', '*'],
          'Hooks',
          'Mock',
          ['Scenarios', 'Errors'],
          'Server',
          'Security',
          'Live endpoint',
        ],
      },
    },
  },
};

export default preview;
