/** src/testing/server.ts: the mock endpoint as a Node HTTP server. */
export {};
