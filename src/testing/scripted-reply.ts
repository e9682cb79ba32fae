import { type Dict, isArray, isDict } from '../core/dict.js';

const REPLY_FIELDS = [
  'content',
  'reasoning',
  'refusal',
  'images',
  'annotations',
  'tool_calls',
  'finish_reason',
  'error',
  'usage',
];
const CITATION_FIELDS = ['url', 'title', 'content', 'start_index', 'end_index'];
const CALL_FIELDS = ['name', 'arguments', 'id'];
/** Names of other APIs for a field of ours (`args`, Anthropic's `input`: `arguments`). */
const ALIASES = new Map([
  ['args', 'arguments'],
  ['input', 'arguments'],
]);
const USAGE_FIELDS = [
  'prompt_tokens',
  'completion_tokens',
  'prompt_tokens_details',
  'completion_tokens_details',
];
const DETAIL_FIELDS: Dict = {
  prompt_tokens_details: ['cached_tokens', 'cache_write_tokens', 'audio_tokens'],
  completion_tokens_details: ['reasoning_tokens', 'image_tokens'],
};
/** An absolute URL: a scheme, then anything (`data:`, `https:`, `javascript:` for security tests). */
const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i;
const CALL_SHAPE = '{ name: string, arguments?: unknown, id?: string }';

/**
 * Details that are parts of a total, together at most it: the prompt's cache reads and writes,
 * its audio (a kind of token, so apart), the completion's reasoning and images.
 */
const PARTS: readonly (readonly [string, string, readonly string[]])[] = [
  ['prompt_tokens', 'prompt_tokens_details', ['cached_tokens', 'cache_write_tokens']],
  ['prompt_tokens', 'prompt_tokens_details', ['audio_tokens']],
  ['completion_tokens', 'completion_tokens_details', ['reasoning_tokens', 'image_tokens']],
];

/** A value as an error message quotes it: JSON, cut short (a data URL can be megabytes). */
function quote(value: unknown): string {
  const text = typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const isWhole = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isOptional = (value: unknown, check: (value: unknown) => boolean) =>
  value === undefined || check(value);
const isString = (value: unknown) => typeof value === 'string';

/** `<path> must be <expected>, got <value>`. */
const must = (path: string, expected: string, value: unknown) =>
  `${path} must be ${expected}, got ${quote(value)}`;

/**
 * What is wrong with the first key of `dict` not among `known`, with the field meant when it
 * is plain (`finishReason`: `finish_reason`?; `args`: `arguments`?).
 */
function unknownKey(dict: Dict, known: readonly string[], path: string): string | undefined {
  const key = Object.keys(dict).find((name) => !known.includes(name));
  if (key === undefined) return undefined;
  const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const meant = [snake, ALIASES.get(key) ?? key].find((name) => name !== key && known.includes(name));
  const hint = meant ? ` (${meant}?)` : '';
  return `${path} has no field ${JSON.stringify(key)}${hint}: its fields are ${known.join(', ')}`;
}

/** What is wrong with a `usage` of a scripted reply, or `undefined`. */
function usageIssue(usage: unknown): string | undefined {
  if (!isDict(usage)) return must('.usage', 'an object of token counts', usage);
  if (usage.total_tokens !== undefined) {
    return must(
      '.usage.total_tokens',
      'left out: it is prompt_tokens plus completion_tokens, set those',
      usage.total_tokens,
    );
  }
  const unknown = unknownKey(usage, USAGE_FIELDS, '.usage');
  if (unknown) return unknown;
  for (const key of ['prompt_tokens', 'completion_tokens']) {
    if (!isOptional(usage[key], isWhole))
      return must(`.usage.${key}`, 'a whole number of tokens (0 or more)', usage[key]);
  }
  for (const [key, fields] of Object.entries(DETAIL_FIELDS) as [string, string[]][]) {
    const details = usage[key];
    if (details === undefined) continue;
    if (!isDict(details)) return must(`.usage.${key}`, `an object of ${fields.join(', ')}`, details);
    const unknownDetail = unknownKey(details, fields, `.usage.${key}`);
    if (unknownDetail) return unknownDetail;
    const bad = fields.find((field) => !isOptional(details[field], isWhole));
    if (bad) return must(`.usage.${key}.${bad}`, 'a whole number of tokens (0 or more)', details[bad]);
  }
  for (const [total, key, fields] of PARTS) {
    const limit = usage[total];
    const details = usage[key];
    if (typeof limit !== 'number' || !isDict(details)) continue;
    const sum = fields.reduce((tokens, field) => tokens + ((details[field] as number | undefined) ?? 0), 0);
    if (sum > limit) {
      const parts = fields.join(' plus ');
      return `.usage.${key} must have ${parts} at most ${total} (${limit}), got ${quote(details)}`;
    }
  }
  return undefined;
}

/** What is wrong with a url citation of a scripted reply's `annotations`, or `undefined`. */
function citationIssue(citation: unknown, path: string): string | undefined {
  const shape = '{ url: string, title?: string, content?: string, start_index?: number, end_index?: number }';
  if (!isDict(citation)) return must(path, `a url citation ${shape}`, citation);
  const unknown = unknownKey(citation, CITATION_FIELDS, path);
  if (unknown) return unknown;
  const { url, title, content, start_index: start, end_index: end } = citation;
  if (!(typeof url === 'string' && ABSOLUTE_URL.test(url))) {
    return must(`${path}.url`, 'an absolute URL (https://…)', url);
  }
  if (!isOptional(title, isString)) return must(`${path}.title`, 'a string', title);
  if (!isOptional(content, isString)) return must(`${path}.content`, 'a string', content);
  for (const [key, value] of [
    ['start_index', start],
    ['end_index', end],
  ] as const) {
    if (!isOptional(value, isWhole))
      return must(`${path}.${key}`, 'a whole number (an offset into the content)', value);
  }
  if (typeof start === 'number' && typeof end === 'number' && end < start) {
    return must(`${path}.end_index`, `start_index (${start}) or more`, end);
  }
  return undefined;
}

/** What is wrong with a scripted reply's `error`, or with what it has beside it, or `undefined`. */
function errorIssue(error: unknown, finishReason: unknown, usage: unknown): string | undefined {
  const shape = 'true (the mock’s own) or { code: number | string, message: string, metadata?: object }';
  if (error !== true) {
    if (!isDict(error)) return must('.error', shape, error);
    const { code, message, metadata } = error;
    const isCode =
      (typeof code === 'number' && Number.isFinite(code)) || (typeof code === 'string' && code !== '');
    if (!isCode) return must('.error.code', 'a number (502) or a string ("server_error")', code);
    if (typeof message !== 'string') return must('.error.message', 'a string', message);
    if (!(metadata === undefined || metadata === null || isDict(metadata))) {
      return must('.error.metadata', 'an object, null or left out', metadata);
    }
  }
  if (finishReason !== undefined) {
    return must('.finish_reason', 'left out with error (the error chunk’s is "error")', finishReason);
  }
  if (usage !== undefined) {
    // Kept for the JSON reply alone, it would vanish from the stream without a word.
    return must(
      '.usage',
      'left out with error (a stream ending in an error chunk has no usage; a reply without stream counts its own)',
      usage,
    );
  }
  return undefined;
}

/** The first thing wrong with a scripted reply object (`.images[0] must be …`), or `undefined`. */
function replyIssue(reply: Dict): string | undefined {
  const unknown = unknownKey(reply, REPLY_FIELDS, '');
  if (unknown) return unknown;
  for (const key of ['content', 'reasoning', 'refusal']) {
    if (!isOptional(reply[key], isString)) return must(`.${key}`, 'a string', reply[key]);
  }
  const { images, annotations, tool_calls: calls, finish_reason: finishReason, error, usage } = reply;
  if (images !== undefined) {
    if (!isArray(images)) return must('.images', 'an array of image URLs', images);
    const at = images.findIndex((url) => !(typeof url === 'string' && ABSOLUTE_URL.test(url)));
    if (at >= 0) {
      return must(
        `.images[${at}]`,
        'an image URL: a data: URL (createGradientPngDataUrl() makes a PNG one) or an https: URL',
        images[at],
      );
    }
  }
  if (annotations !== undefined) {
    if (!isArray(annotations))
      return must('.annotations', 'an array of url citations { url, title? }', annotations);
    for (const [index, citation] of annotations.entries()) {
      const issue = citationIssue(citation, `.annotations[${index}]`);
      if (issue) return issue;
    }
  }
  if (calls !== undefined) {
    if (!isArray(calls)) return must('.tool_calls', `an array of ${CALL_SHAPE}`, calls);
    for (const [index, call] of calls.entries()) {
      const path = `.tool_calls[${index}]`;
      const issue = isDict(call) ? unknownKey(call, CALL_FIELDS, path) : undefined;
      if (issue) return issue;
      if (!(isDict(call) && typeof call.name === 'string' && isOptional(call.id, isString)))
        return must(path, CALL_SHAPE, call);
    }
  }
  if (finishReason !== undefined) {
    if (!(typeof finishReason === 'string' && finishReason !== '')) {
      return must('.finish_reason', 'a string ("length", "content_filter"…)', finishReason);
    }
    if (finishReason === 'error')
      return must('.finish_reason', 'another reason: for an error, give error', finishReason);
  }
  if (error !== undefined) {
    const issue = errorIssue(error, finishReason, usage);
    if (issue) return issue;
  }
  return usage === undefined ? undefined : usageIssue(usage);
}

/**
 * Throws a `TypeError` naming what is wrong (`Mock replies[1].images[0] must be …, got …`) unless
 * `reply` is a text or a `MockScriptedReply` the mock can send (or, with `optional`, `undefined`).
 * `name` says where it came from: `replies[1]`, or `replies(request)` for what a function returned.
 */
export function assertScriptedReply(reply: unknown, name: string, optional = false): void {
  if (typeof reply === 'string' || (optional && reply === undefined)) return;
  const fields = REPLY_FIELDS.map((field) => `${field}?`).join(', ');
  const issue = isDict(reply)
    ? replyIssue(reply)
    : must('', `a string or a reply object { ${fields} }${optional ? ', or undefined' : ''}`, reply);
  if (issue) throw new TypeError(`Mock ${name}${issue}.`);
}
