import type { ValidationIssue } from './errors.js';

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];
const MODALITIES = ['text', 'image', 'audio'];
const TOOL_CHOICES = ['none', 'auto', 'required'];
const list = (values: readonly string[]) => `one of ${values.map((value) => `"${value}"`).join(', ')}`;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const range = (min: number, max: number) =>
  max === Number.POSITIVE_INFINITY
    ? min === Number.NEGATIVE_INFINITY
      ? ''
      : ` >= ${min}`
    : ` from ${min} to ${max}`;

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
  const fail = (path: string, expected: string, got: unknown) => {
    issues.push({ path, message: `expected ${expected}, got ${describe(got)}` });
    return false;
  };
  /** Checks `object[key]` when present (and not null when `nullable`); returns whether it passed. */
  const check = (
    object: Dict,
    path: string,
    key: string,
    test: (value: unknown) => boolean,
    expected: string,
    nullable = true,
  ): boolean => {
    const value = object[key];
    if (value === undefined || (nullable && value === null)) return false;
    return test(value) || fail(path ? `${path}.${key}` : key, expected, value);
  };
  const string = (object: Dict, path: string, key: string, nullable = false) =>
    check(object, path, key, (value) => typeof value === 'string', 'a string', nullable);
  const boolean = (object: Dict, path: string, key: string) =>
    check(object, path, key, (value) => typeof value === 'boolean', 'true or false');
  const dict = (object: Dict, path: string, key: string, nullable = false) =>
    check(object, path, key, isDict, 'an object', nullable);
  const strings = (object: Dict, path: string, key: string) =>
    check(
      object,
      path,
      key,
      (value) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
      'an array of strings',
    );
  const number = (object: Dict, path: string, key: string, min: number, max: number, integer = false) =>
    check(
      object,
      path,
      key,
      (value) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= min &&
        value <= max &&
        (!integer || Number.isInteger(value)),
      `${integer ? 'an integer' : 'a number'}${range(min, max)}`,
    );
  const oneOf = (object: Dict, path: string, key: string, values: readonly string[]) =>
    check(object, path, key, (value) => values.includes(value as string), list(values));

  if (!isDict(request)) {
    fail('', 'a request object', request);
    return issues;
  }
  const r = request;

  // Messages
  const messages = r.messages;
  if (!Array.isArray(messages)) fail('messages', 'an array of messages', messages);
  else if (messages.length === 0) fail('messages', 'at least one message', messages);
  else {
    messages.forEach((message: unknown, i) => {
      const path = `messages[${i}]`;
      if (!isDict(message)) {
        fail(path, 'a message object', message);
        return;
      }
      if (!oneOf(message, path, 'role', ROLES)) {
        if (message.role === undefined) fail(`${path}.role`, list(ROLES), undefined);
        return;
      }
      string(message, path, 'name');
      const { role, content } = message;
      if (role === 'assistant') {
        if (
          content !== undefined &&
          content !== null &&
          typeof content !== 'string' &&
          !Array.isArray(content)
        ) {
          fail(`${path}.content`, 'a string, an array of content parts or null', content);
        }
        if (check(message, path, 'tool_calls', Array.isArray, 'an array of tool calls')) {
          (message.tool_calls as unknown[]).forEach((call, j) => {
            const callPath = `${path}.tool_calls[${j}]`;
            if (!isDict(call)) {
              fail(callPath, 'a tool call object', call);
              return;
            }
            if (typeof call.id !== 'string') fail(`${callPath}.id`, 'a string', call.id);
            if (!isDict(call.function)) {
              fail(`${callPath}.function`, 'an object', call.function);
              return;
            }
            if (typeof call.function.name !== 'string')
              fail(`${callPath}.function.name`, 'a string', call.function.name);
            string(call.function, `${callPath}.function`, 'arguments');
          });
        }
      } else if (typeof content === 'string') {
        // Text content is always fine.
      } else if (!Array.isArray(content)) {
        fail(`${path}.content`, 'a string or an array of content parts', content);
      } else {
        const textOnly = role === 'system' || role === 'developer';
        content.forEach((part: unknown, j) => {
          const partPath = `${path}.content[${j}]`;
          if (!isDict(part)) {
            fail(partPath, 'a content part object', part);
            return;
          }
          const { type } = part;
          if (typeof type !== 'string') {
            fail(`${partPath}.type`, 'a content part type such as "text"', type);
            return;
          }
          if (textOnly && type !== 'text') {
            fail(`${partPath}.type`, `"text" (${role} messages take text only)`, type);
            return;
          }
          if (type === 'text' && typeof part.text !== 'string')
            fail(`${partPath}.text`, 'a string', part.text);
          const inner = { image_url: 'url', video_url: 'url', input_audio: 'data', file: '' }[type];
          if (inner === undefined) return;
          if (!isDict(part[type])) {
            fail(`${partPath}.${type}`, 'an object', part[type]);
            return;
          }
          if (inner && typeof (part[type] as Dict)[inner] !== 'string') {
            fail(`${partPath}.${type}.${inner}`, 'a string', (part[type] as Dict)[inner]);
          }
          if (type === 'image_url')
            oneOf(part[type] as Dict, `${partPath}.image_url`, 'detail', ['auto', 'low', 'high']);
        });
      }
      if (role === 'tool' && (typeof message.tool_call_id !== 'string' || message.tool_call_id === '')) {
        fail(
          `${path}.tool_call_id`,
          'the id of the tool call this message answers (a non-empty string)',
          message.tool_call_id,
        );
      }
    });
  }

  // Routing and identity
  string(r, '', 'model');
  strings(r, '', 'models');
  string(r, '', 'user');
  if (string(r, '', 'session_id') && (r.session_id as string).length > 128) {
    issues.push({
      path: 'session_id',
      message: `expected at most 128 characters, got ${(r.session_id as string).length}`,
    });
  }
  if (dict(r, '', 'provider', true)) {
    const provider = r.provider as Dict;
    for (const key of ['order', 'only', 'ignore', 'quantizations']) strings(provider, 'provider', key);
    for (const key of ['allow_fallbacks', 'require_parameters', 'zdr']) boolean(provider, 'provider', key);
    oneOf(provider, 'provider', 'data_collection', ['allow', 'deny']);
    string(provider, 'provider', 'sort', true);
    dict(provider, 'provider', 'max_price');
  }
  if (check(r, '', 'plugins', Array.isArray, 'an array of plugins')) {
    (r.plugins as unknown[]).forEach((plugin, i) => {
      if (!isDict(plugin) || typeof plugin.id !== 'string') {
        fail(`plugins[${i}]`, 'a plugin object with a string id such as "web"', plugin);
      }
    });
  }
  if (dict(r, '', 'trace')) {
    for (const key of ['trace_id', 'trace_name', 'span_name', 'generation_name', 'parent_span_id']) {
      string(r.trace as Dict, 'trace', key);
    }
  }

  // Sampling
  number(r, '', 'temperature', 0, 2);
  number(r, '', 'top_p', 0, 1);
  number(r, '', 'frequency_penalty', -2, 2);
  number(r, '', 'presence_penalty', -2, 2);
  number(r, '', 'top_logprobs', 0, 20, true);
  number(r, '', 'max_completion_tokens', 1, Number.POSITIVE_INFINITY, true);
  number(r, '', 'max_tokens', 1, Number.POSITIVE_INFINITY, true);
  number(r, '', 'seed', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, true);
  boolean(r, '', 'logprobs');
  boolean(r, '', 'parallel_tool_calls');
  if (dict(r, '', 'logit_bias', true)) {
    for (const [token, bias] of Object.entries(r.logit_bias as Dict)) {
      if (typeof bias !== 'number') fail(`logit_bias.${token}`, 'a number', bias);
    }
  }
  const stop = r.stop;
  if (Array.isArray(stop)) {
    if (stop.length > 4) fail('stop', 'at most 4 stop sequences', stop);
    stop.forEach((item: unknown, i) => {
      if (typeof item !== 'string') fail(`stop[${i}]`, 'a string', item);
    });
  }
  if (dict(r, '', 'metadata')) {
    const entries = Object.entries(r.metadata as Dict);
    if (entries.length > 16) {
      issues.push({
        path: 'metadata',
        message: `expected at most 16 key-value pairs, got ${entries.length}`,
      });
    }
    for (const [key, value] of entries) {
      const path = `metadata.${key}`;
      if (key.length > 64) {
        issues.push({ path, message: `expected a key of at most 64 characters, got ${key.length}` });
      }
      if (typeof value !== 'string') fail(path, 'a string', value);
      else if (value.length > 512) {
        issues.push({ path, message: `expected a value of at most 512 characters, got ${value.length}` });
      }
    }
  }

  // Output shape
  if (dict(r, '', 'reasoning')) {
    const reasoning = r.reasoning as Dict;
    string(reasoning, 'reasoning', 'effort', true);
    number(reasoning, 'reasoning', 'max_tokens', 0, Number.POSITIVE_INFINITY, true);
    boolean(reasoning, 'reasoning', 'exclude');
    boolean(reasoning, 'reasoning', 'enabled');
  }
  if (dict(r, '', 'response_format')) {
    const format = r.response_format as Dict;
    if (typeof format.type !== 'string') {
      fail('response_format.type', list(['text', 'json_object', 'json_schema']), format.type);
    } else if (format.type === 'json_schema') {
      if (!isDict(format.json_schema)) fail('response_format.json_schema', 'an object', format.json_schema);
      else {
        const schema = format.json_schema;
        if (typeof schema.name !== 'string')
          fail('response_format.json_schema.name', 'a string', schema.name);
        dict(schema, 'response_format.json_schema', 'schema');
      }
    }
  }
  if (check(r, '', 'modalities', Array.isArray, `an array of ${list(MODALITIES)}`)) {
    (r.modalities as unknown[]).forEach((value, i) => {
      if (!MODALITIES.includes(value as string)) fail(`modalities[${i}]`, list(MODALITIES), value);
    });
  }
  if (dict(r, '', 'image_config')) {
    for (const [key, value] of Object.entries(r.image_config as Dict)) {
      if (typeof value !== 'string' && typeof value !== 'number' && !Array.isArray(value)) {
        fail(`image_config.${key}`, 'a string, a number or an array', value);
      }
    }
  }
  if (dict(r, '', 'cache_control')) oneOf(r.cache_control as Dict, 'cache_control', 'type', ['ephemeral']);

  // Tools
  if (check(r, '', 'tools', Array.isArray, 'an array of tools')) {
    (r.tools as unknown[]).forEach((tool, i) => {
      const path = `tools[${i}]`;
      if (!isDict(tool)) {
        fail(path, 'a tool object', tool);
        return;
      }
      if (tool.type !== 'function') fail(`${path}.type`, '"function"', tool.type);
      if (!isDict(tool.function)) {
        fail(`${path}.function`, 'an object', tool.function);
        return;
      }
      const name = tool.function.name;
      if (typeof name !== 'string' || name === '') fail(`${path}.function.name`, 'a non-empty string', name);
      dict(tool.function, `${path}.function`, 'parameters');
    });
  }
  const choice = r.tool_choice;
  if (
    choice !== undefined &&
    !TOOL_CHOICES.includes(choice as string) &&
    !(
      isDict(choice) &&
      choice.type === 'function' &&
      isDict(choice.function) &&
      typeof choice.function.name === 'string'
    )
  ) {
    fail('tool_choice', `${list(TOOL_CHOICES)} or { type: "function", function: { name } }`, choice);
  }

  // Streaming
  boolean(r, '', 'stream');
  dict(r, '', 'stream_options', true);
  if (dict(r, '', 'debug') && r.stream !== true) {
    issues.push({
      path: 'debug',
      message: `expected stream: true (debug works only when streaming), got stream: ${describe(r.stream)}`,
    });
  }
  return issues;
}
