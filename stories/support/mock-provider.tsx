import type { ReactNode } from 'react';
import { type ChatMessage, ChatProvider, type ChatProviderProps, type Message } from '../../src/index';
import { useMockEndpoint } from './mock-endpoint';

/** A `ChatProvider` on the story's mock endpoint, optionally seeded with a conversation. */
export function MockChatProvider({
  initialMessages,
  children,
  ...props
}: Omit<ChatProviderProps, 'children'> & {
  initialMessages?: readonly (ChatMessage | Message)[];
  children: ReactNode;
}) {
  const { clientOptions } = useMockEndpoint();
  return (
    <ChatProvider
      clientOptions={clientOptions}
      request={{ model: 'mock/auto' }}
      {...(initialMessages ? { storeOptions: { initialMessages } } : {})}
      {...props}
    >
      {children}
    </ChatProvider>
  );
}

/** A linear conversation of `turns` question-and-answer pairs, for long-list stories. */
export function longConversation(turns: number): Message[] {
  const messages: Message[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    messages.push({ role: 'user', content: `Question ${turn}: what is ${turn} × ${turn}?` });
    messages.push({
      role: 'assistant',
      content: `**${turn} × ${turn} = ${turn * turn}.**\n\nMultiplying a number by itself squares it.`,
    });
  }
  return messages;
}
