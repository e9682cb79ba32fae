// The in-page endpoint every variant reads: an OpenRouter-style SSE reply prepared up front, sent
// one chunk per macrotask, as fast as the page takes them (a MessageChannel task each: unlike
// setTimeout(0), not clamped to 4 ms). `?pace=timeout` sends with setTimeout(0) instead (~4 ms
// apart once nested, about 250 tokens per second).
import { params, SENTINEL } from './bench-harness.js';

/** Runs `callback` in a later macrotask; returns a canceller. */
function nextTimeout(callback) {
  const timer = setTimeout(callback, 0);
  return () => clearTimeout(timer);
}

// One channel for the page: a message per step, the callbacks in order.
const channel = new MessageChannel();
const pending = [];
channel.port1.onmessage = () => pending.shift()?.();
function nextMessage(callback) {
  let cancelled = false;
  pending.push(() => {
    if (!cancelled) callback();
  });
  channel.port2.postMessage(null);
  return () => {
    cancelled = true;
  };
}

const nextTask = params.get('pace') === 'timeout' ? nextTimeout : nextMessage;

const WORDS = [
  ' the',
  ' stream',
  ' renders',
  ' token',
  ' by',
  ' token',
  ' and',
  ' **bold**',
  ' `code`',
  ' list',
];

/** The reply's tokens: words with paragraph breaks and a list now and then, ending in the sentinel. */
export function replyTokens(count) {
  const tokens = [];
  for (let i = 0; i < count - 1; i++) {
    if (i % 120 === 119) tokens.push('\n\n');
    else if (i % 300 === 150) tokens.push('\n\n- item');
    else tokens.push(WORDS[i % WORDS.length]);
  }
  tokens.push(SENTINEL);
  return tokens;
}

/** The SSE events of a reply, encoded. */
export function prepareReply(tokens) {
  const encoder = new TextEncoder();
  const head = {
    id: 'gen-bench',
    provider: 'Bench',
    model: 'bench/model',
    object: 'chat.completion.chunk',
    created: 1,
  };
  const chunk = (delta, finish = null, extra = {}) =>
    `data: ${JSON.stringify({
      ...head,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', ...delta },
          finish_reason: finish,
          native_finish_reason: finish,
        },
      ],
      ...extra,
    })}\n\n`;
  const events = [': OPENROUTER PROCESSING\n\n', chunk({ content: '' })];
  for (const token of tokens) events.push(chunk({ content: token }));
  events.push(chunk({ content: '' }, 'stop'));
  events.push(
    `data: ${JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 10, completion_tokens: tokens.length, total_tokens: tokens.length + 10 } })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events.map((event) => encoder.encode(event));
}

/**
 * A `fetch` that answers every request with `reply`, one event per macrotask; honours `signal`.
 * @param {Uint8Array[]} reply
 */
export function createSseFetch(reply) {
  return async (_input, init) => {
    const signal = init?.signal;
    let cancel = () => {};
    const body = new ReadableStream({
      start(controller) {
        let at = 0;
        const step = () => {
          controller.enqueue(reply[at++]);
          if (at < reply.length) cancel = nextTask(step);
          else controller.close();
        };
        cancel = nextTask(step);
        signal?.addEventListener(
          'abort',
          () => {
            cancel();
            try {
              controller.error(signal.reason);
            } catch {}
          },
          { once: true },
        );
      },
      cancel() {
        cancel();
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'x-generation-id': 'gen-bench' },
    });
  };
}
