import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import {
  type ChatActionHandlers,
  ChatActionsContext,
  type ChatControls,
  type ChatMessage,
  type ChatRequestParameters,
  type ChatTool,
  useChatStream,
} from '../../src/index';
import { useMockEndpoint } from './mock-endpoint';

/** What a `MockConversation` child renders from. */
export interface MockConversationView {
  /** The latest assistant reply (streaming, then settled). */
  message: ChatMessage | undefined;
  chat: ChatControls;
}

/** Props of `MockConversation`. */
export interface MockConversationProps {
  /** Sent once on mount. */
  prompt: string;
  request?: ChatRequestParameters;
  tools?: readonly ChatTool[];
  /** Renders the conversation; called on every publication. */
  children: (view: MockConversationView) => ReactNode;
}

/**
 * Streams a reply from the mock endpoint with `useChatStream` and renders it with `children`:
 * the "Streaming" state of a part, driven by the real store and the real wire, not a fixture.
 * It provides the chat's actions to the parts (Retry, Approve, Deny...).
 */
export function MockConversation({ prompt, request, tools, children }: MockConversationProps) {
  const { clientOptions } = useMockEndpoint();
  const chat = useChatStream({ clientOptions, request: request ?? {}, ...(tools ? { tools } : {}) });
  const sent = useRef(false);
  const { send } = chat;
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void send(prompt);
  }, [send, prompt]);
  const actions = useMemo<ChatActionHandlers>(
    () => ({
      retry: chat.retry,
      regenerate: chat.regenerate,
      edit: chat.edit,
      switchBranch: chat.switchBranch,
      approveToolCall: chat.approveToolCall,
      denyToolCall: chat.denyToolCall,
    }),
    [chat.retry, chat.regenerate, chat.edit, chat.switchBranch, chat.approveToolCall, chat.denyToolCall],
  );
  const message = [...chat.messages].reverse().find((item) => item.role === 'assistant');
  return (
    <ChatActionsContext.Provider value={actions}>
      <div data-chat-status={chat.status}>{children({ message, chat })}</div>
    </ChatActionsContext.Provider>
  );
}
