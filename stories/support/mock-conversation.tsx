import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  type ChatActionHandlers,
  ChatActionsContext,
  type ChatMessage,
  type ChatRequestParameters,
  type ChatState,
  type ChatTool,
  createChatStore,
  selectLastAssistantMessage,
} from '../../src/index';
import { useMockEndpoint } from './mock-endpoint';

/** What a `MockConversation` child renders from. */
export interface MockConversationView {
  /** The latest assistant reply (streaming, then settled). */
  message: ChatMessage | undefined;
  status: ChatState['status'];
  error: ChatState['error'];
  state: ChatState;
}

/** Props of `MockConversation`. */
export interface MockConversationProps {
  /** Sent once on mount. */
  prompt: string;
  request?: ChatRequestParameters;
  tools?: readonly ChatTool[];
  /** Renders the reply; receives it on every publication. */
  children: (view: MockConversationView) => ReactNode;
}

/**
 * Streams one reply from the mock endpoint into a chat store and renders it with `children`: the
 * "Streaming" state of a part, driven by the real store and the real wire rather than a fixture.
 */
export function MockConversation({ prompt, request, tools, children }: MockConversationProps) {
  const { clientOptions } = useMockEndpoint();
  const [store] = useState(() =>
    createChatStore({ clientOptions, request: request ?? {}, ...(tools ? { tools } : {}) }),
  );
  const state = useStore(store);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void store.getState().send(prompt);
  }, [store, prompt]);
  useEffect(() => () => store.abort(), [store]);
  const actions = useMemo<ChatActionHandlers>(() => {
    const current = () => store.getState();
    return {
      retry: () => current().retry(),
      regenerate: (id) => current().regenerate(id),
      edit: (id, content) => current().edit(id, content),
      switchBranch: (id) => current().switchBranch(id),
      approveToolCall: (id) => current().approveToolCall(id),
      denyToolCall: (id, reason) => current().denyToolCall(id, reason),
    };
  }, [store]);
  const message = selectLastAssistantMessage(state);
  return (
    <ChatActionsContext.Provider value={actions}>
      <div data-chat-status={state.status}>
        {children({ message, status: state.status, error: state.error, state })}
      </div>
    </ChatActionsContext.Provider>
  );
}
