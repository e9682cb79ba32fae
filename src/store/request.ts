import type {
  AssistantMessage,
  ChatCompletionRequest,
  ChatRequestParameters,
  Message,
  OpenObject,
  ToolDefinition,
} from '../core/index.js';
import { defined } from './defined.js';
import type { ChatTool } from './options.js';
import { type ChatMessage, MESSAGE_UI_FIELDS } from './types.js';

const UI_FIELDS: ReadonlySet<string> = new Set(MESSAGE_UI_FIELDS);

/**
 * The wire form of a store message: every field except the UI fields, untouched (so
 * `reasoning_details`, `tool_calls` and `annotations` go back exactly as they came).
 */
export function toWireMessage(message: ChatMessage): Message {
  const wire: Record<string, unknown> = {};
  for (const key of Object.keys(message)) {
    if (!UI_FIELDS.has(key)) wire[key] = (message as Record<string, unknown>)[key];
  }
  return wire as unknown as Message;
}

/** The wire `tools` entry of a tool definition. */
export function toWireTool(tool: ChatTool): ToolDefinition {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...defined({ description: tool.description, parameters: tool.parameters, strict: tool.strict }),
    },
  };
}

/** Whether a reply has content: a non-empty string, or parts. */
export const hasText = (content: AssistantMessage['content'] | undefined): boolean => !!content?.length;

/**
 * The active path as wire messages. An interrupted or failed reply keeps what it said, but a tool
 * call nobody answered is left out (the endpoint rejects unanswered calls), and a reply with
 * nothing left is dropped. A reply's calls are answered by the `tool` messages after it, up to the
 * next reply: some providers give the calls of every reply the same ids (`name:0`), so an id an
 * earlier reply's call had, and its answer, say nothing of a later call.
 */
export function toWireConversation(path: readonly ChatMessage[]): Message[] {
  let answered = new Set<string>();
  const wire: Message[] = [];
  // From the end: each reply's answers are known when it is reached.
  for (let index = path.length; index--; ) {
    const message = path[index]!;
    const out = toWireMessage(message);
    if (out.role === 'assistant') {
      const { tool_calls: calls, ...rest } = out;
      const kept = calls?.filter((call) => answered.has(call.id)) ?? [];
      answered = new Set();
      if (kept.length) wire.push({ ...rest, tool_calls: kept });
      else if (hasText(rest.content) || (message.status === 'done' && !calls?.length)) wire.push(rest);
    } else {
      if (out.role === 'tool') answered.add(out.tool_call_id);
      wire.push(out);
    }
  }
  return wire.reverse();
}

/** Everything a request is built from. */
export interface RequestParts {
  /** The active path of the thread, root first, sent in wire form (see `toWireConversation`). */
  path: readonly ChatMessage[];
  /** Default parameters (provider, hooks); the path's last user message's `request` goes over them. */
  parameters: ChatRequestParameters & OpenObject;
  /** The tools, sent after the parameters' own wire `tools` (one of those with the same name is dropped). */
  tools: readonly ChatTool[];
  /** A system prompt, put first unless the path starts with a system message. */
  system?: string | undefined;
  /** Sent as `session_id` unless the parameters set one. */
  sessionId?: string | undefined;
}

/**
 * Builds the request body: the parameters as given (every field kept, but those set to
 * `undefined`, which leave the default's), the active path in wire form, the tools (after any raw
 * wire `tools` of the parameters, same names replaced), the system prompt first, the
 * thread's `session_id` unless one is set, and `tool_choice: 'auto'` after tool results when it
 * names a function.
 */
export function buildRequest(parts: RequestParts): ChatCompletionRequest {
  const {
    stream: _stream,
    messages: _messages,
    ...parameters
  } = {
    ...defined(parts.parameters),
    ...defined(parts.path.findLast((message) => message.role === 'user')?.request),
  } as ChatCompletionRequest;
  const messages = toWireConversation(parts.path);
  if (parts.system !== undefined && messages[0]?.role !== 'system') {
    messages.unshift({ role: 'system', content: parts.system });
  }
  const request: ChatCompletionRequest = { ...parameters, messages };
  if (parts.tools.length) {
    const names = new Set(parts.tools.map((tool) => tool.name));
    request.tools = [
      ...(parameters.tools ?? []).filter((tool) => !names.has(tool.function.name)),
      ...parts.tools.map(toWireTool),
    ];
  }
  // After tool results, a call forced by name is not forced again (the model would call it at
  // every step): the model answers with the results, or calls again as it sees fit.
  if (
    (request.tool_choice as { function?: unknown } | undefined)?.function &&
    messages.at(-1)?.role === 'tool'
  )
    request.tool_choice = 'auto';
  if (parts.sessionId !== undefined && request.session_id === undefined) request.session_id = parts.sessionId;
  return request;
}
