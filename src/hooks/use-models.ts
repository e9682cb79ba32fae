import { QueryClient, QueryClientContext, useQuery } from '@tanstack/react-query';
import { useCallback, useContext, useMemo } from 'react';
import type { ChatClientOptions } from '../core/client.js';
import { createChatClient, DEFAULT_BASE_URL } from '../core/client.js';
import type { ModelInfo, ModelsResponse } from '../core/types.js';

/** Anything that lists models the way `ChatClient.models()` does. */
export interface ModelsSource {
  /** Fetches the list; `signal` cancels the request. */
  models(options?: {
    /** React Query's signal, aborted when it cancels the fetch: pass it on to `fetch`. */
    signal?: AbortSignal | undefined;
  }): Promise<ModelsResponse>;
}

/** Options of `useModels`. */
export interface UseModelsOptions {
  /**
   * A client with `models()`; else one is created from `clientOptions`. The list is cached by
   * `clientOptions.baseUrl`: hooks given different clients share one list unless each has its own
   * `queryClient`, and a new client or API key for the same URL is used from the next fetch
   * (`refetch()`, or once the list is stale), not at once.
   */
  client?: ModelsSource | undefined;
  /** Where to fetch `${baseUrl}/models` (API key, headers, fetch...). */
  clientOptions?: ChatClientOptions | undefined;
  /** Models to offer while the list loads, or when it cannot be fetched (ids or model objects). */
  fallback?: readonly (string | ModelInfo)[] | undefined;
  /** Set `false` to not fetch (the fallback is returned). Default `true`. */
  enabled?: boolean | undefined;
  /** The React Query client; defaults to the nearest `QueryClientProvider`, else a shared one. */
  queryClient?: QueryClient | undefined;
  /**
   * How long a fetched list stays fresh, in ms. Default: the query client's own default (its
   * `defaultOptions.queries.staleTime`, or `setQueryDefaults` for this hook's key), else one hour.
   */
  staleTime?: number | undefined;
}

/** What `useModels` returns. */
export interface UseModelsResult {
  /** The fetched models, or the fallback until (or unless) they arrive. */
  models: ModelInfo[];
  /** React Query's status of the fetch: `pending` (also while `enabled` is `false`), `error` or `success`. */
  status: 'pending' | 'error' | 'success';
  /** Why the last fetch failed (`null` when it did not). */
  error: Error | null;
  /** Whether `models` is the fallback list. */
  isFallback: boolean;
  /** Fetches the list again. The same function at every render. */
  refetch: () => void;
}

let sharedQueryClient: QueryClient | undefined;

function getSharedQueryClient(): QueryClient {
  sharedQueryClient ??= new QueryClient();
  return sharedQueryClient;
}

function toModelInfo(model: string | ModelInfo): ModelInfo {
  return typeof model === 'string' ? { id: model } : model;
}

/**
 * The models an endpoint offers (`GET ${baseUrl}/models`, OpenRouter's list format), cached with
 * React Query. Works without a `QueryClientProvider` (a shared client is used). While the list
 * loads, or when it fails, the `fallback` list is returned.
 *
 * @example
 * const { models, status } = useModels({ clientOptions: { apiKey }, fallback: ['openai/gpt-4o-mini'] });
 */
export function useModels(options: UseModelsOptions = {}): UseModelsResult {
  const { client, clientOptions, fallback, enabled = true } = options;
  const contextClient = useContext(QueryClientContext);
  const queryClient = options.queryClient ?? contextClient ?? getSharedQueryClient();
  const baseUrl = clientOptions?.baseUrl ?? DEFAULT_BASE_URL;
  const apiKey = clientOptions?.apiKey;
  const customFetch = clientOptions?.fetch;
  // biome-ignore lint/correctness/useExhaustiveDependencies: recreate the client only when where or how it fetches changes, not for every new options object
  const source = useMemo<ModelsSource>(
    () => client ?? createChatClient(clientOptions ?? {}),
    [client, baseUrl, apiKey, customFetch],
  );
  const queryKey = ['react-chat-completions', 'models', baseUrl, client ? 'client' : 'fetch'];
  const query = useQuery(
    {
      queryKey,
      queryFn: async ({ signal }) => {
        const response = await source.models({ signal });
        // A model listed twice (a proxy with two deployments of it) is offered once.
        const seen = new Set<string>();
        return response.data.filter(
          (model): model is ModelInfo =>
            typeof model?.id === 'string' && !seen.has(model.id) && Boolean(seen.add(model.id)),
        );
      },
      enabled,
      // The app's defaults (client-wide, or set for this key) go before ours, as they would for a
      // query of its own: a staleTime given here would hide them.
      staleTime:
        options.staleTime ??
        queryClient.defaultQueryOptions<ModelInfo[]>({ queryKey }).staleTime ??
        60 * 60 * 1000,
      // The client retries what is worth retrying (its `maxRetries`); a 401 is not asked again.
      retry: false,
      // A list that cannot be fetched leaves the fallback, never an error boundary (an app's default).
      throwOnError: false,
    },
    queryClient,
  );
  const fallbackModels = useMemo(() => (fallback ?? []).map(toModelInfo), [fallback]);
  const fetched = query.data;
  // Stable, as React Query's own: an effect that lists it does not run again at every render.
  const refetch = useCallback(() => void query.refetch(), [query.refetch]);
  return {
    models: fetched ?? fallbackModels,
    status: query.status,
    error: query.error,
    isFallback: fetched === undefined,
    refetch,
  };
}
