// Type tests of typed tool calls: `expectTypeOf` does nothing at run time; `tsc --noEmit` (run by
// `npm test` over the tests too) fails when the types drift. `@ts-expect-error` lines prove what
// the types refuse. A tools list of literal names types `onToolCall`'s event, `addToolResult` and
// `ChatWindow`'s tool panels; untyped lists keep the untyped shapes.
import { renderHook } from '@testing-library/react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ChatCallbacks,
  type ChatControls,
  type ChatMessage,
  ChatProvider,
  type ChatStoreApi,
  type ChatTool,
  type ChatToolCallEvent,
  ChatWindow,
  createChatStore,
  type InferToolArgs,
  type InferToolResult,
  type ToolCall,
  ToolCallPanel,
  type ToolCallStatus,
  type ToolNames,
  type ToolResultOf,
  type ToolResultOptions,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';

interface Weather {
  temperature: number;
}

const weather: ChatTool<{ city: string }, Weather, 'get_weather'> = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: async ({ city }) => ({ temperature: city.length }),
};
const pickDate: ChatTool<{ after: string }, { date: string }, 'pick_date'> = {
  name: 'pick_date',
  parameters: { type: 'object', properties: { after: { type: 'string' } } },
};
const tools = [weather, pickDate];

function PickDate(props: ToolCallPanel.DefaultProps<typeof pickDate>) {
  const { status } = props;
  if (status?.state === 'pending') {
    expectTypeOf(status.args).toEqualTypeOf<{ after: string }>();
    return <button type="button">{status.args.after}</button>;
  }
  // Streaming (partial), invalid (`error`) or restored (`done`) arguments stay unknown.
  if (status?.state === 'streaming') expectTypeOf(status.args).toBeUnknown();
  return <ToolCallPanel.Default {...props} />;
}
const Untyped = (props: ToolCallPanel.DefaultProps) => <ToolCallPanel.Default {...props} />;

/** Answers a `pick_date` call: its `addResult` takes `{ date: string }`, a failure any value. */
function AnswerDate(props: ToolCallPanel.PanelProps<typeof pickDate>) {
  props.addResult({ date: '2026-12-01' });
  props.addResult({ date: '2026-12-01' }, { state: 'done' });
  // @ts-expect-error: `pick_date` answers with { date: string }
  props.addResult('tomorrow');
  // @ts-expect-error: `get_weather`'s result is not `pick_date`'s
  props.addResult({ temperature: 21 });
  props.addResult(new Error('calendar offline'), { state: 'error' });
  props.addResult('calendar offline', { state: 'error' });
  // Options whose state is not known statically: the value may be a failure, so any value.
  const settle = (value: unknown, options: ToolResultOptions) => props.addResult(value, options);
  settle(new Error('calendar offline'), { state: 'error' });
  props.addResult({ date: '2026-12-01' }, failed ? { state: 'error' } : {});
  props.addResult('calendar offline', { state: failed ? 'error' : 'done' });
  // @ts-expect-error: a state known to be `done` takes the tool's result only
  props.addResult('tomorrow', { state: 'done' });
  // @ts-expect-error: no state is `done`
  props.addResult('tomorrow', {});
  return null;
}

declare const failed: boolean;

/** An untyped panel answers with any value. */
function AnswerAnything(props: ToolCallPanel.PanelProps) {
  props.addResult('anything');
  return null;
}

/** A panel that does not answer calls: the chat renders it, and so does the app, by hand. */
function CallName({ toolCall }: ToolCallPanel.DefaultProps) {
  return <p>{toolCall.function.name}</p>;
}

/**
 * Type-checks `check` without running it: the hooks would need a DOM, and `addToolResult` a
 * conversation; only the types are tested here.
 */
const typeOnly = (check: () => void) => expectTypeOf(check).toBeFunction();

/** The event of today's untyped `onToolCall`. */
interface UntypedEvent {
  toolCall: ToolCall;
  toolName: string;
  args: unknown;
}

describe('typed tool calls', () => {
  it('narrowing onToolCall by toolName types args; a wrong property is an error', () =>
    typeOnly(() => {
      renderHook(() =>
        useChatStream({
          tools,
          onToolCall: (event) => {
            expectTypeOf(event.toolName).toEqualTypeOf<'get_weather' | 'pick_date'>();
            if (event.toolName === 'get_weather') {
              expectTypeOf(event.args).toEqualTypeOf<{ city: string }>();
              // @ts-expect-error: `get_weather` has no `after`
              return event.args.after;
            }
            expectTypeOf(event.args).toEqualTypeOf<{ after: string }>();
            // @ts-expect-error: `pick_date` has no `city`
            return event.args.city;
          },
        }),
      );
      const handle = (event: ChatToolCallEvent<typeof tools>) =>
        event.toolName === 'pick_date' ? event.args.after : event.args.city;
      expectTypeOf(handle).returns.toEqualTypeOf<string>();
    }));

  it('names are literal in a tools array written in place (const inference); args come from execute', () =>
    typeOnly(() => {
      renderHook(() =>
        useChatCompletion({
          tools: [
            {
              name: 'search',
              parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
              execute: async ({ query }: { query: string }, { signal }) => (signal.aborted ? [] : [query]),
            },
            { name: 'confirm', needsApproval: true },
          ],
          onToolCall: (event) => {
            if (event.toolName === 'search') expectTypeOf(event.args).toEqualTypeOf<{ query: string }>();
            else
              expectTypeOf(event).toEqualTypeOf<{ toolCall: ToolCall; toolName: 'confirm'; args: unknown }>();
          },
        }),
      );
    }));

  it('ChatProvider, ChatWindow and createChatStore infer the tools too', () =>
    typeOnly(() => {
      const store = createChatStore({
        tools,
        onToolCall: (event) => {
          if (event.toolName === 'get_weather') expectTypeOf(event.args.city).toBeString();
        },
      });
      expectTypeOf(store).toEqualTypeOf<ChatStoreApi>();
      const provider = (
        <ChatProvider
          tools={tools}
          onToolCall={(event) => {
            if (event.toolName === 'pick_date') expectTypeOf(event.args.after).toBeString();
          }}
        />
      );
      const window = (
        <ChatWindow
          tools={tools}
          onToolCall={(event) => {
            // @ts-expect-error: not one of the tools' names
            if (event.toolName === 'get_wether') return;
            if (event.toolName === 'get_weather') expectTypeOf(event.args.city).toBeString();
          }}
        />
      );
      expectTypeOf(provider).not.toBeAny();
      expectTypeOf(window).not.toBeAny();
    }));

  it('a hook under a provider that holds the tools takes their type as its type argument', () =>
    typeOnly(() => {
      renderHook(() =>
        useChatStream<typeof tools>({
          onToolCall: (event) => {
            if (event.toolName === 'pick_date') expectTypeOf(event.args).toEqualTypeOf<{ after: string }>();
          },
        }),
      );
      const readonlyTools = [weather, pickDate] as const;
      renderHook(() =>
        useChatStream({
          tools: readonlyTools,
          onToolCall: (event) => expectTypeOf(event.toolName).toEqualTypeOf<'get_weather' | 'pick_date'>(),
        }),
      );
    }));

  it('untyped tools still give unknown arguments and string names', () =>
    typeOnly(() => {
      const untyped: ChatTool[] = [weather, pickDate];
      renderHook(() =>
        useChatStream({
          tools: untyped,
          onToolCall: (event) => expectTypeOf(event).toEqualTypeOf<UntypedEvent>(),
        }),
      );
      renderHook(() =>
        useChatStream({ onToolCall: (event) => expectTypeOf(event).toEqualTypeOf<UntypedEvent>() }),
      );
      renderHook(() =>
        useChatStream({
          tools: [],
          onToolCall: (event) => expectTypeOf(event).toEqualTypeOf<UntypedEvent>(),
        }),
      );
      // A tool named by a plain `string` may be any call: the event cannot tell the others apart.
      const named: ChatTool<{ city: string }> = { name: 'get_weather' };
      renderHook(() =>
        useChatStream({
          tools: [named, pickDate],
          onToolCall: (event) => expectTypeOf(event).toEqualTypeOf<UntypedEvent>(),
        }),
      );
      expectTypeOf<ChatToolCallEvent>().toEqualTypeOf<UntypedEvent>();
      expectTypeOf<InferToolArgs<ChatTool>>().toBeUnknown();
      expectTypeOf<ToolResultOf<ChatTool[]>>().toBeUnknown();
      expectTypeOf<ToolNames<ChatTool[]>>().toBeNever();
      expectTypeOf<ToolCallPanel.Components>().toEqualTypeOf<
        Partial<Record<string, import('react').ComponentType<ToolCallPanel.PanelProps>>>
      >();
      expectTypeOf<ToolCallPanel.DefaultProps['status']>().toEqualTypeOf<ToolCallStatus | undefined>();
    }));

  it('addToolResult takes the results the tools declare', () =>
    typeOnly(() => {
      const { result } = renderHook(() => useChatStream({ tools }));
      result.current.addToolResult('call_1', { date: '2026-12-01' });
      result.current.addToolResult('call_1', { temperature: 21 });
      // @ts-expect-error: no tool of the list returns a string
      result.current.addToolResult('call_1', 'tomorrow');
      result.current.addToolResult('call_1', { temperature: 21 }, { state: 'done' });
      // A failure is any value, whatever the tools return.
      result.current.addToolResult('call_1', 'service down', { state: 'error' });
      result.current.addToolResult('call_1', new Error('service down'), { state: 'error' });
      // @ts-expect-error: only a failure takes what no tool returns
      result.current.addToolResult('call_1', 'tomorrow', { state: 'done' });
      // @ts-expect-error: no state is `done`
      result.current.addToolResult('call_1', 'tomorrow', {});
      // Options whose state is not known statically: any value, as it may be a failure.
      const options: ToolResultOptions = failed ? { state: 'error' } : {};
      result.current.addToolResult('call_1', new Error('service down'), options);
      result.current.addToolResult('call_1', 'service down', { state: failed ? 'error' : 'done' });
      const { result: untyped } = renderHook(() => useChatStream({}));
      untyped.current.addToolResult('call_1', 'anything');
      untyped.current.addToolResult('call_1', 'anything', { state: 'error' });
      expectTypeOf<InferToolResult<typeof weather>>().toEqualTypeOf<Weather>();
      expectTypeOf<InferToolArgs<typeof pickDate>>().toEqualTypeOf<{ after: string }>();
    }));

  it("ChatWindow's toolComponents: a tool's panel gets its arguments typed once they are checked", () =>
    typeOnly(() => {
      const ok = (
        <ChatWindow
          tools={tools}
          // An untyped panel fits any tool; names the list does not type (`request.tools`) take any panel.
          toolComponents={{ pick_date: PickDate, get_weather: Untyped, from_request: Untyped }}
        />
      );
      expectTypeOf(ok).not.toBeAny();
      const wrong = (
        <ChatWindow
          tools={tools}
          // @ts-expect-error: `pick_date`'s panel is not `get_weather`'s
          toolComponents={{ get_weather: PickDate }}
        />
      );
      expectTypeOf(wrong).not.toBeAny();
    }));

  it("a panel's addResult takes its tool's result; a failure takes any value", () =>
    typeOnly(() => {
      // A typed panel fits its tool's slot; an untyped one (or the default panel) fits any.
      const ok = (
        <ChatWindow
          tools={tools}
          toolComponents={{ pick_date: AnswerDate, get_weather: AnswerAnything }}
          toolFallback={ToolCallPanel.Default}
        />
      );
      expectTypeOf(ok).not.toBeAny();
    }));

  it("DefaultProps (the ready-made panel's) has addResult optional, for panels rendered by hand; PanelProps (what the chat gives) has it", () =>
    typeOnly(() => {
      const call = {} as ToolCall;
      const message = {} as ChatMessage;
      const byHand = <CallName toolCall={call} status={undefined} message={message} />;
      const ready = (
        <ToolCallPanel.Default toolCall={call} status={undefined} message={message} addResult={undefined} />
      );
      // @ts-expect-error: a panel typed PanelProps may call addResult: it must be given one
      const missing = <AnswerAnything toolCall={call} status={undefined} message={message} />;
      const given = (
        <AnswerAnything toolCall={call} status={undefined} message={message} addResult={() => undefined} />
      );
      // A panel typed DefaultProps fits the chat's slots, which give it addResult.
      const slots = (
        <ChatWindow tools={tools} toolComponents={{ pick_date: CallName }} toolFallback={CallName} />
      );
      expectTypeOf([byHand, ready, missing, given, slots]).not.toBeAny();
      expectTypeOf<ToolCallPanel.DefaultProps<typeof pickDate>['addResult']>().toEqualTypeOf<
        ToolCallPanel.PanelProps<typeof pickDate>['addResult'] | undefined
      >();
      const answer = (props: ToolCallPanel.DefaultProps) => {
        // @ts-expect-error: in the ready-made panel's props, addResult may be left out
        props.addResult('done');
        props.addResult?.('done');
      };
      expectTypeOf(answer).toBeFunction();
    }));

  it("ToolCallPanel.List's components: typed by the tools given as its type argument", () =>
    typeOnly(() => {
      const ok = (
        <ToolCallPanel.List<typeof tools> components={{ pick_date: PickDate, get_weather: Untyped }} />
      );
      expectTypeOf(ok).not.toBeAny();
      const wrong = (
        <ToolCallPanel.List<typeof tools>
          // @ts-expect-error: `pick_date`'s panel is not `get_weather`'s
          components={{ get_weather: PickDate }}
        />
      );
      expectTypeOf(wrong).not.toBeAny();
      // Without a type argument the panels are untyped, as before: any panel for any name.
      const untyped = <ToolCallPanel.List components={{ get_weather: Untyped, anything: Untyped }} />;
      expectTypeOf(untyped).not.toBeAny();
    }));

  it('existing untyped code still compiles', () =>
    typeOnly(() => {
      // A handler typed with the untyped event, and options and controls passed on untyped.
      const log = (event: ChatToolCallEvent) => console.log(event.toolName, event.args);
      const { result } = renderHook(() =>
        useChatStream({
          tools,
          onToolCall: log,
          // A callback that reads the hook's own result does not make inferring the tools circular.
          onError: (error) => console.log(error.message, result.current.status),
          onFinish: ({ message }) => console.log(message.id, result.current.messages.length),
        }),
      );
      const controls: ChatControls = result.current;
      // The event type is still one an interface may extend.
      interface LoggedEvent extends ChatToolCallEvent {
        loggedAt: number;
      }
      expectTypeOf<LoggedEvent['args']>().toBeUnknown();
      const callbacks: ChatCallbacks = {
        onToolCall: (event) => expectTypeOf(event).toEqualTypeOf<UntypedEvent>(),
      };
      const store = createChatStore({ tools, ...callbacks });
      store.setOptions({ tools, onToolCall: log });
      expectTypeOf(controls).not.toBeAny();
      // Typed tools still fit an untyped list.
      expectTypeOf(tools).toMatchTypeOf<ChatTool[]>();
    }));
});
