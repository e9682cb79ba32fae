import type { Meta, StoryObj } from '@storybook/react-vite';

/** Where each feature is shown, in the order a first visit would take them. */
const TOUR: { story: string; id: string; shows: string; tryIt: string }[] = [
  {
    story: 'Demo / ChatApp',
    id: 'demo-chatapp--default',
    shows:
      'The whole library as an app: threads, model picker, tools with approval, reasoning, images, web sources, usage.',
    tryIt:
      '“What is the weather in Paris and Tokyo?”, “Draw a sunset”, “Search the web for SSE”, “Email Ada about lunch”; or pick a Mock model in the Model select.',
  },
  {
    story: 'Components / ChatWindow',
    id: 'components-chatwindow--default',
    shows:
      'The drop-in window; Queue, Tool approval, Persisted, Long thread, Dark and All states are variants of it.',
    tryIt: 'Send a message with Enter, Stop a long reply, send again while it streams to queue it.',
  },
  {
    story: 'Mock / Scenarios',
    id: 'mock-scenarios--tools',
    shows:
      'One story per scenario model: tools, reasoning, image, citations, audio, JSON, refusal, content filter, file parser, slow, length.',
    tryIt: 'Send anything: the model id forces the scenario.',
  },
  {
    story: 'Mock / Errors',
    id: 'mock-errors--rate-limited-429',
    shows:
      'Every error the endpoint can answer (HTTP statuses, an HTML page, errors mid-stream) and its notice.',
    tryIt: 'Send, read the notice, then pick a working model in the Model select and Retry.',
  },
  {
    story: 'Hooks / Structured output',
    id: 'hooks-structured-output--recipe',
    shows: 'A recipe card filled from the partial JSON as it streams, then the schema check.',
    tryIt: 'Press the “Ask” button.',
  },
  {
    story: 'Hooks / useChatStream',
    id: 'hooks-usechatstream--default',
    shows: 'The main hook without the components: messages, status, usage, Send, Stop, Retry, Regenerate.',
    tryIt: 'Press Send; set the model control to mock/slow and Stop, or mock/error-500 and Retry.',
  },
  {
    story: 'Hooks / useChatCompletion',
    id: 'hooks-usechatcompletion--default',
    shows: 'Whole (non-streamed) replies as a TanStack Query mutation.',
    tryIt: 'Press “Summarize HTTP/3”.',
  },
  {
    story: 'Server / createChatHandler',
    id: 'server-createchathandler--default',
    shows: 'The key-holding proxy, run in the page: allowed models, the key added, tokens capped.',
    tryIt: 'Send, then pick mock/reasoning (not allowed) and send again.',
  },
  {
    story: 'Security / XSS',
    id: 'security-xss--default',
    shows: 'Hostile model output (scripts, javascript: links, SVG) rendered as inert text.',
    tryIt: 'Send anything.',
  },
  {
    story: 'Components / …',
    id: 'components-messageview--all-states',
    shows:
      'Each headless part alone (Composer, MessageList, Markdown, Reasoning, ToolCallPanel, Images, AudioPlayer, Citations…), each with Default, Streaming, All states and Error stories.',
    tryIt: 'Streaming stories talk to the mock; All states shows every data-state at once.',
  },
];

function Welcome() {
  return (
    <main style={{ maxWidth: '48rem', lineHeight: 1.5 }}>
      <h1>react-chat-completions</h1>
      <p>
        React hooks and headless components for OpenRouter-compatible chat completions. Every story here runs
        against the library’s built-in mock endpoint (<code>createMockFetch</code>): no API key, no network.
        The only exception is <strong>Live endpoint</strong>, which needs your key.
      </p>
      <p>
        The toolbar’s <strong>Mock speed</strong> sets how fast replies stream, <strong>Theme</strong>{' '}
        switches the default theme between light and dark, and <strong>Direction</strong> turns the page right
        to left (as in an Arabic or Hebrew app). Each story’s <strong>Controls</strong> tab changes its props
        (for ChatWindow stories: <code>request.model</code>, <code>theme</code>, <code>threads</code>,{' '}
        <code>scenario</code>…). Each component under <strong>Components</strong> has a <strong>Docs</strong>{' '}
        page too: its description, its props table and every story with its description.
      </p>
      <h2>Where to start</h2>
      <ul style={{ paddingInlineStart: '1.25rem' }}>
        {TOUR.map((item) => (
          <li key={item.id} style={{ marginBlockEnd: '0.6rem' }}>
            <a href={`./?path=/story/${item.id}`} target="_top" style={{ color: 'var(--rcc-accent)' }}>
              {item.story}
            </a>
            : {item.shows} <em>Try:</em> {item.tryIt}
          </li>
        ))}
      </ul>
    </main>
  );
}

const meta = {
  title: 'Introduction',
  component: Welcome,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof Welcome>;
export default meta;

/** What the Storybook shows and where to start. */
export const Default: StoryObj<typeof meta> = {};
