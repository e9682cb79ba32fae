import type { ChatCompletionRequest, ContentPart, Message } from '../core/types.js';

/** The text parts of a message's content, joined. */
export function messageText(content: string | readonly ContentPart[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}

/** The text of the last user message: what the mock answers. */
export function lastUserText(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return messageText(message.content);
  }
  return '';
}

/** The prompt on one line, cut to `max` characters, for quoting back in a reply. */
export function excerpt(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/**
 * Splits text into token-sized pieces (a word with the whitespace before it), the way a model
 * streams it. Joining the pieces gives the text back exactly.
 */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** Splits a string into pieces of at most `size` characters (never inside a surrogate pair). */
export function splitFixed(text: string, size: number): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < characters.length; i += size) pieces.push(characters.slice(i, i + size).join(''));
  return pieces;
}

/** A rough prompt-token count (about four characters a token), as usage reports it. */
export function estimatePromptTokens(request: ChatCompletionRequest): number {
  const text = request.messages
    .map((message) => messageText(message.content as string | ContentPart[] | null))
    .join('\n');
  const toolText = request.tools ? JSON.stringify(request.tools) : '';
  return Math.max(1, Math.ceil((text.length + toolText.length) / 4) + request.messages.length * 3);
}

/** How many assistant turns the conversation already holds (0 for the first reply). */
export function turnIndex(messages: readonly Message[]): number {
  return messages.filter((message) => message.role === 'assistant').length;
}
