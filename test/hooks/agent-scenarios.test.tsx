import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ChatCompletionRequest } from '../../src/core/index.js';
import { ChatProvider, type ChatTool, useChatStream } from '../../src/index.js';
import { createMockFetch } from '../../src/testing/index.js';
import { until } from '../store/helpers.js';

const weather = (extra: Partial<ChatTool<{ city: string }, unknown, 'get_weather'>> = {}) =>
  ({
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    ...extra,
  }) as ChatTool<{ city: string }, unknown, 'get_weather'>;

/** The mock endpoint with `mock/tools`, each request body kept. */
function endpoint() {
  const requests: ChatCompletionRequest[] = [];
  const fetch = createMockFetch({ tokenDelayMs: 0, onRequest: (body) => void requests.push(body) });
  return {
    requests,
    clientOptions: { baseUrl: 'http://127.0.0.1/api/v1', fetch },
    request: { model: 'mock/tools', parallel_tool_calls: false },
  };
}

const chat: { current?: ReturnType<typeof useChatStream> } = {};
function Agent({ onToolCall }: { onToolCall?: () => void }) {
  chat.current = useChatStream(onToolCall ? { onToolCall } : {});
  return null;
}

describe('an agent app on ChatProvider and useChatStream', () => {
  it('tools held by the provider run for a hook below it; its onToolCall is told; approval goes through the hook', async () => {
    const mock = endpoint();
    const execute = vi.fn(() => 'sunny');
    const onToolCall = vi.fn();
    render(
      <ChatProvider
        clientOptions={mock.clientOptions}
        request={mock.request}
        tools={[weather({ execute, needsApproval: true })]}
      >
        <Agent onToolCall={onToolCall} />
      </ChatProvider>,
    );
    await act(() => chat.current!.send('Weather in Paris?'));
    const reply = chat.current!.messages[1];
    const [call] = reply?.role === 'assistant' ? (reply.tool_calls ?? []) : [];
    expect(reply?.toolCalls?.[call!.id]?.state).toBe('awaiting-approval');
    expect(onToolCall).toHaveBeenCalledTimes(1);
    expect(chat.current!.status).toBe('idle');
    await act(async () => {
      chat.current!.approveToolCall(call!.id);
      const { store } = chat.current!;
      await until(() => mock.requests.length === 2 && store.getState().status === 'idle', 'the answer');
    });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(chat.current!.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
  });

  it('unmounting the provider while a slow tool runs aborts it; the late result is written nowhere', async () => {
    const mock = endpoint();
    let signal: AbortSignal | undefined;
    let finish: (value: string) => void = () => {};
    const execute = vi.fn(
      (_args: { city: string }, context: { signal: AbortSignal }) =>
        new Promise<string>((resolve) => {
          signal = context.signal;
          finish = resolve;
        }),
    );
    const view = render(
      <ChatProvider clientOptions={mock.clientOptions} request={mock.request} tools={[weather({ execute })]}>
        <Agent />
      </ChatProvider>,
    );
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = chat.current!.send('Weather in Paris?');
    });
    await act(() => until(() => execute.mock.calls.length === 1));
    const store = chat.current!.store;
    view.unmount();
    await until(() => signal?.aborted === true, 'the abort');
    await sent;
    finish('sunny');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const reply = store.getState().messages[store.getState().ids[1]!];
    expect(Object.values(reply?.toolCalls ?? {})).toMatchObject([
      { state: 'error', error: 'Stopped by the user.' },
    ]);
    expect(store.getState().status).toBe('idle');
    expect(mock.requests).toHaveLength(1);
  });
});
