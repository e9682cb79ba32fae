import { QueryClient, QueryClientContext, type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useContext, useMemo, useState } from 'react';
import type { ChatCompletion } from '../core/index.js';
import type { ChatTools } from '../store/index.js';
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
   * The React Query mutation of the last request (`isPending`, `data`, `error`...). A stop is
   * no error: the stopped mutation goes back to `idle` (its cache entry settles with no data).
   */
  mutation: UseMutationResult<ChatCompletion | undefined, Error, ChatCompletionVariables>;
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

/**
 * A non-streaming chat: each reply arrives whole (`stream: false`), and the request lifecycle
 * runs through a @tanstack/react-query `useMutation`, on the app's `QueryClient` when there is
 * one (devtools, `useIsMutating` see it), else on a private one. Same controls as `useChatStream`.
 *
 * @example
 * const { messages, send, mutation } = useChatCompletion({ request: { model: 'openai/gpt-4o-mini' } });
 */
export function useChatCompletion<const Tools extends ChatTools = ChatTools>(
  options: UseChatOptions<Tools> = {},
): ChatCompletionControls<Tools> {
  const appClient = useContext(QueryClientContext);
  const [privateClient] = useState(() => (appClient ? undefined : new QueryClient()));
  const mutation = useMutation(mutationOptions, appClient ?? privateClient);
  const { mutateAsync, reset } = mutation;
  const fixed = useMemo(() => {
    let latest: AbortSignal | undefined;
    return {
      stream: false,
      runCompletion: (_request: unknown, send: () => Promise<ChatCompletion>, signal: AbortSignal) => {
        latest = signal;
        return mutateAsync({
          send: () =>
            new Promise((resolve, reject) => {
              // Stopped: the mutation settles at once without an error (whatever the request does
              // after: a client may answer it still), and the hook's result (unless a newer
              // request runs already) is idle again, as the chat is.
              const stopped = () => {
                if (signal === latest) reset();
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
  }, [mutateAsync, reset]);
  // `Tools` types the options and the controls only: the untyped ones are the same objects.
  const controls = useChatControls(useChatInstance(options as unknown as UseChatOptions, fixed));
  return useMemo(() => ({ ...controls, mutation }), [controls, mutation]) as ChatCompletionControls<Tools>;
}
