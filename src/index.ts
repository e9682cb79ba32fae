/**
 * `react-chat-completions`: React hooks and headless components for chat completions.
 * Re-exports the React-free core too, so one import path serves an app.
 */
export * from './components/index';
export * from './core/index';
export * from './hooks/index';
export * from './store/index';
