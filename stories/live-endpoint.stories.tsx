import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useMemo, useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { ChatWindow, DEFAULT_BASE_URL, useModels } from '../src/index';

interface LiveEndpointProps {
  /** The endpoint, e.g. `https://novapai.ai/api/v1` or your proxy. */
  baseUrl: string;
  /** The model id to ask. */
  model: string;
  /** Fetch the model list from `${baseUrl}/models` for the picker. */
  modelPicker: boolean;
}

/**
 * A real endpoint. Base URL and model come from the Storybook controls; the API key is typed
 * into the password field below and lives only in this component's memory. It is deliberately
 * not a Storybook control: Storybook writes changed control values into the page URL (and so the
 * browser history), which would persist the key.
 */
function LiveEndpoint({ baseUrl, model, modelPicker }: LiveEndpointProps) {
  const [apiKey, setApiKey] = useState('');
  const keyId = useId();
  const clientOptions = useMemo(() => ({ baseUrl, apiKey: apiKey || undefined }), [baseUrl, apiKey]);
  const { models } = useModels({ clientOptions, enabled: modelPicker, fallback: [model] });
  return (
    <div style={{ display: 'grid', gap: '0.75rem' }}>
      <p style={{ margin: 0 }}>
        The only story that needs an API key: it sends to <code>{baseUrl}</code> (the <strong>baseUrl</strong>{' '}
        control). Without a key the endpoint answers 401 and the chat says the key is missing or invalid.
        Every other story runs on the built-in mock.
      </p>
      <form
        style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}
        onSubmit={(event) => event.preventDefault()}
      >
        <label htmlFor={keyId}>API key</label>
        <input
          id={keyId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sk-or-…"
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          style={{ width: '22rem', maxWidth: '100%' }}
        />
        <button type="button" onClick={() => setApiKey('')} disabled={apiKey === ''}>
          Forget key
        </button>
        <small>Kept in memory only: never stored, logged or put in the URL.</small>
      </form>
      <ChatWindow
        key={`${baseUrl} ${modelPicker}`}
        title={`Live: ${baseUrl}`}
        clientOptions={clientOptions}
        request={{ model }}
        {...(modelPicker ? { models } : {})}
        style={{ height: 560 }}
      />
    </div>
  );
}

const meta = {
  title: 'Live endpoint/Chat',
  component: LiveEndpoint,
  args: { baseUrl: DEFAULT_BASE_URL, model: 'openai/gpt-4o-mini', modelPicker: false },
  argTypes: {
    baseUrl: { control: 'text' },
    model: { control: 'text' },
    modelPicker: { control: 'boolean' },
  },
} satisfies Meta<typeof LiveEndpoint>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Talks to a real endpoint: type your key, then chat. Nothing is sent until you press Send. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const key = canvas.getByLabelText('API key');
    await expect(key).toHaveAttribute('type', 'password');
    await userEvent.type(key, 'sk-test-not-a-real-key');
    await userEvent.click(canvas.getByRole('button', { name: 'Forget key' }));
    await expect(key).toHaveValue('');
    await expect(window.location.href).not.toContain('sk-test');
    await expect(JSON.stringify({ ...window.localStorage })).not.toContain('sk-test');
  },
};
