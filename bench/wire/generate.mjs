// A recorded-style OpenRouter stream, generated: ~10k chunks (~3 MB) of reasoning, text and two
// streamed tool calls, with keep-alive comments, multi-byte characters, a finish chunk, a usage
// chunk and `[DONE]`, cut into TCP-sized pieces (1-16 KB) that split events and characters.
import { createRandom } from '../lib/stats.mjs';

const WORDS = [
  ' the',
  ' stream',
  ' token',
  ' model',
  ' answer',
  ' because',
  ' résumé',
  ' naïve',
  ' 亚',
  ' 東京',
  ' 🚀',
  ' données',
  '\n\n',
  ' **bold**',
  ' `code`',
  ' and',
  ' of',
  ' with',
  ' {"a":1}',
  ' "quoted"',
];

/**
 * @param {{ chunks?: number, seed?: number }} [options]
 * @returns {{ text: string, bytes: Uint8Array, pieces: Uint8Array[], expected: { content: string, reasoning: string, toolArguments: string[], chunks: number } }}
 */
export function generateStream(options = {}) {
  const total = options.chunks ?? 10_000;
  const random = createRandom(options.seed ?? 7);
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const head = {
    id: 'gen-1764926476-0N0195qHFzGljvYKVijc',
    provider: 'OpenAI',
    model: 'openai/gpt-4o-mini',
    object: 'chat.completion.chunk',
    created: 1764926476,
  };
  const events = [': OPENROUTER PROCESSING', ': OPENROUTER PROCESSING'];
  const chunk = (delta, finish = null, extra = {}) =>
    events.push(
      `data: ${JSON.stringify({
        ...head,
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', ...delta },
            finish_reason: finish,
            native_finish_reason: finish,
            logprobs: null,
          },
        ],
        system_fingerprint: 'fp_aa07c96156',
        ...extra,
      })}`,
    );

  const reasoningChunks = Math.round(total * 0.3);
  const toolChunks = Math.round(total * 0.1);
  const contentChunks = total - reasoningChunks - toolChunks - 2;
  let content = '';
  let reasoning = '';
  const toolArguments = ['', ''];

  chunk({ content: '' });
  for (let i = 0; i < reasoningChunks; i++) {
    const text = word();
    reasoning += text;
    chunk({
      content: '',
      reasoning: text,
      reasoning_details: [{ type: 'reasoning.text', text, format: 'unknown', index: 0 }],
    });
    if (i % 2000 === 1999) events.push(': OPENROUTER PROCESSING');
  }
  for (let i = 0; i < contentChunks; i++) {
    const text = word();
    content += text;
    chunk({ content: text });
  }
  const half = toolChunks / 2;
  for (let call = 0; call < 2; call++) {
    const name = call === 0 ? 'get_weather' : 'search_docs';
    chunk({
      content: null,
      tool_calls: [
        { index: call, id: `call_${call}_abc`, type: 'function', function: { name, arguments: '' } },
      ],
    });
    let args = '{"query":"';
    chunk({ content: null, tool_calls: [{ index: call, function: { arguments: args } }] });
    for (let i = 2; i < half - 1; i++) {
      const piece = word().replaceAll('"', '\\"').replaceAll('\n', '\\n');
      args += piece;
      chunk({ content: null, tool_calls: [{ index: call, function: { arguments: piece } }] });
    }
    args += '"}';
    chunk({ content: null, tool_calls: [{ index: call, function: { arguments: '"}' } }] });
    toolArguments[call] = args;
  }
  chunk({ content: '' }, 'tool_calls');
  events.push(
    `data: ${JSON.stringify({
      ...head,
      choices: [],
      usage: { prompt_tokens: 1200, completion_tokens: total, total_tokens: total + 1200, cost: 0.0123 },
    })}`,
  );
  events.push('data: [DONE]');

  const text = `${events.join('\n\n')}\n\n`;
  const bytes = new TextEncoder().encode(text);
  const pieces = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1024 + Math.floor(random() * 15 * 1024);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return {
    text,
    bytes,
    pieces,
    expected: {
      content,
      reasoning,
      toolArguments,
      chunks: events.filter((e) => e.startsWith('data: {')).length,
    },
  };
}
