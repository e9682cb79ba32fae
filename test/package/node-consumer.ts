// A Node-only TypeScript app: `lib` without the DOM, `@types/node` for the globals, and every
// declaration file checked (`skipLibCheck: false`). Type-checked against the built package by
// `scripts/check-package.mjs` (tsconfig.json beside this file): the entries meant for Node must not
// need the DOM library's types.
import {
  ChatApiError,
  collectCompletion,
  createChatClient,
  decodeChatStream,
  validateRequest,
} from 'react-chat-completions/core';
import { createChatHandler } from 'react-chat-completions/server';
import { startMockServer } from 'react-chat-completions/testing/server';

export async function main(): Promise<string> {
  const mock = await startMockServer();
  try {
    const client = createChatClient({ baseUrl: mock.url, apiKey: 'sk-test' });
    const issues = validateRequest({ model: 'mock/text', messages: [] });
    const completion = await collectCompletion(
      client.stream({ model: 'mock/text', messages: [{ role: 'user', content: 'Hi' }] }),
    );
    const handler = createChatHandler({ apiKey: 'sk-test', baseUrl: mock.url });
    const response = await handler(new Request('http://127.0.0.1/api/chat', { method: 'POST', body: '{}' }));
    const chunks = decodeChatStream(response.body!);
    for await (const chunk of chunks) void chunk.choices;
    return `${issues.length} ${completion.choices[0]?.message.content ?? ''}`;
  } catch (error) {
    return error instanceof ChatApiError ? error.message : String(error);
  } finally {
    await mock.close();
  }
}
