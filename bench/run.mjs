#!/usr/bin/env node
// `npm run bench`: builds the package and the bench pages, runs the six benchmarks, prints one
// table (ours, floor and peers, ratios, target, pass/fail) and writes bench-results/results.json
// and bench-results/results.md. Machines here are shared and noisy: compare ratios, not times.
// Flags: --only=wire,size,render,long,memory,pathological   --no-build (use the existing dist/ and pages)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/browser.mjs';
import { round } from './lib/stats.mjs';
import { runLongThreadBench } from './long-thread.mjs';
import { runMemoryBench } from './memory.mjs';
import { runRenderBench } from './render.mjs';
import { runSizeBench } from './size.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'bench-results');
const args = process.argv.slice(2);
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wants = (item) => !only || only.includes(item);
const notes = [];
const started = Date.now();

function step(name, command, commandArgs, env = {}) {
  const began = Date.now();
  process.stdout.write(`▶ ${name}… `);
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  console.log(result.status === 0 ? `done (${seconds}s)` : `FAILED (${seconds}s)`);
  return result;
}

const lastLines = (text, count = 12) =>
  (text ?? '')
    .split('\n')
    .filter((line) => line.trim())
    .slice(-count)
    .join('\n');

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes from tool output
const plain = (text) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');

function build() {
  const library = step('npm run build', 'npm', ['run', 'build']);
  if (library.status !== 0) {
    notes.push(
      `\`npm run build\` failed; the bench used a JavaScript-only \`vite build\`:\n${lastLines(plain(library.stderr || library.stdout), 6)}`,
    );
    const js = step('vite build (JavaScript only)', 'npx', ['vite', 'build']);
    if (js.status !== 0) {
      if (!existsSync(join(root, 'dist/index.js')))
        throw new Error(`the build failed:\n${lastLines(plain(js.stderr))}`);
      notes.push('`vite build` failed too: the bench used the dist/ already there.');
    }
  }
  const pages = step('bench pages (vite build)', 'npx', [
    'vite',
    'build',
    '-c',
    'bench/render/vite.config.mjs',
  ]);
  if (pages.status !== 0) {
    // Most likely one of our exports is missing: build the floor and peer pages alone.
    const others = [
      'stream-floor',
      'stream-aisdk',
      'stream-source',
      'long-floor',
      'memory-floor',
      'memory-aisdk',
    ];
    const retry = step(
      'bench pages without ours',
      'npx',
      ['vite', 'build', '-c', 'bench/render/vite.config.mjs'],
      {
        BENCH_PAGES: others.join(','),
      },
    );
    if (retry.status !== 0)
      throw new Error(`the bench pages do not build:\n${lastLines(plain(retry.stderr))}`);
    notes.push(
      `Our bench pages did not build, so "ours" is missing from the browser items:\n${lastLines(plain(pages.stderr), 8)}`,
    );
  }
}

function runPathological() {
  const result = step('pathological inputs', process.execPath, [join(here, 'pathological.mjs'), '--json']);
  if (result.status !== 0) throw new Error(`pathological bench failed:\n${lastLines(result.stderr)}`);
  return JSON.parse(result.stdout);
}

function runWire() {
  const result = step('wire throughput', process.execPath, [join(here, 'wire/wire.mjs')]);
  if (result.status !== 0) throw new Error(`wire bench failed:\n${lastLines(result.stderr)}`);
  return JSON.parse(result.stdout);
}

async function timed(name, run) {
  const began = Date.now();
  process.stdout.write(`▶ ${name}… `);
  try {
    const value = await run();
    console.log(`done (${((Date.now() - began) / 1000).toFixed(1)}s)`);
    return value;
  } catch (error) {
    console.log('FAILED');
    notes.push(`${name} failed: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Rows of the table
// ---------------------------------------------------------------------------------------------

/** A row: item, metric, values by column, ratio cells, target and verdict. */
const rows = [];
const COLUMNS = ['ours', 'floor', 'peer A', 'peer B'];
const fmt = (value, unit = '') => (value === undefined || value === null ? '—' : `${round(value)}${unit}`);
const ratio = (a, b) => (a === undefined || b === undefined || !b ? undefined : a / b);
const fmtRatio = (value) => (value === undefined ? '—' : `${value.toFixed(2)}×`);
const verdict = (ok) => (ok === undefined ? '—' : ok ? 'PASS' : 'FAIL');

function addRow(row) {
  rows.push({
    item: row.item,
    metric: row.metric,
    ours: row.ours ?? '—',
    floor: row.floor ?? '—',
    'peer A': row.peerA ?? '—',
    'peer B': row.peerB ?? '—',
    'ours/floor': row.vsFloor ?? '—',
    'ours/peers': row.vsPeers ?? '—',
    target: row.target ?? '—',
    result: verdict(row.ok),
  });
}

function wireRows(wire) {
  const { ours, floor, openai } = wire.medianMs;
  const vsFloor = ratio(ours, floor);
  addRow({
    item: '1. Wire (Node)',
    metric: `decode+accumulate ${(wire.bytes / 1e6).toFixed(1)} MB, ${wire.chunks} chunks, ms`,
    ours: fmt(ours),
    floor: fmt(floor),
    peerA: `openai ${fmt(openai)}`,
    vsFloor: fmtRatio(vsFloor),
    vsPeers: `${fmtRatio(ratio(ours, openai))} (openai ${fmtRatio(ratio(openai, floor))} floor)`,
    target: '≤ 1.5× floor',
    ok: vsFloor === undefined ? undefined : vsFloor <= 1.5,
  });
}

function renderRows(render) {
  const v = render.variants;
  const ours = v.ours;
  const floor = v.floor;
  const a = v['ai-sdk throttle 50'];
  const b = v['ai-sdk default'];
  const md = v['ours + Markdown'];
  // CPU time of the main thread decides (a busy machine inflates wall time at random); the
  // TaskDuration ratio is shown beside it.
  const vsFloor = ratio(ours?.cpuMs, floor?.cpuMs);
  const time = (x, label = '') => x && `${label}${fmt(x.cpuMs)} (${fmt(x.taskMs)})`;
  addRow({
    item: '2. Streaming render',
    metric: 'main thread send → last token: CPU ms (task wall ms)',
    ours: time(ours),
    floor: time(floor),
    peerA: time(a, 'ai-sdk t50 '),
    peerB: time(b, 'ai-sdk '),
    vsFloor: vsFloor && `${fmtRatio(vsFloor)} (wall ${fmtRatio(ratio(ours?.taskMs, floor?.taskMs))})`,
    vsPeers: `${fmtRatio(ratio(ours?.cpuMs, a?.cpuMs))} / ${fmtRatio(ratio(ours?.cpuMs, b?.cpuMs))}`,
    target: '≤ 1.5× floor',
    ok: vsFloor === undefined ? undefined : vsFloor <= 1.5,
  });
  const commits = (x) => x && `${fmt(x.commits)} (max ${x.maxCommitsPerFrame}/frame)`;
  addRow({
    item: '',
    metric: 'commits (most in one frame)',
    ours: commits(ours),
    floor: commits(floor),
    peerA: commits(a),
    peerB: commits(b),
    target: '≤ 1 per frame',
    ok: ours ? ours.maxCommitsPerFrame <= 1 : undefined,
  });
  addRow({
    item: '',
    metric: 'renders of settled rows',
    ours: fmt(ours?.settledRowRenders),
    floor: fmt(floor?.settledRowRenders),
    peerA: fmt(a?.settledRowRenders),
    peerB: fmt(b?.settledRowRenders),
    target: '0',
    ok: ours ? ours.settledRowRenders === 0 : undefined,
  });
  const longest = (x) => x && `${fmt(x.longestTaskCpuMs)} (${fmt(x.longestTaskWallMs)})`;
  addRow({
    item: '',
    metric: 'longest task: CPU ms (wall ms)',
    ours: longest(ours),
    floor: longest(floor),
    peerA: longest(a),
    peerB: longest(b),
    target: 'none > 50 ms',
    ok: ours ? ours.longestTaskCpuMs <= 50 : undefined,
  });
  const floorMd = v['floor + Markdown'];
  if (md) {
    // Same row rendering on both sides: the floor's rows render the same MarkdownText.
    const mdVsFloor = ratio(md.cpuMs, floorMd?.cpuMs);
    addRow({
      item: '2b. … with Markdown',
      metric: 'CPU ms (wall) · commits (max/frame) · settled renders · longest task CPU (wall)',
      ours: `${time(md)} · ${commits(md)} · ${md.settledRowRenders} · ${longest(md)}`,
      floor: time(floorMd),
      vsFloor:
        mdVsFloor &&
        `${fmtRatio(mdVsFloor)} (${fmtRatio(ratio(md.cpuMs, floor?.cpuMs))} the plain-text floor)`,
      vsPeers: `${fmtRatio(ratio(md.cpuMs, a?.cpuMs))} / ${fmtRatio(ratio(md.cpuMs, b?.cpuMs))}`,
      target: '≤ 1.5× floor with Markdown, ≤ 1/frame, 0 settled, none > 50 ms',
      ok:
        mdVsFloor !== undefined &&
        mdVsFloor <= 1.5 &&
        md.maxCommitsPerFrame <= 1 &&
        md.settledRowRenders === 0 &&
        md.longestTaskCpuMs <= 50,
    });
  }
  const source = v['source alone'];
  if (source)
    notes.push(
      `Streaming render: the in-page source alone (read + parse, no rendering) costs ${fmt(source.cpuMs)} ms of main-thread CPU (${fmt(source.taskMs)} ms task wall time); every variant pays it.`,
    );
}

function sizeRows(size) {
  const [ai, tanstack] = size.peers;
  const kb = (bytes) => (bytes === undefined ? '—' : `${(bytes / 1000).toFixed(1)} kB`);
  for (const [index, item] of size.ours.entries()) {
    addRow({
      item: index === 0 ? '3. Bundle (min+gzip)' : '',
      metric: item.name,
      ours: item.missing ? 'not exported' : kb(item.gzip),
      peerA: index === 0 ? `ai-sdk ${kb(ai?.gzip)}` : undefined,
      peerB: index === 0 ? `tanstack ${kb(tanstack?.gzip)}` : undefined,
      vsPeers: item.gzip
        ? `${fmtRatio(ratio(item.gzip, ai?.gzip))} / ${fmtRatio(ratio(item.gzip, tanstack?.gzip))}`
        : undefined,
      target: `≤ ${kb(item.budget)}`,
      ok: item.missing ? undefined : item.gzip <= item.budget,
    });
  }
}

function longRows(long) {
  const ours = long.variants.ours;
  const floor = long.variants['floor (react-virtual)'];
  const naive = long.variants['no virtualization'];
  addRow({
    item: '4. Long thread (10k)',
    metric: 'mount: scripting ms (main-thread CPU ms)',
    ours: ours && `${fmt(ours.scriptMs)} (${fmt(ours.cpuMs)})`,
    floor: floor && `${fmt(floor.scriptMs)} (${fmt(floor.cpuMs)})`,
    peerA: naive && `unvirtualized ${fmt(naive.scriptMs)} (${fmt(naive.cpuMs)})`,
    vsFloor: fmtRatio(ratio(ours?.scriptMs, floor?.scriptMs)),
    target: '< 200 ms',
    ok: ours ? ours.scriptMs < 200 : undefined,
  });
  addRow({
    item: '',
    metric: 'DOM elements · latest message shown at bottom',
    ours: ours && `${fmt(ours.domNodes)} · ${ours.latestShown && ours.atBottom ? 'yes' : 'NO'}`,
    floor: floor && `${fmt(floor.domNodes)} · ${floor.latestShown && floor.atBottom ? 'yes' : 'NO'}`,
    peerA: naive && `${fmt(naive.domNodes)} · ${naive.latestShown && naive.atBottom ? 'yes' : 'NO'}`,
    target: 'virtualized, at bottom',
    ok: ours ? ours.domNodes < 2000 && ours.latestShown && ours.atBottom : undefined,
  });
  const send = ours?.send;
  if (send) {
    addRow({
      item: '',
      metric: 'a send into it, to the reply shown: CPU ms · longest task CPU (wall) · reply at bottom',
      ours: `${fmt(send.cpuMs)} · ${fmt(send.longestTaskCpuMs)} (${fmt(send.longestTaskWallMs)}) · ${send.replyAtBottom ? 'yes' : 'NO'}`,
      target: 'no task > 50 ms, at bottom',
      ok: send.worstTaskCpuMs <= 50 && send.replyAtBottom,
    });
  }
}

function memoryRows(memory) {
  const v = memory.variants;
  const growth = (x) =>
    x && `${(x.growth * 100).toFixed(1)}% (${fmt(x.baselineKb / 1000)}→${fmt(x.afterKb / 1000)} MB)`;
  addRow({
    item: '5. Memory (50×500 tok)',
    metric: 'heap after unmount vs baseline',
    ours: growth(v.ours),
    floor: growth(v.floor),
    peerA: v['ai-sdk'] && `ai-sdk ${growth(v['ai-sdk'])}`,
    target: '≤ +10%',
    ok: v.ours ? v.ours.growth <= 0.1 : undefined,
  });
  const leaks = (x) => x && Object.values(x.leaked).reduce((sum, value) => sum + Math.max(0, value), 0);
  addRow({
    item: '',
    metric: 'timers, frames, window/document listeners left',
    ours: fmt(leaks(v.ours)),
    floor: fmt(leaks(v.floor)),
    peerA: v['ai-sdk'] && `ai-sdk ${fmt(leaks(v['ai-sdk']))}`,
    target: '0',
    ok: v.ours ? leaks(v.ours) === 0 : undefined,
  });
}

function pathologicalRows(pathological) {
  for (const [index, row] of pathological.rows.entries()) {
    addRow({
      item: index === 0 ? '6. Pathological inputs (Node)' : '',
      metric: `${row.name} (${row.size}), ms`,
      ours: row.wrong ? 'wrong result' : fmt(row.oursMs),
      floor: fmt(row.floorMs),
      vsFloor: fmtRatio(row.ratio),
      target: `≤ ${row.target}× floor`,
      ok: !row.wrong && row.ratio <= row.target,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const HEADERS = ['item', 'metric', ...COLUMNS, 'ours/floor', 'ours/peers', 'target', 'result'];

function textTable() {
  const widths = HEADERS.map((header) =>
    Math.max(header.length, ...rows.map((row) => String(row[header]).length)),
  );
  const line = (cells) => cells.map((cell, index) => String(cell).padEnd(widths[index])).join(' │ ');
  return [
    line(HEADERS),
    widths.map((width) => '─'.repeat(width)).join('─┼─'),
    ...rows.map((row) => line(HEADERS.map((h) => row[h]))),
  ].join('\n');
}

function markdownTable() {
  const cellText = (cell) => String(cell).replaceAll('|', '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${HEADERS.map((header) => cellText(row[header])).join(' | ')} |`),
  ].join('\n');
}

function machine() {
  const chromium = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], {
    encoding: 'utf8',
  });
  const pkg = (name) =>
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    node: process.version,
    chromium: (chromium.stdout ?? '').trim().split('\n').pop() || 'unknown',
    react: pkg('react'),
    peers: {
      openai: pkg('openai'),
      '@ai-sdk/react': pkg('@ai-sdk/react'),
      '@tanstack/ai-react': pkg('@tanstack/ai-react'),
    },
  };
}

const env = machine();
if (!args.includes('--no-build')) build();
const results = { date: new Date().toISOString(), machine: env };
if (wants('wire')) results.wire = runWire();
if (wants('pathological')) results.pathological = runPathological();
if (wants('size')) results.size = await timed('bundle size', runSizeBench);
const browserItems = ['render', 'long', 'memory'].filter(wants);
if (browserItems.length > 0) {
  const browser = await launchChromium();
  try {
    if (wants('render')) results.render = await timed('streaming render', () => runRenderBench({ browser }));
    if (wants('long')) results.long = await timed('long thread', () => runLongThreadBench({ browser }));
    if (wants('memory')) results.memory = await timed('memory', () => runMemoryBench({ browser }));
  } finally {
    await browser.close();
  }
}
results.loadAverageAfter = loadavg().map((value) => Number(value.toFixed(2)));
results.seconds = Math.round((Date.now() - started) / 1000);

if (results.wire) wireRows(results.wire);
if (results.render) renderRows(results.render);
if (results.size) sizeRows(results.size);
if (results.long) longRows(results.long);
if (results.memory) memoryRows(results.memory);
if (results.pathological) pathologicalRows(results.pathological);
results.table = rows;
results.notes = notes;

const caveat =
  `Machine: ${env.cpu}, ${env.cores} cores, shared and noisy (load average ${env.loadAverage.join(' / ')} at start, ` +
  `${results.loadAverageAfter.join(' / ')} at end); Node ${env.node}, ${env.chromium} headless, React ${env.react}. ` +
  'Absolute times move a lot between runs here: compare ratios. Medians of repeated runs.';
const legend = [
  'Columns: floor = the least work that does the job (see bench/README.md); peer A / peer B = ',
  '`openai` client (item 1); `@ai-sdk/react` useChat with `experimental_throttle: 50` / default (item 2); ',
  '`@ai-sdk/react` / `@tanstack/ai-react` useChat (item 3); unvirtualized list (item 4); `@ai-sdk/react` (item 5); ',
  'item 6 has no peers: its floor is a regex-free pass over the same bytes.',
].join('');

console.log(`\n${textTable()}\n\n${caveat}\n${legend}`);
for (const note of notes) console.log(`\nNote: ${note}`);
console.log(`\n${results.seconds}s in all.`);

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  join(out, 'results.md'),
  `${markdownTable()}\n\n${caveat}\n\n${legend}\n${notes.map((note) => `\n> ${note.replaceAll('\n', '\n> ')}\n`).join('')}`,
);
console.log(`Wrote ${join('bench-results', 'results.json')} and ${join('bench-results', 'results.md')}.`);
if (rows.some((row) => row.result === 'FAIL')) process.exitCode = 1;
