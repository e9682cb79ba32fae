import { parentKey } from './tree.js';
import type { ChatMessage, ChatMessageOf, ChatState, ThreadData } from './types.js';

/** The versions of one turn and where a message stands among them. */
export interface SiblingInfo {
  /** Ids of the messages sharing the parent and role, in creation order. */
  ids: string[];
  /** Index of the message in `ids`; -1 when it is unknown. */
  index: number;
}

const NO_SIBLINGS: SiblingInfo = { ids: [], index: -1 };
const siblingCache = new WeakMap<string[], Map<string, SiblingInfo>>();

/**
 * The versions of the turn `messageId` belongs to (messages sharing its parent and role) and its
 * index among them. The result keeps its identity while no version is added, so it is safe to
 * return from a `useChatStore` selector.
 *
 * @example
 * const { ids, index } = useChatStore((state) => selectSiblings(state, id)); // "< 2 / 3 >"
 */
export function selectSiblings(
  state: Pick<ThreadData, 'messages' | 'children'>,
  messageId: string,
): SiblingInfo {
  const message = state.messages[messageId];
  if (!message) return NO_SIBLINGS;
  const children = state.children[parentKey(message.parentId)];
  if (!children) return { ids: [messageId], index: 0 };
  let byId = siblingCache.get(children);
  if (!byId) {
    byId = new Map();
    siblingCache.set(children, byId);
  }
  let info = byId.get(messageId);
  if (!info) {
    const ids = children.filter((id) => state.messages[id]?.role === message.role);
    info = { ids, index: ids.indexOf(messageId) };
    byId.set(messageId, info);
  }
  return info;
}

const activeCache = new WeakMap<string[], [messages: Record<string, ChatMessage>, result: ChatMessage[]]>();

/**
 * The messages of the active path, in order. Cached per `ids` and `messages`, so it is stable
 * between publications that change neither.
 */
export function selectActiveMessages(state: Pick<ThreadData, 'ids' | 'messages'>): ChatMessage[] {
  const cached = activeCache.get(state.ids);
  if (cached?.[0] === state.messages) return cached[1];
  const result: ChatMessage[] = [];
  for (const id of state.ids) {
    const message = state.messages[id];
    if (message) result.push(message);
  }
  activeCache.set(state.ids, [state.messages, result]);
  return result;
}

/**
 * The last assistant message of the active path, if any: typed as a reply, so its `tool_calls`,
 * `reasoning` and `refusal` read without checking `role`.
 */
export function selectLastAssistantMessage(
  state: Pick<ThreadData, 'ids' | 'messages'>,
): ChatMessageOf<'assistant'> | undefined {
  for (let index = state.ids.length - 1; index >= 0; index--) {
    const message = state.messages[state.ids[index] as string];
    if (message?.role === 'assistant') return message;
  }
  return undefined;
}

/** Whether a reply is on its way (`submitted` or `streaming`). */
export function selectIsBusy(state: Pick<ChatState, 'status'>): boolean {
  return state.status === 'submitted' || state.status === 'streaming';
}
