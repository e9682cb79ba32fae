import { type Dict, isArray, isDict } from './dict.js';
import type { ValidationIssue } from './errors.js';

/*
 * The limits as compact rules (the core has a size budget), separated by spaces: `path:kind`.
 * A path is keys joined by dots, where `*` stands for every value of an object and `#` for every
 * item of an array. Kinds: s string, k non-empty string, b boolean, o object, a array, S array of
 * strings, c string or array of content parts, v string, number or array, =x|y one of the values,
 * n number or i integer followed by `min,max` (either may be empty). A final `?` allows null and
 * `!` makes the key required. A rule whose parent is absent (or failed) checks nothing.
 */
const REQUEST_RULES =
  'model:s models:S user:s session_id:s provider:o? provider.order:S provider.only:S provider.ignore:S ' +
  'provider.quantizations:S provider.allow_fallbacks:b? provider.require_parameters:b? provider.zdr:b? ' +
  'provider.data_collection:=allow|deny? provider.sort:s? provider.max_price:o plugins:a trace:o ' +
  'trace.trace_id:s trace.trace_name:s trace.span_name:s trace.generation_name:s trace.parent_span_id:s ' +
  'temperature:n0,2? top_p:n0,1? frequency_penalty:n-2,2? presence_penalty:n-2,2? top_logprobs:n0,20? ' +
  'max_completion_tokens:n1,? max_tokens:n1,? seed:i,? logit_bias:o? logprobs:b? parallel_tool_calls:b? ' +
  'metadata:o reasoning:o reasoning.effort:s? reasoning.max_tokens:n0,? reasoning.exclude:b? ' +
  'reasoning.enabled:b? response_format:o response_format.type:s! ' +
  'response_format.json_schema.name:s! response_format.json_schema.schema:o stream:b stream_options:o ' +
  'tools:a modalities:a image_config:o cache_control:o cache_control.type:=ephemeral! debug:o';
/** Checked after the tools and plugins, which go item by item. */
const VALUE_RULES = 'modalities.#:=text|image|audio metadata.*:s logit_bias.*:n image_config.*:v';
const ROLE_RULES: Dict = {
  assistant: 'content:c? tool_calls:a',
  tool: 'tool_call_id:k! content:c!',
};
const PART_RULES: Dict = {
  text: 'text:s! cache_control:o cache_control.type:=ephemeral!',
  image_url: 'image_url:o! image_url.url:s! image_url.detail:=auto|low|high',
  input_audio: 'input_audio:o! input_audio.data:s! input_audio.format:s!',
  video_url: 'video_url:o! video_url.url:s!',
  file: 'file:o!',
};
/** A rule taken apart: path keys, kind, the values a `=` rule allows, flag, `min` and `max`. */
type Rule = [keys: string[], type: string, values: string[], flag: string, min: string, max: string];

/** Rules taken apart once per rules string: a 10,000-message request applies the same few. */
const compiled: Record<string, Rule[]> = {};

/** The check of each kind. */
const CHECKS: Record<string, (value: unknown, values: string[], min: string, max: string) => boolean> = {
  s: (value) => typeof value === 'string',
  k: (value) => typeof value === 'string' && value !== '',
  b: (value) => typeof value === 'boolean',
  o: isDict,
  a: Array.isArray,
  S: (value) => isArray(value) && value.every((item) => typeof item === 'string'),
  c: (value) => typeof value === 'string' || isArray(value),
  v: (value) => typeof value === 'string' || isArray(value) || typeof value === 'number',
  '=': (value, values) => values.includes(value as string),
  // Both are false for anything but a finite number.
  n: (value, _, min, max) =>
    Number.isFinite(value) &&
    !(
      (value as number) < +(min || Number.NEGATIVE_INFINITY) ||
      (value as number) > +(max || Number.POSITIVE_INFINITY)
    ),
  i: (value, ...bounds) => Number.isInteger(value) && CHECKS.n!(value, ...bounds),
};

const KINDS: Dict = {
  s: 'a string',
  k: 'a non-empty string',
  b: 'true or false',
  o: 'an object',
  a: 'an array',
  S: 'an array of strings',
  c: 'a string or an array of content parts',
  v: 'a string, a number or an array',
  n: 'a number',
  i: 'an integer',
};

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return isDict(value) ? 'an object' : String(value);
}

/**
 * Checks a chat completion request against the endpoint's limits before anything is sent.
 * Returns one `{ path, message }` per problem (`path` like `messages[2].tool_call_id`, `''` for the
 * request itself); an empty array means valid. Boundary values are valid, `null` is valid where
 * the endpoint accepts it, and unknown keys are allowed.
 *
 * @example
 * validateRequest({ messages: [], temperature: 3 });
 * // [{ path: 'messages', message: 'expected at least one message, got an array of 0' },
 * //  { path: 'temperature', message: 'expected a number from 0 to 2, got 3' }]
 */
export function validateRequest(request: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail = (path: string, expected: string, got: unknown, text = describe(got)) => {
    issues.push({ path, message: `expected ${expected}, got ${text}` });
  };
  /** Applies rules to `object` (found at `prefix`); returns whether every rule passed. */
  const apply = (object: Dict, prefix: string, rules: string): boolean => {
    const before = issues.length;
    compiled[rules] ??= rules.split(' ').map((rule) => {
      const [, path = '', type = '', bounds = '', flag = ''] = /(.+):(.)(.*?)([?!]?)$/.exec(rule) ?? [];
      const [min = '', max = ''] = bounds.split(',');
      return [path.split('.'), type, bounds.split('|'), flag, min, max];
    });
    for (const [keys, type, values, flag, min, max] of compiled[rules]) {
      /** Walks `keys` from `depth` down to the values the rule checks. */
      const visit = (value: unknown, at: string, depth: number): void => {
        const key = keys[depth];
        if (key === undefined) {
          if (value === undefined ? flag !== '!' : value === null && flag === '?') return;
          // Only the kind the rule names is checked.
          if (!CHECKS[type]!(value, values, min, max))
            fail(
              at,
              type === '='
                ? `one of "${values.join('", "')}"`
                : `${KINDS[type]}${max ? ` from ${min} to ${max}` : min ? ` >= ${min}` : ''}`,
              value,
            );
        } else if (key === '#') {
          if (isArray(value)) value.forEach((item, i) => void visit(item, `${at}[${i}]`, depth + 1));
        } else if (isDict(value)) {
          for (const name of key === '*' ? Object.keys(value) : [key])
            visit(value[name], at ? `${at}.${name}` : name, depth + 1);
        }
      };
      visit(object, prefix, 0);
    }
    return issues.length === before;
  };
  /** Checks every item of an array: each must be an object, given to `check` (rules or a function). */
  const each = (value: unknown, path: string, check: string | ((item: Dict, path: string) => unknown)) => {
    if (isArray(value)) {
      value.forEach((item: unknown, i) => {
        const at = `${path}[${i}]`;
        if (!isDict(item)) fail(at, 'an object', item);
        else if (typeof check === 'string') apply(item, at, check);
        else check(item, at);
      });
    }
  };
  /** Fails when `text` (counted in characters, not UTF-16 units) or an array is longer than `most`. */
  const limit = (path: string, value: string | unknown[], most: number, what: string) => {
    const length = value.length > most && typeof value === 'string' ? [...value].length : value.length;
    if (length > most) fail(path, `at most ${most} ${what}`, 0, String(length));
  };

  if (!isDict(request)) {
    fail('', 'a request object', request);
    return issues;
  }
  const { messages, stop, session_id, metadata } = request;
  if (!isArray(messages)) fail('messages', 'an array of messages', messages);
  else if (messages.length === 0) fail('messages', 'at least one message', messages);
  each(messages, 'messages', (message, path) => {
    if (!apply(message, path, 'role:=system|developer|user|assistant|tool! name:s')) return;
    const role = message.role as string;
    apply(message, path, (ROLE_RULES[role] as string | undefined) ?? 'content:c!');
    if (role === 'assistant') {
      return each(
        message.tool_calls,
        `${path}.tool_calls`,
        'id:s! function:o! function.name:s! function.arguments:s',
      );
    }
    each(message.content, `${path}.content`, (part, partPath) => {
      if (!apply(part, partPath, 'type:s!')) return;
      const type = part.type as string;
      if (type !== 'text' && (role === 'system' || role === 'developer')) {
        fail(`${partPath}.type`, `"text" (${role} messages take text only)`, type);
      } else if (typeof PART_RULES[type] === 'string') apply(part, partPath, PART_RULES[type]);
    });
  });
  apply(request, '', REQUEST_RULES);
  // The json_schema form comes with its object.
  if ((request.response_format as Dict | undefined)?.type === 'json_schema')
    apply(request, '', 'response_format.json_schema:o!');
  each(request.tools, 'tools', 'type:=function! function:o! function.name:k! function.parameters:o');
  each(request.plugins, 'plugins', 'id:s!');
  if (isArray(stop)) limit('stop', stop, 4, 'stop sequences');
  if (typeof session_id === 'string') limit('session_id', session_id, 128, 'characters');
  if (isDict(metadata)) {
    limit('metadata', Object.keys(metadata), 16, 'key-value pairs');
    for (const [key, value] of Object.entries(metadata)) {
      limit(`metadata.${key}`, key, 64, 'characters in a key');
      if (typeof value === 'string') limit(`metadata.${key}`, value, 512, 'characters in a value');
    }
  }
  apply(request, '', VALUE_RULES);
  apply(
    request,
    '',
    typeof request.tool_choice === 'string'
      ? 'tool_choice:=none|auto|required'
      : 'tool_choice:o tool_choice.type:=function! tool_choice.function:o! tool_choice.function.name:k!',
  );
  if (request.debug !== undefined && request.stream !== true) {
    fail('debug', 'stream: true (debug works only when streaming)', 0, `stream: ${describe(request.stream)}`);
  }
  return issues;
}
