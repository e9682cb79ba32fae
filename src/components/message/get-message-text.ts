import { isArray } from '../../core/dict.js';
import type { ChatMessage } from '../../store/types.js';

/**
 * The plain text of a message: its string content, or its text parts joined by blank lines. An
 * assistant message with no text but a transcript gives the transcript.
 *
 * @example
 * getMessageText(message); // 'Hello!'
 */
export function getMessageText(message: ChatMessage): string {
  const content = message.content;
  const text =
    typeof content === 'string'
      ? content
      : isArray(content)
        ? content
            .flatMap((part) => (part?.type === 'text' && typeof part.text === 'string' ? [part.text] : []))
            .join('\n\n')
        : '';
  if (text !== '') return text;
  if (message.role === 'assistant') {
    if (message.refusal) return message.refusal;
    if (message.audio?.transcript) return message.audio.transcript;
  }
  return '';
}
