/**
 * `react-chat-completions/testing/msw`: the mock endpoint as MSW 2 request handlers (`msw` is an
 * optional peer dependency). Same logic as `createMockFetch`.
 */
import { type HttpHandler, http } from 'msw';
import { assertMockOptions } from './options.js';
import { respondToMockRequest } from './respond.js';
import type { MockEndpointOptions } from './types.js';

/**
 * MSW handlers for `POST …/chat/completions` and `GET …/models` on any origin and base path.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * const server = setupServer(...createMockHandlers({ tokenDelayMs: 0 }));
 * server.listen();
 */
export function createMockHandlers(options: MockEndpointOptions = {}): HttpHandler[] {
  assertMockOptions(options);
  const handle = async ({ request }: { request: Request }): Promise<Response> =>
    respondToMockRequest(
      { method: request.method, url: request.url, headers: request.headers, body: await request.text() },
      options,
      request.signal,
    );
  return [http.post('*/chat/completions', handle), http.get('*/models', handle)];
}

export type { MockEndpointOptions } from './types.js';
