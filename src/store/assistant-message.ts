import { appendAnnotations } from '../core/accumulate.js';
import type { AssistantMessage, ChatCompletion } from '../core/index.js';
import { parsePartialJson } from '../core/json.js';
import { defined } from './defined.js';
import { contentText, finalStructured, partialStructured, type StructuredFormat } from './structured.js';
import type {
  ChatMessageOf,
  MessageStatus,
  MessageTiming,
  MessageUiFields,
  ToolCallStatus,
} from './types.js';

/** What a reply message is built from besides the completion. */
export interface ReplyContext {
  id: string;
  parentId: string | null;
  createdAt: number;
  startedAt: number;
  firstTokenAt?: number | undefined;
  /** From the `X-Generation-Id` header; the completion's `id` otherwise. */
  generationId?: string | undefined;
  format: StructuredFormat | undefined;
}

/**
 * The store message for a reply: the completion's wire message untouched, with the UI fields
 * beside it. `finishedAt` is set once the reply has ended.
 */
export function toReplyMessage(
  completion: ChatCompletion | undefined,
  context: ReplyContext,
  status: MessageStatus,
  finishedAt?: number,
): AssistantMessage & MessageUiFields {
  const choices = completion?.choices ?? [];
  // The reply is the first choice's message (choice `index` 0 when present).
  const choice = choices.find((item) => item.index === 0) ?? choices[0];
  const wire: AssistantMessage = choice?.message ?? { role: 'assistant', content: null };
  const usage = completion?.usage;
  // Tokens per second count from the first token (from the start without one).
  const { startedAt, firstTokenAt } = context;
  const timing: MessageTiming = { startedAt };
  if (firstTokenAt !== undefined) {
    timing.firstTokenAt = firstTokenAt;
    timing.timeToFirstTokenMs = firstTokenAt - startedAt;
  }
  if (finishedAt !== undefined) {
    timing.finishedAt = finishedAt;
    const seconds = (finishedAt - (firstTokenAt ?? startedAt)) / 1000;
    const tokens = usage?.completion_tokens;
    if (tokens !== undefined && seconds > 0) timing.tokensPerSecond = tokens / seconds;
  }
  const message: AssistantMessage & MessageUiFields = {
    ...wire,
    role: 'assistant',
    content: wire.content ?? null,
    id: context.id,
    parentId: context.parentId,
    createdAt: context.createdAt,
    status,
    timing,
  };
  // A choice without a message gave no reply: its finish reason is not the reply's.
  if (choice?.message) message.finishReason = choice.finish_reason;
  if (usage) message.usage = usage;
  if (completion?.model) message.model = completion.model;
  const generationId = context.generationId ?? completion?.id;
  if (generationId) message.generationId = generationId;
  // Each call `streaming`, with the arguments parsed so far. Entries, not assignments: an id is the
  // model's, and `calls.__proto__ = status` sets a prototype.
  if (wire.tool_calls?.length)
    message.toolCalls = Object.fromEntries<ToolCallStatus>(
      wire.tool_calls.map((call) => [
        call.id,
        { state: 'streaming', ...defined({ args: parsePartialJson(call.function.arguments).value }) },
      ]),
    );
  if (context.format) {
    const text = contentText(wire.content);
    if (text) message.structured = partialStructured(text);
  }
  return message;
}

/**
 * The final form of a reply that ended normally: structured output checked, status `done` (or
 * `error`, with the error, when the structured output is invalid).
 */
export function finishReply(
  completion: ChatCompletion | undefined,
  context: ReplyContext,
  finishedAt: number,
): ChatMessageOf<'assistant'> {
  // A reply cut short by the token limit or a content filter is not a finished answer.
  const reason = completion?.choices[0]?.finish_reason;
  const status = reason === 'length' || reason === 'content_filter' ? 'incomplete' : 'done';
  const message = toReplyMessage(completion, context, status, finishedAt);
  // A JSON reply's annotations merged as a stream's are as they come (one per URL or file hash).
  message.annotations &&= appendAnnotations([], message.annotations);
  // A refusal is the reply (strict structured output declines so), not JSON that failed.
  if (!context.format || message.tool_calls?.length || message.refusal) return message;
  const [structured, error] = finalStructured(
    contentText(message.content),
    context.format,
    status === 'incomplete' && reason,
  );
  message.structured = structured;
  if (error) {
    message.status = 'error';
    message.error = error;
  }
  return message;
}
