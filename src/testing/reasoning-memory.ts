import type { AssistantMessage, ChatCompletionRequest, ReasoningDetail } from '../core/types.js';
import type { MockPlan } from './plan.js';
import { createBadRequestReply } from './scenarios/errors.js';
import type { MockEndpointOptions, MockReply } from './types.js';

/** What a reply that called tools sent as reasoning, and so must come back with its calls. */
interface SentReasoning {
  /** The `reasoning.text` texts, joined (signed with the signature: they cannot change). */
  text: string;
  /** Each `signature` and encrypted `data`: opaque, checked as they were sent. */
  opaque: string[];
}

/** Enough for any test run; a long-lived server forgets its oldest tool calls first. */
const MAX_REMEMBERED = 1000;

// One memory per options object: each `createMockFetch`, `createMockHandlers` or
// `startMockServer` checks only the tool calls it sent itself.
const memories = new WeakMap<MockEndpointOptions, Map<string, SentReasoning>>();

function sentReasoning(details: readonly ReasoningDetail[]): SentReasoning {
  const sent: SentReasoning = { text: '', opaque: [] };
  for (const detail of details) {
    if (detail.type === 'reasoning.text') {
      sent.text += detail.text ?? '';
      if (detail.signature) sent.opaque.push(detail.signature);
    } else if (detail.type === 'reasoning.encrypted') {
      sent.opaque.push(detail.data);
    }
  }
  return sent;
}

/**
 * Remembers the tool calls of a reply that came with `reasoning_details`, with what those
 * details held, so a follow-up that drops or changes them can be refused.
 */
export function rememberReasoning(options: MockEndpointOptions, plan: MockPlan): void {
  const details: ReasoningDetail[] = [];
  const ids: string[] = [];
  for (const step of plan.steps) {
    if (step.type !== 'delta') continue;
    details.push(...(step.delta.reasoning_details ?? []));
    for (const call of step.delta.tool_calls ?? []) if (call.id) ids.push(call.id);
  }
  if (details.length === 0 || ids.length === 0) return;
  const memory = memories.get(options) ?? new Map<string, SentReasoning>();
  memories.set(options, memory);
  const sent = sentReasoning(details);
  for (const id of ids) {
    memory.delete(id);
    memory.set(id, sent);
    if (memory.size > MAX_REMEMBERED) memory.delete(memory.keys().next().value as string);
  }
}

function kept(sent: SentReasoning, message: AssistantMessage): boolean {
  const back = sentReasoning(Array.isArray(message.reasoning_details) ? message.reasoning_details : []);
  return back.text === sent.text && sent.opaque.every((item) => back.opaque.includes(item));
}

/**
 * The 400 a provider answers (Anthropic with thinking and tools, OpenAI's encrypted reasoning) when
 * the tool run in progress sends back an assistant message whose tool calls came with reasoning,
 * without that `reasoning_details` or with it changed; `undefined` when the request is fine. Only the
 * messages after the last user message are checked: earlier turns may leave their reasoning out.
 */
export function checkReasoningKept(
  request: ChatCompletionRequest,
  options: MockEndpointOptions,
): MockReply | undefined {
  const memory = memories.get(options);
  if (!memory) return undefined;
  const { messages } = request;
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'user') return undefined;
    if (message?.role !== 'assistant') continue;
    for (const call of message.tool_calls ?? []) {
      const sent = memory.get(call.id);
      if (sent && !kept(sent, message)) {
        return createBadRequestReply(
          `messages[${index}]: this assistant message's tool calls came with reasoning, so it must be sent back with its reasoning_details, unmodified (each reasoning.text with its signature, each reasoning.encrypted item). Send the reply's reasoning_details back as received.`,
        );
      }
    }
  }
  return undefined;
}
