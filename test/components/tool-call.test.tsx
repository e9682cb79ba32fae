import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatActionsContext,
  ChatProvider,
  createChatStore,
  MessageList,
  MessageRenderingContext,
  ToolCallPanel,
} from '../../src/index.js';
import { createFakeClient, textReply, tick, toolCallChunks, until } from '../store/helpers.js';
import { expectNoAxeViolations } from './axe-helper';
import { assistantMessage } from './fixtures';

const call = (args: string, name = 'get_weather', id = 'call_1') => ({
  id,
  type: 'function' as const,
  function: { name, arguments: args },
});

function WeatherCard({ toolCall, status }: ToolCallPanel.DefaultProps) {
  return (
    <div data-testid="weather">
      {toolCall.function.name}:{String(status?.state)}
    </div>
  );
}

function OtherPanel({ toolCall }: ToolCallPanel.DefaultProps) {
  return <p>other: {toolCall.function.name}</p>;
}

const seenStatuses: ToolCallPanel.DefaultProps['status'][] = [];

/** A custom panel with its own words for a cut-off call; records the status it is given. */
function CutOffCard(props: ToolCallPanel.DefaultProps) {
  seenStatuses.push(props.status);
  return (
    <ToolCallPanel.Root toolCall={props.toolCall} status={props.status} message={props.message}>
      <ToolCallPanel.State labels={{ 'cut-off': 'Cut off' }} />
    </ToolCallPanel.Root>
  );
}

/**
 * Answers a pending call with the `addResult` it is given, as README's custom panel for a tool
 * without `execute` does; or fails it.
 */
function PickCity(props: ToolCallPanel.PanelProps) {
  if (props.status?.state !== 'pending') return <ToolCallPanel.Default {...props} />;
  const { city } = props.status.args as { city: string };
  return (
    <>
      <button type="button" onClick={() => props.addResult({ temperature: 19 })}>
        Answer for {city}
      </button>
      <button type="button" onClick={() => props.addResult(new Error('no forecast'), { state: 'error' })}>
        Fail for {city}
      </button>
    </>
  );
}

/** A store loaded with a reply whose get_weather call is unanswered; the next reply is `text`. */
function loadedCall(text: string) {
  const fake = createFakeClient(textReply(text));
  const store = createChatStore({
    client: fake.client,
    initialMessages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [call('{"city":"Paris"}')] },
    ],
  });
  return { fake, store };
}

/**
 * A loaded reply's pending call answered from `PickCity`'s button `name`, the model replying
 * `reply`: the last message of the request the answer sent.
 */
async function answerFromPanel(name: string, reply: string) {
  const { fake, store } = loadedCall(reply);
  render(
    <ChatProvider store={store}>
      <MessageRenderingContext.Provider value={{ toolComponents: { get_weather: PickCity } }}>
        <MessageList.Default />
      </MessageRenderingContext.Provider>
    </ChatProvider>,
  );
  await userEvent.click(screen.getByRole('button', { name }));
  await act(async () => {
    await until(() => store.getState().status === 'idle' && fake.requests.length === 1);
  });
  return fake.requests[0]!.messages.at(-1);
}

describe('ToolCallPanel', () => {
  it('shows name, state and raw arguments growing while they stream', async () => {
    const message = assistantMessage(null, { status: 'streaming', tool_calls: [call('{"city": "Par')] });
    const { container, rerender } = render(<ToolCallPanel.List message={message} />);
    expect(screen.getByText('get_weather')).toBeTruthy();
    expect(screen.getByText('Preparing…')).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Arguments' }).querySelector('pre')!.textContent).toBe(
      '{"city": "Par',
    );
    expect(container.querySelector('.rcc-tool-call')?.getAttribute('data-state')).toBe('streaming');
    rerender(
      <ToolCallPanel.List message={{ ...message, tool_calls: [call('{"city": "Paris", "unit": "C"}')] }} />,
    );
    expect(screen.getByRole('figure', { name: 'Arguments' }).querySelector('pre')!.textContent).toBe(
      '{"city": "Paris", "unit": "C"}',
    );
    await expectNoAxeViolations(container);
  });

  it('pretty-prints complete arguments and shows the result', async () => {
    const message = assistantMessage(null, {
      tool_calls: [call('{"city":"Paris"}')],
      toolCalls: { call_1: { state: 'done', args: { city: 'Paris' }, result: { temperature: 21 } } },
    });
    const { container } = render(<ToolCallPanel.List message={message} />);
    expect(screen.getByRole('figure', { name: 'Arguments' }).querySelector('pre')!.textContent).toBe(
      '{\n  "city": "Paris"\n}',
    );
    expect(screen.getByRole('figure', { name: 'Result' }).querySelector('pre')!.textContent).toBe(
      '{\n  "temperature": 21\n}',
    );
    expect(container.querySelector('.rcc-tool-call')?.getAttribute('data-state')).toBe('done');
    expect(screen.getByText('Done')).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('shows a zero-argument call as {} and an error when the tool fails', () => {
    const message = assistantMessage(null, {
      tool_calls: [call('')],
      toolCalls: { call_1: { state: 'error', error: 'City not found' } },
    });
    render(<ToolCallPanel.List message={message} />);
    expect(screen.getByRole('figure', { name: 'Arguments' }).querySelector('pre')!.textContent).toBe('{}');
    expect(screen.getByText('Error: City not found')).toBeTruthy();
  });

  it('approves and denies approval tools through the chat actions', async () => {
    const user = userEvent.setup();
    const approveToolCall = vi.fn();
    const denyToolCall = vi.fn();
    const message = assistantMessage(null, {
      tool_calls: [call('{}', 'delete_file')],
      toolCalls: { call_1: { state: 'awaiting-approval', args: {} } },
    });
    const { container } = render(
      <ChatActionsContext.Provider value={{ approveToolCall, denyToolCall }}>
        <ToolCallPanel.List message={message} />
      </ChatActionsContext.Provider>,
    );
    expect(screen.getByText('Needs approval')).toBeTruthy();
    const panel = container.querySelector('.rcc-tool-call');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(approveToolCall).toHaveBeenCalledWith('call_1');
    // The buttons leave with the decision: focus stays on the panel, not on the page.
    expect(document.activeElement).toBe(panel);
    screen.getByRole('button', { name: 'Deny' }).focus();
    await user.keyboard('{Enter}');
    expect(denyToolCall).toHaveBeenCalledWith('call_1', undefined);
    expect(document.activeElement).toBe(panel);
    await expectNoAxeViolations(container);
  });

  it('the panel focus lands on after Approve is a group named by the tool; aria-label renames it', async () => {
    const user = userEvent.setup();
    const message = assistantMessage(null, {
      tool_calls: [call('{}', 'delete_file')],
      toolCalls: { call_1: { state: 'awaiting-approval', args: {} } },
    });
    const { container, rerender } = render(
      <ChatActionsContext.Provider value={{ approveToolCall: vi.fn() }}>
        <ToolCallPanel.List message={message} />
      </ChatActionsContext.Provider>,
    );
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    // Not a bare generic element: a screen reader says "delete_file, group" as focus lands.
    expect(document.activeElement).toBe(screen.getByRole('group', { name: 'delete_file' }));
    await expectNoAxeViolations(container);
    // A part of one's own names it otherwise (a prop over the default, like any other).
    rerender(
      <ToolCallPanel.Root toolCall={call('{}', 'delete_file')} aria-label="Delete the file">
        <ToolCallPanel.Name />
      </ToolCallPanel.Root>,
    );
    expect(screen.getByRole('group', { name: 'Delete the file' }).getAttribute('tabindex')).toBe('-1');
  });

  it('has no approval buttons outside the awaiting-approval state', () => {
    const message = assistantMessage(null, {
      tool_calls: [call('{}')],
      toolCalls: { call_1: { state: 'denied', error: 'Not allowed' } },
    });
    render(<ToolCallPanel.List message={message} />);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.getByText('Denied: Not allowed')).toBeTruthy();
  });

  it('uses the panel registered for a tool name, and the fallback for others', () => {
    const message = assistantMessage(null, {
      tool_calls: [call('{}', 'get_weather', 'a'), call('{}', 'search', 'b')],
      toolCalls: { a: { state: 'running' }, b: { state: 'running' } },
    });
    render(<ToolCallPanel.List message={message} components={{ get_weather: WeatherCard }} />);
    expect(screen.getByTestId('weather').textContent).toBe('get_weather:running');
    expect(screen.getByText('search')).toBeTruthy();
    expect(screen.getByText('Running…')).toBeTruthy();
  });

  it('takes its panels and fallback from MessageRenderingContext unless given its own', () => {
    const message = assistantMessage(null, {
      tool_calls: [call('{}', 'get_weather', 'a'), call('{}', 'search', 'b')],
      toolCalls: { a: { state: 'running' }, b: { state: 'running' } },
    });
    const { rerender } = render(
      <MessageRenderingContext.Provider
        value={{ toolComponents: { get_weather: WeatherCard }, toolFallback: OtherPanel }}
      >
        <ToolCallPanel.List message={message} />
      </MessageRenderingContext.Provider>,
    );
    // A message layout of its own gets what ChatWindow's `toolComponents` and `toolFallback` give.
    expect(screen.getByTestId('weather').textContent).toBe('get_weather:running');
    expect(screen.getByText('other: search')).toBeTruthy();
    rerender(
      <MessageRenderingContext.Provider
        value={{ toolComponents: { get_weather: WeatherCard }, toolFallback: OtherPanel }}
      >
        <ToolCallPanel.List message={message} components={{}} fallback={ToolCallPanel.Default} />
      </MessageRenderingContext.Provider>,
    );
    expect(screen.queryByTestId('weather')).toBeNull();
    expect(screen.getAllByText('Running…')).toHaveLength(2);
  });

  it('a tool named like an Object member gets the fallback panel, not a crash', () => {
    const names = ['constructor', 'valueOf', '__proto__', 'toString'];
    const message = assistantMessage(null, {
      tool_calls: names.map((name, index) => call('{}', name, `c${index}`)),
      toolCalls: Object.fromEntries(names.map((_, index) => [`c${index}`, { state: 'running' as const }])),
    });
    render(<ToolCallPanel.List message={message} components={{ get_weather: WeatherCard }} />);
    for (const name of names) expect(screen.getByText(name)).toBeTruthy();
    expect(screen.getAllByText('Running…')).toHaveLength(names.length);
    expect(screen.queryByTestId('weather')).toBeNull();
  });

  it('composes its own parts', () => {
    render(
      <ToolCallPanel.Root toolCall={call('{"q":1}', 'lookup')} status={{ state: 'running' }}>
        <ToolCallPanel.Name>Looking up</ToolCallPanel.Name>
        <ToolCallPanel.State labels={{ running: 'Searching…' }} />
      </ToolCallPanel.Root>,
    );
    expect(screen.getByText('Looking up')).toBeTruthy();
    expect(screen.getByText('Searching…')).toBeTruthy();
  });

  it('a conversation loaded as wire messages shows its answered calls done, with their results', async () => {
    const store = createChatStore({
      initialMessages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [call('{"city":"Paris"}')] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":19}' },
        { role: 'assistant', content: 'It is 19 degrees.' },
      ],
    });
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    const panel = container.querySelector('.rcc-tool-call');
    expect(panel?.getAttribute('data-state')).toBe('done');
    expect(screen.getByText('Done')).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Result' }).querySelector('pre')!.textContent).toBe(
      '{\n  "temperature": 19\n}',
    );
    await expectNoAxeViolations(container);
  });

  it('a loaded reply’s unanswered call is pending: a panel that answers pending calls answers it, and the chat goes on', async () => {
    expect(await answerFromPanel('Answer for Paris', 'It is 19 degrees.')).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: '{"temperature":19}',
    });
    expect(screen.getByText('Done')).toBeTruthy();
    expect(screen.getByText('It is 19 degrees.')).toBeTruthy();
  });

  it("a panel's addResult with { state: 'error' } fails its call; the model is told and the chat goes on", async () => {
    expect(await answerFromPanel('Fail for Paris', 'No forecast, sorry.')).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'Error: no forecast',
    });
    expect(screen.getByText('Error: no forecast')).toBeTruthy();
    expect(screen.getByText('No forecast, sorry.')).toBeTruthy();
  });

  it("a panel's addResult goes to a ChatActionsContext addToolResult when one is given, with the panel's call id", async () => {
    const addToolResult = vi.fn();
    const message = assistantMessage(null, {
      tool_calls: [call('{"city":"Paris"}', 'get_weather', 'call_7')],
      toolCalls: { call_7: { state: 'pending', args: { city: 'Paris' } } },
    });
    const { rerender } = render(
      <ChatActionsContext.Provider value={{ addToolResult }}>
        <ToolCallPanel.List message={message} components={{ get_weather: PickCity }} />
      </ChatActionsContext.Provider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Answer for Paris' }));
    expect(addToolResult).toHaveBeenCalledWith('call_7', { temperature: 19 }, undefined);
    await userEvent.click(screen.getByRole('button', { name: 'Fail for Paris' }));
    expect(addToolResult).toHaveBeenLastCalledWith('call_7', new Error('no forecast'), { state: 'error' });
    // Outside any provider there is no action to call: nothing happens, as Approve stays disabled.
    rerender(<ToolCallPanel.List message={message} components={{ get_weather: PickCity }} />);
    await userEvent.click(screen.getByRole('button', { name: 'Answer for Paris' }));
    expect(addToolResult).toHaveBeenCalledTimes(2);
  });

  it("a call answered with { state: 'error' } shows the error state and its text in the default panel", async () => {
    const { fake, store } = loadedCall('The service is down.');
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    await act(async () => {
      store.getState().addToolResult('call_1', new Error('service down'), { state: 'error' });
      await until(() => store.getState().status === 'idle' && fake.requests.length === 1);
    });
    expect(container.querySelector('.rcc-tool-call')?.getAttribute('data-state')).toBe('error');
    expect(screen.getByText('Error: service down')).toBeTruthy();
    expect(screen.getByText('The service is down.')).toBeTruthy();
  });

  it('a call a failed reply cut shows "Not run", not "Preparing…"; custom panels get the store\'s status', async () => {
    const fake = createFakeClient();
    const store = createChatStore({
      client: fake.client,
      throttleMs: 0,
      tools: [{ name: 'get_weather', parameters: { type: 'object' } }],
    });
    const { container } = render(
      <ChatProvider store={store}>
        <MessageList.Default />
      </ChatProvider>,
    );
    act(() => {
      void store.getState().send('Weather?');
    });
    const live = await fake.stream(0);
    const chunks = toolCallChunks([{ id: 'call_1', name: 'get_weather', args: '{"city":"Paris"}' }]);
    await act(async () => {
      live.push(...chunks.slice(0, 2));
      await tick();
    });
    const panel = () => container.querySelector('.rcc-tool-call');
    expect(screen.getByText('Preparing…')).toBeTruthy();
    expect(panel()?.hasAttribute('data-cut-off')).toBe(false);
    await act(async () => {
      live.fail(new TypeError('network error'));
      await tick();
    });
    // The store keeps the call open (it may still be answered); the panel says it will not run.
    const reply = store.getState().messages[store.getState().ids.at(-1)!]!;
    expect(reply.status).toBe('error');
    expect(reply.toolCalls?.call_1?.state).toBe('streaming');
    expect(screen.queryByText('Preparing…')).toBeNull();
    expect(screen.getByText('Not run')).toBeTruthy();
    expect(panel()?.getAttribute('data-state')).toBe('streaming');
    expect(panel()?.hasAttribute('data-cut-off')).toBe(true);
    await expectNoAxeViolations(container);

    // A custom panel gets the store's status object, the message, and its own words for the state.
    seenStatuses.length = 0;
    render(<ToolCallPanel.List message={reply} components={{ get_weather: CutOffCard }} />);
    expect(seenStatuses).toEqual([reply.toolCalls?.call_1]);
    expect(seenStatuses[0]).toBe(reply.toolCalls?.call_1);
    expect(screen.getByText('Cut off')).toBeTruthy();
  });

  it('a finished reply whose calls are still being triaged shows them as preparing, not cut off', () => {
    // `onToolCall` or `needsApproval` may answer asynchronously: until then the calls of a `done`
    // reply stay `streaming`.
    const message = assistantMessage(null, {
      status: 'done',
      tool_calls: [call('{}')],
      toolCalls: { call_1: { state: 'streaming', args: {} } },
    });
    const { container } = render(<ToolCallPanel.List message={message} />);
    expect(screen.getByText('Preparing…')).toBeTruthy();
    expect(container.querySelector('.rcc-tool-call')?.hasAttribute('data-cut-off')).toBe(false);
  });
});
