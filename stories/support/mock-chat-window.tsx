import { ChatWindow, type ChatWindowProps } from '../../src/index';
import { useMockEndpoint } from './mock-endpoint';

/** Props of `MockChatWindow`: a `ChatWindow`'s, with the height of the story's frame. */
export type MockChatWindowProps = ChatWindowProps & { height?: number | string };

/**
 * A `ChatWindow` wired to the story's mock endpoint (client options from the decorator), in a
 * frame of fixed height so the message list can scroll.
 */
export function MockChatWindow({ height = 620, style, clientOptions, ...props }: MockChatWindowProps) {
  const endpoint = useMockEndpoint();
  return (
    <ChatWindow
      clientOptions={clientOptions ?? endpoint.clientOptions}
      style={{ height, ...style }}
      {...props}
    />
  );
}
