import type { ComponentType, ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { ChatMessage } from '../../store/types.js';
import type { MarkdownComponents } from '../markdown/render-markdown.js';
import type { ToolCallComponents } from '../tool-call/tool-call-list.js';
import type { ToolCallPanelProps } from '../tool-call/tool-call-panel.js';

/**
 * `renderText`'s type (named: in `ChatWindow`'s props, an inline function type would make
 * inferring its `Tools` circular).
 */
type TextRenderer = (text: string, message: ChatMessage) => ReactNode;

/** How messages render their content; set once by `ChatWindow` (or your own provider). */
export interface MessageRendering {
  /**
   * Render a message's text yourself (replaces the Markdown renderer): every role's, so check
   * `message.role` to keep the user's text as written.
   */
  renderText?: TextRenderer | undefined;
  /** Markdown element overrides by tag. */
  markdownComponents?: MarkdownComponents | undefined;
  /** Tool panels by tool name. */
  toolComponents?: ToolCallComponents | undefined;
  /** The panel for tools without one in `toolComponents`. */
  toolFallback?: ComponentType<ToolCallPanelProps> | undefined;
}

/** Rendering settings for the messages below it. */
export const MessageRenderingContext = /* @__PURE__ */ createContext<MessageRendering>({});

/** The nearest rendering settings (empty when none). */
export function useMessageRendering(): MessageRendering {
  return useContext(MessageRenderingContext);
}
