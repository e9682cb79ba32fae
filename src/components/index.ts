/** Public exports of src/components: headless parts by namespace, and the drop-in `ChatWindow`. */
// Imported first for the layout of bundles, not for exports: bundlers place modules in the order
// they are first imported. With the store and hooks ahead of the components (they were in the
// middle, 35 kB of store between two halves of the components) and the message view's parts next
// to each other, similar code sits within gzip's reach: `ChatWindow` is 0.5 kB smaller min+gzip.
// The announcer (with the Markdown renderer and the error descriptions it reads), the block
// splitter and the usage formatting ahead of the message view: 142 B less again; the image
// download, the row-size estimate and the message list's context after the splitter, 41 B less
// again; the tool calls' JSON formatting ahead of the announcer and the audio player ahead of the
// message view, 32 B less again; the store's callback notifier and request building ahead of the
// rest of the store, and the message list's rows ahead of the message view, 39 B less again
// (`{ useChatStream }` 9 B less; with the publication batcher ahead too, it was 13 B larger).
// With the core moved next to this code (vite.config.ts), searched again one move at a time:
// the tool calls' JSON and usage formatting ahead of the hooks, the message list's context
// after the announcer, the row-size estimate after the audio player, 53 B less again. Then with
// more modules listed (the error descriptions, the store's errors, tool calls and the core's
// JSON ahead, the Markdown renderer, reasoning and attachments ahead of the announcer), 77 B
// less again, and `{ useChatStream }` 3 B. The core's errors first: the build's shared chunk
// then holds them ahead of `isDict`, and the core itself measures 26 B less. Persistence ahead
// of the store's context and the citations after the error descriptions: 8 B less again, and
// `{ useChatStream }` 6 B. Searched again after the day's fixes (moves and added modules, each
// measured): ChatWindow 65 B less again, core and `{ useChatStream }` unchanged. The composer's
// root ahead of the message list's rows: 12 B less again; its textbox ahead of the message view:
// 9 B less again. Searched again (each module moved one to eight places, kept where no bundle grew):
// the store's context after the hooks, the Markdown renderer ahead of the announcer, the audio
// player's source next to it, the edit context and focus handoff later: 34 B less again and
// `{ useChatStream }` 9 B. The tool call panel's root listed (after the focus handoff), the
// usage formatting after the audio source: 13 B less again. Searched again after trims (adjacent
// swaps): the store's request building first after the core's errors, the composer's context
// ahead of the Markdown renderer, the image download ahead of reasoning: 9 B less again and
// `{ useChatStream }` 6 B.
// Measured, not predicted: move these only with the size check at hand.
import '../core/errors.js';
import '../store/request.js';
import './error/describe-error.js';
import '../core/json.js';
import '../store/persistence.js';
import './tool-call/format-json.js';
import '../store/tool-calls.js';
import '../hooks/index.js';
import '../store/context.js';
import '../store/errors.js';
import './message-list/message-list-context.js';
import './markdown/split-blocks.js';
import './composer/composer-context.js';
import './markdown/render-markdown.js';
import './image/download.js';
import './reasoning/get-reasoning.js';
import './message-list/message-list-announcer.js';
import './message/message-context.js';
import './composer/attachments.js';
import './message-list/estimate-row-size.js';
import './audio/audio-source.js';
import './usage/format-usage.js';
import './audio/audio-player.js';
import './reasoning/reasoning-panel.js';
import './message/message-edit-context.js';
import './tool-call/tool-call-root.js';
import './composer/composer-root.js';
import './primitives/use-focus-handoff.js';
import './message-list/message-list-items.js';
import './composer/composer-input.js';
import './message/message-default.js';
import './citation/citations.js';

export * as ActionBar from './action-bar/index.js';
export * from './audio/index.js';
export * as BranchPicker from './branch-picker/index.js';
export * from './chat-window/index.js';
export * from './citation/index.js';
export {
  buildMessageContent,
  checkAttachment,
  defaultAttachmentPolicy,
  fileToContentPart,
} from './composer/attachments.js';
export * as Composer from './composer/index.js';
export * from './error/index.js';
export * from './image/index.js';
export * from './markdown/index.js';
export type { ChatActionHandlers } from './message/chat-actions-context.js';
export { ChatActionsContext } from './message/chat-actions-context.js';
export { getMessageText } from './message/get-message-text.js';
export * as MessageView from './message/index.js';
export type { MessageEditorProps } from './message/message-editor.js';
export { MessageEditor } from './message/message-editor.js';
export type { MessageRendering } from './message/message-rendering-context.js';
export { MessageRenderingContext } from './message/message-rendering-context.js';
export * as MessageList from './message-list/index.js';
export * from './model-picker/index.js';
export type { ReasoningView } from './reasoning/get-reasoning.js';
export { getReasoning, hasReasoning, isReasoningStreaming } from './reasoning/get-reasoning.js';
export * as Reasoning from './reasoning/index.js';
export * from './safe-url/index.js';
export * as ThreadList from './thread-list/index.js';
export * as ToolCallPanel from './tool-call/index.js';
export * from './usage/index.js';
