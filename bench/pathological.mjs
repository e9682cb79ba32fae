#!/usr/bin/env node
// Item 6, pathological inputs (Node): inputs crafted against our parsers (the ones the tests feed
// them for correctness), each timed through the built package against a linear floor on the same
// bytes, measured in the same run: a regex-free scan (indexOf, charCodeAt), a plain JSON.parse,
// doing the least of the same job. The ratio is what the crafted input costs us beyond reading it
// once; quadratic code is thousands of times the floor here. Run alone:
// `node bench/pathological.mjs [part of a row's name]` (needs dist/: `npx vite build`), or
// `node bench/run.mjs --only=pathological` for its rows of the table.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, round, settle } from './lib/stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_PATHOLOGICAL_ROUNDS ?? 9);
/** Each sample repeats its function until it has run this long (a floor of 0.1 ms is all noise). */
const SAMPLE_MS = 20;

const encoder = new TextEncoder();
const textChunk = (content, finish = null) => ({
  id: 'gen-bench',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'bench/model',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
});
const event = (chunk) => `data: ${JSON.stringify(chunk)}\n\n`;

/** A body over the given pieces, one piece per read. */
function bodyOf(pieces) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at < pieces.length) controller.enqueue(pieces[at++]);
      else controller.close();
    },
  });
}

/** The floor of an SSE body: decode every read, cut lines with indexOf, JSON.parse each `data:` line. */
async function floorSse(pieces) {
  const reader = bodyOf(pieces).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const chunks = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    if (text.startsWith('data: ', start)) chunks.push(JSON.parse(text.slice(start + 6, end)));
    start = end + 1;
  }
  return chunks;
}

/** The floor of reading an HTML page: a regex-free pass that finds the title or the text outside tags. */
function floorPage(page) {
  const title = page.indexOf('<title');
  if (title >= 0) {
    const open = page.indexOf('>', title);
    if (open >= 0) return page.slice(open + 1, page.indexOf('<', open) >>> 0).trim();
  }
  let text = '';
  let inTag = false;
  for (let index = 0; index < page.length; index++) {
    const code = page.charCodeAt(index);
    if (code === 60) inTag = true;
    else if (code === 62) inTag = false;
    else if (!inTag && text.length < 300) text += page[index];
  }
  return text.trim();
}

/** The floor of reading a reply aloud: white space runs collapsed, regex-free, cut at 1,000 characters. */
function floorWords(text) {
  let words = '';
  let space = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char.trim() === '') space = true;
    else {
      if (space && words) words += ' ';
      space = false;
      if (words.length < 1000) words += char;
    }
  }
  return words;
}

/** The floor of rendering text shown as it is: one regex-free pass escaping it for HTML. */
function floorEscape(text) {
  let html = '';
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 38 || code === 60 || code === 62) {
      html += `${text.slice(from, index)}${code === 38 ? '&amp;' : code === 60 ? '&lt;' : '&gt;'}`;
      from = index + 1;
    }
  }
  return `<div>${html}${text.slice(from)}</div>`;
}

async function loadOurs() {
  const dist = (name) => join(root, 'dist', name);
  for (const name of ['core.js', 'server.js', 'index.js'])
    if (!existsSync(dist(name))) throw new Error(`dist/${name} is missing: build first (npx vite build)`);
  const core = await import(pathToFileURL(dist('core.js')).href);
  const server = await import(pathToFileURL(dist('server.js')).href);
  const main = await import(pathToFileURL(dist('index.js')).href);
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  return { core, server, main, createElement, renderToString };
}

/** The crafted inputs: each with ours, its floor, and a check that both did the job. */
function createCases({ core, server, main, createElement, renderToString }) {
  const decode = async (pieces) => {
    const chunks = [];
    for await (const chunk of core.decodeChatStream(bodyOf(pieces))) chunks.push(chunk);
    return chunks;
  };

  // A generated image: a 3.3 MB data line arriving in 1 KB reads.
  const url = `data:image/png;base64,${'iVBORw0KGgo'.repeat(300_000)}`;
  const imageChunk = textChunk('', 'stop');
  imageChunk.choices[0].delta = { images: [{ type: 'image_url', image_url: { url } }] };
  const imageBytes = encoder.encode(`data: ${JSON.stringify(imageChunk)}\r\n\r\n`);
  const imagePieces = [];
  for (let at = 0; at < imageBytes.length; at += 1024) imagePieces.push(imageBytes.subarray(at, at + 1024));
  const imageUrl = (chunks) => chunks[0]?.choices[0]?.delta?.images?.[0]?.image_url?.url;

  // Two million lines without a colon, then one event, in a single read.
  const junk = [encoder.encode(`${'x\n'.repeat(2_000_000)}${event(textChunk('c', 'stop'))}`)];
  const contentOf = (chunks) => chunks.map((chunk) => chunk.choices[0]?.delta?.content).join('');

  const pages = ['<a'.repeat(50_000), '<script'.repeat(15_000), '<title'.repeat(17_000)];
  const response = new Response(null, { status: 502 });

  const handler = server.createChatHandler({ apiKey: 'sk-bench', fetch: async () => Response.json({}) });
  const slashes = `https://app.test${'/'.repeat(64_000)}x`;
  const floorHandler = (request) => {
    const path = new URL(request.url).pathname;
    let end = path.length;
    while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
    const shown = path.slice(0, end);
    return Response.json(
      { error: { code: 404, message: `Not found: ${request.method} ${shown}.` } },
      { status: 404 },
    );
  };

  const reply = (content) => ({ id: 'm1', role: 'assistant', content, status: 'done' });
  const brackets = `${'[a '.repeat(4000)}b${'](https://example.com)'.repeat(4000)}`;

  return [
    {
      name: 'SSE: one data line in 3,200 reads',
      size: `${(imageBytes.length / 1e6).toFixed(1)} MB`,
      ours: () => decode(imagePieces),
      floor: () => floorSse(imagePieces),
      check: (ours, floor) => imageUrl(ours) === url && imageUrl(floor) === url,
      target: 10,
    },
    {
      name: 'SSE: 2,000,000 lines without a colon, one read',
      size: `${(junk[0].length / 1e6).toFixed(1)} MB`,
      ours: () => decode(junk),
      floor: () => floorSse(junk),
      check: (ours, floor) => contentOf(ours) === 'c' && contentOf(floor) === 'c',
      target: 10,
    },
    {
      name: 'createResponseError: 3 pages of unclosed tags',
      size: `3 × ${Math.round(pages[0].length / 1000)} kB`,
      ours: () => pages.map((page) => core.createResponseError(response, page).message),
      floor: () => pages.map(floorPage),
      check: (ours) => ours.every((message) => message.startsWith('HTTP 502') && message.length < 320),
      // Read in their first 10,000 characters only, where these patterns still take quadratic
      // time: a ceiling (~10 ms a page), not linear. Read whole, 1.3-2.4 s a page.
      target: 50,
    },
    {
      name: 'chat handler: a path of 64,000 slashes',
      size: '64 kB',
      ours: async () => (await handler(new Request(slashes))).text(),
      floor: () => floorHandler(new Request(slashes)).text(),
      check: (ours, floor) => ours.includes('x.') && floor.includes('x.'),
      target: 10,
    },
    ...['\t', '\u2003'].map((space) => ({
      name: `describeCompletedReply: 100,000 ${space === '\t' ? 'tabs' : 'em spaces'}`,
      size: `${Math.round(encoder.encode(space).length * 100)} kB`,
      ours: () => main.MessageList.describeCompletedReply(reply(`a${space.repeat(100_000)}b`)),
      floor: () => floorWords(`a${space.repeat(100_000)}b`),
      check: (ours, floor) => ours === `Assistant: a${space.repeat(999)}…` && floor === 'a b',
      target: 10,
    })),
    {
      name: 'MarkdownText: links in links 4,000 deep',
      size: `${Math.round(brackets.length / 1000)} kB`,
      ours: () => renderToString(createElement(main.MarkdownText, { text: brackets, streaming: true })),
      floor: () => floorEscape(brackets),
      check: (ours, floor) => ours.includes(brackets) && !ours.includes('<a') && floor.includes(brackets),
      target: 10,
    },
  ];
}

/** Milliseconds per call: the call repeated until SAMPLE_MS have passed (at least once). */
async function sample(run, calls) {
  await settle(5);
  const started = performance.now();
  for (let i = 0; i < calls; i++) await run();
  return (performance.now() - started) / calls;
}

/** @param {string} [filter] only the inputs whose names hold it (case-insensitive) */
export async function runPathologicalBench(filter = '') {
  const cases = createCases(await loadOurs()).filter((item) =>
    item.name.toLowerCase().includes(filter.toLowerCase()),
  );
  const rows = [];
  for (const item of cases) {
    const row = { name: item.name, size: item.size, target: item.target };
    rows.push(row);
    // A wrong result fails the row, untimed (it may not be the crafted case any more).
    if (!item.check(await item.ours(), await item.floor())) {
      row.wrong = true;
      continue;
    }
    // Warm up, and how many calls make a sample of SAMPLE_MS for each side.
    const calls = {};
    for (const side of ['ours', 'floor']) {
      const once = await sample(item[side], 1);
      calls[side] = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(once, 0.01)));
    }
    const samples = { ours: [], floor: [] };
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which side goes first.
      for (const side of i % 2 ? ['floor', 'ours'] : ['ours', 'floor'])
        samples[side].push(await sample(item[side], calls[side]));
    }
    const ms = { ours: median(samples.ours), floor: median(samples.floor) };
    Object.assign(row, { oursMs: round(ms.ours), floorMs: round(ms.floor), ratio: ms.ours / ms.floor });
  }
  return { rounds: ROUNDS, rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const result = await runPathologicalBench(args.find((arg) => !arg.startsWith('--')));
  // For bench/run.mjs, which makes the rows of its table from it.
  if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    for (const row of result.rows)
      console.log(
        row.wrong
          ? `${row.name} (${row.size}): a wrong result FAIL`
          : `${row.name} (${row.size}): ours ${row.oursMs} ms, floor ${row.floorMs} ms, ` +
              `${row.ratio.toFixed(1)}× (target ≤ ${row.target}×) ${row.ratio <= row.target ? 'PASS' : 'FAIL'}`,
      );
    if (result.rows.some((row) => row.wrong || row.ratio > row.target)) process.exitCode = 1;
  }
}
