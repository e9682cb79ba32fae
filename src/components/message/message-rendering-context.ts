import type { ComponentType, ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { ChatMessage } from '../../store/types.js';
import type { MarkdownComponents } from '../markdown/render-markdown.js';
import type { ToolCallComponents } from '../tool-call/tool-call-list.js';
import type { ToolCallPanelProps } from '../tool-call/tool-call-panel.js';

/** How messages render their content; set once by `ChatWindow` (or your own provider). */
export interface MessageRendering {
  /** Render a message's text yourself (replaces the Markdown renderer). */
  renderText?: ((text: string, message: ChatMessage) => ReactNode) | undefined;
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
