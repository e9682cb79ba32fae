import type { ScenarioContext } from '../context.js';
import { contentSteps, finishedPlan, type MockPlan, type MockStep } from '../plan.js';
import { excerpt } from '../prompt.js';
import { pick } from '../random.js';
import { scriptedReply } from './scripted.js';

/** A short title from the prompt: its first words, capitalised. */
export function topicOf(prompt: string): string {
  const words = prompt
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6);
  if (words.length === 0) return 'Hello!';
  const title = words.join(' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** The prompt quoted on one line, without backticks (it lands inside code spans and fences). */
function quoted(prompt: string): string {
  return excerpt(prompt.replace(/`/g, "'")) || 'nothing yet';
}

function wireTour(context: ScenarioContext): string {
  const prompt = quoted(context.prompt);
  return [
    `## ${topicOf(context.prompt)}`,
    '',
    `You asked: “${prompt}”. This is the **mock endpoint** of \`react-chat-completions\`: the reply is scripted, but it streams exactly like the real endpoint, chunk by chunk.`,
    '',
    '### What happens on the wire',
    '1. The server sends `: OPENROUTER PROCESSING` comments while it waits.',
    '2. Each token arrives as a `data:` chunk that repeats `"role": "assistant"`.',
    '3. The last chunk carries `usage` with the cost, then `data: [DONE]`.',
    '',
    '### Try it yourself',
    '- Pick **Mock: Tools** and ask about the weather in Paris and Tokyo.',
    '- Pick **Mock: Image** to receive a generated PNG.',
    '- Set `max_completion_tokens` to see `finish_reason: "length"`.',
    '',
    '```ts',
    'const stream = await client.chat.completions.create({',
    "  model: 'mock/text',",
    `  messages: [{ role: 'user', content: ${JSON.stringify(prompt)} }],`,
    '  stream: true,',
    '});',
    '```',
    '',
    `> Reply ${context.turn + 1} of this conversation; your message had ${words(context.prompt)}.`,
  ].join('\n');
}

function comparison(context: ScenarioContext): string {
  const prompt = quoted(context.prompt);
  return [
    `## About “${prompt}”`,
    '',
    'Here is a short, **scripted** answer from the mock endpoint. It covers the usual shapes a Markdown renderer meets:',
    '',
    '- *emphasis*, **strong text** and `inline code`;',
    '- a [link to the docs](https://example.com/docs);',
    '- a table and a fenced code block.',
    '',
    '| field | streamed as |',
    '| --- | --- |',
    '| `content` | text fragments |',
    '| `tool_calls` | argument fragments by index |',
    '| `usage` | one final chunk |',
    '',
    '```python',
    'for chunk in stream:',
    '    print(chunk.choices[0].delta.content or "", end="")',
    '```',
    '',
    `That is all for reply ${context.turn + 1}. Ask anything else: your message had ${words(context.prompt)}.`,
  ].join('\n');
}

/** `1 word`, `6 words`. */
function words(text: string): string {
  const count = text.split(/\s+/).filter(Boolean).length;
  return `${count} ${count === 1 ? 'word' : 'words'}`;
}

/**
 * The text the text scenario streams: a scripted reply when `replies` gives one (a whole reply's
 * text, where another scenario builds on this one), else Markdown.
 */
export function replyText(context: ScenarioContext): string {
  const reply = scriptedReply(context);
  if (typeof reply === 'string') return reply;
  if (reply?.content !== undefined) return reply.content;
  return pick(context.random, [wireTour, comparison])(context);
}

/** A Markdown answer (heading, list, code block) that refers to the prompt. */
export function createTextPlan(context: ScenarioContext): MockPlan {
  return finishedPlan(contentSteps(replyText(context)));
}

/** A long reply at a slow pace, with keep-alive comments during pauses. */
export function createSlowPlan(context: ScenarioContext): MockPlan {
  const sections = [1, 2, 3, 4, 5].map((part) =>
    [
      `### Part ${part}`,
      '',
      `This is part ${part} of a deliberately long answer to “${quoted(context.prompt)}”. It streams slowly so you can watch the UI while tokens trickle in, press Stop halfway, and check that the partial text stays on screen.`,
      '',
      `- point ${part}.1: the stream stays open between tokens;`,
      `- point ${part}.2: keep-alive comments arrive during long pauses.`,
    ].join('\n'),
  );
  const steps: MockStep[] = [];
  contentSteps(`## A slow reply\n\n${sections.join('\n\n')}`).forEach((step, index) => {
    if (index > 0 && index % 40 === 0) steps.push({ type: 'keep-alive', pause: 12 });
    steps.push(step);
  });
  return { ...finishedPlan(steps), pace: 3 };
}
