/**
 * `react-chat-completions/testing`: the built-in mock endpoint.
 */
export {};
