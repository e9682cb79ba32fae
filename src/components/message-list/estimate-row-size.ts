import { isArray } from '../../core/dict.js';
import type { ChatMessage } from '../../store/types.js';

/** The estimate of a row whose message is not looked at (or unknown), in px. */
export const DEFAULT_ROW_ESTIMATE = 120;

/**
 * How many rows at the end of the list are estimated from their message's text. Those are the
 * rows a list opened at its latest message lays out first; the rest keep the flat estimate, so a
 * long thread mounts without reading every message.
 */
export const ESTIMATED_TAIL = 64;

// Fitted to the default theme's rows (16px text, 24px lines, message padding and actions):
// within about 10% on mixed prose, lists and code, against about 50% for a flat 120px.
// Exported only so that the build inlines them: it keeps a module-local constant as a variable.
export const BASE = 56;
export const LINE = 20;
export const CHARS_PER_LINE = 50;
export const MEDIA = 240;
export const ATTACHMENT = 60;
export const TOOL_CALL = 48;
export const COLLAPSED = 36;

function textHeight(text: string): number {
  return LINE * (Math.ceil(text.length / CHARS_PER_LINE) + text.split('\n').length - 1);
}

/**
 * An estimate of a message row's height before it is measured, from its text (length and line
 * breaks), images, attachments and tool calls; tool results and system prompts, shown collapsed
 * or not at all, take little. Only decides where rows are placed until they
 * render and are measured.
 */
export function estimateMessageHeight(message: ChatMessage | undefined): number {
  if (!message) return DEFAULT_ROW_ESTIMATE;
  // A tool result shows in its call's panel (no row of its own), a system prompt as one collapsed
  // line: their text takes no room.
  if (message.role === 'tool') return 0;
  if (message.role !== 'user' && message.role !== 'assistant') return COLLAPSED;
  let height = BASE;
  const { content } = message;
  if (typeof content === 'string') height += textHeight(content);
  else if (isArray(content)) {
    for (const part of content) {
      // Stored parts are untrusted: a `null` one threw here, outside any message's boundary, and
      // the whole list did not render.
      if (part?.type === 'text') height += typeof part.text === 'string' ? textHeight(part.text) : 0;
      else height += part?.type === 'image_url' || part?.type === 'video_url' ? MEDIA : ATTACHMENT;
    }
  }
  if (message.role === 'assistant') height += (message.tool_calls?.length ?? 0) * TOOL_CALL;
  return height;
}
