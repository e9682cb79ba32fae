import type { IdPrefix } from './ids.js';
import type { ChatCallbacks, ResolvedChatOptions } from './options.js';
import type { ChatState } from './types.js';

/** What the store's internal modules share: state access, options and ids. */
export interface StoreContext {
  get(): ChatState;
  set(update: Partial<ChatState> | ((state: ChatState) => Partial<ChatState>)): void;
  /** The options a request would use now, every layer merged. */
  options(): ResolvedChatOptions;
  createId(prefix: IdPrefix): string;
}

/**
 * A running request-and-tools loop, aborted through itself. Once `done` (settled), it no longer
 * writes conversation state.
 */
export interface Run extends AbortController {
  done: boolean;
  /**
   * The reply of the run's last request (its id, known before it is created): `start` resolves
   * with it as the thread has it then, none when it was not created.
   */
  reply?: { id: string } | undefined;
  /** Finalizes what the run is doing now (a partial reply, running tools) after an abort. */
  onAbort?: (() => void) | undefined;
}

type CallbackName = 'onFinish' | 'onError' | 'onChunk' | 'onStorageError';
type CallbackArgument<K extends CallbackName> = Parameters<NonNullable<ChatCallbacks[K]>>[0];

/** Calls a callback of every options layer; a throwing callback is logged, never breaks the chat. */
export function notify<K extends CallbackName>(
  layers: readonly ChatCallbacks[],
  name: K,
  argument: CallbackArgument<K>,
): undefined {
  for (const layer of layers) {
    const callback = layer[name] as ((value: CallbackArgument<K>) => void) | undefined;
    if (!callback) continue;
    try {
      callback.call(layer, argument);
    } catch (error) {
      console.error(`[react-chat-completions] ${name} threw:`, error);
    }
  }
}
