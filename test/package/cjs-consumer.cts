// A CommonJS TypeScript file (`.cts`; a project without `"type": "module"`, as many end-to-end
// test setups are): its imports compile to `require()` of the ES module package, which Node 20.19
// and later load. TypeScript accepts that under `module` `nodenext` (this folder's tsconfig.json),
// where `node16` refuses it (TS1479), as the README's Install section says.
import { createChatClient } from 'react-chat-completions/core';
import { startMockServer } from 'react-chat-completions/testing/server';

export async function firstModel(): Promise<string | undefined> {
  const mock = await startMockServer();
  try {
    const client = createChatClient({ baseUrl: mock.url });
    const models = await client.models();
    return models.data[0]?.id;
  } finally {
    await mock.close();
  }
}
