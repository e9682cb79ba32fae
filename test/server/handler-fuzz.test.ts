import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { DEFAULT_BASE_URL, validateRequest } from '../../src/core/index.js';
import { type ChatHandlerOptions, createChatHandler } from '../../src/server/index.js';
import { splitAt, trickyOffsets } from '../core/helpers.js';
import { Broken, must } from '../fuzz-helpers.js';

// Property test of the key-holding proxy: random browser requests (methods, paths under any
// prefix, trailing slashes and query strings, a browser's own credentials, JSON that is valid,
// invalid, not JSON, too large, streamed, broken off, with a content type a cross-site page can
// send), random options (the key as a string or a sync or async getter that may throw, allowModels
// as a list or a test, maxCompletionTokens, transformRequest, authorize, headers, baseUrl with and
// without trailing slashes, maxBodyBytes, the fetch given or the global one) and a scripted
// endpoint (JSON and SSE split at random bytes, inside UTF-8 characters, with a BOM or a byte that
// is not UTF-8; HTTP errors with the endpoint's error bodies, HTML or nothing; a status without a
// body; network failures; a request that hangs until aborted; a body that breaks off; the key
// repeated whole or cut short in bodies, headers and errors). A model written from the README and
// the JSDoc says what reaches the endpoint (URL, method, exactly which headers, the body with the
// documented changes) or which answer the handler gives (status, the endpoint's error shape, the
// app's own Response), and every run is compared with it. Every run also checks that the key (or
// 12 characters of its beginning) reaches the browser nowhere, that the endpoint's bytes arrive
// byte for byte (with only the key replaced), that the browser going away aborts the request to
// the endpoint and a cancelled answer leaves no read of the endpoint's body behind, and that the
// handler never throws but for an app's own callback throwing, with no unhandled rejection.
//
// A failure prints fast-check's seed and shrunk scenario, and the steps of the run that broke.
// The seed is fixed: with it, the default runs catch each bug fixed alongside this test when its
// fix is reverted. FUZZ_SEED and FUZZ_RUNS explore further:
// `FUZZ_SEED=7 FUZZ_RUNS=5000 npx vitest run test/server/handler-fuzz.test.ts`.
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const TIMEOUT = Math.max(20_000, RUNS * 20);

type Dict = Record<string, unknown>;
const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

/** Keys as providers issue them (no key repeats its own beginning), a short one, one with a line break. */
const KEYS = [
  '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',
  'sk-proj-Zq8wXy3LmN0pQrStUvWx',
  'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
  'k3y-short',
  'sk-or-v1-pasted-with\na-line-break',
];
const BROKEN_KEY = KEYS[4]!;

const MODELS = [
  'openai/gpt-4o-mini',
  'anthropic/claude-sonnet-4',
  'openai/o3-pro',
  'evil/expensive',
  'OPENAI/GPT-4O-MINI',
  '',
];
const ALLOWED_LIST = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4'];
const allowedByTest = (model: string) => model.startsWith('openai/');

/** `missing`: `process.env.X!` of a variable that is not set. */
type KeyKind = 'string' | 'sync' | 'async' | 'throws' | 'throws-response' | 'missing';
type Callback =
  | 'none'
  | 'pass'
  | 'undefined'
  | 'false'
  | 'async-false'
  | 'response'
  | 'throws-response'
  | 'throws';
type Transform = 'none' | 'user' | 'async-session' | 'other-model' | 'throws-response' | 'throws';

interface Setup {
  key: string;
  keyKind: KeyKind;
  baseUrl: string | undefined;
  allow: 'any' | 'list' | 'test';
  cap: number | undefined;
  transform: Transform;
  authorize: Callback;
  headers: Record<string, string> | undefined;
  maxBodyBytes: number | undefined;
  globalFetch: boolean;
}

type Body =
  | { k: 'json'; request: Dict }
  | { k: 'raw'; text: string }
  | { k: 'none' }
  /** A valid request padded to `maxBodyBytes` plus `over` bytes (0: exactly the limit). */
  | { k: 'sized'; request: Dict; over: number };

interface Incoming {
  method: string;
  path: string;
  query: string;
  contentType: string | null;
  headers: [string, string][];
  body: Body;
  /** How the body is sent: whole, or a stream in pieces (which may break off after the first). */
  transport: 'whole' | 'stream' | 'breaks';
  pieces: number[];
  /** A Content-Length the browser declares: none, the true one, a lie (1), or past the limit. */
  declared: 'none' | 'true' | 'lie' | 'over';
}

type Echo = 'none' | 'whole' | 'clipped' | 'eleven' | 'twice';

interface Upstream {
  kind: 'json' | 'sse' | 'error' | 'network' | 'hang' | 'no-body';
  status: number;
  errorBody: 'json' | 'html' | 'text' | 'empty';
  contentType: string | null;
  texts: string[];
  echo: Echo;
  /** The key in a response header (passed on, or dropped). */
  headerEcho: boolean;
  extraHeaders: boolean;
  bom: boolean;
  badByte: boolean;
  /** The body ends (cut off) with this many characters of the key's beginning. */
  tail: number | null;
  cuts: number[];
  tricky: boolean;
  /** The body breaks off at this read (1-based), if it gets that far. */
  failAt: number | null;
  /** The network error's message, or a thrown string. */
  networkError: 'plain' | 'quotes-key' | 'clipped' | 'string';
}

interface Client {
  /** The browser goes away: before the handler runs, while the endpoint is asked, at a read of its body. */
  abort: { at: 'before' | 'in-fetch' } | { at: 'read'; read: number } | null;
  /** The browser cancels the answer's body after this many reads. */
  cancelAfter: number | null;
}

interface Scenario {
  setup: Setup;
  incoming: Incoming;
  upstream: Upstream;
  client: Client;
}

/** `null` `nulls` times as often as a value of `arbitrary`. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, nulls: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: nulls, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** One of the values, each as often as its weight says. */
const weighted = <T>(...choices: [T, number][]): fc.Arbitrary<T> =>
  fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));

const TEXT = fc.stringMatching(/^[a-zé亚😀 \n"\\]{1,8}$/u);

const messageArb = fc.oneof(
  TEXT.map((content) => ({ role: 'user', content })),
  fc.constant({ role: 'system', content: 'Be brief.' }),
  fc.constant({
    role: 'user',
    content: [
      { type: 'text', text: 'Look' },
      { type: 'image_url', image_url: { url: 'https://x.test/a.png' } },
    ],
  }),
  fc.constant({
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
  }),
  fc.constant({ role: 'tool', tool_call_id: 'call_1', content: '{"ok":true}' }),
);

/** Mostly models allowed where a list or a test applies. */
const MODEL = weighted(
  ...MODELS.map((model): [string, number] => [model, model.startsWith('openai/') ? 8 : 2]),
);

/** Valid requests over the fields ENDPOINT.md lists (and an unknown one). */
const validRequestArb: fc.Arbitrary<Dict> = fc.record(
  {
    messages: fc.array(messageArb, { minLength: 1, maxLength: 3 }),
    model: MODEL,
    models: fc.array(MODEL, { maxLength: 3 }),
    stream: fc.boolean(),
    max_tokens: fc.constantFrom(null, 1, 16, 500, 100_000),
    max_completion_tokens: fc.constantFrom(null, 1, 64, 4096, 1_000_000),
    reasoning: fc.constantFrom(
      { effort: 'high' },
      { max_tokens: 50_000 },
      { max_tokens: 10 },
      { max_tokens: null, exclude: true },
    ),
    temperature: fc.constantFrom(0, 0.7, 2, null),
    session_id: fc.constantFrom('conversation-1', 's'.repeat(128)),
    user: fc.constant('browser-user'),
    metadata: fc.constant({ app: 'fuzz' }),
    provider: fc.constantFrom({ order: ['OpenAI'] }, { data_collection: 'deny' }, null),
    plugins: fc.constant([{ id: 'web' }]),
    tools: fc.constant([
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
    ]),
    stop: fc.constantFrom('\n', ['a', 'b', 'c', 'd']),
    custom_field: fc.constantFrom(1, 'x', { nested: [1, 2] }),
  },
  { requiredKeys: ['messages'] },
);

/** Each breaks one limit of ENDPOINT.md (validateRequest, tested on its own, names the issues). */
const INVALID: [string, (request: Dict) => Dict][] = [
  ['temperature 5', (r) => ({ ...r, temperature: 5 })],
  ['no messages', (r) => ({ ...r, messages: [] })],
  ['model a number', (r) => ({ ...r, model: 42 })],
  ['models a string', (r) => ({ ...r, models: 'evil/expensive' })],
  ['models with a number', (r) => ({ ...r, models: ['openai/gpt-4o-mini', 7] })],
  ['max_tokens 0', (r) => ({ ...r, max_tokens: 0 })],
  ['max_completion_tokens -1', (r) => ({ ...r, max_completion_tokens: -1 })],
  ['debug without stream', (r) => ({ ...r, stream: false, debug: { echo_upstream_body: true } })],
  ['session_id 129', (r) => ({ ...r, session_id: 's'.repeat(129) })],
  ['five stops', (r) => ({ ...r, stop: ['a', 'b', 'c', 'd', 'e'] })],
  ['stream a string', (r) => ({ ...r, stream: 'true' })],
  ['reasoning null', (r) => ({ ...r, reasoning: null })],
  ['a message without role', (r) => ({ ...r, messages: [{ content: 'hi' }] })],
];

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 20, arbitrary: validRequestArb.map((request) => ({ k: 'json' as const, request })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validRequestArb, fc.integer({ min: 0, max: INVALID.length - 1 }))
      .map(([request, i]) => ({ k: 'json' as const, request: INVALID[i]![1](request) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '',
        '{"messages": [',
        'hello',
        'null',
        '[]',
        '"x"',
        '{}',
        '{"messages":[{"role":"user","content":"hi"}]}x',
        // The last copy of a key counts, for the handler as for what it sends on.
        '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"model":"evil/expensive"}',
        '{"__proto__":{"model":"evil/expensive"},"messages":[{"role":"user","content":"hi"}]}',
      )
      .map((text) => ({ k: 'raw' as const, text })),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ request: validRequestArb, over: fc.constantFrom(0, 1, 500) })
      .map((sized) => ({ k: 'sized' as const, ...sized })),
  },
);

const BROWSER_HEADERS: [string, string][] = [
  ['Authorization', 'Bearer browser-token'],
  ['Cookie', 'session=abc'],
  ['x-api-key', 'browser-key'],
  ['Origin', 'https://evil.test'],
  ['Proxy-Authorization', 'Basic eDp5'],
  ['X-Forwarded-For', '203.0.113.7'],
  ['x-session-id', 'conversation-7'],
  ['X-Title', 'Browser title'],
  ['HTTP-Referer', 'https://app.test/page'],
  ['Accept', 'text/event-stream'],
  ['Accept', '*/*'],
];

const incomingArb: fc.Arbitrary<Incoming> = fc
  .record({
    // Mostly the route's own method (`fits`), so that most runs get through to the endpoint.
    method: weighted(
      ['fits', 40],
      ['POST', 1],
      ['GET', 1],
      ['post', 1],
      ['PUT', 1],
      ['DELETE', 1],
      ['OPTIONS', 1],
      ['HEAD', 1],
    ),
    path: fc
      .tuple(
        fc.constantFrom('', '/api/chat', '/api/chat/v1', '/deep/a/b/c'),
        weighted(
          ['/chat/completions', 90],
          ['/models', 25],
          ['/embeddings', 1],
          ['/chat', 1],
          ['/completions', 1],
          ['/chat/completions/x', 1],
          ['/models/openai', 1],
          ['/CHAT/COMPLETIONS', 1],
          ['/chat%2Fcompletions', 1],
          ['', 1],
        ),
        fc.constantFrom('', '', '/', '//'),
      )
      .map((parts) => parts.join('')),
    query: fc.constantFrom(
      '',
      '',
      '?',
      '?category=programming',
      '?a=1&b=%20x',
      '?supported_parameters=tools#frag',
    ),
    contentType: weighted<string | null>(
      ['application/json', 80],
      ['application/json; charset=utf-8', 8],
      ['Application/JSON', 1],
      ['text/plain', 1],
      ['text/plain; charset=application/json', 1],
      ['application/x-www-form-urlencoded; x=application/json', 1],
      ['multipart/form-data; boundary=application/json', 1],
      ['application/jsonp', 1],
      [null, 1],
    ),
    headers: fc.subarray(BROWSER_HEADERS),
    body: bodyArb,
    transport: weighted<Incoming['transport']>(['whole', 6], ['stream', 2], ['breaks', 1]),
    pieces: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    declared: weighted<Incoming['declared']>(['none', 12], ['true', 2], ['lie', 1], ['over', 1]),
  })
  .map((incoming) => ({
    ...incoming,
    method:
      incoming.method !== 'fits' ? incoming.method : /\/models\/*$/.test(incoming.path) ? 'GET' : 'POST',
  }));

const OPTION_HEADERS: Record<string, string>[] = [
  { 'X-Title': 'Server title' },
  { 'HTTP-Referer': 'https://server.test/' },
  { 'x-session-id': 'server-session' },
  { Authorization: 'Bearer other' },
  { Accept: 'application/json' },
  { 'X-Custom': 'yes' },
];

const setupArb: fc.Arbitrary<Setup> = fc
  .record({
    key: weighted(...KEYS.map((key): [string, number] => [key, key === BROKEN_KEY ? 1 : 6])),
    keyKind: weighted<KeyKind>(
      ['string', 8],
      ['sync', 4],
      ['async', 4],
      ['throws', 1],
      ['throws-response', 1],
      ['missing', 1],
    ),
    baseUrl: fc.constantFrom(
      undefined,
      'https://up.test/api/v1',
      'https://up.test/api/v1/',
      'https://up.test/api/v1//',
    ),
    allow: fc.constantFrom('any', 'any', 'any', 'list', 'test'),
    cap: fc.constantFrom(undefined, undefined, 1, 100, 4096),
    transform: weighted<Transform>(
      ['none', 12],
      ['user', 3],
      ['async-session', 3],
      ['other-model', 2],
      ['throws-response', 1],
      ['throws', 1],
    ),
    authorize: weighted<Callback>(
      ['none', 16],
      ['pass', 3],
      ['undefined', 3],
      ['false', 1],
      ['async-false', 1],
      ['response', 1],
      ['throws-response', 1],
      ['throws', 1],
    ),
    headers: sometimes(
      fc
        .subarray(OPTION_HEADERS, { minLength: 1 })
        .map((list) => Object.assign({}, ...list) as Record<string, string>),
      1,
    ),
    maxBodyBytes: fc.constantFrom(undefined, undefined, 1500, 4000),
    globalFetch: fc.boolean(),
  })
  .map((setup) => ({ ...setup, headers: setup.headers ?? undefined }));

const upstreamArb: fc.Arbitrary<Upstream> = fc
  .record({
    kind: fc.constantFrom('json', 'sse', 'sse', 'sse', 'error', 'error', 'network', 'hang', 'no-body'),
    status: fc.constantFrom(400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 524, 529),
    errorBody: fc.constantFrom('json', 'json', 'html', 'text', 'empty'),
    contentType: fc.constantFrom('default', 'default', 'default', 'charset', 'none', 'shouting'),
    texts: fc.array(TEXT, { maxLength: 6 }),
    echo: fc.constantFrom<Echo>('none', 'none', 'whole', 'clipped', 'eleven', 'twice'),
    headerEcho: fc.boolean(),
    extraHeaders: fc.boolean(),
    bom: fc.boolean(),
    badByte: fc.boolean(),
    tail: sometimes(fc.integer({ min: 1, max: 80 }), 3),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
    tricky: fc.boolean(),
    failAt: sometimes(fc.integer({ min: 1, max: 6 }), 4),
    networkError: fc.constantFrom('plain', 'quotes-key', 'clipped', 'string'),
  })
  .map(({ contentType, ...upstream }) => ({
    ...upstream,
    contentType: contentTypeOf(upstream.kind, upstream.errorBody, contentType),
  }));

function contentTypeOf(
  kind: Upstream['kind'],
  errorBody: Upstream['errorBody'],
  variant: string,
): string | null {
  if (variant === 'none') return null;
  const type =
    kind === 'sse'
      ? 'text/event-stream'
      : kind === 'error' && errorBody === 'html'
        ? 'text/html'
        : 'application/json';
  if (variant === 'charset') return `${type}; charset=utf-8`;
  // A media type's case does not matter: TEXT/EVENT-STREAM is a stream all the same.
  return variant === 'shouting' ? type.toUpperCase() : type;
}

const clientArb: fc.Arbitrary<Client> = fc.record({
  abort: sometimes(
    fc.oneof(
      fc.constantFrom({ at: 'before' as const }, { at: 'in-fetch' as const }),
      fc.integer({ min: 1, max: 6 }).map((read) => ({ at: 'read' as const, read })),
    ),
    4,
  ),
  cancelAfter: sometimes(fc.integer({ min: 0, max: 4 }), 3),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  setup: setupArb,
  incoming: incomingArb,
  upstream: upstreamArb,
  client: clientArb,
});

// ---------------------------------------------------------------------------------------------
// Bytes: each byte as one character, so the key is looked for in what is really sent
// ---------------------------------------------------------------------------------------------

function binary(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** What the README promises of the key: every copy, and every beginning of 12 characters or more, replaced. */
function redacted(text: string, key: string): string {
  const least = Math.min(12, key.length);
  for (let end = key.length; end >= least; end--) text = text.split(key.slice(0, end)).join('[redacted]');
  return text;
}

/** The key in the endpoint's answer, as `echo` says. */
function echoOf(echo: Echo, key: string): string {
  switch (echo) {
    case 'none':
      return '';
    case 'whole':
      return ` ${key}`;
    case 'clipped':
      return ` ${key.slice(0, Math.max(12, key.length - 3))}…`;
    case 'eleven':
      // Shorter than the promise: passed on as it is.
      return ` ${key.slice(0, 11)}…`;
    case 'twice':
      return ` Bearer ${key}, ${key}${key}`;
  }
}

interface Answer {
  status: number;
  headers: [string, string][];
  bytes: Uint8Array | null;
  parts: Uint8Array[];
  streamed: boolean;
}

/** What the scripted endpoint answers (`network` and `hang` never answer). */
function answerOf(upstream: Upstream, key: string): Answer {
  const echo = echoOf(upstream.echo, key);
  let text = '';
  let status = 200;
  if (upstream.kind === 'json') {
    text = JSON.stringify({
      id: 'gen-1',
      object: 'chat.completion',
      created: 1,
      model: 'openai/gpt-4o-mini',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: `${upstream.texts.join('')}${echo}` },
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
  } else if (upstream.kind === 'sse') {
    const chunk = (delta: Dict, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: finish }] })}\n\n`;
    text = ': OPENROUTER PROCESSING\n\n';
    for (const piece of upstream.texts) text += chunk({ content: piece });
    if (echo) {
      text += `data: ${JSON.stringify({ error: { code: 401, message: `Invalid key${echo}` }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}\n\n`;
    } else text += `${chunk({ content: '' }, 'stop')}data: [DONE]\n\n`;
  } else if (upstream.kind === 'error') {
    status = upstream.status;
    text =
      upstream.errorBody === 'json'
        ? JSON.stringify({
            error: { code: status, message: `Something went wrong${echo}`, metadata: { raw: echo } },
            user_id: 'u',
          })
        : upstream.errorBody === 'html'
          ? `<html><body><h1>${status} Bad Gateway</h1>${echo}</body></html>`
          : upstream.errorBody === 'text'
            ? `upstream said:${echo}`
            : '';
  } else if (upstream.kind === 'no-body') status = 204;
  let bytes = encoder.encode(text);
  if (upstream.badByte && bytes.length > 4)
    bytes = new Uint8Array([...bytes.slice(0, 3), 0xff, 0xc3, ...bytes.slice(3)]);
  if (upstream.bom) bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
  if (upstream.tail !== null && bytes.length > 0) {
    bytes = new Uint8Array([...bytes, ...encoder.encode(key.slice(0, upstream.tail % key.length))]);
  }
  const offsets = upstream.cuts.map((cut) => Math.floor(cut * bytes.length));
  const parts = splitAt(bytes, upstream.tricky ? [...offsets, ...trickyOffsets(bytes)] : offsets);

  const headers: [string, string][] = [];
  if (upstream.contentType !== null && upstream.kind !== 'no-body')
    headers.push(['content-type', upstream.contentType]);
  if (upstream.extraHeaders) {
    headers.push(
      ['cache-control', 'no-cache'],
      ['retry-after', '3'],
      ['set-cookie', 'upstream=1'],
      ['x-request-id', 'req-1'],
    );
  }
  headers.push(['x-generation-id', upstream.headerEcho ? `gen-${key}` : 'gen-1']);
  if (upstream.headerEcho) headers.push(['www-authenticate', `Bearer error="invalid_token" ${key}`]);
  const streamed =
    upstream.contentType?.toLowerCase().includes('event-stream') === true && upstream.kind !== 'no-body';
  return { status, headers, bytes: upstream.kind === 'no-body' ? null : bytes, parts, streamed };
}

// ---------------------------------------------------------------------------------------------
// The model: what the README and the JSDoc say happens before the endpoint answers
// ---------------------------------------------------------------------------------------------

/** The app's own answers and errors of a run (the handler must hand over these very objects). */
interface Own {
  authorize: Response;
  authorizeError: Error;
  key: Response;
  keyError: Error;
  transform: Response;
  transformError: Error;
}

type Verdict =
  | { k: 'rejects'; error: Error }
  | { k: 'own'; response: Response }
  | { k: 'error'; status: number; metadata?: unknown }
  | { k: 'aborted' }
  | { k: 'forward'; url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown };

const PASSED = ['content-type', 'cache-control', 'retry-after', 'x-generation-id'];

/** The body's bytes as the browser sends them. */
function bodyText(body: Body, limit: number | undefined): string | undefined {
  if (body.k === 'none') return undefined;
  if (body.k === 'raw') return body.text;
  if (body.k === 'json' || limit === undefined) return JSON.stringify(body.request);
  const bare = JSON.stringify({ ...body.request, padding: '' });
  // Padding in ASCII: one character per byte.
  return JSON.stringify({
    ...body.request,
    padding: 'x'.repeat(Math.max(0, limit + body.over - encoder.encode(bare).length)),
  });
}

function model(scenario: Scenario, own: Own, bytes: Uint8Array | undefined, breakAt: number): Verdict {
  const { setup, incoming, client } = scenario;
  switch (setup.authorize) {
    case 'false':
    case 'async-false':
      return { k: 'error', status: 401 };
    case 'response':
    case 'throws-response':
      return { k: 'own', response: own.authorize };
    case 'throws':
      return { k: 'rejects', error: own.authorizeError };
  }
  const url = new URL(`https://app.test${incoming.path}${incoming.query}`);
  const path = url.pathname.replace(/\/+$/, '');
  const method = incoming.method.toUpperCase();
  const chat = path.endsWith('/chat/completions');
  if (!chat && !path.endsWith('/models')) return { k: 'error', status: 404 };
  // A HEAD of the models is answered as its GET (checked on its own by the caller).
  if (method !== (chat ? 'POST' : 'GET') && (chat || method !== 'HEAD')) return { k: 'error', status: 405 };
  let body: Dict | undefined;
  if (chat) {
    // README: "a POST must be Content-Type: application/json (415 otherwise, which a cross-site
    // form cannot send)": the type itself, not a parameter a no-cors fetch can add to text/plain.
    const essence = incoming.contentType?.split(';')[0]?.trim().toLowerCase();
    if (essence !== 'application/json') return { k: 'error', status: 415 };
    const limit = setup.maxBodyBytes ?? 10_000_000;
    const size = bytes?.length ?? 0;
    if (bytes && (incoming.declared === 'over' || (incoming.declared === 'true' && size > limit))) {
      return { k: 'error', status: 413 };
    }
    if (Math.min(size, breakAt) > limit) return { k: 'error', status: 413 };
    // A body that breaks off is the browser's failure: a 400 (a 499 when it has gone away).
    if (breakAt < size) return client.abort?.at === 'before' ? { k: 'aborted' } : { k: 'error', status: 400 };
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
    } catch {
      return { k: 'error', status: 400 };
    }
    const issues = validateRequest(parsed);
    if (issues.length > 0) return { k: 'error', status: 400, metadata: { issues } };
    body = parsed as Dict;
    const allow =
      setup.allow === 'list'
        ? (m: string) => ALLOWED_LIST.includes(m)
        : setup.allow === 'test'
          ? allowedByTest
          : () => true;
    const asked = [body.model, ...((body.models as string[] | undefined) ?? [])].filter(
      (m) => m !== undefined,
    );
    if (asked.some((m) => !allow(m as string))) return { k: 'error', status: 400 };
    if (setup.allow !== 'any' && body.model === undefined && !(body.models as string[] | undefined)?.length) {
      return { k: 'error', status: 400 };
    }
    if (setup.cap !== undefined) {
      // "A larger max_completion_tokens or max_tokens is lowered to it, and a request without
      // either gets it"; reasoning budgets are lowered too. The legacy name goes.
      const { max_tokens, max_completion_tokens, ...rest } = body;
      // Both given: the smaller holds.
      const wanted = [max_completion_tokens, max_tokens].filter((m): m is number => typeof m === 'number');
      body = { ...rest, max_completion_tokens: Math.min(setup.cap, ...wanted) };
      const reasoning = body.reasoning as Dict | undefined;
      if (typeof reasoning?.max_tokens === 'number') {
        body.reasoning = { ...reasoning, max_tokens: Math.min(reasoning.max_tokens, setup.cap) };
      }
    }
    switch (setup.transform) {
      case 'user':
        body = { ...body, user: 'user-42' };
        break;
      case 'async-session':
        body = { ...body, session_id: 'server-session' };
        break;
      case 'other-model':
        // The app has the last word, even past allowModels.
        body = { ...body, model: 'evil/expensive' };
        break;
      case 'throws-response':
        return { k: 'own', response: own.transform };
      case 'throws':
        return { k: 'rejects', error: own.transformError };
    }
  }
  if (setup.keyKind === 'throws') return { k: 'rejects', error: own.keyError };
  if (setup.keyKind === 'throws-response') return { k: 'own', response: own.key };
  if (setup.key === BROKEN_KEY || setup.keyKind === 'missing') return { k: 'error', status: 500 };
  if (client.abort?.at === 'before' || client.abort?.at === 'in-fetch') return { k: 'aborted' };

  const browser = new Headers(incoming.headers);
  const headers: Record<string, string> = {};
  for (const name of ['x-session-id', 'x-title', 'http-referer']) {
    const value = browser.get(name);
    if (value !== null) headers[name] = value;
  }
  // "They win over the same headers from the browser"; the server's key wins over them.
  headers.accept = browser.get('accept') ?? 'application/json';
  for (const [name, value] of Object.entries(setup.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.authorization = `Bearer ${setup.key}`;
  if (chat) headers['content-type'] = 'application/json';
  const base = (setup.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  return chat
    ? { k: 'forward', url: `${base}/chat/completions`, method: 'POST', headers, body }
    : { k: 'forward', url: `${base}/models${url.search}`, method: 'GET', headers };
}

// ---------------------------------------------------------------------------------------------
// A run
// ---------------------------------------------------------------------------------------------

interface BodyState {
  pulls: number;
  pullsAfterEnd: number;
  end: 'closed' | 'cancelled' | 'errored' | null;
}

interface Call {
  url: string;
  init: RequestInit | undefined;
  body: BodyState | null;
}

function buildRequest(scenario: Scenario, text: string | undefined, signal: AbortSignal) {
  const { incoming, setup } = scenario;
  const headers = new Headers(incoming.headers);
  if (incoming.contentType !== null) headers.set('content-type', incoming.contentType);
  const method = incoming.method;
  const hasBody = text !== undefined && !['GET', 'HEAD'].includes(method.toUpperCase());
  const bytes = hasBody ? encoder.encode(text) : undefined;
  let breakAt = Number.POSITIVE_INFINITY;
  let body: BodyInit | undefined;
  if (bytes) {
    if (incoming.declared === 'true') headers.set('content-length', String(bytes.length));
    if (incoming.declared === 'lie') headers.set('content-length', '1');
    if (incoming.declared === 'over')
      headers.set('content-length', String((setup.maxBodyBytes ?? 10_000_000) + 1));
    if (incoming.transport === 'whole') body = bytes;
    else {
      const parts = splitAt(
        bytes,
        incoming.pieces.map((cut) => Math.floor(cut * bytes.length)),
      );
      // Breaking off after the first piece (when there is more than one).
      if (incoming.transport === 'breaks' && parts.length > 1) breakAt = parts[0]!.length;
      let index = 0;
      body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (index === 1 && incoming.transport === 'breaks' && parts.length > 1) {
              controller.error(new TypeError('terminated'));
              return;
            }
            const part = parts[index++];
            if (part) controller.enqueue(part);
            else controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    }
  }
  const request = new Request(`https://app.test${incoming.path}${incoming.query}`, {
    method,
    headers,
    signal,
    ...(body ? { body, duplex: 'half' } : {}),
  } as RequestInit);
  return { request, bytes, breakAt };
}

function scriptedFetch(
  scenario: Scenario,
  answer: Answer,
  browser: AbortController,
  calls: Call[],
  log: string[],
) {
  const { upstream, client, setup } = scenario;
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: Call = { url: String(input), init, body: null };
    calls.push(call);
    log.push(`endpoint asked: ${init?.method} ${String(input)}`);
    const signal = init?.signal ?? undefined;
    if (client.abort?.at === 'in-fetch') browser.abort();
    if (signal?.aborted) throw signal.reason;
    if (upstream.kind === 'network') {
      const message = {
        plain: 'fetch failed',
        'quotes-key': `POST failed with ${new Headers(init?.headers).get('authorization')}`,
        clipped: `connect ECONNREFUSED for ${setup.key.slice(0, 13)}`,
        string: `thrown ${setup.key}`,
      }[upstream.networkError];
      log.push(`endpoint unreachable: ${message}`);
      throw upstream.networkError === 'string' ? message : new TypeError(message);
    }
    if (upstream.kind === 'hang') {
      log.push('endpoint hangs until aborted');
      setImmediate(() => browser.abort());
      return new Promise((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    }
    if (answer.bytes === null) return new Response(null, { status: answer.status, headers: answer.headers });
    const state: BodyState = { pulls: 0, pullsAfterEnd: 0, end: null };
    call.body = state;
    let index = 0;
    let control: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          control = controller;
        },
        pull(controller) {
          if (state.end) state.pullsAfterEnd++;
          state.pulls++;
          if (client.abort?.at === 'read' && client.abort.read === state.pulls) {
            log.push(`browser goes away at read ${state.pulls}`);
            browser.abort();
            return;
          }
          if (upstream.failAt === state.pulls) {
            log.push(`endpoint's body breaks off at read ${state.pulls}`);
            state.end = 'errored';
            controller.error(new TypeError(`terminated: other side closed (${setup.key})`));
            return;
          }
          const part = answer.parts[index++];
          if (part) controller.enqueue(part);
          else {
            state.end = 'closed';
            controller.close();
          }
        },
        cancel() {
          state.end ??= 'cancelled';
        },
      },
      { highWaterMark: 0 },
    );
    // As the platform's fetch does: the body errors when its request is aborted.
    signal?.addEventListener('abort', () => {
      if (state.end) return;
      state.end = 'errored';
      control?.error(signal.reason);
    });
    log.push(`endpoint answers ${answer.status} in ${answer.parts.length} reads`);
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
}

function createOwn(): Own {
  return {
    authorize: new Response('Rate limited', { status: 429 }),
    authorizeError: new Error('session store down'),
    key: new Response('No key for you', { status: 403 }),
    keyError: new Error('vault down'),
    transform: new Response('Sign in first', { status: 401 }),
    transformError: new Error('transform failed'),
  };
}

function optionsOf(scenario: Scenario, own: Own, fetch: typeof globalThis.fetch): ChatHandlerOptions {
  const { setup } = scenario;
  const key = setup.key;
  const apiKey: ChatHandlerOptions['apiKey'] = {
    string: key,
    sync: () => key,
    async: async () => key,
    throws: () => {
      throw own.keyError;
    },
    'throws-response': async () => {
      throw own.key;
    },
    missing: undefined as unknown as string,
  }[setup.keyKind];
  const verdicts: Record<Callback, ChatHandlerOptions['authorize']> = {
    none: undefined,
    pass: () => true,
    undefined: async () => undefined,
    false: () => false,
    'async-false': async () => false,
    response: () => own.authorize,
    'throws-response': async () => {
      throw own.authorize;
    },
    throws: () => {
      throw own.authorizeError;
    },
  };
  const transforms: Record<Transform, ChatHandlerOptions['transformRequest']> = {
    none: undefined,
    user: (body) => ({ ...body, user: 'user-42' }),
    'async-session': async (body) => ({ ...body, session_id: 'server-session' }),
    'other-model': (body) => ({ ...body, model: 'evil/expensive' }),
    'throws-response': () => {
      throw own.transform;
    },
    throws: async () => {
      throw own.transformError;
    },
  };
  return {
    apiKey,
    baseUrl: setup.baseUrl,
    allowModels: setup.allow === 'list' ? ALLOWED_LIST : setup.allow === 'test' ? allowedByTest : undefined,
    maxCompletionTokens: setup.cap,
    transformRequest: transforms[setup.transform],
    authorize: verdicts[setup.authorize],
    headers: setup.headers,
    fetch: setup.globalFetch ? undefined : fetch,
    maxBodyBytes: setup.maxBodyBytes,
  };
}

/** Waits for the streams' promise jobs (a pipe passing on a cancel) to run. */
async function settle(turns = 5) {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The handler's answer, or what it threw; a handler that hangs fails the run. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Broken(`${what} hangs`)), 2000);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

function same(label: string, actual: unknown, expected: unknown) {
  must(
    isDeepStrictEqual(actual, expected),
    () => `${label}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
  );
}

/** How many runs ended each way (printed with FUZZ_STATS=1). */
const stats: Record<string, number> = {};
const count = (outcome: string) => {
  stats[outcome] = (stats[outcome] ?? 0) + 1;
};

async function run(scenario: Scenario, log: string[]) {
  const { setup, incoming, client } = scenario;
  const own = createOwn();
  const key = setup.key;
  const answer = answerOf(scenario.upstream, key);
  const calls: Call[] = [];
  const browser = new AbortController();
  const fetch = scriptedFetch(scenario, answer, browser, calls, log);
  const handler = createChatHandler(optionsOf(scenario, own, fetch));
  if (setup.globalFetch) vi.stubGlobal('fetch', fetch);

  const text = bodyText(incoming.body, setup.maxBodyBytes);
  const { request, bytes, breakAt } = buildRequest(scenario, text, browser.signal);
  log.push(
    `browser: ${request.method} ${request.url} ${JSON.stringify([...request.headers])} body ${bytes?.length ?? 'none'} bytes (${incoming.transport})`,
  );
  if (client.abort?.at === 'before') browser.abort();
  const verdict = model(scenario, own, bytes, breakAt);
  count(verdict.k === 'error' ? `handler's ${verdict.status}` : verdict.k);
  log.push(
    `model: ${JSON.stringify(verdict, (_k, v) => (v instanceof Response || v instanceof Error ? String(v) : v))}`,
  );

  let response: Response;
  try {
    response = await within(handler(request), 'the handler');
  } catch (error) {
    if (error instanceof Broken) throw error;
    log.push(`handler threw ${String(error)}`);
    must(verdict.k === 'rejects', () => `the handler threw ${String(error)} where ${verdict.k} was expected`);
    must(error === verdict.error, `the handler threw ${String(error)} instead of the app's own error`);
    must(calls.length === 0, 'nothing reaches the endpoint when a callback throws');
    return;
  }
  log.push(`handler answered ${response.status} ${JSON.stringify([...response.headers])}`);
  must(verdict.k !== 'rejects', () => `answered ${response.status} where the app's error should propagate`);

  // The key reaches the browser nowhere: 12 characters of its beginning are enough to look for.
  const secret = key.slice(0, 12);
  for (const [name, value] of response.headers) {
    must(!value.includes(secret), () => `the key in the answer's header ${name}: ${value}`);
  }

  if (verdict.k === 'own') {
    must(response === verdict.response, `the app's own Response is the answer (got ${response.status})`);
    must(calls.length === 0, 'the endpoint is not asked when the app answers');
    return;
  }
  if (verdict.k !== 'forward') {
    // The browser gone before the endpoint is asked: at most a request aborted before it starts.
    const asked = calls.filter((call) => !call.init?.signal?.aborted);
    must(
      asked.length === 0 && (verdict.k === 'aborted' || calls.length === 0),
      () => `the endpoint was asked (${calls[0]?.url}) for a request answered ${response.status}`,
    );
    const status = verdict.k === 'aborted' ? 499 : verdict.status;
    must(response.status === status, () => `status ${response.status}, expected ${status}`);
    const got = binary(new Uint8Array(await response.arrayBuffer()));
    must(!got.includes(secret), () => `the key in the handler's own answer: ${got}`);
    if (verdict.k === 'aborted') return;
    must(response.headers.get('content-type') === 'application/json', 'an error in JSON');
    const json = JSON.parse(got) as { error: Dict };
    same('error keys', Object.keys(json), ['error']);
    must(
      json.error.code === status && typeof json.error.message === 'string' && json.error.message,
      () => `error shape: ${got}`,
    );
    if (verdict.metadata !== undefined) same('metadata', json.error.metadata, verdict.metadata);
    return;
  }

  // Through to the endpoint: exactly once, exactly what the docs say.
  must(calls.length === 1, () => `${calls.length} calls to the endpoint`);
  const call = calls[0]!;
  same('upstream URL', call.url, verdict.url);
  same('upstream method', call.init?.method, verdict.method);
  same('upstream headers', Object.fromEntries(new Headers(call.init?.headers)), verdict.headers);
  if (verdict.body !== undefined)
    same('upstream body', JSON.parse(String(call.init?.body)), JSON.parse(JSON.stringify(verdict.body)));
  else must(call.init?.body == null, 'a GET without a body');
  const upstreamSignal = call.init?.signal;
  must(upstreamSignal instanceof AbortSignal, 'the upstream request carries a signal');
  if (scenario.incoming.method.toUpperCase() === 'HEAD') {
    // As its GET (asked upstream as one, checked above), without a body.
    must(response.body === null, 'a HEAD answered with a body');
    must(response.status !== 405, 'a HEAD of the models refused');
    return;
  }

  // Whatever the app's transform does (it has the last word), the browser's own choice was allowed.
  if (setup.allow !== 'any' && setup.transform !== 'other-model') {
    const sent = JSON.parse(String(call.init?.body ?? '{}')) as Dict;
    for (const asked of [sent.model, ...((sent.models as unknown[] | undefined) ?? [])]) {
      if (asked === undefined) continue;
      const allowed =
        setup.allow === 'list' ? ALLOWED_LIST.includes(asked as string) : allowedByTest(asked as string);
      must(allowed, () => `a model that is not allowed reached the endpoint: ${String(asked)}`);
    }
  }

  const upstream = scenario.upstream;
  count(`endpoint ${upstream.kind}${answerOf(upstream, key).streamed ? ' streamed' : ''}`);
  if (upstream.kind === 'network' || upstream.kind === 'hang') {
    if (upstream.kind === 'hang') {
      must(response.status === 499, () => `a browser gone while the endpoint hangs: ${response.status}`);
      must(upstreamSignal.aborted, 'the hanging request to the endpoint is aborted');
      return;
    }
    must(response.status === 502, () => `an unreachable endpoint: ${response.status}`);
    const got = await response.text();
    must(!got.includes(secret), () => `the key in a 502: ${got}`);
    const json = JSON.parse(got) as { error: Dict };
    must(
      json.error.code === 502 && String(json.error.message).startsWith('The endpoint could not be reached: '),
      got,
    );
    return;
  }

  const state = call.body;
  if (answer.status === 401) {
    // README: the endpoint refusing the server's key is a 500 that says so, with nothing of its answer.
    must(response.status === 500, () => `the endpoint's 401: ${response.status}, expected 500`);
    same("the endpoint's 401", await response.json(), {
      error: {
        code: 500,
        message:
          "The endpoint refused the server's API key (its 401): check the key the server is set up with.",
      },
    });
    must(state === null || state.end !== null, 'the endpoint body is left open');
    return;
  }
  const gone = () =>
    must(
      !browser.signal.aborted || upstreamSignal.aborted,
      'the browser went away, the endpoint request goes on',
    );
  const expected = answer.bytes === null ? '' : redacted(binary(answer.bytes), key);
  // The read after the last part is the one that closes the body: it may break instead.
  const broke = (at: number | null) => at !== null && at <= answer.parts.length + 1;
  const abortRead = client.abort?.at === 'read' ? client.abort.read : null;
  const expectHeaders = (streamed: boolean) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of answer.headers)
      if (PASSED.includes(name)) headers[name] = redacted(value, key);
    headers['x-content-type-options'] = 'nosniff';
    headers['content-security-policy'] = "default-src 'none'; sandbox";
    if (streamed) {
      headers['x-accel-buffering'] = 'no';
      headers['cache-control'] = `${headers['cache-control'] ?? 'no-cache'}, no-transform`;
    }
    same('answer headers', Object.fromEntries(response.headers), headers);
  };

  if (!answer.streamed) {
    // Read whole before the answer: a break or the browser going away is known before the status.
    const first = Math.min(
      abortRead ?? Number.POSITIVE_INFINITY,
      upstream.failAt ?? Number.POSITIVE_INFINITY,
    );
    if (answer.bytes !== null && broke(first === Number.POSITIVE_INFINITY ? null : first)) {
      const status = first === abortRead ? 499 : 502;
      must(
        response.status === status,
        () => `a body that broke off at read ${first}: ${response.status}, expected ${status}`,
      );
      const got = await response.text();
      must(!got.includes(secret), () => `the key in the answer: ${got}`);
      if (status === 502) must((JSON.parse(got) as { error: Dict }).error.code === 502, got);
    } else {
      must(response.status === answer.status, () => `status ${response.status}, expected ${answer.status}`);
      expectHeaders(false);
      const got = binary(new Uint8Array(await response.arrayBuffer()));
      must(
        got === expected,
        () => `the answer is not the endpoint's bytes:\n${JSON.stringify(got)}\n${JSON.stringify(expected)}`,
      );
    }
    gone();
    must(state === null || state.end !== null, 'the endpoint body is left open');
    must(state === null || state.pullsAfterEnd === 0, 'the endpoint body is read after its end');
    return;
  }

  must(response.status === answer.status, () => `status ${response.status}, expected ${answer.status}`);
  expectHeaders(true);
  const reader = response.body!.getReader();
  let got = '';
  let failed: unknown;
  let reads = 0;
  let cancelled = false;
  for (;;) {
    if (client.cancelAfter !== null && reads === client.cancelAfter) {
      log.push(`browser cancels after ${reads} reads`);
      // A stream that already failed rejects the cancel with its error.
      try {
        await reader.cancel();
      } catch (error) {
        failed = error;
      }
      cancelled = true;
      break;
    }
    try {
      const read = await within(reader.read(), 'a read of the answer');
      if (read.done) break;
      reads++;
      got += binary(read.value);
    } catch (error) {
      if (error instanceof Broken) throw error;
      failed = error;
      break;
    }
  }
  log.push(`browser read ${reads} times${failed ? `, then ${String(failed)}` : ''}`);
  count(cancelled ? 'stream cancelled' : failed ? 'stream failed' : 'stream whole');
  must(!got.includes(secret), () => `the key in the stream: ${JSON.stringify(got)}`);
  must(
    expected.startsWith(got),
    () => `the stream is not the endpoint's bytes:\n${JSON.stringify(got)}\n${JSON.stringify(expected)}`,
  );
  await settle();
  must(
    state !== null && state.end !== null,
    () => `the endpoint body is left open (${JSON.stringify(state)})`,
  );
  must(state.pullsAfterEnd === 0, 'the endpoint body is read after its end');
  gone();
  if (!cancelled) {
    const abortedAt = browser.signal.aborted ? abortRead : null;
    if (failed === undefined) {
      must(!broke(upstream.failAt) && abortedAt === null, 'a stream that broke off ends as if complete');
      must(
        got === expected,
        () => `the stream lost bytes:\n${JSON.stringify(got)}\n${JSON.stringify(expected)}`,
      );
    } else must(broke(upstream.failAt) || abortedAt !== null, () => `the stream failed: ${String(failed)}`);
  }
}

// ---------------------------------------------------------------------------------------------

describe('createChatHandler under random requests, options and endpoints (property-based fuzz)', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    vi.unstubAllGlobals();
  });

  it(
    'matches the model: routes, refusals, what reaches the endpoint, the bytes back, no key, aborts',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          const log: string[] = [];
          try {
            await run(scenario, log);
            await settle(1);
            must(unhandled.length === 0, () => `unhandled rejection: ${String(unhandled[0])}`);
          } catch (error) {
            unhandled.length = 0;
            const steps = `\nsteps:\n  ${log.join('\n  ')}`;
            if (error instanceof Broken) error.message += steps;
            else throw new Broken(`${(error as Error | undefined)?.stack ?? String(error)}${steps}`);
            throw error;
          } finally {
            vi.unstubAllGlobals();
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
      if (process.env.FUZZ_STATS) console.log(stats);
    },
    TIMEOUT,
  );
});
