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

/**
 * The default theme's light or dark variables around every story (toolbar: Theme), in the text
 * direction of the toolbar's Direction (right to left: as in an Arabic or Hebrew app).
 */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  const direction = context.globals.direction === 'rtl' ? 'rtl' : 'ltr';
  // The page around the story too, so a dark story does not sit on a white margin. Not on a Docs
  // page (also one opened after a story): that page is Storybook's own, each story in a frame.
  const page = context.viewMode !== 'docs';
  document.body.classList.toggle('rcc-theme', page);
  if (page) document.body.dataset.theme = theme;
  else delete document.body.dataset.theme;
  document.body.style.background = page ? 'var(--rcc-bg)' : '';
  // The page's direction too, for what renders outside the story's element (the image dialog).
  if (page) document.documentElement.dir = direction;
  return (
    <div
      className="rcc-theme rcc-story"
      data-theme={theme}
      dir={direction}
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

/** The part of react-docgen's output the props tables read. */
interface DocgenInfo {
  props?: Record<string, { tsType?: { name: string; raw?: string } } | undefined>;
}

const docgenProps = (component: unknown) =>
  (component as { __docgenInfo?: DocgenInfo } | undefined)?.__docgenInfo?.props;

/** A union type as written (`string`, `'light' | 'dark' | 'system'`), without an optional prop's `| undefined`. */
function writtenUnion(tsType: { name: string; raw?: string } | undefined): string | undefined {
  if (tsType?.name !== 'union' || !tsType.raw) return undefined;
  const written = tsType.raw
    .replace(/\s+/g, ' ')
    .replace(/^ ?\| /, '')
    .replace(/ \| undefined$/, '')
    .trim();
  // Too long for the column: the table keeps "union".
  return written.length <= 80 ? written : undefined;
}

/**
 * The Docs tab's props tables name the type of a union prop "union" (react-docgen's name for
 * it), and the controls offer a JSON editor for it: show the type as written instead, and give
 * an optional boolean, string or number its own control. The component's table is read from
 * the story's argTypes; the subcomponents' tables are read from their docgen later, on the Docs
 * page, so their unions are named there.
 */
const withWrittenUnionTypes: NonNullable<Preview['argTypesEnhancers']>[number] = ({
  argTypes,
  component,
  subcomponents,
}) => {
  for (const subcomponent of Object.values(subcomponents ?? {})) {
    for (const prop of Object.values(docgenProps(subcomponent) ?? {})) {
      const written = writtenUnion(prop?.tsType);
      if (prop?.tsType && written) prop.tsType = { ...prop.tsType, name: written };
    }
  }
  const props = docgenProps(component);
  if (!props) return argTypes;
  const enhanced = { ...argTypes };
  for (const [name, argType] of Object.entries(argTypes)) {
    const written = writtenUnion(props[name]?.tsType);
    if (!written) continue;
    enhanced[name] = { ...argType, table: { ...argType.table, type: { summary: written } } };
    // An optional boolean, string or number gets its toggle or text field, not a JSON editor.
    if (written === 'boolean' || written === 'string' || written === 'number') {
      enhanced[name].type = { ...argType.type, name: written };
    }
  }
  return enhanced;
};

/**
 * A component's description on its Docs page: its doc comment, whose `@example` (which the
 * docgen leaves in the text, where Markdown would run it into one line) shown as code.
 */
function componentDescription(component: unknown): string {
  const description = (component as { __docgenInfo?: { description?: string } } | undefined)?.__docgenInfo
    ?.description;
  return (description ?? '').replace(
    /^@example\s*\n([\s\S]*?)(?=^@|(?![\s\S]))/gm,
    (_, code: string) => `Example:\n\n\`\`\`tsx\n${code.trim()}\n\`\`\`\n\n`,
  );
}

const preview: Preview = {
  decorators: [withMockEndpoint, withTheme],
  argTypesEnhancers: [withWrittenUnionTypes],
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
    direction: {
      description: 'Text direction of the page around the story',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { mockSpeed: 'normal', theme: 'light', direction: 'ltr' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    docs: { extractComponentDescription: componentDescription },
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
