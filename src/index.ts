/**
 * `react-chat-completions`: React hooks and headless components for chat completions.
 * Re-exports the React-free core too, so one import path serves an app.
 */
export * from './components/index.js';
export * from './core/index.js';
export * from './hooks/index.js';
export * from './store/index.js';
