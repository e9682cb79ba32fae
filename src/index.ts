/**
 * `react-chat-completions`: React hooks and headless components for chat completions.
 */
export * from './core/index';
