import type {
  Annotation,
  AssistantMessage,
  OutputAudio,
  OutputImage,
  ReasoningDetail,
  ToolCall,
} from '../core/types.js';
import type { MockStep } from './plan.js';

function mergeDetail(details: ReasoningDetail[], detail: ReasoningDetail): void {
  const last = details.at(-1);
  if (last?.type === 'reasoning.text' && detail.type === 'reasoning.text' && last.index === detail.index) {
    // A signature only when one arrived: a reply cut before it has none, as its stream shows.
    const signature = last.signature ?? detail.signature;
    details[details.length - 1] = {
      ...last,
      text: (last.text ?? '') + (detail.text ?? ''),
      ...(signature ? { signature } : {}),
    };
  } else {
    details.push({ ...detail });
  }
}

/**
 * Folds the mock's own deltas into the assistant message of a non-streaming reply. Only the shapes
 * the mock emits need handling; the library's accumulator is the general one.
 */
export function collectMessage(steps: readonly MockStep[]): AssistantMessage {
  let content = '';
  let refusal = '';
  let reasoning = '';
  const details: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  const images: OutputImage[] = [];
  const annotations: Annotation[] = [];
  let audio: OutputAudio | undefined;
  for (const step of steps) {
    if (step.type !== 'delta') continue;
    const { delta } = step;
    content += delta.content ?? '';
    refusal += delta.refusal ?? '';
    reasoning += delta.reasoning ?? '';
    for (const detail of delta.reasoning_details ?? []) mergeDetail(details, detail);
    for (const fragment of delta.tool_calls ?? []) {
      const index = fragment.index ?? toolCalls.length;
      const call = toolCalls[index];
      if (call) call.function.arguments += fragment.function?.arguments ?? '';
      else {
        toolCalls[index] = {
          id: fragment.id ?? `call_${index}`,
          type: 'function',
          function: { name: fragment.function?.name ?? '', arguments: fragment.function?.arguments ?? '' },
        };
      }
    }
    images.push(...(delta.images ?? []));
    annotations.push(...(delta.annotations ?? []));
    if (delta.audio) {
      const { data, transcript, ...rest } = delta.audio;
      audio = {
        ...audio,
        ...rest,
        data: (audio?.data ?? '') + (data ?? ''),
        transcript: (audio?.transcript ?? '') + (transcript ?? ''),
      };
    }
  }
  const message: AssistantMessage = {
    role: 'assistant',
    content: content === '' ? null : content,
    refusal: refusal === '' ? null : refusal,
    reasoning: reasoning === '' ? null : reasoning,
  };
  if (details.length > 0) message.reasoning_details = details;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (images.length > 0) message.images = images;
  if (annotations.length > 0) message.annotations = annotations;
  if (audio) message.audio = audio;
  return message;
}
