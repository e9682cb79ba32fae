import type {
  AssistantMessage,
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  MessageUiFields,
} from '../../src/index.js';
import { createMockFetch, type MockEndpointOptions } from '../../src/testing/index.js';

let counter = 0;

function ui(extra: Partial<MessageUiFields> = {}): MessageUiFields {
  counter++;
  return {
    id: `m${counter}`,
    parentId: null,
    createdAt: 1_700_000_000_000 + counter,
    status: 'done',
    ...extra,
  };
}

/** A user message. */
export function userMessage(
  content: string | ContentPart[],
  extra: Partial<MessageUiFields> = {},
): ChatMessage {
  return { role: 'user', content, ...ui(extra) };
}

/** An assistant message; wire fields and UI fields mixed in `extra`. */
export function assistantMessage(
  content: string | null,
  extra: Partial<Omit<AssistantMessage, 'role'>> & Partial<MessageUiFields> = {},
): ChatMessage {
  return { ...ui(), role: 'assistant', content, ...extra } as ChatMessage;
}

/** A 1x1 transparent PNG. */
export const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The mock endpoint as a `fetch`, fast and seeded, with the body of every request it got. */
export function recordingMockFetch(mock: MockEndpointOptions = {}) {
  const requests: ChatCompletionRequest[] = [];
  const fetch = createMockFetch({
    tokenDelayMs: 0,
    seed: 1,
    onRequest: (body) => requests.push(body),
    ...mock,
  });
  return { fetch, requests };
}
