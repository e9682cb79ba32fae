import { useMemo } from 'react';
import { ChatWindow, type ChatWindowProps, useModels } from '../../src/index';
import { useMockEndpoint } from './mock-endpoint';

/** Props of `MockChatWindow`: a `ChatWindow`'s, plus the frame height and a mock scenario. */
export type MockChatWindowProps = ChatWindowProps & {
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
