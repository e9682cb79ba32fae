import { inflateSync } from 'node:zlib';
import { accumulateChunk } from '../../src/core/index.js';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionDelta,
  ChatCompletionRequest,
} from '../../src/core/types.js';
import {
  createGradientPngDataUrl,
  createMockReply,
  type MockScriptedReply,
} from '../../src/testing/index.js';
import { type MockStep, splitPoint } from '../../src/testing/plan.js';
import { BEHAVIOUR_REQUESTS, RECIPE_FORMAT, WEATHER_TOOLS } from './fixtures';
import {
  chunksOf,
  contentOf,
  deltas,
  finishReasons,
  post,
  readSse,
  streamEvents,
  toolFragments,
} from './helpers';

function assembledCalls(chunks: readonly ChatCompletionChunk[]) {
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  for (const fragment of toolFragments(chunks)) {
    const index = fragment.index ?? 0;
    const call = calls[index] ?? { arguments: '' };
    calls[index] = call;
    if (fragment.id) call.id = fragment.id;
    if (fragment.function?.name) call.name = fragment.function.name;
    call.arguments += fragment.function?.arguments ?? '';
  }
  return calls;
}

async function completionOf(body: Parameters<typeof post>[0]): Promise<ChatCompletion> {
  return (await (await post(body)).json()) as ChatCompletion;
}

describe('text', () => {
  test('a Markdown answer with heading, list and code block that quotes the prompt', async () => {
    const text = contentOf(
      chunksOf(await streamEvents({ messages: [{ role: 'user', content: 'Tell me about otters' }] })),
    );
    expect(text).toMatch(/^## /m);
    expect(text).toMatch(/^(- |\d\. )/m);
    expect(text).toMatch(/^```\w+\n[\s\S]+?\n```$/m);
    expect(text).toContain('Tell me about otters');
  });

  test('replies: scripted texts by turn, or from a function', async () => {
    const replies = ['First reply.', 'Second reply.'];
    const first = await streamEvents({ model: 'mock/text' }, { replies });
    expect(contentOf(chunksOf(first))).toBe('First reply.');
    const second = await streamEvents(
      {
        model: 'mock/text',
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'First reply.' },
          { role: 'user', content: 'b' },
        ],
      },
      { replies },
    );
    expect(contentOf(chunksOf(second))).toBe('Second reply.');
    const custom = await streamEvents({}, { replies: (request) => `Echo: ${request.messages.length}` });
    expect(contentOf(chunksOf(custom))).toBe('Echo: 1');
  });

  describe('replies as objects: a whole reply, its text and tool calls', () => {
    const ask = { role: 'user' as const, content: 'What is the weather in Berlin?' };
    const script = {
      content: 'Checking.',
      tool_calls: [
        { name: 'get_weather', arguments: { city: 'Berlin', unit: 'celsius' }, id: 'call_berlin' },
        { name: 'get_weather', arguments: '{"city":' },
      ],
    };

    test.each(['openai/gpt-4o-mini', 'mock/text', 'mock/tools'])(
      '%s: the scripted calls, whatever the request tools and prompt would give',
      async (model) => {
        const chunks = chunksOf(
          await streamEvents({ model, messages: [ask], tools: WEATHER_TOOLS }, { replies: [script] }),
        );
        expect(contentOf(chunks)).toBe('Checking.');
        const calls = assembledCalls(chunks);
        expect(calls).toEqual([
          { id: 'call_berlin', name: 'get_weather', arguments: '{"city":"Berlin","unit":"celsius"}' },
          { id: expect.stringMatching(/^call_\w{24}$/), name: 'get_weather', arguments: '{"city":' },
        ]);
        expect(toolFragments(chunks).map((fragment) => fragment.index)).toContain(1);
        expect(finishReasons(chunks)).toEqual(['tool_calls']);
      },
    );

    test('by turn: the answer to the tool results is scripted too; text only ends with stop', async () => {
      const replies = [script, { content: 'It is 21 °C in Berlin.' }];
      const messages: ChatCompletionRequest['messages'] = [
        ask,
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_berlin', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_berlin', content: '21' },
      ];
      const chunks = chunksOf(await streamEvents({ messages, tools: WEATHER_TOOLS }, { replies }));
      expect(contentOf(chunks)).toBe('It is 21 °C in Berlin.');
      expect(toolFragments(chunks)).toEqual([]);
      expect(finishReasons(chunks)).toEqual(['stop']);
      const fromFunction = chunksOf(
        await streamEvents({ messages: [ask] }, { replies: () => ({ tool_calls: [{ name: 'lookup' }] }) }),
      );
      expect(assembledCalls(fromFunction)).toMatchObject([{ name: 'lookup', arguments: '{}' }]);
    });

    test('non-streaming, with reasoning; a forced error scenario stays an error', async () => {
      const completion = (await (
        await post({ messages: [ask], reasoning: { effort: 'low' } }, { replies: [script] })
      ).json()) as ChatCompletion;
      expect(completion.choices[0]).toMatchObject({
        finish_reason: 'tool_calls',
        message: {
          content: 'Checking.',
          reasoning: expect.any(String),
          tool_calls: [
            {
              id: 'call_berlin',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Berlin","unit":"celsius"}' },
            },
            { type: 'function', function: { name: 'get_weather', arguments: '{"city":' } },
          ],
        },
      });
      const failed = await post({ model: 'mock/error-500', messages: [ask] }, { replies: [script] });
      expect(failed.status).toBe(500);
    });

    test('a function is called once per request, whatever reads the reply (its reasoning, its text)', async () => {
      let calls = 0;
      const count = () => {
        calls++;
        return undefined;
      };
      await streamEvents({ model: 'mock/reasoning', messages: [ask] }, { replies: count });
      await streamEvents({ messages: [ask], tools: WEATHER_TOOLS }, { replies: count });
      expect(calls).toBe(2);
    });

    test('reasoning: scripted, in the reasoningFormat, without the request asking; the request may turn it off', async () => {
      const replies = [
        { reasoning: 'Berlin is a city. Call the tool.', tool_calls: [{ name: 'get_weather' }] },
      ];
      const reasoningOf = (chunks: readonly ChatCompletionChunk[]) =>
        deltas(chunks)
          .map((delta) => delta.reasoning ?? '')
          .join('');
      const text = chunksOf(await streamEvents({ messages: [ask] }, { replies }));
      expect(reasoningOf(text)).toBe('Berlin is a city. Call the tool.');
      expect(deltas(text).findIndex((delta) => delta.reasoning)).toBeLessThan(
        deltas(text).findIndex((delta) => delta.tool_calls),
      );
      const summary = chunksOf(
        await streamEvents({ messages: [ask] }, { replies, reasoningFormat: 'summary' }),
      );
      expect(reasoningOf(summary)).toBe('Berlin is a city.\n\nCall the tool.');
      for (const reasoning of [{ enabled: false }, { effort: 'none' as const }, { exclude: true }]) {
        const off = chunksOf(await streamEvents({ messages: [ask], reasoning }, { replies }));
        expect(reasoningOf(off)).toBe('');
        expect(assembledCalls(off)).toHaveLength(1);
      }
    });
  });

  test('a one-word prompt is counted as "1 word", not "1 words"', async () => {
    const texts: string[] = [];
    for (let seed = 0; seed < 12; seed++) {
      for (const content of ['Hi', 'Hi there']) {
        const events = await streamEvents({
          model: 'mock/text',
          seed,
          messages: [{ role: 'user', content }],
        });
        texts.push(contentOf(chunksOf(events)));
      }
    }
    expect(texts.filter((text) => /\b1 words\b/.test(text))).toEqual([]);
    expect(texts.some((text) => /\b1 word\b/.test(text))).toBe(true);
    expect(texts.some((text) => /\b2 words\b/.test(text))).toBe(true);
  });

  test('the scenario option overrides the model id', async () => {
    const chunks = chunksOf(
      await streamEvents({ model: 'mock/tools', tools: WEATHER_TOOLS }, { scenario: 'image' }),
    );
    expect(deltas(chunks).some((delta) => delta.images?.length)).toBe(true);
    expect(toolFragments(chunks)).toHaveLength(0);
  });
});

describe('replies as objects: everything a reply carries', () => {
  const ask = { role: 'user' as const, content: 'Tell me about otters' };
  const png = createGradientPngDataUrl({ width: 8, height: 8 });
  const PHOTO = 'https://example.com/otter.jpg';
  const citations = [
    {
      url: 'https://example.com/otters',
      title: 'Otters',
      content: 'Otters hold hands.',
      start_index: 0,
      end_index: 7,
    },
    { url: 'https://example.org/rivers' },
  ];
  const wireCitations = [
    { type: 'url_citation', url_citation: citations[0] },
    { type: 'url_citation', url_citation: { url: 'https://example.org/rivers' } },
  ];
  const imagesOf = (chunks: readonly ChatCompletionChunk[]) =>
    deltas(chunks).flatMap((delta) => delta.images ?? []);
  const annotationsOf = (chunks: readonly ChatCompletionChunk[]) =>
    deltas(chunks).flatMap((delta) => delta.annotations ?? []);
  const refusalOf = (chunks: readonly ChatCompletionChunk[]) =>
    deltas(chunks)
      .map((delta) => delta.refusal ?? '')
      .join('');
  const lastIndex = (chunks: readonly ChatCompletionChunk[], has: (delta: ChatCompletionDelta) => unknown) =>
    deltas(chunks).findLastIndex((delta) => has(delta));
  const firstIndex = (chunks: readonly ChatCompletionChunk[], has: (delta: ChatCompletionDelta) => unknown) =>
    deltas(chunks).findIndex((delta) => has(delta));

  test('images: each URL in a delta of its own after the text, billed as mock/image bills its own; JSON too', async () => {
    const replies = [{ content: 'Two otters.', images: [png, PHOTO] }];
    const chunks = chunksOf(await streamEvents({ messages: [ask] }, { replies }));
    expect(contentOf(chunks)).toBe('Two otters.');
    expect(imagesOf(chunks)).toEqual([
      { type: 'image_url', image_url: { url: png }, index: 0 },
      { type: 'image_url', image_url: { url: PHOTO }, index: 1 },
    ]);
    expect(
      deltas(chunks)
        .filter((delta) => delta.images)
        .map((delta) => delta.images!.length),
    ).toEqual([1, 1]);
    expect(firstIndex(chunks, (delta) => delta.images)).toBeGreaterThan(
      lastIndex(chunks, (delta) => delta.content),
    );
    const usage = chunks.at(-1)?.usage;
    expect(usage?.completion_tokens_details?.image_tokens).toBe(2 * 1290);
    expect(finishReasons(chunks)).toEqual(['stop']);
    const completion = (await (await post({ messages: [ask] }, { replies })).json()) as ChatCompletion;
    expect(completion.choices[0]?.message).toMatchObject({
      content: 'Two otters.',
      images: [
        { type: 'image_url', image_url: { url: png }, index: 0 },
        { type: 'image_url', image_url: { url: PHOTO }, index: 1 },
      ],
    });
    // An image without text: content null, as the endpoint sends an image-only reply.
    const only = (await (
      await post({ messages: [ask] }, { replies: [{ images: [png] }] })
    ).json()) as ChatCompletion;
    expect(only.choices[0]?.message).toMatchObject({ content: null, images: [{ image_url: { url: png } }] });
  });

  test('annotations: url_citation annotations in one delta after the text, only the fields given; JSON too', async () => {
    const replies = [{ content: 'Otters hold hands while they sleep.', annotations: citations }];
    const chunks = chunksOf(await streamEvents({ messages: [ask] }, { replies }));
    expect(annotationsOf(chunks)).toEqual(wireCitations);
    expect(deltas(chunks).filter((delta) => delta.annotations)).toHaveLength(1);
    expect(firstIndex(chunks, (delta) => delta.annotations)).toBeGreaterThan(
      lastIndex(chunks, (delta) => delta.content),
    );
    const completion = (await (await post({ messages: [ask] }, { replies })).json()) as ChatCompletion;
    expect(completion.choices[0]?.message.annotations).toEqual(wireCitations);
    expect(completion.choices[0]?.message.content).toBe('Otters hold hands while they sleep.');
  });

  test('refusal: streamed in delta.refusal, as mock/refusal streams its own; the JSON message.refusal', async () => {
    const replies = [{ refusal: 'I cannot help with otters.' }];
    const chunks = chunksOf(await streamEvents({ messages: [ask] }, { replies }));
    expect(refusalOf(chunks)).toBe('I cannot help with otters.');
    expect(contentOf(chunks)).toBe('');
    expect(finishReasons(chunks)).toEqual(['stop']);
    const completion = (await (await post({ messages: [ask] }, { replies })).json()) as ChatCompletion;
    expect(completion.choices[0]?.message).toMatchObject({
      content: null,
      refusal: 'I cannot help with otters.',
    });
  });

  test('finish_reason: the scripted one (native too), in every usage shape and the JSON reply', async () => {
    for (const [reply, reason] of [
      [{ content: 'Otters are', finish_reason: 'length' }, 'length'],
      [{ content: 'Otters', finish_reason: 'content_filter' }, 'content_filter'],
      [{ content: 'Otters', finish_reason: 'end_turn' }, 'end_turn'],
      [{ content: 'Done.', tool_calls: [{ name: 'lookup' }], finish_reason: 'stop' }, 'stop'],
    ] as const) {
      const replies = [reply];
      const chunks = chunksOf(await streamEvents({ messages: [ask] }, { replies }));
      expect(finishReasons(chunks)).toEqual([reason]);
      const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0];
      expect(finish?.native_finish_reason).toBe(reason);
      const repeated = chunksOf(
        await streamEvents({ messages: [ask] }, { replies, usageShape: 'repeat-finish' }),
      );
      expect(finishReasons(repeated)).toEqual([reason, reason]);
      expect(repeated.at(-1)?.usage).toBeDefined();
      const completion = (await (await post({ messages: [ask] }, { replies })).json()) as ChatCompletion;
      expect(completion.choices[0]).toMatchObject({ finish_reason: reason, native_finish_reason: reason });
    }
    // The request's limits end the reply as they would.
    const long = [{ content: 'one two three four five six', finish_reason: 'content_filter' }];
    const cut = chunksOf(
      await streamEvents({ messages: [ask], max_completion_tokens: 2 }, { replies: long }),
    );
    expect(finishReasons(cut)).toEqual(['length']);
    const stopped = chunksOf(await streamEvents({ messages: [ask], stop: ['four'] }, { replies: long }));
    expect([contentOf(stopped), ...finishReasons(stopped)]).toEqual(['one two three ', 'stop']);
  });

  test("error: true: the text, then mock/error-midstream's error chunk; no usage, no [DONE]", async () => {
    const replies = [{ content: 'Otters are semi-aquatic', error: true as const }];
    const events = await streamEvents({ messages: [ask] }, { replies });
    const chunks = chunksOf(events);
    expect(contentOf(chunks)).toBe('Otters are semi-aquatic');
    const last = chunks.at(-1)!;
    expect(last.error).toEqual({
      code: 502,
      message: 'Provider disconnected: upstream connection reset while streaming.',
      metadata: { error_type: 'provider_unavailable', provider_name: 'Mock' },
    });
    expect(last.choices[0]?.finish_reason).toBe('error');
    expect(finishReasons(chunks)).toEqual(['error']);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(events.some((event) => event.type === 'data' && event.data === '[DONE]')).toBe(false);
    const midstream = chunksOf(await streamEvents({ model: 'mock/error-midstream', messages: [ask] }));
    expect(last.error).toEqual(midstream.at(-1)?.error);
  });

  test('error as an object: sent as given (a string code too); without stream, a 200 with choices[0].error', async () => {
    const error = {
      code: 'server_error',
      message: 'The otter slipped.',
      metadata: { provider_name: 'Otter' },
    };
    const replies = [{ content: 'Otters are', images: [png], annotations: citations, error }];
    const chunks = chunksOf(await streamEvents({ messages: [ask] }, { replies }));
    expect(chunks.at(-1)).toMatchObject({ error, choices: [{ finish_reason: 'error' }] });
    // What came before the error came whole: the text, the image, the citations.
    expect([contentOf(chunks), imagesOf(chunks).length, annotationsOf(chunks)]).toEqual([
      'Otters are',
      1,
      wireCitations,
    ]);
    const response = await post(
      { messages: [ask] },
      { replies: [{ content: 'Otters are', error: { code: 429, message: 'Slow down.' } }] },
    );
    expect(response.status).toBe(200);
    const completion = (await response.json()) as ChatCompletion;
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'error',
      message: { content: 'Otters are' },
      error: { code: 429, message: 'Slow down.' },
    });
  });

  test('usage: the counts given, the total their sum, the cost following them; the others counted', async () => {
    const reply = {
      content: 'Otters.',
      images: [png],
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 2000,
        completion_tokens_details: { reasoning_tokens: 300 },
      },
    };
    const expected = {
      prompt_tokens: 1000,
      completion_tokens: 2000,
      total_tokens: 3000,
      cost: 0.0005 + 0.003,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0, audio_tokens: 0 },
      // completion_tokens given: only the parts given (its split is the script's to say).
      completion_tokens_details: { reasoning_tokens: 300 },
      cost_details: { upstream_inference_prompt_cost: 0.0005, upstream_inference_completions_cost: 0.003 },
    };
    for (const usageShape of ['empty-choices', 'repeat-finish', 'null-finish'] as const) {
      const chunks = chunksOf(await streamEvents({ messages: [ask] }, { replies: [reply], usageShape }));
      expect(chunks.at(-1)?.usage).toMatchObject(expected);
      expect(chunks.at(-1)?.usage?.completion_tokens_details).toEqual(expected.completion_tokens_details);
    }
    const completion = (await (
      await post({ messages: [ask] }, { replies: [reply] })
    ).json()) as ChatCompletion;
    expect(completion.usage).toMatchObject(expected);
    expect(completion.usage?.completion_tokens_details).toEqual(expected.completion_tokens_details);
    // Only the prompt given: the completion is counted (two words), and the reply's text unchanged.
    const counted = (await (
      await post({ messages: [ask] }, { replies: [{ content: 'Two words', usage: { prompt_tokens: 5 } }] })
    ).json()) as ChatCompletion;
    expect(counted.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
  });

  test('usage: the parts never exceed their totals, whatever the script gives or leaves out', async () => {
    const usageOf = async (reply: MockScriptedReply, body: Partial<ChatCompletionRequest> = {}) => {
      const chunks = chunksOf(await streamEvents({ messages: [ask], ...body }, { replies: [reply] }));
      const completion = (await (
        await post({ messages: [ask], ...body }, { replies: [reply] })
      ).json()) as ChatCompletion;
      expect(completion.usage).toEqual(chunks.at(-1)?.usage);
      return completion.usage!;
    };
    // README's example: one image (1290 image tokens counted) in 234 completion tokens. The split
    // of a completion_tokens given is unknown: no counted parts, rather than more than the whole.
    const given = await usageOf({
      content: 'Otters hold hands while they sleep.',
      images: [png],
      usage: { prompt_tokens: 1000, completion_tokens: 234 },
    });
    expect(given).toMatchObject({ prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234 });
    expect(given.completion_tokens_details).toBeUndefined();
    // The parts given without their total: the total counted holds them (two words, 300 reasoning).
    const parts = await usageOf({
      content: 'Two words',
      usage: { completion_tokens_details: { reasoning_tokens: 300 } },
    });
    expect([parts.completion_tokens, parts.completion_tokens_details]).toEqual([
      302,
      { reasoning_tokens: 300, image_tokens: 0 },
    ]);
    const imaged = await usageOf({ content: 'Two words', images: [png], usage: { prompt_tokens: 5 } });
    expect([imaged.completion_tokens, imaged.completion_tokens_details]).toEqual([
      2 + 1290,
      { reasoning_tokens: 0, image_tokens: 1290 },
    ]);
    const cached = await usageOf({
      content: 'Hi',
      usage: { prompt_tokens_details: { cached_tokens: 5000 } },
    });
    expect([cached.prompt_tokens, cached.prompt_tokens_details?.cached_tokens]).toEqual([5000, 5000]);
    const audio = await usageOf({ content: 'Hi', usage: { prompt_tokens_details: { audio_tokens: 700 } } });
    expect(audio.prompt_tokens).toBe(700);
    // Prompt caching on a later turn reads half the prompt, at most what a cache write leaves.
    const later = {
      messages: [ask, { role: 'assistant' as const, content: 'Otters.' }, ask],
      cache_control: { type: 'ephemeral' as const },
    };
    const halved = await usageOf({ content: 'Hi', usage: { prompt_tokens: 100 } }, later);
    expect(halved.prompt_tokens_details).toEqual({
      cached_tokens: 50,
      cache_write_tokens: 0,
      audio_tokens: 0,
    });
    const written = await usageOf(
      { content: 'Hi', usage: { prompt_tokens: 100, prompt_tokens_details: { cache_write_tokens: 80 } } },
      later,
    );
    expect(written.prompt_tokens_details).toEqual({
      cached_tokens: 20,
      cache_write_tokens: 80,
      audio_tokens: 0,
    });
  });

  test('everything at once, with reasoning in each format: in order, the same on every run under a seed', async () => {
    const replies = [
      {
        reasoning: 'Otters. Rivers.',
        content: 'Otters live in rivers.',
        refusal: 'But not in mine.',
        images: [png],
        annotations: citations,
        tool_calls: [{ name: 'lookup', arguments: { animal: 'otter' } }],
        finish_reason: 'length',
      },
    ];
    for (const reasoningFormat of ['text', 'summary', 'encrypted'] as const) {
      const events = await streamEvents({ messages: [ask] }, { replies, reasoningFormat });
      expect(await streamEvents({ messages: [ask] }, { replies, reasoningFormat })).toEqual(events);
      const chunks = chunksOf(events);
      const order = [
        (delta: ChatCompletionDelta) => delta.reasoning_details,
        (delta: ChatCompletionDelta) => delta.content,
        (delta: ChatCompletionDelta) => delta.refusal,
        (delta: ChatCompletionDelta) => delta.images,
        (delta: ChatCompletionDelta) => delta.annotations,
        (delta: ChatCompletionDelta) => delta.tool_calls,
      ].map((has) => [firstIndex(chunks, has), lastIndex(chunks, has)]);
      expect(order.flat()).toEqual([...order.flat()].sort((a, b) => a - b));
      expect(order.every(([first]) => first! >= 0)).toBe(true);
      expect(finishReasons(chunks)).toEqual(['length']);
      expect(assembledCalls(chunks)).toMatchObject([{ name: 'lookup', arguments: '{"animal":"otter"}' }]);
    }
  });
});

describe('logprobs', () => {
  test('with logprobs: true, each text chunk carries its token, bytes and top_logprobs', async () => {
    const chunks = chunksOf(await streamEvents({ model: 'mock/text', logprobs: true, top_logprobs: 3 }));
    const texts = chunks.filter((chunk) => chunk.choices[0]?.delta?.content);
    expect(texts.length).toBeGreaterThan(3);
    for (const chunk of texts) {
      const text = chunk.choices[0]?.delta?.content as string;
      const [entry, ...more] = chunk.choices[0]?.logprobs?.content ?? [];
      expect(more).toHaveLength(0);
      expect(entry?.token).toBe(text);
      expect(entry?.bytes).toEqual([...new TextEncoder().encode(text)]);
      expect(entry?.logprob).toBeLessThan(0);
      expect(entry?.top_logprobs?.map((item) => item.token)[0]).toBe(text);
      expect(entry?.top_logprobs).toHaveLength(3);
      const top = entry?.top_logprobs?.map((item) => item.logprob) ?? [];
      expect(top).toEqual([...top].sort((a, b) => b - a));
    }
    // Chunks without text (the role chunk, the finish) and requests without logprobs carry null.
    expect(
      chunks.filter((chunk) => !chunk.choices[0]?.delta?.content).every((c) => !c.choices[0]?.logprobs),
    ).toBe(true);
    const plain = chunksOf(await streamEvents({ model: 'mock/text' }));
    expect(plain.every((chunk) => (chunk.choices[0]?.logprobs ?? null) === null)).toBe(true);
  });

  test('non-streaming: one entry per token, spelling the message out', async () => {
    const completion = (await (await post({ model: 'mock/text', logprobs: true })).json()) as ChatCompletion;
    const choice = completion.choices[0];
    const tokens = choice?.logprobs?.content ?? [];
    expect(tokens.map((entry) => entry.token).join('')).toBe(choice?.message.content);
    expect(tokens.every((entry) => entry.top_logprobs?.length === 0)).toBe(true);
  });
});

describe('reasoning', () => {
  test('reasoning text twice (reasoning and reasoning_details), a late signature, then content', async () => {
    const chunks = chunksOf(await streamEvents({ reasoning: { effort: 'medium' } }));
    const all = deltas(chunks);
    const reasoning = all.map((delta) => delta.reasoning ?? '').join('');
    const details = all.flatMap((delta) => delta.reasoning_details ?? []);
    expect(reasoning.length).toBeGreaterThan(40);
    expect(
      details.map((detail) => (detail.type === 'reasoning.text' ? (detail.text ?? '') : '')).join(''),
    ).toBe(reasoning);
    const signatureAt = details.findIndex((detail) => detail.type === 'reasoning.text' && detail.signature);
    expect(signatureAt).toBe(details.length - 1);
    expect(details[signatureAt]).not.toHaveProperty('text');
    const firstContent = all.findIndex((delta) => delta.content);
    const lastReasoning = all.map((delta) => Boolean(delta.reasoning_details)).lastIndexOf(true);
    expect(firstContent).toBeGreaterThan(lastReasoning);
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  test('non-streaming: merged reasoning_details with the signature', async () => {
    const message = (await completionOf({ model: 'mock/reasoning' })).choices[0]!.message;
    expect(message.reasoning_details).toHaveLength(1);
    expect(message.reasoning_details![0]).toMatchObject({ type: 'reasoning.text', text: message.reasoning });
    expect(message.reasoning_details![0]).toHaveProperty('signature', expect.any(String));
  });

  test('exclude hides the text but bills the tokens; enabled: false turns it off', async () => {
    const excluded = chunksOf(await streamEvents({ reasoning: { exclude: true } }));
    expect(deltas(excluded).some((delta) => delta.reasoning || delta.reasoning_details)).toBe(false);
    expect(excluded.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    const off = chunksOf(await streamEvents({ reasoning: { enabled: false } }));
    expect(off.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });

  test('a max_tokens budget caps the reasoning tokens, streamed or excluded', async () => {
    const reasoningTokens = async (reasoning: NonNullable<ChatCompletionRequest['reasoning']>) =>
      chunksOf(await streamEvents({ reasoning })).at(-1)?.usage?.completion_tokens_details?.reasoning_tokens;
    const unlimited = (await reasoningTokens({ effort: 'high' }))!;
    expect(unlimited).toBeGreaterThan(8);
    expect(await reasoningTokens({ max_tokens: 8 })).toBe(8);
    expect(await reasoningTokens({ max_tokens: 8, exclude: true })).toBe(8);
    expect(await reasoningTokens({ max_tokens: 10_000 })).toBe(unlimited);
    const chunks = chunksOf(await streamEvents({ reasoning: { max_tokens: 3 } }));
    const texts = deltas(chunks).flatMap((delta) => (delta.reasoning ? [delta.reasoning] : []));
    expect(texts).toHaveLength(3);
    // The signature still closes the (shorter) reasoning.
    expect(
      deltas(chunks).some((delta) => delta.reasoning_details?.some((detail) => 'signature' in detail)),
    ).toBe(true);
  });
});

describe('reasoning formats (reasoningFormat)', () => {
  const reasoningOf = (chunks: readonly ChatCompletionChunk[]) => {
    let completion: ChatCompletion | undefined;
    for (const chunk of chunks) completion = accumulateChunk(completion, chunk);
    return completion!.choices[0]!.message;
  };

  test('summary: each sentence whole in reasoning and as a reasoning.summary detail, then encrypted, then content', async () => {
    const chunks = chunksOf(await streamEvents({ model: 'mock/reasoning' }, { reasoningFormat: 'summary' }));
    const all = deltas(chunks);
    const summaries = all.flatMap((delta) =>
      (delta.reasoning_details ?? []).flatMap((detail) =>
        detail.type === 'reasoning.summary' ? [detail] : [],
      ),
    );
    expect(summaries.length).toBeGreaterThan(1);
    // The same text twice, item by item: each summary delta also carries it in `reasoning`.
    for (const delta of all.filter((item) => item.reasoning))
      expect(delta.reasoning_details).toEqual([
        expect.objectContaining({ type: 'reasoning.summary', summary: delta.reasoning, index: 0 }),
      ]);
    expect(summaries.every((detail) => detail.format === 'openai-responses-v1')).toBe(true);
    expect(summaries.slice(0, -1).every((detail) => /[.!?]\n\n$/.test(detail.summary))).toBe(true);
    const details = all.flatMap((delta) => delta.reasoning_details ?? []);
    expect(details.at(-1)).toMatchObject({
      type: 'reasoning.encrypted',
      data: expect.stringMatching(/^gAAAA/),
    });
    expect(details.at(-1)?.id).toBe(summaries[0]?.id);
    expect(all.findIndex((delta) => delta.content)).toBeGreaterThan(
      all.map((delta) => Boolean(delta.reasoning_details)).lastIndexOf(true),
    );
    // Accumulated as WIRE.md says: summaries and the encrypted item appended whole.
    const message = reasoningOf(chunks);
    expect(message.reasoning).toBe(summaries.map((detail) => detail.summary).join(''));
    expect(message.reasoning_details).toEqual(details);
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(10);
    // Non-streaming: the same message.
    const json = await completionOf({ model: 'mock/reasoning', seed: 1 });
    const fromJson = (await (
      await post({ model: 'mock/reasoning', seed: 1 }, { reasoningFormat: 'summary' })
    ).json()) as ChatCompletion;
    expect(json.choices[0]!.message.reasoning_details?.[0]?.type).toBe('reasoning.text');
    const jsonMessage = fromJson.choices[0]!.message;
    expect(jsonMessage.reasoning_details?.map((detail) => detail.type)).toEqual([
      ...summaries.map(() => 'reasoning.summary'),
      'reasoning.encrypted',
    ]);
    expect(jsonMessage.reasoning).toBe(
      jsonMessage.reasoning_details
        ?.map((detail) => (detail.type === 'reasoning.summary' ? detail.summary : ''))
        .join(''),
    );
  });

  test('encrypted: one reasoning.encrypted detail and no reasoning text, its tokens billed', async () => {
    const chunks = chunksOf(
      await streamEvents({ reasoning: { effort: 'low' } }, { reasoningFormat: 'encrypted' }),
    );
    const all = deltas(chunks);
    expect(all.some((delta) => delta.reasoning)).toBe(false);
    const details = all.flatMap((delta) => delta.reasoning_details ?? []);
    expect(details).toEqual([
      {
        type: 'reasoning.encrypted',
        data: expect.stringMatching(/^gAAAA[A-Za-z0-9]+==$/),
        format: 'anthropic-claude-v1',
        index: 0,
      },
    ]);
    expect(reasoningOf(chunks)).toMatchObject({ reasoning_details: details });
    expect(reasoningOf(chunks).reasoning ?? null).toBeNull();
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(10);
    const json = (await (
      await post({ reasoning: { effort: 'low' } }, { reasoningFormat: 'encrypted' })
    ).json()) as ChatCompletion;
    expect(json.choices[0]!.message).toMatchObject({
      reasoning: null,
      reasoning_details: [{ type: 'reasoning.encrypted' }],
    });
  });

  test.each(['summary', 'encrypted'] as const)(
    '%s: a max_tokens budget caps it, exclude hides it',
    async (reasoningFormat) => {
      const usageOf = async (reasoning: NonNullable<ChatCompletionRequest['reasoning']>) =>
        chunksOf(await streamEvents({ reasoning }, { reasoningFormat })).at(-1)?.usage;
      expect((await usageOf({ max_tokens: 8 }))?.completion_tokens_details?.reasoning_tokens).toBe(8);
      const excluded = chunksOf(await streamEvents({ reasoning: { exclude: true } }, { reasoningFormat }));
      expect(deltas(excluded).some((delta) => delta.reasoning || delta.reasoning_details)).toBe(false);
      expect(excluded.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    },
  );

  test.each(['summary', 'encrypted'] as const)(
    '%s: every step of a tool run reasons in that form',
    async (reasoningFormat) => {
      const ask = { role: 'user' as const, content: 'What is the weather in Paris?' };
      const types = (chunks: readonly ChatCompletionChunk[]) => [
        ...new Set(
          deltas(chunks).flatMap((delta) => (delta.reasoning_details ?? []).map((detail) => detail.type)),
        ),
      ];
      const first = chunksOf(
        await streamEvents(
          { messages: [ask], tools: WEATHER_TOOLS, reasoning: { effort: 'low' } },
          { reasoningFormat },
        ),
      );
      const expected =
        reasoningFormat === 'summary'
          ? ['reasoning.summary', 'reasoning.encrypted']
          : ['reasoning.encrypted'];
      expect(types(first)).toEqual(expected);
      const reply = reasoningOf(first);
      expect(reply.tool_calls?.length).toBeGreaterThan(0);
      const followUp = chunksOf(
        await streamEvents(
          {
            messages: [
              ask,
              reply,
              ...reply.tool_calls!.map((call) => ({
                role: 'tool' as const,
                tool_call_id: call.id,
                content: '{"temp":12}',
              })),
            ],
            tools: WEATHER_TOOLS,
            reasoning: { effort: 'low' },
          },
          { reasoningFormat },
        ),
      );
      expect(types(followUp)).toEqual(expected);
      expect(contentOf(followUp)).not.toBe('');
    },
  );
});

describe('tools', () => {
  const ask = { role: 'user' as const, content: 'What is the weather in Paris and Tokyo?' };

  test('parallel calls with interleaved indices and fragmented arguments', async () => {
    const chunks = chunksOf(await streamEvents({ messages: [ask], tools: WEATHER_TOOLS }));
    const fragments = toolFragments(chunks);
    const indices = fragments.map((fragment) => fragment.index);
    expect(indices.slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(fragments.length).toBeGreaterThan(6);
    const starts = fragments.filter((fragment) => fragment.id);
    expect(starts).toHaveLength(2);
    for (const start of starts)
      expect(start).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    const calls = assembledCalls(chunks);
    expect(calls.map((call) => JSON.parse(call.arguments).city)).toEqual(['Paris', 'Tokyo']);
    expect(finishReasons(chunks)).toEqual(['tool_calls']);
  });

  test('each mentioned tool is called; a named tool_choice wins; parallel_tool_calls: false gives one call', async () => {
    const both = assembledCalls(
      chunksOf(
        await streamEvents({
          messages: [{ role: 'user', content: 'Check the weather and search flights from Lyon to Oslo' }],
          tools: WEATHER_TOOLS,
        }),
      ),
    );
    expect(both.map((call) => call.name)).toEqual(['get_weather', 'search_flights']);
    expect(JSON.parse(both[0]!.arguments)).toEqual({ city: 'Lyon', unit: 'celsius' });
    expect(JSON.parse(both[1]!.arguments)).toEqual({ from: 'Lyon', to: 'Oslo', passengers: 3 });

    const named = assembledCalls(
      chunksOf(
        await streamEvents({
          messages: [ask],
          tools: WEATHER_TOOLS,
          tool_choice: { type: 'function', function: { name: 'search_flights' } },
        }),
      ),
    );
    expect(new Set(named.map((call) => call.name))).toEqual(new Set(['search_flights']));

    const single = assembledCalls(
      chunksOf(await streamEvents({ messages: [ask], tools: WEATHER_TOOLS, parallel_tool_calls: false })),
    );
    expect(single).toHaveLength(1);
  });

  test('no call when the prompt does not ask for a tool, or tool_choice is none', async () => {
    const unrelated = chunksOf(
      await streamEvents({ messages: [{ role: 'user', content: 'Write a haiku' }], tools: WEATHER_TOOLS }),
    );
    expect(toolFragments(unrelated)).toHaveLength(0);
    const none = chunksOf(await streamEvents({ messages: [ask], tools: WEATHER_TOOLS, tool_choice: 'none' }));
    expect(toolFragments(none)).toHaveLength(0);
    expect(finishReasons(none)).toEqual(['stop']);
    // The tools model obeys it too; without it, the same request calls a tool.
    const forced = { model: 'mock/tools', messages: [ask], tools: WEATHER_TOOLS };
    expect(finishReasons(chunksOf(await streamEvents(forced)))).toEqual(['tool_calls']);
    const forcedNone = chunksOf(await streamEvents({ ...forced, tool_choice: 'none' }));
    expect(toolFragments(forcedNone)).toHaveLength(0);
    expect(finishReasons(forcedNone)).toEqual(['stop']);
  });

  test('after tool results, an answer that uses them', async () => {
    const chunks = chunksOf(
      await streamEvents({
        tools: WEATHER_TOOLS,
        messages: [
          ask,
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_a',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
              {
                id: 'call_b',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_a', content: '{"temperature":18,"sky":"sunny"}' },
          { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: 'Rain, 12 degrees' }] },
        ],
      }),
    );
    const text = contentOf(chunks);
    expect(text).toContain('get_weather');
    expect(text).toContain('"temperature":18');
    expect(text).toContain('Rain, 12 degrees');
    expect(text).toContain('2 tools');
    expect(toolFragments(chunks)).toHaveLength(0);
    expect(finishReasons(chunks)).toEqual(['stop']);
  });

  test('the closing line says so when the calls were denied or failed', async () => {
    const call = {
      id: 'call_a',
      type: 'function' as const,
      function: { name: 'send_email', arguments: '{}' },
    };
    const answer = async (result: string) =>
      contentOf(
        chunksOf(
          await streamEvents({
            model: 'mock/tools',
            messages: [
              { role: 'user', content: 'Email Ada' },
              { role: 'assistant', content: null, tool_calls: [call] },
              { role: 'tool', tool_call_id: 'call_a', content: result },
            ],
          }),
        ),
      );
    expect(await answer('The user denied this tool call.')).toContain('could not get an answer');
    expect(await answer('Error: the tool failed')).toContain('could not get an answer');
    expect(await answer('{"sent":true}')).toContain('the results above answer your question');
  });

  test('an email recipient is an address, not a place: one call to the person named', async () => {
    const emailTool = {
      type: 'function' as const,
      function: {
        name: 'send_email',
        parameters: {
          type: 'object',
          properties: {
            to: { type: 'string', description: 'Recipient address' },
            subject: { type: 'string' },
          },
        },
      },
    };
    const calls = assembledCalls(
      chunksOf(
        await streamEvents({
          model: 'mock/tools',
          tools: [emailTool],
          messages: [{ role: 'user', content: 'Please send_email to Ada about lunch' }],
        }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.arguments).to).toBe('ada@example.com');
  });

  test('mock/tools with no tools in the request calls a built-in get_weather twice', async () => {
    const message = (await completionOf({ model: 'mock/tools' })).choices[0]!.message;
    expect(message.tool_calls?.map((call) => call.function.name)).toEqual(['get_weather', 'get_weather']);
  });
});

describe('image', () => {
  test('a valid PNG as a data URL in delta.images, sized by image_config.aspect_ratio', async () => {
    const chunks = chunksOf(
      await streamEvents({ modalities: ['image', 'text'], image_config: { aspect_ratio: '16:9' } }),
    );
    const images = deltas(chunks).flatMap((delta) => delta.images ?? []);
    expect(images).toHaveLength(1);
    const url = images[0]!.image_url.url;
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(url.split(',')[1]!, 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width / height).toBeCloseTo(16 / 9, 1);
    const idatLength = png.readUInt32BE(33);
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(height * (1 + width * 3));
  });

  // As in the recorded stream test/fixtures/images.sse: image_tokens 1290 of completion_tokens 1300.
  test('usage bills the image: image_tokens, counted in completion_tokens and the cost', async () => {
    const text = await completionOf({ model: 'mock/text' });
    const image = await completionOf({ modalities: ['image', 'text'] });
    expect(image.choices[0]?.message.images).toHaveLength(1);
    const usage = image.usage!;
    expect(usage.completion_tokens_details?.image_tokens).toBe(1290);
    expect(usage.completion_tokens).toBeGreaterThan(1290);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.cost).toBeGreaterThan(1290 * 0.0000015);
    expect(text.usage?.completion_tokens_details?.image_tokens).toBe(0);
    const streamed = chunksOf(await streamEvents({ modalities: ['image', 'text'] })).at(-1)?.usage;
    expect(streamed).toEqual(usage);
  });

  test('modalities without "text" (an image-only model): the image and no caption', async () => {
    const chunks = chunksOf(await streamEvents({ modalities: ['image'] }));
    expect(deltas(chunks).flatMap((delta) => delta.images ?? [])).toHaveLength(1);
    expect(contentOf(chunks)).toBe('');
    expect(finishReasons(chunks)).toEqual(['stop']);
    const completion = await completionOf({ model: 'mock/image', modalities: ['image'] });
    expect(completion.choices[0]?.message).toMatchObject({ content: null, images: [expect.anything()] });
    expect(completion.usage?.completion_tokens).toBe(1290);
    const captioned = await completionOf({ model: 'mock/image' });
    expect(captioned.choices[0]?.message.content).toMatch(/^Here is an image for/);
  });
});

describe('citations', () => {
  test('url_citation annotations whose indices point at the citing sentences', async () => {
    const chunks = chunksOf(await streamEvents({ plugins: [{ id: 'web' }] }));
    const text = contentOf(chunks);
    const annotations = deltas(chunks).flatMap((delta) => delta.annotations ?? []);
    expect(annotations).toHaveLength(3);
    annotations.forEach((annotation, index) => {
      if (annotation.type !== 'url_citation') throw new Error('expected url_citation');
      const { url, start_index, end_index, title } = annotation.url_citation;
      expect(url).toMatch(/^https:\/\/example\.(com|org|net)\//);
      expect(title).toBeTruthy();
      expect(text.slice(start_index, end_index)).toMatch(new RegExp(`\\[${index + 1}\\]\\.$`));
    });
    const disabled = chunksOf(await streamEvents({ plugins: [{ id: 'web', enabled: false }] }));
    expect(deltas(disabled).some((delta) => delta.annotations)).toBe(false);
  });

  test('max_results of the web plugin caps the sources cited; the text cites only those', async () => {
    for (const [max_results, count] of [
      [1, 1],
      [2, 2],
      [10, 3],
    ]) {
      const completion = await completionOf({ plugins: [{ id: 'web', max_results }] });
      const { annotations = [], content } = completion.choices[0]!.message;
      expect(annotations).toHaveLength(count!);
      expect(String(content).match(/\[\d\]/g)).toEqual(annotations.map((_, index) => `[${index + 1}]`));
    }
  });
});

describe('audio', () => {
  test('audio.data fragments form a WAV; transcript fragments form the text', async () => {
    const chunks = chunksOf(
      await streamEvents({ model: 'mock/audio', messages: [{ role: 'user', content: 'Sing' }] }),
    );
    const audio = deltas(chunks).flatMap((delta) => (delta.audio ? [delta.audio] : []));
    expect(audio.length).toBeGreaterThan(3);
    expect(audio[0]).toMatchObject({ id: expect.stringMatching(/^audio_/), expires_at: expect.any(Number) });
    const wav = Buffer.from(audio.map((part) => part.data ?? '').join(''), 'base64');
    expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(audio.map((part) => part.transcript ?? '').join('')).toContain('Sing');
    const message = (await completionOf({ modalities: ['text', 'audio'] })).choices[0]!.message;
    expect(message.content).toBeNull();
    expect(message.audio?.data).toMatch(/^UklGR/); // "RIFF" in base64
  });
});

describe('json', () => {
  test('json_schema: valid JSON with every required property of the right type, in pieces', async () => {
    const chunks = chunksOf(await streamEvents({ response_format: RECIPE_FORMAT }));
    expect(deltas(chunks).filter((delta) => delta.content).length).toBeGreaterThan(5);
    const value = JSON.parse(contentOf(chunks)) as Record<string, unknown>;
    expect(value).toEqual({
      title: expect.any(String),
      servings: 3,
      difficulty: 'easy',
      vegetarian: true,
      ingredients: expect.arrayContaining([{ name: expect.any(String), grams: expect.any(Number) }]),
      notes: expect.any(String),
    });
  });

  test("json_schema: a property's `examples` (first entry) or `default` is used as its value", async () => {
    const ingredients = [
      { name: 'Flour', grams: 250 },
      { name: 'Milk', grams: 500 },
    ];
    const schema = RECIPE_FORMAT.type === 'json_schema' ? RECIPE_FORMAT.json_schema.schema : undefined;
    const properties = { ...(schema?.properties as Record<string, object>) };
    const format = {
      type: 'json_schema' as const,
      json_schema: {
        name: 'recipe',
        schema: {
          ...schema,
          properties: {
            ...properties,
            title: { type: 'string', examples: ['Crêpes', 'Waffles'] },
            servings: { type: 'integer', default: 4 },
            ingredients: { ...properties.ingredients, examples: [ingredients] },
          },
        },
      },
    };
    const value = JSON.parse(contentOf(chunksOf(await streamEvents({ response_format: format }))));
    expect(value).toMatchObject({ title: 'Crêpes', servings: 4, difficulty: 'easy', ingredients });
  });

  test('json_object and mock/json without a schema: a JSON object', async () => {
    for (const body of [{ response_format: { type: 'json_object' as const } }, { model: 'mock/json' }]) {
      const value = JSON.parse(contentOf(chunksOf(await streamEvents(body))));
      expect(value).toMatchObject({ answer: expect.any(String) });
    }
  });
});

describe('splitPoint (where the fault scenarios cut a reply)', () => {
  const token = (text: string): MockStep => ({
    type: 'delta',
    kind: 'content',
    delta: { content: text },
    tokens: 1,
  });
  const pause: MockStep = { type: 'keep-alive', pause: 1 };

  it('cuts right after the step that reaches the fraction of the tokens', () => {
    const steps = Array.from({ length: 10 }, (_, index) => token(String(index)));
    expect(splitPoint(steps, 0.5)).toBe(5);
    expect(splitPoint(steps, 0.4)).toBe(4);
    expect(splitPoint([pause, ...steps], 0.5)).toBe(6);
  });

  it('sends at least one token, however small the fraction (a plan without tokens goes whole)', () => {
    expect(splitPoint([pause, token('a'), token('b')], 0.4)).toBe(2);
    expect(splitPoint([pause, pause], 0.4)).toBe(2);
  });
});

describe('max tokens', () => {
  test.each(['max_completion_tokens', 'max_tokens'])(
    '%s cuts the reply with finish_reason "length"',
    async (field) => {
      const chunks = chunksOf(await streamEvents({ [field]: 7 }));
      expect(finishReasons(chunks)).toEqual(['length']);
      expect(chunks.at(-1)?.usage?.completion_tokens).toBe(7);
      expect(deltas(chunks).filter((delta) => delta.content).length).toBe(7);
    },
  );
});

describe('stop sequences', () => {
  const START = '## Hello there\n\nYou asked: “Hello there”. This is the ';

  test('the reply ends before the first stop sequence, with finish_reason "stop", stream and JSON alike', async () => {
    // "mock endpoint" spans two chunks (" **mock", " endpoint**"); "**" comes first.
    for (const [stop, content] of [
      [['zzz', 'mock endpoint'], `${START}**`],
      ['mock endpoint', `${START}**`],
      [['mock endpoint', '**'], START],
    ] satisfies [string | string[], string][]) {
      const chunks = chunksOf(await streamEvents({ stop }));
      expect(contentOf(chunks)).toBe(content);
      expect(finishReasons(chunks)).toEqual(['stop']);
      const sent = deltas(chunks).filter((delta) => delta.content).length;
      expect(chunks.at(-1)?.usage?.completion_tokens).toBe(sent);
      const completion = await completionOf({ stop });
      expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content } });
    }
  });

  test('a stop sequence the reply never reaches, or after the token limit, changes nothing', async () => {
    const whole = contentOf(chunksOf(await streamEvents({})));
    expect(contentOf(chunksOf(await streamEvents({ stop: ['not in the reply', ''] })))).toBe(whole);
    const limited = chunksOf(await streamEvents({ stop: 'mock endpoint', max_completion_tokens: 3 }));
    expect(finishReasons(limited)).toEqual(['length']);
  });

  test('a stop sequence in the preface of a tool call ends the reply there, without the calls', async () => {
    const completion = await completionOf({ model: 'mock/tools', stop: ['check'] });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Let me ' } });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
  });
});

describe('slow', () => {
  test('a long reply, slower pacing and keep-alive comments between tokens', async () => {
    const events = await streamEvents({ model: 'mock/slow' });
    const firstData = events.findIndex((event) => event.type === 'data');
    const laterComments = events.slice(firstData).filter((event) => event.type === 'comment');
    expect(laterComments.length).toBeGreaterThanOrEqual(3);
    expect(contentOf(chunksOf(events)).length).toBeGreaterThan(1000);
    const reply = createMockReply(
      { model: 'mock/slow', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      { tokenDelayMs: 10 },
    );
    if (reply.type !== 'stream') throw new Error('expected a stream');
    const delays = reply.events.map((event) => event.delayMs);
    expect(delays).toContain(30);
    expect(delays).toContain(360);
  });
});

describe('xss: the tool round trip', () => {
  test('the hostile reply calls its tool once; given the result, the model answers', async () => {
    const first = chunksOf(await streamEvents({ model: 'mock/xss' }));
    expect(assembledCalls(first)).toHaveLength(1);
    const [call] = assembledCalls(first);
    const answer = chunksOf(
      await streamEvents({
        model: 'mock/xss',
        messages: [
          { role: 'user', content: 'Attack' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: call!.id!,
                type: 'function',
                function: { name: call!.name!, arguments: call!.arguments },
              },
            ],
          },
          { role: 'tool', tool_call_id: call!.id!, content: 'Error: Unknown tool "render_html".' },
        ],
      }),
    );
    expect(toolFragments(answer)).toHaveLength(0);
    expect(finishReasons(answer)).toEqual(['stop']);
    expect(contentOf(answer)).toContain('render_html');
  });
});

describe('faults', () => {
  test('error-midstream: text, then an error chunk with finish_reason "error", then the end', async () => {
    const events = await streamEvents({ model: 'mock/error-midstream' });
    const chunks = chunksOf(events);
    const last = chunks.at(-1)!;
    expect(last.error).toMatchObject({ code: 502, message: expect.any(String) });
    expect(last.choices[0]?.finish_reason).toBe('error');
    expect(contentOf(chunks).length).toBeGreaterThan(20);
    expect(events.at(-1)).toEqual({ type: 'data', data: JSON.stringify(last) });
    const completion = await completionOf({ model: 'mock/error-midstream' });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'error', error: { code: 502 } });
  });

  test('truncated: content, then the stream closes without finish_reason or [DONE]', async () => {
    const events = await streamEvents({ model: 'mock/truncated' });
    const chunks = chunksOf(events);
    expect(contentOf(chunks).length).toBeGreaterThan(20);
    expect(finishReasons(chunks)).toEqual([]);
    expect(events.some((event) => event.type === 'data' && event.data === '[DONE]')).toBe(false);
    const body = await (await post({ model: 'mock/truncated' })).text();
    expect(() => JSON.parse(body)).toThrow();
  });

  const weatherAsk = {
    messages: [{ role: 'user' as const, content: 'What is the weather in Paris and Tokyo?' }],
    tools: WEATHER_TOOLS,
  };

  test('error-midstream-tools: calls start as in mock/tools, the error chunk comes halfway through the first call’s arguments', async () => {
    const response = await post({ ...weatherAsk, model: 'mock/error-midstream-tools', stream: true });
    const text = await response.clone().text();
    const events = await readSse(response);
    // Framed as WIRE.md says: keep-alive comments first, one JSON object per LF-ended data line.
    expect(text.startsWith(': OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {')).toBe(true);
    expect(text).not.toContain('\r');
    for (const block of text.split('\n\n').filter(Boolean)) expect(block.split('\n')).toHaveLength(1);
    const data = events.flatMap((event) => (event.type === 'data' ? [event.data] : []));
    expect(data).not.toContain('[DONE]');
    const chunks = data.map((line) => JSON.parse(line) as ChatCompletionChunk);
    // The error chunk is the last event: nothing follows it.
    const last = chunks.at(-1)!;
    expect(events.at(-1)).toEqual({ type: 'data', data: JSON.stringify(last) });
    expect(last.error).toMatchObject({ code: 502, message: expect.any(String) });
    expect(last.choices[0]?.finish_reason).toBe('error');
    expect(finishReasons(chunks)).toEqual(['error']);
    expect(chunks.filter((chunk) => chunk.error)).toHaveLength(1);
    expect(contentOf(chunks)).toBe('Let me check that with `get_weather`.');

    // The same calls as mock/tools, the first one's arguments cut partway: not JSON.
    const full = assembledCalls(chunksOf(await streamEvents({ ...weatherAsk, model: 'mock/tools' })));
    const calls = assembledCalls(chunks);
    expect(calls.map((call) => call.name)).toEqual(full.map((call) => call.name));
    const [first] = calls;
    expect(first?.id).toMatch(/^call_/);
    expect(first!.arguments.length).toBeGreaterThan(0);
    expect(first!.arguments.length).toBeLessThan(full[0]!.arguments.length);
    expect(full[0]!.arguments.startsWith(first!.arguments)).toBe(true);
    expect(() => JSON.parse(first!.arguments)).toThrow();

    // Without `stream`: the same cut call, and the error in `choices[0]`.
    const completion = await completionOf({ ...weatherAsk, model: 'mock/error-midstream-tools' });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'error', error: { code: 502 } });
    expect(completion.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe(first!.arguments);
  });

  test('error-midstream-tools: without tools it cuts the built-in get_weather; with tool_choice "none", text', async () => {
    const bare = chunksOf(await streamEvents({ model: 'mock/error-midstream-tools' }));
    const [call] = assembledCalls(bare);
    expect(call?.name).toBe('get_weather');
    expect(() => JSON.parse(call!.arguments)).toThrow();
    expect(bare.at(-1)?.error?.code).toBe(502);
    const none = chunksOf(
      await streamEvents({ ...weatherAsk, model: 'mock/error-midstream-tools', tool_choice: 'none' }),
    );
    expect(toolFragments(none)).toEqual([]);
    expect(contentOf(none).length).toBeGreaterThan(20);
    expect(none.at(-1)?.error?.code).toBe(502);
  });

  test('truncated-tools: the same cut call, then the stream closes without finish_reason or [DONE]', async () => {
    const events = await streamEvents({ ...weatherAsk, model: 'mock/truncated-tools' });
    const chunks = chunksOf(events);
    const cut = assembledCalls(
      chunksOf(await streamEvents({ ...weatherAsk, model: 'mock/error-midstream-tools' })),
    );
    expect(assembledCalls(chunks)).toEqual(cut);
    expect(finishReasons(chunks)).toEqual([]);
    expect(chunks.some((chunk) => chunk.error)).toBe(false);
    expect(events.some((event) => event.type === 'data' && event.data === '[DONE]')).toBe(false);
    const body = await (await post({ ...weatherAsk, model: 'mock/truncated-tools' })).text();
    expect(() => JSON.parse(body)).toThrow();
  });

  test.each(['mock/error-midstream-tools', 'mock/truncated-tools'])(
    '%s answers from tool results, as mock/tools does',
    async (model) => {
      const answer = chunksOf(await streamEvents({ ...BEHAVIOUR_REQUESTS['auto tool results'], model }));
      expect(toolFragments(answer)).toEqual([]);
      expect(finishReasons(answer)).toEqual(['stop']);
      expect(contentOf(answer)).toContain('sunny');
    },
  );

  test('invalid-chunk: exactly one data line that is not JSON inside an otherwise normal stream', async () => {
    const events = await streamEvents({ model: 'mock/invalid-chunk' });
    const data = events.flatMap((event) =>
      event.type === 'data' && event.data !== '[DONE]' ? [event.data] : [],
    );
    const invalid = data.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(invalid).toHaveLength(1);
    expect(data.indexOf(invalid[0]!)).toBeGreaterThan(3);
    expect(events.at(-1)).toEqual({ type: 'data', data: '[DONE]' });
  });
});

describe('xss', () => {
  test('hostile payloads in content, images, reasoning, tool arguments and citations', async () => {
    const chunks = chunksOf(await streamEvents({ model: 'mock/xss' }));
    const text = contentOf(chunks);
    for (const payload of [
      '<script>',
      'javascript:',
      'data:text/html',
      'onerror=',
      '<iframe',
      'data:image/svg+xml',
    ]) {
      expect(text).toContain(payload);
    }
    const images = deltas(chunks).flatMap((delta) => delta.images ?? []);
    expect(images.some((image) => image.image_url.url.startsWith('data:image/svg+xml'))).toBe(true);
    expect(
      deltas(chunks)
        .map((delta) => delta.reasoning ?? '')
        .join(''),
    ).toContain('<script>');
    const [call] = assembledCalls(chunks);
    expect(JSON.parse(call!.arguments)).toMatchObject({ html: expect.stringContaining('<img') });
    const annotation = deltas(chunks).flatMap((delta) => delta.annotations ?? [])[0];
    expect(annotation).toMatchObject({ url_citation: { url: expect.stringMatching(/^javascript:/) } });
  });
});
