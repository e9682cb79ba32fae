import { describe, expect, it } from 'vitest';
import type {
  AssistantMessage,
  ChatCompletion,
  ChatCompletionRequest,
  ErrorBody,
  Message,
  ReasoningDetail,
} from '../../src/core/types.js';
import { createMockFetch, type MockReasoningFormat } from '../../src/testing/index.js';
import { BASE_URL, chunksOf, readSse } from './helpers';

const WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
} as const;

const QUESTION: Message = { role: 'user', content: 'What is the weather in Paris? Use get_weather.' };

function mock(reasoningFormat: MockReasoningFormat) {
  const fetch = createMockFetch({ tokenDelayMs: 0, reasoningFormat });
  const ask = (messages: Message[], extra: Partial<ChatCompletionRequest> = {}) =>
    fetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: 'mock/tools',
        reasoning: { effort: 'high' },
        tools: [WEATHER],
        messages,
        ...extra,
      }),
    });
  return { fetch, ask };
}

/** The calling reply, and the tool results that answer it. */
async function callTools(ask: ReturnType<typeof mock>['ask']) {
  const completion = (await (await ask([QUESTION])).json()) as ChatCompletion;
  const message = completion.choices[0]!.message;
  expect(message.tool_calls?.length).toBeGreaterThan(0);
  expect(message.reasoning_details?.length).toBeGreaterThan(0);
  const results: Message[] = (message.tool_calls ?? []).map((call) => ({
    role: 'tool',
    tool_call_id: call.id,
    content: '{"temperature":12}',
  }));
  return { message, results };
}

/** The details with every signature, encrypted `data` and text changed. */
function altered(details: readonly ReasoningDetail[]): ReasoningDetail[] {
  return details.map((detail) => {
    if (detail.type === 'reasoning.encrypted') return { ...detail, data: `${detail.data}x` };
    if (detail.type === 'reasoning.text' && detail.signature) return { ...detail, signature: 'forged' };
    if (detail.type === 'reasoning.text') return { ...detail, text: `${detail.text ?? ''}!` };
    return detail;
  });
}

describe.each<MockReasoningFormat>(['text', 'summary', 'encrypted'])(
  'a tool run with reasoning as %s',
  (format) => {
    it('takes the follow-up that sends the calling reply back as received', async () => {
      const { ask } = mock(format);
      const { message, results } = await callTools(ask);
      const response = await ask([QUESTION, message, ...results]);
      expect(response.status).toBe(200);
      const answer = (await response.json()) as ChatCompletion;
      expect(answer.choices[0]?.message.content).toMatch(/get_weather/);
    });

    it('refuses, with the endpoint’s 400 body, a follow-up whose calling reply lost its reasoning_details', async () => {
      const { ask } = mock(format);
      const { message, results } = await callTools(ask);
      const { reasoning_details: _lost, ...stripped } = message;
      for (const stream of [false, true]) {
        const response = await ask([QUESTION, stripped, ...results], { stream });
        expect(response.status).toBe(400);
        expect(response.headers.get('Content-Type')).toBe('application/json');
        const body = (await response.json()) as ErrorBody;
        expect(body.error).toMatchObject({ code: 400, metadata: { error_type: 'invalid_request' } });
        expect(body.error.message).toMatch(/^messages\[1\]: .*reasoning_details/);
        expect(body).toHaveProperty('user_id');
      }
      const empty: AssistantMessage = { ...message, reasoning_details: [] };
      expect((await ask([QUESTION, empty, ...results])).status).toBe(400);
    });

    it('refuses one whose reasoning_details were changed', async () => {
      const { ask } = mock(format);
      const { message, results } = await callTools(ask);
      const changed = { ...message, reasoning_details: altered(message.reasoning_details ?? []) };
      expect((await ask([QUESTION, changed, ...results])).status).toBe(400);
    });

    it('checks streamed calls too, and only the tool run in progress', async () => {
      const { ask } = mock(format);
      const chunks = chunksOf(await readSse(await ask([QUESTION], { stream: true })));
      const ids = chunks.flatMap((chunk) =>
        (chunk.choices[0]?.delta?.tool_calls ?? []).flatMap((call) => (call.id ? [call.id] : [])),
      );
      expect(ids.length).toBeGreaterThan(0);
      const calling: AssistantMessage = {
        role: 'assistant',
        content: null,
        tool_calls: ids.map((id) => ({
          id,
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        })),
      };
      const results: Message[] = ids.map((id) => ({ role: 'tool', tool_call_id: id, content: '12' }));
      expect((await ask([QUESTION, calling, ...results])).status).toBe(400);
      // An earlier turn may leave its reasoning out (providers drop it there themselves).
      const later: Message = { role: 'user', content: 'Thanks!' };
      const reply: Message = { role: 'assistant', content: 'You are welcome.' };
      expect((await ask([QUESTION, calling, ...results, reply, later])).status).toBe(200);
    });
  },
);

describe('what the mock did not send with reasoning is not checked', () => {
  it('a conversation written by hand, or tool calls another mock sent', async () => {
    const first = mock('text');
    const { message, results } = await callTools(first.ask);
    const { reasoning_details: _lost, ...stripped } = message;
    const other = mock('text');
    expect((await other.ask([QUESTION, stripped, ...results])).status).toBe(200);
    const byHand: AssistantMessage = {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ],
    };
    const result: Message = { role: 'tool', tool_call_id: 'call_1', content: '12' };
    expect((await first.ask([QUESTION, byHand, result])).status).toBe(200);
  });

  it('tool calls sent without reasoning (reasoning off, or excluded)', async () => {
    for (const reasoning of [{ enabled: false }, { exclude: true }]) {
      const { ask } = mock('encrypted');
      const completion = (await (await ask([QUESTION], { reasoning })).json()) as ChatCompletion;
      const message = completion.choices[0]!.message;
      expect(message.tool_calls?.length).toBeGreaterThan(0);
      expect(message.reasoning_details).toBeUndefined();
      const results: Message[] = (message.tool_calls ?? []).map((call) => ({
        role: 'tool',
        tool_call_id: call.id,
        content: '12',
      }));
      expect((await ask([QUESTION, message, ...results])).status).toBe(200);
    }
  });
});
