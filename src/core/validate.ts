import type { ValidationIssue } from './errors.js';

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/*
 * The limits as compact rules (the core has a size budget): `path:kind`, where kind is
 * s string, k non-empty string, b boolean, o object, a array, S array of strings, =x|y one of,
 * n or i (integer) with `min,max` (either may be empty); `?` allows null, `!` makes it required.
 */
const REQUEST_RULES =
  'model:s models:S user:s session_id:s provider:o? provider.order:S provider.only:S provider.ignore:S ' +
  'provider.quantizations:S provider.allow_fallbacks:b? provider.require_parameters:b? provider.zdr:b? ' +
  'provider.data_collection:=allow|deny? provider.sort:s? provider.max_price:o plugins:a trace:o ' +
  'trace.trace_id:s trace.trace_name:s trace.span_name:s trace.generation_name:s trace.parent_span_id:s ' +
  'temperature:n0,2? top_p:n0,1? frequency_penalty:n-2,2? presence_penalty:n-2,2? top_logprobs:i0,20? ' +
  'max_completion_tokens:i1,? max_tokens:i1,? seed:i,? logit_bias:o? logprobs:b? parallel_tool_calls:b? ' +
  'metadata:o reasoning:o reasoning.effort:s? reasoning.max_tokens:i0,? reasoning.exclude:b? ' +
  'reasoning.enabled:b? response_format:o response_format.type:s! response_format.json_schema:o ' +
  'response_format.json_schema.name:s! response_format.json_schema.schema:o stream:b? stream_options:o? ' +
  'tools:a modalities:a image_config:o cache_control:o cache_control.type:=ephemeral! debug:o';
const MESSAGE_RULES = 'role:=system|developer|user|assistant|tool! name:s';
const TOOL_CALL_RULES = 'id:s! function:o! function.name:s! function.arguments:s';
const TOOL_RULES = 'type:=function! function:o! function.name:k! function.parameters:o';
const PART_RULES: Dict = {
  text: 'text:s!',
  image_url: 'image_url:o! image_url.url:s! image_url.detail:=auto|low|high',
  input_audio: 'input_audio:o! input_audio.data:s!',
  video_url: 'video_url:o! video_url.url:s!',
  file: 'file:o!',
};
const KINDS: Dict = {
  s: 'a string',
  k: 'a non-empty string',
  b: 'true or false',
  o: 'an object',
  a: 'an array',
  S: 'an array of strings',
};

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return isDict(value) ? 'an object' : String(value);
}

const oneOf = (values: string) => `one of ${values.replace(/(\w+)\|?/g, '"$1", ').slice(0, -2)}`;

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
  /** Applies rules to `object`; returns whether every rule passed. */
  const apply = (object: Dict, prefix: string, rules: string): boolean => {
    const before = issues.length;
    for (const rule of rules.split(' ')) {
      const [path = '', kind = ''] = rule.split(':');
      const keys = path.split('.');
      let parent: unknown = object;
      for (const key of keys.slice(0, -1)) parent = isDict(parent) ? parent[key] : undefined;
      // A rule whose parent failed its own rule (or is absent) has nothing to check.
      if (!isDict(parent)) continue;
      const value = parent[keys[keys.length - 1]!];
      const flag = kind.slice(-1);
      const type = kind.replace(/[?!]$/, '');
      if (value === undefined ? flag !== '!' : value === null && flag === '?') continue;
      const [min = '', max = ''] = type.slice(1).split(',');
      const low = min === '' ? Number.NEGATIVE_INFINITY : Number(min);
      const high = max === '' ? Number.POSITIVE_INFINITY : Number(max);
      const valid =
        type[0] === '='
          ? type
              .slice(1)
              .split('|')
              .includes(value as string)
          : type[0] === 'n' || type[0] === 'i'
            ? typeof value === 'number' &&
              value >= low &&
              value <= high &&
              (type[0] === 'n' ? Number.isFinite(value) : Number.isInteger(value))
            : {
                s: typeof value === 'string',
                k: typeof value === 'string' && value !== '',
                b: typeof value === 'boolean',
                o: isDict(value),
                a: Array.isArray(value),
                S: Array.isArray(value) && value.every((item) => typeof item === 'string'),
              }[type];
      if (valid) continue;
      const expected =
        type[0] === '='
          ? oneOf(type.slice(1))
          : type[0] === 'n' || type[0] === 'i'
            ? `${type[0] === 'i' ? 'an integer' : 'a number'}${
                max ? ` from ${low} to ${high}` : min ? ` >= ${low}` : ''
              }`
            : (KINDS[type] as string);
      fail(prefix + path, expected, value);
    }
    return issues.length === before;
  };
  const each = (value: unknown, path: string, check: (item: Dict, path: string) => void) => {
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        if (isDict(item)) check(item, `${path}[${i}]`);
        else fail(`${path}[${i}]`, 'an object', item);
      });
    }
  };
  const sizes = (path: string, length: number, limit: number, what: string) => {
    if (length > limit) fail(path, `at most ${limit} ${what}`, 0, String(length));
  };

  if (!isDict(request)) {
    fail('', 'a request object', request);
    return issues;
  }
  const r = request;
  const { messages } = r;
  if (!Array.isArray(messages)) fail('messages', 'an array of messages', messages);
  else if (messages.length === 0) fail('messages', 'at least one message', messages);
  each(messages, 'messages', (message, path) => {
    if (!apply(message, `${path}.`, MESSAGE_RULES)) return;
    const { role, content } = message;
    if (role === 'assistant') {
      if (content != null && typeof content !== 'string' && !Array.isArray(content)) {
        fail(`${path}.content`, 'a string, an array of content parts or null', content);
      }
      if (apply(message, `${path}.`, 'tool_calls:a')) {
        each(message.tool_calls, `${path}.tool_calls`, (call, callPath) =>
          apply(call, `${callPath}.`, TOOL_CALL_RULES),
        );
      }
      return;
    }
    if (role === 'tool') apply(message, `${path}.`, 'tool_call_id:k!');
    if (typeof content !== 'string' && !Array.isArray(content)) {
      fail(`${path}.content`, 'a string or an array of content parts', content);
    }
    each(content, `${path}.content`, (part, partPath) => {
      if (!apply(part, `${partPath}.`, 'type:s!')) return;
      const type = part.type as string;
      if (type !== 'text' && (role === 'system' || role === 'developer')) {
        fail(`${partPath}.type`, `"text" (${role} messages take text only)`, type);
      } else if (typeof PART_RULES[type] === 'string') apply(part, `${partPath}.`, PART_RULES[type]);
    });
  });

  apply(r, '', REQUEST_RULES);
  each(r.tools, 'tools', (tool, path) => apply(tool, `${path}.`, TOOL_RULES));
  each(r.plugins, 'plugins', (plugin, path) => apply(plugin, `${path}.`, 'id:s!'));
  if (Array.isArray(r.modalities)) {
    r.modalities.forEach((value: unknown, i) => {
      if (!['text', 'image', 'audio'].includes(value as string))
        fail(`modalities[${i}]`, oneOf('text|image|audio'), value);
    });
  }
  if (Array.isArray(r.stop)) {
    sizes('stop', r.stop.length, 4, 'stop sequences');
    r.stop.forEach((value: unknown, i) => {
      if (typeof value !== 'string') fail(`stop[${i}]`, 'a string', value);
    });
  }
  if (typeof r.session_id === 'string') sizes('session_id', r.session_id.length, 128, 'characters');
  if (isDict(r.metadata)) {
    const entries = Object.entries(r.metadata);
    sizes('metadata', entries.length, 16, 'key-value pairs');
    for (const [key, value] of entries) {
      sizes(`metadata.${key}`, key.length, 64, 'characters in a key');
      if (typeof value !== 'string') fail(`metadata.${key}`, 'a string', value);
      else sizes(`metadata.${key}`, value.length, 512, 'characters in a value');
    }
  }
  for (const [field, test, expected] of [
    ['logit_bias', (value: unknown) => typeof value === 'number', 'a number'],
    [
      'image_config',
      (value: unknown) => typeof value === 'string' || typeof value === 'number' || Array.isArray(value),
      'a string, a number or an array',
    ],
  ] as const) {
    const map = r[field];
    if (isDict(map)) {
      for (const [key, value] of Object.entries(map))
        if (!test(value)) fail(`${field}.${key}`, expected, value);
    }
  }
  const choice = r.tool_choice;
  if (
    choice !== undefined &&
    !['none', 'auto', 'required'].includes(choice as string) &&
    !(
      isDict(choice) &&
      choice.type === 'function' &&
      isDict(choice.function) &&
      typeof choice.function.name === 'string'
    )
  ) {
    fail('tool_choice', '"none", "auto", "required" or { type: "function", function: { name } }', choice);
  }
  if (r.debug !== undefined && r.stream !== true) {
    fail('debug', 'stream: true (debug works only when streaming)', 0, `stream: ${describe(r.stream)}`);
  }
  return issues;
}
