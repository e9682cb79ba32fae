import { type MockHttpRequest, routeMockRequest } from './route.js';
import { abortReason, createEventStream, sleep } from './sse.js';
import type { MockEndpointOptions, MockHold, MockReply } from './types.js';

/**
 * A Web `Response` for a reply. Streams answer at once and emit their events over time (waiting
 * at `hold`, the option, if given); JSON and text bodies answer after their delay. Aborting before
 * the answer rejects with the abort reason.
 */
export async function createMockResponse(
  reply: MockReply,
  signal?: AbortSignal,
  hold?: MockHold,
): Promise<Response> {
  const init = { status: reply.status, headers: new Headers(reply.headers) };
  if (reply.type === 'stream') {
    await sleep(0, signal);
    return new Response(createEventStream(reply.events, signal, hold), init);
  }
  await sleep(reply.delayMs, signal);
  return new Response(reply.type === 'json' ? JSON.stringify(reply.body) : reply.body, init);
}

/** Routes a request and answers it: the one entry point the fetch, MSW and Node transports share. */
export async function respondToMockRequest(
  request: MockHttpRequest,
  options: MockEndpointOptions = {},
  signal?: AbortSignal,
): Promise<Response> {
  if (signal?.aborted) throw abortReason(signal);
  return createMockResponse(routeMockRequest(request, options), signal, options.hold);
}
