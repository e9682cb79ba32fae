// The settled thread under the streamed reply: alternating user and assistant messages of varied
// length, with some Markdown.
const SENTENCES = [
  'How do I stream a reply into React without re-rendering every message?',
  'Keep the ids in one array and each message by id; a row subscribes to its own message.',
  'Here is a list:\n\n- one item\n- **two** items\n- `three` items',
  'The quick brown fox jumps over the lazy dog, again and again, while the tokens keep coming.',
  '```ts\nconst store = createChatStore();\n```',
  'Short answer.',
];

/** `count` messages `{ id, role, content }`, deterministic. */
export function createThread(count) {
  const messages = [];
  for (let i = 0; i < count; i++) {
    const parts = [];
    for (let j = 0; j < 1 + ((i * 7) % 5); j++) parts.push(SENTENCES[(i + j) % SENTENCES.length]);
    messages.push({ id: `m${i}`, role: i % 2 === 0 ? 'user' : 'assistant', content: parts.join('\n\n') });
  }
  return messages;
}

/** The text of wire `content` (a string or content parts). */
export function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part?.type === 'text' ? part.text : '')).join('');
}
