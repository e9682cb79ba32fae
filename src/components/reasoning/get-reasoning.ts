import { hasText } from '../../store/request.js';
import type { ChatMessage } from '../../store/types.js';

/** What an assistant message reveals of its reasoning. */
export interface ReasoningView {
  /** Plain reasoning text (`reasoning`, else the `reasoning.text` details joined). */
  text: string;
  /** `reasoning.summary` items, when `reasoning` is missing (else it carries their text). */
  summaries: string[];
  /** Whether some reasoning is encrypted (`reasoning.encrypted`) and cannot be shown. */
  redacted: boolean;
}

/**
 * Reads the reasoning of a message. `reasoning` and `reasoning_details` carry the same text twice
 * on the wire (a summary's too), so the plain field wins and the details' text and summaries are
 * only used when it is missing.
 *
 * @example
 * getReasoning(message); // { text: 'First, ...', summaries: [], redacted: false }
 */
export function getReasoning(message: ChatMessage): ReasoningView {
  if (message.role !== 'assistant') return { text: '', summaries: [], redacted: false };
  const details = message.reasoning_details ?? [];
  let detailText = '';
  const summaries: string[] = [];
  let redacted = false;
  // Only strings are shown: a detail of another shape (from a provider or a stored thread) is
  // skipped, never rendered as an object.
  for (const detail of details) {
    if (detail?.type === 'reasoning.text' && typeof detail.text === 'string') detailText += detail.text;
    else if (detail?.type === 'reasoning.summary' && typeof detail.summary === 'string' && detail.summary)
      summaries.push(detail.summary);
    else if (detail?.type === 'reasoning.encrypted') redacted = true;
  }
  const text = typeof message.reasoning === 'string' && message.reasoning;
  return { text: text || detailText, summaries: text ? [] : summaries, redacted };
}

/** Whether a message has any reasoning to show. */
export function hasReasoning(view: ReasoningView): boolean {
  return view.text !== '' || view.summaries.length > 0 || view.redacted;
}

/** Whether the reasoning of a message is still streaming: the reply streams and the answer has not begun. */
export function isReasoningStreaming(message: ChatMessage): boolean {
  if (message.role !== 'assistant' || message.status !== 'streaming') return false;
  // Not answered yet: no text, tool calls, images or refusal.
  return !(
    hasText(message.content) ||
    message.tool_calls?.length ||
    message.images?.length ||
    message.refusal
  );
}
