import type { ComponentType, HTMLAttributes, ReactElement, RefAttributes } from 'react';
import { forwardRef } from 'react';
import type { ChatTools, ToolNamed, ToolNames } from '../../store/options.js';
import type { ChatMessage, ToolCallStatus, ToolResultOptions } from '../../store/types.js';
import { useChatActions } from '../message/chat-actions-context.js';
import { useMessageContext } from '../message/message-context.js';
import { useMessageRendering } from '../message/message-rendering-context.js';
import { cx } from '../primitives/class-names.js';
import type { ToolCallPanelProps } from './tool-call-panel.js';
import { ToolCallPanel } from './tool-call-panel.js';

/**
 * Custom tool panels by function name. Given the type of a tools list
 * (`ToolCallComponents<typeof tools>`, as `ChatWindow` infers it from its `tools`), the panel of
 * a tool of a literal name gets that tool's `ToolCallPanelProps`; other names take any panel.
 */
export type ToolCallComponents<Tools extends ChatTools = ChatTools> = [ToolNames<Tools>] extends [never]
  ? Partial<Record<string, ComponentType<ToolCallPanelProps>>>
  : { [Name in ToolNames<Tools>]?: ComponentType<ToolCallPanelProps<ToolNamed<Tools, Name>>> | undefined } & {
      [name: string]: ComponentType<never> | undefined;
    };

/**
 * Props of `ToolCallPanel.List`. `Tools`, the type of a tools list given as the component's type
 * argument (`<ToolCallPanel.List<typeof tools> …>`), types the panels of `components`.
 */
export interface ToolCallListProps<Tools extends ChatTools = ChatTools>
  extends HTMLAttributes<HTMLDivElement> {
  /**
   * The message (defaults to the one of the nearest `MessageView.Root`). Only an assistant message has tool
   * calls.
   */
  message?: ChatMessage | undefined;
  /**
   * Panels by tool name, e.g. `{ get_weather: WeatherCard }`; with `Tools`, a tool's panel gets its
   * arguments typed (see `ToolCallComponents`). Defaults to the `toolComponents` of the nearest
   * `MessageRenderingContext` (`ChatWindow`'s prop).
   */
  components?: ToolCallComponents<Tools> | undefined;
  /**
   * The panel for tools without one in `components`. Defaults to the `toolFallback` of the nearest
   * `MessageRenderingContext`, else `ToolCallPanel.Default`.
   */
  fallback?: ComponentType<ToolCallPanelProps> | undefined;
}

const streamingStatus: ToolCallStatus = { state: 'streaming' };

/**
 * Every tool call of an assistant message, each rendered by the component registered for its
 * name, else by the fallback panel.
 *
 * @example
 * <ToolCallPanel.List message={message} components={{ get_weather: WeatherCard }} />
 * // Panels typed by the tools (`WeatherCard` takes `ToolCallPanel.PanelProps<typeof weather>`):
 * <ToolCallPanel.List<typeof tools> components={{ get_weather: WeatherCard }} />
 */
// Typed as a generic component (`forwardRef` drops type parameters); at run time the panels'
// types make no difference.
export const ToolCallList = /* @__PURE__ */ forwardRef<HTMLDivElement, ToolCallListProps>(
  function ToolCallList({ message: messageProp, components, fallback, className, ...props }, ref) {
    const message = useMessageContext(messageProp, 'ToolCallPanel.List');
    const rendering = useMessageRendering();
    const actions = useChatActions();
    const panels = components ?? rendering.toolComponents;
    if (message.role !== 'assistant' || !message.tool_calls?.length) return null;
    return (
      <div {...props} ref={ref} className={cx('rcc-tool-calls', className)}>
        {message.tool_calls.map((toolCall, index) => {
          // Own names only: a model-chosen name like `constructor` must not find an Object member.
          const name = toolCall.function.name;
          const Panel =
            (panels && Object.hasOwn(panels, name) && panels[name]) ||
            (fallback ?? rendering.toolFallback ?? ToolCallPanel);
          const status =
            message.toolCalls?.[toolCall.id] ??
            (message.status === 'streaming' ? streamingStatus : undefined);
          return (
            <Panel
              key={toolCall.id || index}
              toolCall={toolCall}
              status={status}
              message={message}
              addResult={(result: unknown, options?: ToolResultOptions) =>
                actions.addToolResult?.(toolCall.id, result, options)
              }
            />
          );
        })}
      </div>
    );
  },
) as <Tools extends ChatTools = ChatTools>(
  props: ToolCallListProps<Tools> & RefAttributes<HTMLDivElement>,
) => ReactElement | null;
