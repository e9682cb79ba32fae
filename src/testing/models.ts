import type { ModelInfo, ModelsResponse } from '../core/types.js';
import type { MockErrorStatus, MockScenario } from './types.js';

/** Every status WIRE.md lists, each one a `mock/error-<status>` model. */
export const MOCK_ERROR_STATUSES: readonly MockErrorStatus[] = [
  400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 524, 529,
];

const ERROR_TITLES: Record<MockErrorStatus, string> = {
  400: 'bad request',
  401: 'invalid API key',
  402: 'insufficient credits',
  403: 'input flagged by moderation',
  404: 'no endpoint can serve the request',
  408: 'request timeout',
  413: 'payload too large',
  422: 'unprocessable request',
  429: 'rate limited (Retry-After)',
  500: 'internal server error',
  502: 'provider error (raw upstream message)',
  503: 'no provider available (Retry-After)',
  524: 'provider timed out',
  529: 'provider overloaded',
};

interface MockModelSpec {
  scenario: Exclude<MockScenario, `error-${number}`> | MockErrorStatus;
  name: string;
  description: string;
  input?: string[];
  output?: string[];
}

const SPECS: MockModelSpec[] = [
  {
    scenario: 'auto',
    name: 'Auto',
    description:
      'Behaves like a capable model: calls tools when the prompt asks for them, draws images, reasons, cites the web, follows response_format and max tokens.',
    input: ['text', 'image', 'file', 'audio'],
    output: ['text', 'image', 'audio'],
  },
  {
    scenario: 'text',
    name: 'Text',
    description: 'A Markdown answer with a heading, a list and a code block.',
  },
  {
    scenario: 'reasoning',
    name: 'Reasoning',
    description:
      'Thinks out loud first (reasoning and reasoning_details with a late signature), then answers.',
  },
  {
    scenario: 'tools',
    name: 'Tools',
    description:
      'Calls the request’s tools in parallel with streamed arguments, then answers from the tool results.',
  },
  {
    scenario: 'image',
    name: 'Image',
    description: 'Generates a small PNG gradient in `images`.',
    output: ['text', 'image'],
  },
  {
    scenario: 'citations',
    name: 'Citations',
    description: 'Answers as if the web plugin searched, with url_citation annotations.',
  },
  {
    scenario: 'audio',
    name: 'Audio',
    description: 'Speaks: a tiny WAV tone streamed in audio.data with a transcript.',
    output: ['text', 'audio'],
  },
  {
    scenario: 'json',
    name: 'JSON',
    description: 'Valid JSON, following response_format’s schema when given.',
  },
  {
    scenario: 'slow',
    name: 'Slow',
    description: 'A long reply at a slow pace, with keep-alive comments during pauses.',
  },
  {
    scenario: 'xss',
    name: 'XSS payloads',
    description:
      'Hostile output for security tests: script tags, javascript: and data:text/html links, SVG images, HTML in tool arguments.',
    output: ['text', 'image'],
  },
  {
    scenario: 'refusal',
    name: 'Refusal',
    description: 'Declines to answer: the text streams in `refusal`, with no content.',
  },
  {
    scenario: 'content-filter',
    name: 'Content filter',
    description: 'Some text, then finish_reason "content_filter": the reply is incomplete.',
  },
  {
    scenario: 'file-parser',
    name: 'File parser',
    description:
      'Reads the attached PDFs as the file-parser plugin does: file annotations with hash, name and parsed text.',
    input: ['text', 'image', 'file'],
  },
  {
    scenario: 'error-html',
    name: 'Error: HTML page',
    description: 'A 502 answered by a proxy as an HTML page.',
  },
  {
    scenario: 'error-in-body',
    name: 'Error: in a 200 body',
    description: 'HTTP 200 whose JSON body holds only an error (code 500), no choices.',
  },
  {
    scenario: 'error-midstream',
    name: 'Error: mid-stream',
    description: 'Streams some text, then an error chunk with finish_reason "error".',
  },
  {
    scenario: 'error-midstream-string',
    name: 'Error: mid-stream, string code',
    description: 'Streams some text, then an error chunk whose code is "server_error".',
  },
  {
    scenario: 'error-midstream-tools',
    name: 'Error: mid-stream, in a tool call',
    description:
      'Starts calling the request’s tools, then an error chunk with finish_reason "error" halfway through the first call’s arguments.',
  },
  {
    scenario: 'truncated',
    name: 'Error: truncated stream',
    description: 'The connection closes mid-reply: no finish_reason, no [DONE].',
  },
  {
    scenario: 'truncated-tools',
    name: 'Error: truncated in a tool call',
    description:
      'Starts calling the request’s tools, then the connection closes halfway through the first call’s arguments.',
  },
  {
    scenario: 'invalid-chunk',
    name: 'Error: invalid chunk',
    description: 'A data: line that is not JSON in the middle of the stream.',
  },
  ...MOCK_ERROR_STATUSES.map(
    (status): MockModelSpec => ({
      scenario: status,
      name: `Error ${status}`,
      description: `Answers HTTP ${status}: ${ERROR_TITLES[status]}.`,
    }),
  ),
];

const CREATED = 1_735_689_600; // 2025-01-01: fixed so the list is stable.
const SUPPORTED_PARAMETERS = [
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'seed',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'include_reasoning',
  'response_format',
  'structured_outputs',
  'logprobs',
];

function toModelInfo(spec: MockModelSpec): ModelInfo {
  const id = `mock/${typeof spec.scenario === 'number' ? `error-${spec.scenario}` : spec.scenario}`;
  const input = spec.input ?? ['text', 'image'];
  const output = spec.output ?? ['text'];
  return {
    id,
    canonical_slug: id,
    hugging_face_id: null,
    name: `Mock: ${spec.name}`,
    created: CREATED,
    description: spec.description,
    context_length: 128_000,
    architecture: {
      modality: `${input.join('+')}->${output.join('+')}`,
      input_modalities: input,
      output_modalities: output,
      tokenizer: 'Other',
      instruct_type: null,
    },
    pricing: { prompt: '0.0000005', completion: '0.0000015', request: '0', image: '0', web_search: '0' },
    top_provider: { context_length: 128_000, max_completion_tokens: 16_384, is_moderated: false },
    per_request_limits: null,
    supported_parameters: SUPPORTED_PARAMETERS,
    default_parameters: null,
    supported_voices: null,
    links: { details: `/api/v1/models/${id}/endpoints` },
  };
}

/**
 * The models of the mock endpoint: `mock/auto` (behaviour chosen from the request) and one model
 * per forced scenario, each with a name and description for model pickers. `GET /models` lists them.
 */
export const MOCK_MODELS: ModelInfo[] = SPECS.map(toModelInfo);

/** The body of `GET /models`: OpenRouter's list format. */
export function createModelsResponse(): ModelsResponse {
  return { data: [...MOCK_MODELS], links: { next: null }, total_count: MOCK_MODELS.length };
}
