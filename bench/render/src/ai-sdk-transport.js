// A ChatTransport for `ai`'s Chat: reads the chat-completions SSE from `fetch` and converts each
// content delta into the UI message chunks useChat consumes.

/** @param {typeof fetch} sseFetch */
export function createSseTransport(sseFetch) {
  return {
    async sendMessages({ abortSignal }) {
      const response = await sseFetch('/chat', { method: 'POST', signal: abortSignal });
      const decoder = new TextDecoder();
      let buffer = '';
      const textId = 'text-0';
      return response.body.pipeThrough(
        new TransformStream({
          start(controller) {
            controller.enqueue({ type: 'start' });
            controller.enqueue({ type: 'start-step' });
            controller.enqueue({ type: 'text-start', id: textId });
          },
          transform(bytes, controller) {
            buffer += decoder.decode(bytes, { stream: true });
            let start = 0;
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n', start)) {
              const line = buffer.slice(start, end);
              start = end + 2;
              if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
              const delta = JSON.parse(line.slice(6)).choices[0]?.delta?.content;
              if (delta) controller.enqueue({ type: 'text-delta', id: textId, delta });
            }
            buffer = buffer.slice(start);
          },
          flush(controller) {
            controller.enqueue({ type: 'text-end', id: textId });
            controller.enqueue({ type: 'finish-step' });
            controller.enqueue({ type: 'finish' });
          },
        }),
      );
    },
    async reconnectToStream() {
      return null;
    },
  };
}
