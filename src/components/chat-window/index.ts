export type { ChatComposerProps } from './chat-composer.js';
export { ChatComposer } from './chat-composer.js';
export { ChatErrorNotice, ChatQueue, ChatStorageNotice, ChatThreadUsage } from './chat-status.js';
export type { ChatWindowProps } from './chat-window.js';
export { ChatWindow } from './chat-window.js';
