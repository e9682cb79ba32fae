import { useMemo } from 'react';
import { ChatWindow, type ChatWindowProps, useModels } from '../../src/index';
import { useMockEndpoint } from './mock-endpoint';

/** Props of `MockChatWindow`: a `ChatWindow`'s, plus the frame height and a mock scenario. */
export type MockChatWindowProps = ChatWindowProps & {
  /** Height of the frame the window fills (a number is pixels). Default 620. */
  height?: number | string;
  /**
   * Forces a mock scenario by model id (`slow` means `mock/slow`, `error-429` means
   * `mock/error-429`). Handy from a URL: `&args=scenario:slow`.
   */
  scenario?: string;
  /** Offer the mock's own `/models` list in the model picker (`useModels`). */
  fetchModels?: boolean;
};

/**
 * A `ChatWindow` wired to the story's mock endpoint (client options from the decorator), in a
 * frame of fixed height so the message list can scroll.
 */
export function MockChatWindow({
  height = 620,
  style,
  clientOptions,
  scenario,
  request,
  fetchModels = false,
  models,
  ...props
}: MockChatWindowProps) {
  const endpoint = useMockEndpoint();
  const options = clientOptions ?? endpoint.clientOptions;
  const fetched = useModels({ clientOptions: options, enabled: fetchModels });
  const offered = fetchModels ? fetched.models : models;
  const effectiveRequest = useMemo(
    () => (scenario ? { ...request, model: `mock/${scenario}` } : request),
    [request, scenario],
  );
  return (
    <ChatWindow
      key={scenario}
      clientOptions={options}
      style={{ height, ...style }}
      {...(effectiveRequest ? { request: effectiveRequest } : {})}
      {...(offered ? { models: offered } : {})}
      {...props}
    />
  );
}

const hidden = { control: false, table: { disable: true } } as const;

/**
 * The `ChatProvider` options a `ChatWindow` takes too. The docgen does not follow
 * `extends Omit<ChatProviderProps, 'children'>`, so the props table would list them without a
 * word: the main ones are described here.
 */
const providerOption = (description: string, summary: string) =>
  ({ description, table: { category: 'ChatProvider options', type: { summary } } }) as const;

/**
 * Controls for `MockChatWindow` stories. The docgen reads `boolean | undefined` and
 * `string | undefined` props as unions and offers a JSON editor for each; these are the plain
 * toggles and text fields instead (typed, so `&args=threads:!true` works in a URL too). Function and component props cannot be edited, so they are
 * left out of the panel.
 */
export const mockChatWindowArgTypes = {
  title: { control: 'text', type: { name: 'string', required: false } },
  placeholder: { control: 'text', type: { name: 'string', required: false } },
  submitOnEnter: { control: 'boolean', type: { name: 'boolean', required: false } },
  empty: { control: 'text', type: { name: 'string', required: false } },
  threads: { control: 'boolean', type: { name: 'boolean', required: false } },
  fallbackModels: { control: 'boolean', type: { name: 'boolean', required: false } },
  showUsage: { control: 'boolean', type: { name: 'boolean', required: false } },
  theme: { control: 'inline-radio', options: ['light', 'dark', 'system'] },
  height: { control: { type: 'number', min: 200, step: 20 }, type: { name: 'number', required: false } },
  scenario: { control: 'text' },
  fetchModels: { control: 'boolean' },
  clientOptions: {
    ...providerOption(
      'Options of the client (base URL, API key, headers, `fetch`…); the stories pass the mock endpoint’s.',
      'ChatClientOptions',
    ),
    control: false,
  },
  request: providerOption(
    'Default request parameters: every field of the request except `messages` and `stream` (`model`, `reasoning`, `max_tokens`…).',
    'ChatRequestParameters',
  ),
  tools: {
    ...providerOption(
      'Tools the model may call: name, JSON Schema of the arguments, `execute` to run it in the page, `needsApproval` to ask first.',
      'readonly ChatTool[]',
    ),
    control: false,
  },
  system: {
    ...providerOption('A system prompt sent first on every request (not stored as a message).', 'string'),
    control: 'text',
  },
  storeOptions: providerOption(
    'Creation options of the store (`initialMessages`, `persist`…).',
    'ChatStoreOptions',
  ),
  onModelChange: hidden,
  renderText: hidden,
  markdownComponents: hidden,
  toolComponents: hidden,
  toolFallback: hidden,
  nonce: hidden,
  className: hidden,
  style: hidden,
} as const;
