import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import type { ChatClientOptions } from '../../core/client.js';
import type { ModelInfo } from '../../core/types.js';
import type { ModelsSource } from '../../hooks/use-models.js';
import { useModels } from '../../hooks/use-models.js';
import type { ModelChoiceProps } from './model-select.js';
import { ModelSelect } from './model-select.js';

/** Props of `ModelPicker`. */
export interface ModelPickerProps
  extends ModelChoiceProps,
    Omit<HTMLAttributes<HTMLDivElement>, 'defaultValue' | 'onChange'> {
  /** The models to offer; when absent they are fetched from `${baseUrl}/models` with `useModels`. */
  models?: readonly (string | ModelInfo)[] | undefined;
  /** Offered while the list loads or when fetching fails. */
  fallbackList?: readonly (string | ModelInfo)[] | undefined;
  /** Where to fetch the list (when `models` is absent). */
  clientOptions?: ChatClientOptions | undefined;
  /**
   * A client with `models()` to fetch the list with; else one is created from `clientOptions` (see
   * `useModels`).
   */
  client?: ModelsSource | undefined;
}

/**
 * `ModelSelect` over the `models` prop, or over the endpoint's own list (`GET ${baseUrl}/models`,
 * fetched and cached with React Query through `useModels`).
 *
 * @example
 * <ModelPicker clientOptions={{ baseUrl: '/api/chat' }} fallbackList={['openai/gpt-4o-mini']} value={model} onValueChange={setModel} />
 */
export const ModelPicker = /* @__PURE__ */ forwardRef<HTMLDivElement, ModelPickerProps>(function ModelPicker(
  { models, fallbackList, clientOptions, client, ...props },
  ref,
) {
  const fetched = useModels({ client, clientOptions, fallback: fallbackList, enabled: models === undefined });
  // A fetched list stays in use when a later refetch fails: that is no failure to load it.
  const state = models || !fetched.isFallback ? 'ready' : fetched.status === 'error' ? 'error' : 'loading';
  return <ModelSelect {...props} ref={ref} models={models ?? fetched.models} state={state} />;
});
