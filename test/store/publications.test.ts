import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ChatMessage,
  type ChatState,
  type ChatStoreApi,
  createChatStore,
  selectLastAssistantMessage,
} from '../../src/store/index.js';
import {
  createFakeClient,
  deltaChunk,
  finishChunk,
  installFakeFrames,
  textChunk,
  tick,
  toolCallChunks,
  usage,
} from './helpers.js';

/** Every store publication, in order, with the frame that paints it. */
interface Publication {
  state: ChatState;
  previous: ChatState;
  frame: number;
}

function recordPublications(store: ChatStoreApi, clock?: { frame: number; inFrame: boolean }) {
  const list: Publication[] = [];
  store.subscribe((state, previous) => {
    const frame = clock ? clock.frame + (clock.inFrame ? 0 : 1) : 0;
    list.push({ state, previous, frame });
  });
  return list;
}

/**
 * A store on a fake client in a page with fake animation frames, its publications recorded with
 * the frame that paints each: "go" is sent and its stream opened.
 */
async function sendWithFrames() {
  const frames = installFakeFrames();
  const fake = createFakeClient();
  const store = createChatStore({ client: fake.client });
  const publications = recordPublications(store, frames.clock);
  const sent = store.getState().send('go');
  const live = await fake.stream(0);
  return { frames, store, publications, sent, live };
}

const replyOf = (state: ChatState): ChatMessage | undefined => selectLastAssistantMessage(state);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('store publications', () => {
  it('one publication creates the reply with its first token and the streaming status', async () => {
    const { frames, store, publications, sent, live } = await sendWithFrames();
    // The frame that paints the user's message.
    frames.run();
    // A role-only chunk and an empty content show nothing: they wait for the first token.
    live.push(deltaChunk({ content: '' }));
    await tick();
    expect(replyOf(store.getState())).toBeUndefined();
    live.push(textChunk('Hel'));
    await tick();

    expect(publications).toHaveLength(2);
    const [submit, first] = publications as [Publication, Publication];
    // The submit: the user message and 'submitted' together.
    expect(submit.previous.ids).toHaveLength(0);
    expect(submit.state.ids).toHaveLength(1);
    expect(submit.state.status).toBe('submitted');
    // The first token: the new message, its content and 'streaming' together.
    expect(replyOf(first.previous)).toBeUndefined();
    expect(replyOf(first.state)).toMatchObject({ status: 'streaming', content: 'Hel' });
    expect(first.state.status).toBe('streaming');
    expect(first.state.ids).toHaveLength(2);
    expect(replyOf(first.state)?.timing?.firstTokenAt).toBeTypeOf('number');
    // The frame that paints it publishes nothing.
    expect(frames.run()).toBe(1);
    expect(publications).toHaveLength(2);

    live.push(finishChunk());
    live.end();
    await sent;
  });

  it('a first token that comes before the user message is painted waits for the next frame', async () => {
    const { frames, store, publications, sent, live } = await sendWithFrames();
    live.push(textChunk('Hel'));
    await tick();
    const arrivedAt = Date.now();
    expect(publications).toHaveLength(1);
    live.push(textChunk('lo'));
    await tick();
    // The frame that paints the user's message publishes nothing more.
    frames.run();
    expect(publications).toHaveLength(1);
    frames.run();
    expect(publications).toHaveLength(2);
    const [submit, first] = publications as [Publication, Publication];
    expect(submit.state.status).toBe('submitted');
    expect(first.state.status).toBe('streaming');
    expect(first.frame).toBe(submit.frame + 1);
    expect(replyOf(first.state)).toMatchObject({ status: 'streaming', content: 'Hello' });
    // The time to first token is when it came, not when it was shown.
    expect(replyOf(first.state)?.timing?.firstTokenAt).toBeLessThanOrEqual(arrivedAt);
    live.push(finishChunk());
    live.end();
    await sent;
    expect(replyOf(store.getState())).toMatchObject({ status: 'done', content: 'Hello' });
  });

  it('the last publication of a finished reply carries idle, the final message and the usage totals', async () => {
    const { frames, publications, sent, live } = await sendWithFrames();
    frames.run();
    live.push(textChunk('Hello'));
    await tick();
    live.push(textChunk(' world'), finishChunk('stop', usage(5, 2, 0.01)));
    live.end();
    await sent;
    await tick();

    const last = publications.at(-1) as Publication;
    expect(last.previous.status).toBe('streaming');
    expect(last.state.status).toBe('idle');
    expect(replyOf(last.state)).toMatchObject({
      status: 'done',
      content: 'Hello world',
      finishReason: 'stop',
    });
    expect(last.state.usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, cost: 0.01 });
    // Status changes: submit, first token, end. Nothing else was published.
    expect(publications.map((publication) => publication.state.status)).toEqual([
      'submitted',
      'streaming',
      'idle',
    ]);
  });

  it('a store that reports idle is free: a send from a subscriber or from onFinish starts at once', async () => {
    const fake = createFakeClient(
      [textChunk('one'), finishChunk()],
      [textChunk('two'), finishChunk()],
      [textChunk('three'), finishChunk()],
    );
    let followed = false;
    const store = createChatStore({
      client: fake.client,
      whenBusy: 'reject',
      onFinish: ({ message }) => {
        if (message.content === 'two') void store.getState().send('from onFinish');
      },
      onError: (error) => {
        throw error;
      },
    });
    store.subscribe((state, previous) => {
      if (!followed && previous.status === 'streaming' && state.status === 'idle') {
        followed = true;
        void store.getState().send('from a subscriber');
      }
    });
    await store.getState().send('go');
    for (let attempt = 0; attempt < 50 && fake.requests.length < 3; attempt++) await tick(1);
    await tick();
    expect(fake.requests).toHaveLength(3);
    const texts = store
      .getState()
      .ids.map((id) => store.getState().messages[id]?.content)
      .filter((content) => typeof content === 'string');
    expect(texts).toEqual(['go', 'one', 'from a subscriber', 'two', 'from onFinish', 'three']);
    expect(store.getState().status).toBe('idle');
  });

  it('a reply with tool calls is not idle at its final write: the tool step follows', async () => {
    const fake = createFakeClient(toolCallChunks([{ id: 'c1', name: 'lookup', args: '{"q":"x"}' }]), [
      textChunk('answer'),
      finishChunk(),
    ]);
    const store = createChatStore({
      client: fake.client,
      tools: [{ name: 'lookup', parameters: { type: 'object' }, execute: () => 'found' }],
    });
    const statuses: string[] = [];
    store.subscribe((state, previous) => {
      if (state.status !== previous.status) statuses.push(state.status);
    });
    await store.getState().send('go');
    expect(statuses).toEqual(['submitted', 'streaming', 'submitted', 'streaming', 'idle']);
    expect(replyOf(store.getState())).toMatchObject({ status: 'done', content: 'answer' });
  });

  it('a 1,000-chunk stream publishes at most once per frame, the submit included', async () => {
    const { frames, publications, sent, live } = await sendWithFrames();
    live.push(deltaChunk({ content: '' }));
    let expected = '';
    for (let index = 0; index < 1000; index++) {
      const token = `t${index} `;
      expected += token;
      live.push(textChunk(token));
      // One chunk per task; a frame now and then, at an irregular pace.
      await new Promise((resolve) => setImmediate(resolve));
      if (index % 7 === 3 || index % 11 === 5) frames.run();
    }
    live.push(finishChunk());
    live.end();
    await sent;

    const [submit, ...rest] = publications;
    expect(submit?.state.status).toBe('submitted');
    const perFrame = new Map<number, number>();
    for (const publication of publications)
      perFrame.set(publication.frame, (perFrame.get(publication.frame) ?? 0) + 1);
    expect(Math.max(...perFrame.values())).toBe(1);
    // Frames did publish the stream, not just the first and last writes.
    expect(rest.length).toBeGreaterThan(100);
    expect(rest.length).toBeLessThanOrEqual(frames.clock.frame + 1);
    const last = publications.at(-1) as Publication;
    expect(last.state.status).toBe('idle');
    expect(replyOf(last.state)).toMatchObject({ status: 'done', content: expected });
  });
});

describe('store publications from the core client', () => {
  it('a message once published never changes afterwards', async () => {
    const frames = installFakeFrames();
    let body!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        body = controller;
      },
    });
    const fetch = async () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    const store = createChatStore({ clientOptions: { fetch, maxRetries: 0 } });
    const seen: { message: ChatMessage; json: string }[] = [];
    store.subscribe((state) => {
      const reply = replyOf(state);
      if (reply) seen.push({ message: reply, json: JSON.stringify(reply) });
    });
    const sent = store.getState().send('go');
    const chunks = [
      ...['Think', 'ing', ' hard'].map((text) =>
        deltaChunk({ reasoning: text, reasoning_details: [{ type: 'reasoning.text', text, index: 0 }] }),
      ),
      ...['Hello', ' there', ',', ' friend'].map(textChunk),
      ...toolCallChunks([
        { id: 'call_1', name: 'weather', args: '{"city":"Paris"}' },
        { id: 'call_2', name: 'time', args: '{"zone":"CET"}' },
      ]),
    ];
    const encoder = new TextEncoder();
    for (const [index, chunk] of chunks.entries()) {
      body.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      await tick();
      // A frame every third chunk: the chunks between are accumulated unseen.
      if (index % 3 === 2) frames.run();
    }
    body.enqueue(encoder.encode('data: [DONE]\n\n'));
    body.close();
    await sent;

    expect(seen.length).toBeGreaterThan(3);
    expect(seen.length).toBeLessThan(chunks.length);
    for (const { message, json } of seen) expect(JSON.stringify(message)).toBe(json);
    const final = replyOf(store.getState())!;
    expect(final).toMatchObject({
      content: 'Hello there, friend',
      reasoning: 'Thinking hard',
      reasoning_details: [{ type: 'reasoning.text', text: 'Thinking hard', index: 0 }],
    });
    expect(final).toMatchObject({
      tool_calls: [
        { id: 'call_1', function: { arguments: '{"city":"Paris"}' } },
        { id: 'call_2', function: { arguments: '{"zone":"CET"}' } },
      ],
    });
  });
  it('hands every chunk to onChunk in order; a stop from onChunk ends the reading and keeps the partial reply', async () => {
    let body!: ReadableStreamDefaultController<Uint8Array>;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        body = controller;
      },
      cancel: () => {
        cancelled = true;
      },
    });
    const fetch = async () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    const received: string[] = [];
    const store = createChatStore({
      clientOptions: { fetch, maxRetries: 0 },
      throttleMs: 0,
      onChunk: (chunk) => {
        const content = chunk.choices[0]?.delta?.content;
        if (typeof content === 'string') received.push(content);
        if (content === ' three') store.getState().stop();
      },
    });
    const sent = store.getState().send('go');
    const encoder = new TextEncoder();
    // Two chunks in one read, then one per read: the callback sees each as it is decoded.
    body.enqueue(
      encoder.encode(
        `data: ${JSON.stringify(textChunk('one'))}\n\ndata: ${JSON.stringify(textChunk(' two'))}\n\n`,
      ),
    );
    await tick();
    expect(received).toEqual(['one', ' two']);
    expect(replyOf(store.getState())).toMatchObject({ status: 'streaming', content: 'one two' });
    body.enqueue(
      encoder.encode(
        `data: ${JSON.stringify(textChunk(' three'))}\n\ndata: ${JSON.stringify(textChunk(' four'))}\n\n`,
      ),
    );
    await sent;
    // The stop came inside the callback for ' three': ' four', in the same read, is not handed on.
    expect(received).toEqual(['one', ' two', ' three']);
    expect(cancelled).toBe(true);
    // The partial reply holds what had arrived when the stop came.
    expect(replyOf(store.getState())).toMatchObject({ status: 'incomplete', content: 'one two three' });
    expect(store.getState().status).toBe('idle');
  });
  it('a server that answers a stream request with JSON still gives the whole reply', async () => {
    const completion = {
      id: 'gen-json',
      object: 'chat.completion',
      created: 1,
      model: 'test/model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'All at once.' }, finish_reason: 'stop' }],
      usage: usage(3, 4),
    };
    const fetch = async () =>
      new Response(JSON.stringify(completion), { headers: { 'content-type': 'application/json' } });
    const chunks: unknown[] = [];
    const store = createChatStore({
      clientOptions: { fetch, maxRetries: 0 },
      onChunk: (chunk) => chunks.push(chunk),
    });
    await store.getState().send('go');
    expect(chunks).toHaveLength(1);
    expect(replyOf(store.getState())).toMatchObject({
      status: 'done',
      content: 'All at once.',
      finishReason: 'stop',
    });
    expect(store.getState().usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
  });
});
