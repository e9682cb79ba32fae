import { createContext } from 'react';
import type { ChatStoreApi } from '../store/index.js';

/** The store of the nearest `ChatProvider`; `null` outside any. */
export const ChatStoreContext = /* @__PURE__ */ createContext<ChatStoreApi | null>(null);
