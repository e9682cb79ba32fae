#!/usr/bin/env node
// Item 1, wire throughput (Node): the same ~3.7 MB recorded-style stream, cut into the same
// TCP-sized pieces, through ours (decode + accumulate), the official `openai` client's
// `chat.completions.stream(...).finalChatCompletion()`, and a floor (split events, JSON.parse each
// data line, append). Medians of interleaved rounds, no GC forced between them (bench/README.md says
// why). Run alone: `node bench/wire/wire.mjs`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { median, round, settle } from '../lib/stats.mjs';
import { generateStream } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.env.BENCH_WIRE_ROUNDS ?? 15);
const WARMUP = 3;

const stream = generateStream();
const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true };

/** A fresh streaming Response over the same pieces, one piece per read. */
function createResponse() {
  let at = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (at < stream.pieces.length) controller.enqueue(stream.pieces[at++]);
      else controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'x-generation-id': 'gen-bench' },
  });
}
const fetchStream = async () => createResponse();

/** The floor: split events on blank lines, JSON.parse each data line, append the fragments. */
async function runFloor() {
  const reader = createResponse().body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let content = '';
  let reasoning = '';
  const tools = [];
  let finish = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n', start)) {
      const line = buffer.slice(start, end);
      start = end + 2;
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const chunk = JSON.parse(line.slice(6));
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta;
      if (delta.content) content += delta.content;
      if (delta.reasoning) reasoning += delta.reasoning;
      if (delta.tool_calls) {
        for (const call of delta.tool_calls) {
          tools[call.index] ??= { id: call.id, name: call.function?.name, arguments: '' };
          tools[call.index].arguments += call.function?.arguments ?? '';
        }
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    buffer = buffer.slice(start);
  }
  return { content, reasoning, toolArguments: tools.map((tool) => tool.arguments), finish };
}

/** The official `openai` client with its fetch injected. */
const openai = new OpenAI({
  apiKey: 'sk-bench',
  baseURL: 'http://127.0.0.1:9/api/v1',
  fetch: fetchStream,
  maxRetries: 0,
});
async function runOpenai() {
  const completion = await openai.chat.completions.stream(request).finalChatCompletion();
  const message = completion.choices[0].message;
  return {
    content: message.content,
    toolArguments: (message.tool_calls ?? []).map((call) => call.function.arguments),
    finish: completion.choices[0].finish_reason,
  };
}

/** Ours, through the most public path the built package offers. */
async function loadOurs() {
  const entry = join(root, 'dist/core.js');
  if (!existsSync(entry)) return undefined;
  const core = await import(pathToFileURL(entry).href);
  const summarize = (completion) => {
    const message = completion.choices[0].message;
    return {
      content: message.content,
      reasoning: message.reasoning,
      toolArguments: (message.tool_calls ?? []).map((call) => call.function.arguments),
      finish: completion.choices[0].finish_reason,
    };
  };
  if (typeof core.createChatClient === 'function') {
    const client = core.createChatClient({
      apiKey: 'sk-bench',
      baseUrl: 'http://127.0.0.1:9/api/v1',
      fetch: fetchStream,
    });
    if (typeof client.stream === 'function') {
      return {
        path: 'collectCompletion(client.stream(request))',
        run: async () => summarize(await core.collectCompletion(client.stream(request))),
      };
    }
  }
  if (typeof core.decodeChatStream === 'function') {
    return {
      path: 'decodeChatStream + accumulateChunk',
      run: async () => {
        let completion;
        for await (const chunk of core.decodeChatStream(createResponse().body)) {
          completion = core.accumulateChunk(completion, chunk);
        }
        return summarize(completion);
      },
    };
  }
  return undefined;
}

function check(name, result) {
  const { expected } = stream;
  const problems = [];
  if (result.content !== expected.content) problems.push('content');
  if (result.reasoning !== undefined && result.reasoning !== expected.reasoning) problems.push('reasoning');
  if (JSON.stringify(result.toolArguments) !== JSON.stringify(expected.toolArguments))
    problems.push('tool arguments');
  if (result.finish !== 'tool_calls') problems.push(`finish_reason ${result.finish}`);
  if (problems.length > 0)
    throw new Error(`wire bench: ${name} decoded a different message (${problems.join(', ')})`);
}

async function time(run) {
  await settle(5);
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function runWireBench() {
  const ours = await loadOurs();
  const cases = [
    { name: 'floor', run: runFloor },
    { name: 'openai', run: runOpenai },
    ...(ours ? [{ name: 'ours', run: ours.run }] : []),
  ];
  for (const item of cases) check(item.name, await item.run());
  for (let i = 0; i < WARMUP; i++) for (const item of cases) await item.run();
  const samples = Object.fromEntries(cases.map((item) => [item.name, []]));
  for (let i = 0; i < ROUNDS; i++) {
    // Rotate the order so no case always runs right after the same neighbour.
    for (let j = 0; j < cases.length; j++) {
      const item = cases[(i + j) % cases.length];
      samples[item.name].push(await time(item.run));
    }
  }
  const ms = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  return {
    bytes: stream.bytes.length,
    pieces: stream.pieces.length,
    chunks: stream.expected.chunks,
    rounds: ROUNDS,
    oursPath: ours?.path ?? null,
    medianMs: ms,
    mbPerSecond: Object.fromEntries(
      Object.entries(ms).map(([name, value]) => [name, round(stream.bytes.length / 1e6 / (value / 1000))]),
    ),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runWireBench();
  console.log(JSON.stringify(result, null, 2));
}
