import type { ChatTools } from '../store/index.js';
import { type ChatControls, useChatControls } from './use-chat-controls.js';
import { type UseChatOptions, useChatInstance } from './use-chat-instance.js';

/**
 * A streamed chat: replies arrive token by token (published at most once per animation frame).
 * Works inside a `ChatProvider` (sharing its store and layering its own options over the
 * provider's; the callbacks of both are called) or alone (a store of its own). Options are read
 * fresh on every request; callbacks are always the latest. Tools of literal names (`ChatTool<Args,
 * Result, 'get_weather'>`, or written in the `tools` array) type `onToolCall`'s event and
 * `addToolResult`'s result: see `ChatToolCallEvent`.
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
export function useChatStream<const Tools extends ChatTools = ChatTools>(
  options: UseChatOptions<Tools> = {},
): ChatControls<Tools> {
  // `Tools` types the options and the controls only: the untyped ones are the same objects.
  return useChatControls(
    useChatInstance(options as unknown as UseChatOptions),
  ) as unknown as ChatControls<Tools>;
}
