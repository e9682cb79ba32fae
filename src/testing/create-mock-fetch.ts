import { assertMockOptions } from './options.js';
import { respondToMockRequest } from './respond.js';
import type { MockEndpointOptions } from './types.js';

async function bodyText(body: BodyInit | null | undefined): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

/**
 * A `fetch` that answers like the endpoint, with no network: `POST {any base}/chat/completions`
 * (JSON or SSE, chosen by `stream`) and `GET {any base}/models`; anything else is a 404 JSON error.
 * Streams emit over time (`tokenDelayMs`) and honour the request's `AbortSignal`. Throws a
 * `TypeError` for an unknown `scenario` or `usageShape`, or `replies` it cannot send.
 *
 * @example
 * const client = new OpenAI({ apiKey: 'test', baseURL: 'https://mock.test/api/v1',
 *   fetch: createMockFetch({ tokenDelayMs: 0 }) });
 * const stream = await client.chat.completions.create({ model: 'mock/tools', messages, stream: true });
 */
export function createMockFetch(options: MockEndpointOptions = {}): typeof fetch {
  assertMockOptions(options);
  const mockFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const isRequest = typeof Request !== 'undefined' && input instanceof Request;
    const signal = init?.signal ?? (isRequest ? input.signal : undefined) ?? undefined;
    const headers = new Headers(init?.headers ?? (isRequest ? input.headers : undefined));
    const body =
      init?.body !== undefined || !isRequest ? await bodyText(init?.body) : await input.clone().text();
    const url = isRequest ? input.url : input instanceof URL ? input.href : String(input);
    const method = init?.method ?? (isRequest ? input.method : 'GET');
    return respondToMockRequest({ method, url, headers, body }, options, signal);
  };
  return mockFetch as typeof fetch;
}
