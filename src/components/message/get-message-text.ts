import { isArray } from '../../core/dict.js';
import type { ChatMessage } from '../../store/types.js';

/**
 * The plain text of a message: its string content, or its text parts joined by blank lines. An
 * assistant message with no text gives its refusal, else its audio's transcript.
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
  return text || (message.role === 'assistant' && (message.refusal || message.audio?.transcript)) || '';
}
