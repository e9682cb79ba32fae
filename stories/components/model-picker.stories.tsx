import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { type ChatClientOptions, ModelPicker, type ModelPickerProps } from '../../src/index';
import { MOCK_MODELS } from '../../src/testing/index';
import { MOCK_BASE_URL, useMockEndpoint } from '../support/mock-endpoint';
import { NO_CONTROLS, StateGrid } from '../support/state-grid';

const FALLBACK = ['mock/auto', 'mock/text'];

/** A picker on the mock endpoint's `/models` list (given the other args); `withFallback` keeps fallbacks in state. */
function MockModelPicker({ withFallback, ...props }: ModelPickerProps & { withFallback?: boolean }) {
  const { clientOptions } = useMockEndpoint();
  const [fallback, setFallback] = useState<string[]>([]);
  return (
    <ModelPicker
      clientOptions={clientOptions}
      fallbackList={FALLBACK}
      {...(withFallback ? { fallback, onFallbackChange: setFallback } : {})}
      {...props}
    />
  );
}

/** A fetch whose `/models` never answers (loading) or always fails (error). */
function useBrokenClient(mode: 'loading' | 'error'): ChatClientOptions {
  return useMemo(
    () => ({
      baseUrl: `${MOCK_BASE_URL}/${mode}`,
      maxRetries: 0,
      fetch: (() =>
        mode === 'loading'
          ? new Promise<Response>(() => undefined)
          : Promise.resolve(new Response('<html>502 Bad Gateway</html>', { status: 502 }))) as typeof fetch,
    }),
    [mode],
  );
}

function BrokenPicker({ mode }: { mode: 'loading' | 'error' }) {
  const clientOptions = useBrokenClient(mode);
  return <ModelPicker clientOptions={clientOptions} fallbackList={FALLBACK} />;
}

const meta = {
  title: 'Components/ModelPicker',
  tags: ['autodocs'],
  component: ModelPicker,
  render: (args) => <MockModelPicker {...args} />,
  parameters: {
    docs: {
      description: {
        component:
          'A select of models: the `models` prop, or the endpoint’s own list (its `/models`, cached with React Query through `useModels`), with a fallback list while it loads or when it fails. The stories fetch the mock’s list (`clientOptions`, `fallbackList` given by the story).',
      },
      // The story's own arg, in the Controls panel only.
      controls: { exclude: ['withFallback'] },
    },
  },
  args: { onValueChange: fn() },
} satisfies Meta<typeof MockModelPicker>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The mock's models, fetched from `${baseUrl}/models` with React Query. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const select = canvas.getByRole('combobox', { name: 'Model' });
    await waitFor(() => expect(select.querySelectorAll('option').length).toBe(MOCK_MODELS.length), {
      timeout: 15_000,
    });
    await userEvent.selectOptions(select, 'mock/reasoning');
    await expect(args.onValueChange).toHaveBeenCalledWith('mock/reasoning');
  },
};

/** While the list loads, the fallback list is offered (`data-state="loading"`). */
export const Streaming: Story = {
  name: 'Loading',
  parameters: NO_CONTROLS,
  render: () => <BrokenPicker mode="loading" />,
};

/** The list cannot be fetched (`data-state="error"`): the fallback list stays usable. */
const ErrorState: Story = { parameters: NO_CONTROLS, render: () => <BrokenPicker mode="error" /> };

/** With the fallback chooser (`models`), loading, error, a fixed list. */
export const AllStates: Story = {
  parameters: NO_CONTROLS,
  render: () => (
    <StateGrid
      items={[
        { label: 'with fallback models', node: <MockModelPicker withFallback /> },
        { label: 'loading', node: <BrokenPicker mode="loading" /> },
        { label: 'error', node: <BrokenPicker mode="error" /> },
        {
          label: 'fixed list',
          node: <ModelPicker models={['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4']} />,
        },
      ]}
    />
  ),
};

export { ErrorState as Error };
