import { useContext } from 'react';
import { useStore } from 'zustand';
import type { ChatMessage, ChatState, ChatStoreApi } from '../store/index.js';
import { ChatStoreContext } from './chat-context.js';

/**
 * The store of the nearest `ChatProvider`. Throws, saying how to fix it, outside one.
 *
 * @example
 * const store = useChatStoreApi();
 * const onClick = () => store.getState().send('Hi');
 */
export function useChatStoreApi(): ChatStoreApi {
  const store = useContext(ChatStoreContext);
  if (!store) {
    throw new Error(
      'Chat parts and hooks (MessageList, ChatComposer, useChatStore…) need a store: render them ' +
        'inside <ChatProvider>, or pass the store from useChatStream() to <ChatProvider store={store}>.',
    );
  }
  return store;
}

/**
 * Subscribes to a slice of the chat state: the component re-renders only when the selected value
 * changes (`Object.is`). Selectors must return stable values (state fields, or `select*` helpers).
 *
 * @example
 * const status = useChatStore((state) => state.status);
 */
export function useChatStore<T>(selector: (state: ChatState) => T): T {
  return useStore(useChatStoreApi(), selector);
}

/** The ids of the active path. The same array while no message is added or removed from the path. */
export function useMessageIds(): string[] {
  return useChatStore((state) => state.ids);
}

/**
 * One message by id. Re-renders only when that message object changes (a streamed token
 * replaces only the streaming message).
 */
export function useMessage(id: string): ChatMessage | undefined {
  return useChatStore((state) => state.messages[id]);
}
