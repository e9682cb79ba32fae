import {
  type Annotation,
  ChatApiError,
  type ChatMessage,
  type ContentPart,
  type MessageStatus,
  type ReasoningDetail,
  type ToolCall,
  type ToolCallStatus,
  type Usage,
} from '../../src/index';
import { createGradientPngDataUrl, createToneWavBase64 } from '../../src/testing/index';

/**
 * Static messages for the "AllStates" stories: one of each state a part can show, built the way
 * the store builds them (wire fields plus UI fields beside them).
 */

const CREATED = Date.UTC(2025, 0, 1, 12, 0, 0);
let counter = 0;
const nextId = (prefix: string) => `${prefix}_${++counter}`;

/** A generated image, as the mock's image scenario sends it. */
export const SAMPLE_IMAGE_URL = createGradientPngDataUrl({
  width: 96,
  height: 64,
  from: [37, 99, 235],
  to: [236, 72, 153],
});

/** A short WAV tone, base64, as the mock's audio scenario sends it. */
export const SAMPLE_AUDIO_BASE64 = createToneWavBase64({ duration: 0.4 });

export const SAMPLE_USAGE: Usage = {
  prompt_tokens: 412,
  completion_tokens: 187,
  total_tokens: 599,
  cost: 0.000487,
  completion_tokens_details: { reasoning_tokens: 64 },
};

export const SAMPLE_MARKDOWN = [
  '## Plan',
  '',
  'Here is what I would do, **step by step**:',
  '',
  '1. Read the `package.json`.',
  '2. Run the tests: see [the docs](https://example.com/docs).',
  '',
  '| Step | Time |',
  '| ---- | ---- |',
  '| lint | 2 s  |',
  '',
  '```ts',
  "const reply = await client.complete({ model: 'mock/text', messages });",
  '```',
].join('\n');

/** A user message. */
export function userMessage(content: string | ContentPart[], extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    role: 'user',
    content,
    id: nextId('user'),
    parentId: null,
    createdAt: CREATED,
    status: 'done',
    ...extra,
  } as ChatMessage;
}

interface AssistantFields {
  content?: string | null;
  status?: MessageStatus;
  reasoning?: string;
  reasoning_details?: ReasoningDetail[];
  tool_calls?: ToolCall[];
  toolCalls?: Record<string, ToolCallStatus>;
  images?: string[];
  annotations?: Annotation[];
  audio?: { data: string; transcript: string };
  usage?: Usage;
  error?: Error;
  finishReason?: ChatMessage['finishReason'];
}

/** An assistant message in a given state. */
export function assistantMessage(fields: AssistantFields = {}): ChatMessage {
  const { images, status = 'done', content = null, ...rest } = fields;
  const message: ChatMessage = {
    role: 'assistant',
    content,
    id: nextId('assistant'),
    parentId: null,
    createdAt: CREATED,
    status,
    model: 'mock/auto',
    finishReason: status === 'done' ? 'stop' : null,
    ...rest,
  } as ChatMessage;
  if (images && message.role === 'assistant') {
    message.images = images.map((url, index) => ({ type: 'image_url', image_url: { url }, index }));
  }
  return message;
}

/** A tool call as the wire sends it. */
export function toolCall(name: string, args: unknown, id = nextId('call')): ToolCall {
  return { id, type: 'function', function: { name, arguments: JSON.stringify(args, null, 0) } };
}

/** One message per tool call state, each with one call of that state, and a call a failed reply cut. */
export function toolCallStates(): { label: string; message: ChatMessage; call: ToolCall }[] {
  const states: [ToolCallStatus, string][] = [
    [{ state: 'streaming' }, '{"city": "Par'],
    [{ state: 'pending', args: { city: 'Paris' } }, ''],
    [{ state: 'awaiting-approval', args: { to: 'ada@example.com', subject: 'Lunch?' } }, ''],
    [{ state: 'running', args: { city: 'Paris' } }, ''],
    [{ state: 'done', args: { city: 'Paris' }, result: { temperature: 18, sky: 'clear' } }, ''],
    [{ state: 'error', args: { city: 'Atlantis' }, error: 'No weather station for "Atlantis".' }, ''],
    [{ state: 'denied', args: { to: 'ada@example.com' }, error: 'The user denied this call.' }, ''],
  ];
  const items = states.map(([status, partial]) => {
    const name =
      status.state === 'awaiting-approval' || status.state === 'denied' ? 'send_email' : 'get_weather';
    const call = toolCall(name, status.args ?? {});
    if (status.state === 'streaming') call.function.arguments = partial;
    const message = assistantMessage({
      tool_calls: [call],
      toolCalls: { [call.id]: status },
      status: status.state === 'streaming' ? 'streaming' : 'done',
      finishReason: 'tool_calls',
    });
    return { label: status.state, message, call };
  });
  // A call whose arguments a failed reply cut: still `streaming` in the store, shown as not run.
  const cut = toolCall('get_weather', {});
  cut.function.arguments = '{"city": "Lis';
  return [
    ...items,
    {
      label: 'streaming, reply failed',
      call: cut,
      message: assistantMessage({
        tool_calls: [cut],
        toolCalls: { [cut.id]: { state: 'streaming' } },
        status: 'error',
      }),
    },
  ];
}

export const SAMPLE_CITATIONS: Annotation[] = [
  {
    type: 'url_citation',
    url_citation: {
      url: 'https://en.wikipedia.org/wiki/Server-sent_events',
      title: 'Server-sent events - Wikipedia',
      content: 'Server-sent events (SSE) is a server push technology...',
    },
  },
  {
    type: 'url_citation',
    url_citation: {
      url: 'https://html.spec.whatwg.org/multipage/server-sent-events.html',
      title: 'HTML Standard',
    },
  },
  { type: 'file', file: { hash: 'sha256-1f2e', name: 'quarterly-report.pdf' } },
];

/** Typed errors as the core raises them, one per kind the error notice explains. */
export function sampleErrors(): { label: string; error: Error }[] {
  const http = (
    status: number,
    message: string,
    extra: Partial<ConstructorParameters<typeof ChatApiError>[0]> = {},
  ) => new ChatApiError({ type: 'http', status, code: status, message, ...extra });
  return [
    { label: '401 bad key', error: http(401, 'No auth credentials found') },
    {
      label: '402 out of credits',
      error: http(402, 'This request requires more credits, or fewer max_tokens.'),
    },
    {
      label: '403 moderation',
      error: http(403, 'Your input was flagged for "harassment".', {
        metadata: { reasons: ['harassment'], flagged_input: 'you are the worst...', provider_name: 'Mock' },
      }),
    },
    { label: '429 rate limited', error: http(429, 'Rate limited upstream.', { retryAfter: 20 }) },
    {
      label: '502 provider error',
      error: http(502, 'Provider returned error', { metadata: { provider_name: 'Mock' } }),
    },
    {
      label: 'network',
      error: new ChatApiError({ type: 'network', code: 'network_error', message: 'Failed to fetch' }),
    },
    {
      label: 'truncated',
      error: new ChatApiError({
        type: 'stream',
        code: 'stream_truncated',
        message: 'The stream ended before the reply finished.',
      }),
    },
  ];
}
