import { type ChatControls, useChatControls } from './use-chat-controls.js';
import { type UseChatOptions, useChatInstance } from './use-chat-instance.js';

const NOTHING_FIXED = {};

/**
 * A streamed chat: replies arrive token by token (published at most once per animation frame).
 * Works inside a `ChatProvider` (sharing its store and layering its own options over the
 * provider's; the callbacks of both are called) or alone (a store of its own). Options are read
 * fresh on every request; callbacks are always the latest.
 *
 * @example
 * function Chat() {
 *   const { messages, status, send, stop } = useChatStream({
 *     clientOptions: { apiKey },
 *     request: { model: 'openai/gpt-4o-mini' },
 *     onFinish: ({ message }) => console.log(message.content),
 *   });
 *   return <button onClick={() => (status === 'streaming' ? stop() : send('Hello'))}>{status}</button>;
 * }
 */
export function useChatStream(options: UseChatOptions = {}): ChatControls {
  return useChatControls(useChatInstance(options, NOTHING_FIXED));
}
