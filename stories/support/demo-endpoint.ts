import type { ChatCompletionRequest, Message } from '../../src/index';

function lastUserText(messages: readonly Message[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  }
  return '';
}

const WANTS_IMAGE = /\b(draw|paint|sketch|image|picture|illustrat\w*)\b/i;
const WANTS_WEB = /\b(search|web|sources?|cite|latest|news)\b/i;

/**
 * The demo app's "model": the mock endpoint, with the request adjusted the way a capable model
 * would behave. A prompt asking to draw adds `modalities: ["image", "text"]` (image generation);
 * one asking to search adds the `web` plugin (citations). Everything else passes through.
 */
export function createDemoFetch(mockFetch: typeof fetch): typeof fetch {
  const demoFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (typeof init?.body !== 'string' || !String(input).endsWith('/chat/completions')) {
      return mockFetch(input, init);
    }
    const request = JSON.parse(init.body) as ChatCompletionRequest;
    const prompt = lastUserText(request.messages);
    const last = request.messages.at(-1);
    if (last?.role === 'user' && WANTS_IMAGE.test(prompt)) request.modalities = ['image', 'text'];
    if (last?.role === 'user' && WANTS_WEB.test(prompt))
      request.plugins = [...(request.plugins ?? []), { id: 'web' }];
    return mockFetch(input, { ...init, body: JSON.stringify(request) });
  };
  return demoFetch as typeof fetch;
}
