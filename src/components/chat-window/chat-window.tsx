import type { ComponentType, CSSProperties, ReactNode } from 'react';
import { useContext, useMemo, useRef, useState } from 'react';
import { isArray } from '../../core/dict.js';
import type { ModelInfo } from '../../core/types.js';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import type { ChatProviderProps } from '../../hooks/chat-provider.js';
import { ChatProvider } from '../../hooks/chat-provider.js';
import type { ChatOptions, ChatToolCallEvent, ChatTools } from '../../store/options.js';
import type { ChatPersistOptions } from '../../store/persistence.js';
import type { AttachmentOptions } from '../composer/attachments.js';
import { hasFiles } from '../composer/composer-root.js';
import type { MarkdownComponents } from '../markdown/render-markdown.js';
import type { MessageRendering } from '../message/message-rendering-context.js';
import { MessageRenderingContext } from '../message/message-rendering-context.js';
import { MessageListDefault } from '../message-list/message-list.js';
import { ModelSelect, toModelInfo } from '../model-picker/model-select.js';
import { cx } from '../primitives/class-names.js';
import { useControllableState } from '../primitives/use-controllable-state.js';
import { useServerStyles } from '../primitives/use-server-styles.js';
import { ThreadListDefault } from '../thread-list/thread-list.js';
import type { ToolCallComponents } from '../tool-call/tool-call-list.js';
import type { ToolCallPanelProps } from '../tool-call/tool-call-panel.js';
import { ChatComposer } from './chat-composer.js';
import { ChatErrorNotice, ChatQueue, ChatStorageNotice, ChatThreadUsage } from './chat-status.js';

/**
 * Props of `ChatWindow`: the chat options of `ChatProvider`, plus what the window shows. `Tools`,
 * inferred from `tools`, types `onToolCall` (see `ChatToolCallEvent`) and the panels of
 * `toolComponents` (see `ToolCallComponents`).
 */
// `Event` and `Components` are parameters of their own for the reason `ChatCallbacks` gives.
export interface ChatWindowProps<
  Tools extends ChatTools = ChatTools,
  Event = ChatToolCallEvent<Tools>,
  Components = ToolCallComponents<Tools>,
> extends ChatOptions<Tools, Event>,
    Pick<ChatProviderProps, 'storeOptions'> {
  /**
   * Use this store instead of the enclosing `ChatProvider`'s, or, outside one, of creating one
   * (then `storeOptions` and `persist` apply).
   */
  store?: ChatProviderProps['store'];
  /**
   * The heading, and the name of the window's region. Default "Chat". Another title also names
   * the thread list ("Support conversations" instead of "Conversations"), so two windows on a
   * page have landmarks of their own.
   */
  title?: string | undefined;
  /**
   * The models to choose from (ids or `/models` entries); no picker without. To offer the
   * endpoint's own list, pass `useModels({ clientOptions }).models` (React Query stays out of
   * the window's bundle unless you use it).
   */
  models?: readonly (string | ModelInfo)[] | undefined;
  /**
   * Controlled model. Without it: the one the user picks, else `request.model` (as it is now),
   * else the first of `models`.
   */
  model?: string | undefined;
  /** Called with the model id the user picks (controlled or not). */
  onModelChange?: ModelChangeHandler | undefined;
  /** Let the user choose fallback models (the request's `models`). */
  fallbackModels?: boolean | undefined;
  /** Show the thread list (create, switch, rename, delete). */
  threads?: boolean | undefined;
  /** Keep threads across reloads (shortcut for `storeOptions.persist`). */
  persist?: ChatPersistOptions | undefined;
  /** `light`, `dark`, or `system` (follows `prefers-color-scheme`). Default `system`. */
  theme?: 'light' | 'dark' | 'system' | undefined;
  /** Placeholder of the textbox. Default `Message`. */
  placeholder?: string | undefined;
  /**
   * Send with Enter (Shift+Enter adds a line). Default `true`; `false` makes Enter add a line and
   * Send send, as phone users, whose on-screen keyboard has no Shift+Enter, may expect.
   */
  submitOnEnter?: boolean | undefined;
  /** Shown while the thread is empty. Default "Send a message to start." */
  empty?: ReactNode;
  /**
   * Render message text yourself instead of the built-in Markdown: every role's text, so check
   * `message.role` to keep the user's as written.
   */
  renderText?: MessageRendering['renderText'];
  /** Markdown element overrides by tag. */
  markdownComponents?: MarkdownComponents | undefined;
  /**
   * Tool panels by tool name. A tool of `tools` with a literal name (`ChatTool<Args, Result,
   * 'get_weather'>`) gets a panel of its `ToolCallPanel.PanelProps`: `status.args` typed.
   */
  toolComponents?: Components | undefined;
  /** The panel for tools without one in `toolComponents`. */
  toolFallback?: ComponentType<ToolCallPanelProps> | undefined;
  /** Which files may be attached; `false` hides attachments. */
  attachments?: AttachmentOptions | false | undefined;
  /**
   * Focus the textbox as the window mounts: a chat whose popover or dialog mounts it on opening.
   * A window kept mounted while hidden (in a `<dialog>` left in the page) is focused by the app
   * when it shows it.
   */
  autoFocus?: boolean | undefined;
  /** Show the thread's tokens and cost in the header. Default `true`. */
  showUsage?: boolean | undefined;
  /**
   * CSP nonce for the scroll area's style element. Under a policy that blocks style attributes,
   * the window applies those of the server's HTML once hydrated.
   */
  nonce?: string | undefined;
  /** Class names for the window's root element, after `rcc-theme rcc-chat-window`. */
  className?: string | undefined;
  /**
   * Inline style of the window's root element: its height, say (the messages scroll inside it),
   * and the theme's `--rcc-*` variables for this window alone
   * (`{ '--rcc-height': '600px', '--rcc-accent': '#0a7' }`).
   */
  style?: (CSSProperties & ThemeVariables) | undefined;
}

/**
 * The theme's CSS variables (`--rcc-accent`, `--rcc-height`...) in a `style`: strings, with
 * their units (React writes a number there as it is, without `px`).
 */
type ThemeVariables = { [variable: `--rcc-${string}`]: string | undefined };

/** `onModelChange`'s type (named: an inline function type would make inferring `Tools` circular). */
type ModelChangeHandler = (model: string) => void;

/**
 * The drop-in chat: thread list, model picker, virtualized messages (Markdown, reasoning, tools,
 * images, audio, sources), errors with Retry and the composer, with the default theme
 * (`import 'react-chat-completions/styles.css'`). Its DOM contract: the list is `role="log"`,
 * every message is an article with `data-role` and `data-status` under a visually hidden `h3`
 * ("You said:", "Assistant said:"; the title is the `h2`), the textbox is named "Message", the buttons
 * "Send" and "Stop". Usable with the keyboard alone; focus returns to the textbox after sending.
 *
 * Inside a `ChatProvider` it shows the provider's chat: its store, with the window's options
 * layered over the provider's (as a hook's are); `storeOptions` and `persist` then do nothing,
 * since the store exists already. Given `store`, it uses that one.
 *
 * @example
 * <ChatWindow
 *   clientOptions={{ baseUrl: '/api/chat' }}
 *   request={{ model: 'openai/gpt-4o-mini' }}
 *   models={['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4']}
 *   threads
 *   persist={{ key: 'my-chat' }}
 * />
 */
export function ChatWindow<const Tools extends ChatTools = ChatTools>({
  title = 'Chat',
  models,
  model,
  onModelChange,
  fallbackModels,
  threads,
  persist,
  theme = 'system',
  placeholder,
  submitOnEnter,
  empty = 'Send a message to start.',
  renderText,
  markdownComponents,
  toolComponents,
  toolFallback,
  attachments,
  showUsage = true,
  autoFocus,
  nonce,
  className,
  style,
  request,
  store,
  storeOptions,
  ...providerProps
}: ChatWindowProps<Tools>) {
  // Inside a provider, its store: the window's props layer over its options, as a hook's do.
  const outerStore = useContext(ChatStoreContext);
  // The model the user picked ('' until then): it wins over `request.model`, read at every render.
  const [selectedModel, setSelectedModel] = useControllableState(model, '', onModelChange);
  const [fallbacks, setFallbacks] = useState<string[]>(() =>
    isArray(request?.models) ? [...(request.models as string[])] : [],
  );
  // Without either, the picker shows the first model: send that one, not the endpoint's default.
  const first = models?.[0];
  const shownModel =
    selectedModel ||
    (typeof request?.model === 'string' && request.model) ||
    (first && toModelInfo(first).id);
  const effectiveRequest = useMemo(() => {
    // A pick that became the main model is not its fallback (the chooser no longer lists it).
    const picked = fallbacks.filter((id) => id !== shownModel);
    return {
      ...request,
      ...(shownModel && { model: shownModel }),
      // The chooser's picks replace the request's (none picked: none sent); without it, the request's.
      ...(fallbackModels && { models: picked.length ? picked : undefined }),
    };
  }, [request, shownModel, fallbackModels, fallbacks]);
  const rendering = useMemo<MessageRendering>(
    // Typed for `Tools` or not, the panels are the same components.
    () => ({
      renderText,
      markdownComponents,
      toolComponents: toolComponents as ToolCallComponents,
      toolFallback,
    }),
    [renderText, markdownComponents, toolComponents, toolFallback],
  );
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  useServerStyles(windowRef);

  return (
    <ChatProvider
      {...providerProps}
      store={store ?? outerStore ?? undefined}
      request={effectiveRequest}
      storeOptions={persist ? { ...storeOptions, persist } : storeOptions}
    >
      <MessageRenderingContext.Provider value={rendering}>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: dragover only refuses a drop, nothing to operate */}
        <div
          ref={windowRef}
          className={cx('rcc-theme rcc-chat-window', className)}
          data-theme={theme === 'system' ? undefined : theme}
          data-threads={threads ? '' : undefined}
          style={style}
          onDragOver={(event) => {
            // A file dragged over the chat but not onto the composer (which takes it): dropped
            // there, the browser would open it in place of the page.
            if (event.isDefaultPrevented() || !hasFiles(event)) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'none';
          }}
        >
          {threads && (
            <div className="rcc-chat-sidebar">
              <ThreadListDefault
                onCreate={() => inputRef.current?.focus()}
                aria-label={title === 'Chat' ? undefined : `${title} conversations`}
              />
            </div>
          )}
          <section className="rcc-chat-main" aria-label={title}>
            <header className="rcc-chat-header">
              <h2 className="rcc-chat-title">{title}</h2>
              {models && (
                <ModelSelect
                  className="rcc-chat-model"
                  models={models}
                  value={shownModel || undefined}
                  onValueChange={setSelectedModel}
                  {...(fallbackModels && { fallback: fallbacks, onFallbackChange: setFallbacks })}
                />
              )}
              {showUsage && <ChatThreadUsage />}
            </header>
            <MessageListDefault empty={empty} nonce={nonce} />
            <ChatErrorNotice />
            <ChatStorageNotice />
            <ChatQueue />
            <ChatComposer
              inputRef={inputRef}
              placeholder={placeholder}
              submitOnEnter={submitOnEnter}
              autoFocus={autoFocus}
              attachments={attachments}
              // The provider takes a new `whenBusy` after this render: the prop, not the store, says it now.
              allowSendWhileBusy={providerProps.whenBusy && providerProps.whenBusy !== 'reject'}
            />
          </section>
        </div>
      </MessageRenderingContext.Provider>
    </ChatProvider>
  );
}
