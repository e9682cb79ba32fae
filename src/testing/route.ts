import { isDict } from '../core/dict.js';
import { ChatRequestError } from '../core/errors.js';
import type { ChatCompletionRequest } from '../core/types.js';
import { validateRequest } from '../core/validate.js';
import { createMockReply } from './create-mock-reply.js';
import { createModelsResponse } from './models.js';
import { createBadRequestReply, createNotFoundReply } from './scenarios/errors.js';
import type { MockEndpointOptions, MockReply } from './types.js';

/** An HTTP request as every transport hands it to the mock. */
export interface MockHttpRequest {
  /** The HTTP method, any case (`POST …/chat/completions` and `GET …/models` are answered). */
  method: string;
  /** Absolute or relative; only the path matters. */
  url: string;
  /** The request headers; `onRequest` sees them. */
  headers: Headers;
  /** The body as text (`''` when there is none). */
  body: string;
}

function pathOf(url: string): string {
  return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
}

/** The parsed body, or the 400 reply that says what is wrong with it. */
export function parseChatRequestBody(text: string): ChatCompletionRequest | MockReply {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return createBadRequestReply(`Invalid JSON in request body: ${(error as Error).message}`);
  }
  if (!isDict(body)) return createBadRequestReply('The request body must be a JSON object.');
  // Every limit of the endpoint, as it would refuse them (no messages, an unknown role,
  // temperature 5, five stop sequences…).
  const issues = validateRequest(body);
  if (issues.length > 0) {
    return createBadRequestReply(new ChatRequestError(issues).message);
  }
  return body as ChatCompletionRequest;
}

function isReply(value: ChatCompletionRequest | MockReply): value is MockReply {
  return 'type' in value && 'status' in value && 'headers' in value;
}

/**
 * Routes a request: `POST …/chat/completions` to the scenario engine, `GET …/models` to the model
 * list, anything else to a 404 JSON error. Calls `options.onRequest` with each valid chat body;
 * what it throws is thrown here, and again in a microtask (an uncaught error, for the test runner).
 */
export function routeMockRequest(request: MockHttpRequest, options: MockEndpointOptions = {}): MockReply {
  const method = request.method.toUpperCase();
  const path = pathOf(request.url);
  if (method === 'POST' && path.endsWith('/chat/completions')) {
    const body = parseChatRequestBody(request.body);
    if (isReply(body)) return body;
    try {
      options.onRequest?.(body, { method, url: request.url, headers: request.headers });
    } catch (error) {
      // A failing `expect` in the test's callback. The request fails with it, which the client
      // takes for a network error (retried, then shown): the error is also thrown outside the
      // request, where the test runner reports it as uncaught and fails the test.
      queueMicrotask(() => {
        throw error;
      });
      throw error;
    }
    return createMockReply(body, options);
  }
  if (method === 'GET' && path.endsWith('/models')) {
    return {
      type: 'json',
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: createModelsResponse(),
      delayMs: 0,
    };
  }
  return createNotFoundReply(method, path || '/');
}
