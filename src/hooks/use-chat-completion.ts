import {
  MutationObserver,
  notifyManager,
  QueryClient,
  QueryClientContext,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useCallback, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ChatCompletion } from '../core/index.js';
import type { ChatError, ChatStoreApi, ChatTools } from '../store/index.js';
import { type ChatControls, useChatControls } from './use-chat-controls.js';
import { type UseChatOptions, useChatInstance } from './use-chat-instance.js';

/** The variables of the mutation a non-streaming request runs through. */
export interface ChatCompletionVariables {
  /** Sends the request; resolves `undefined` when the chat stops it (`stop()`, unmount...). */
  send: () => Promise<ChatCompletion | undefined>;
}

/** What `useChatCompletion` returns: the chat controls plus the request's mutation. */
export interface ChatCompletionControls<Tools extends ChatTools = ChatTools> extends ChatControls<Tools> {
  /**
   * The React Query mutation of the chat's last request, whichever hook or part sent it
   * (`isPending`, `data`, `error`...). A stop is no error: the stopped mutation goes back to
   * `idle` at once (its cache entry settles with no data). Its `error` is what the request failed
   * with: with the library's client, the very error the chat records (a `ChatApiError` or
   * `ChatRequestError`), so it narrows as `ChatError` says.
   */
  mutation: UseMutationResult<ChatCompletion | undefined, ChatError, ChatCompletionVariables>;
}

const mutationOptions = {
  mutationKey: ['react-chat-completions', 'completion'],
  mutationFn: (variables: ChatCompletionVariables) => variables.send(),
  // The client retries what is safe to retry; a second layer would multiply the attempts.
  retry: false,
  // Offline (as React Query's onlineManager sees it), a paused mutation would leave the chat
  // waiting with no error; the request is tried, and fails as a network error the chat shows.
  networkMode: 'always',
  // A failed reply is the chat's error (shown with Retry), never thrown to an error boundary by an
  // app's `throwOnError` default.
  throwOnError: false,
} as const;

type Runner = {
  observer: MutationObserver<ChatCompletion | undefined, ChatError, ChatCompletionVariables>;
  run: (send: () => Promise<ChatCompletion>, signal: AbortSignal) => Promise<ChatCompletion | undefined>;
};

/**
 * Each store's mutation, by QueryClient: every `useChatCompletion` on a store shows its requests
 * (whichever hook, or other part, sent them), one mutation each. Hooks with no QueryClient share a
 * private one per store.
 */
const runners = new WeakMap<ChatStoreApi, Map<QueryClient | undefined, Runner>>();

function runnerOf(store: ChatStoreApi, appClient: QueryClient | undefined): Runner {
  const byClient = runners.get(store) ?? new Map<QueryClient | undefined, Runner>();
  runners.set(store, byClient);
  let runner = byClient.get(appClient);
  if (!runner) {
    const observer = new MutationObserver(appClient ?? new QueryClient(), mutationOptions);
    let latest: AbortSignal | undefined;
    runner = {
      observer,
      run: (send, signal) => {
        latest = signal;
        return observer.mutate({
          send: () =>
            new Promise((resolve, reject) => {
              // Stopped: the mutation settles at once without an error (whatever the request does
              // after: a client may answer it still), and the result (unless a newer request runs
              // already) is idle again, as the chat is.
              const stopped = () => {
                if (signal === latest) observer.reset();
                resolve(undefined);
              };
              // Stopped while queued (an app's default `scope` runs its mutations one at a time): not sent.
              if (signal.aborted) return stopped();
              signal.addEventListener('abort', stopped);
              send().then(resolve, reject);
            }),
        });
      },
    };
    byClient.set(appClient, runner);
  }
  return runner;
}

/**
 * A non-streaming chat: each reply arrives whole (`stream: false`), and the request lifecycle
 * runs through a @tanstack/react-query mutation, on the app's `QueryClient` when there is one
 * (devtools, `useIsMutating` see it), else on a private one. Every `useChatCompletion` on a store
 * shows its requests. Same controls as `useChatStream`. It is this chat without streaming, not
 * the AI SDK's `useCompletion` (a single prompt's text completion), which has no counterpart here.
 *
 * @example
 * const { messages, send, mutation } = useChatCompletion({ request: { model: 'openai/gpt-4o-mini' } });
 */
export function useChatCompletion<const Tools extends ChatTools = ChatTools>(
  options: UseChatOptions<Tools> = {},
): ChatCompletionControls<Tools> {
  const appClient = useContext(QueryClientContext);
  const storeRef = useRef<ChatStoreApi>(undefined);
  const fixed = useMemo(
    () => ({
      stream: false,
      runCompletion: (_request: unknown, send: () => Promise<ChatCompletion>, signal: AbortSignal) =>
        runnerOf(storeRef.current as ChatStoreApi, appClient).run(send, signal),
    }),
    [appClient],
  );
  // `Tools` types the options and the controls only: the untyped ones are the same objects.
  const store = useChatInstance(options as unknown as UseChatOptions, fixed);
  storeRef.current = store;
  const { observer } = runnerOf(store, appClient);
  const result = useSyncExternalStore(
    useCallback((onChange) => observer.subscribe(notifyManager.batchCalls(onChange)), [observer]),
    () => observer.getCurrentResult(),
    () => observer.getCurrentResult(),
  );
  const controls = useChatControls(store);
  return useMemo(
    () => ({
      ...controls,
      mutation: {
        ...result,
        mutate: (...args) => void result.mutate(...args).catch(() => {}),
        mutateAsync: result.mutate,
      } as ChatCompletionControls['mutation'],
    }),
    [controls, result],
  ) as ChatCompletionControls<Tools>;
}
