import { isArray } from '../../core/dict.js';
import type { OutputImage } from '../../core/types.js';
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

/**
 * The images of an assistant message: `images`, then the image parts of an array `content`
 * (WIRE.md allows a reply's content as parts); none for other messages.
 *
 * @example
 * imagesOf(message).length; // 2
 */
export const imagesOf = (message: ChatMessage): OutputImage[] =>
  message.role === 'assistant'
    ? [
        ...(message.images ?? []),
        ...((isArray(message.content) ? message.content : []) as OutputImage[]).filter(
          (part) => part?.type === 'image_url',
        ),
      ]
    : [];
