import type { ChatCompletionRequest, ResponseFormat, ToolDefinition } from '../../src/core/types.js';

/** A tool set like an app would send. */
export const WEATHER_TOOLS: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        },
        required: ['city'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'search_flights',
      description: 'Find flights between two cities.',
      parameters: {
        type: 'object',
        properties: {
          from: { type: 'string' },
          to: { type: 'string' },
          passengers: { type: 'integer', minimum: 1 },
        },
        required: ['from', 'to'],
      },
    },
  },
];

/** A JSON Schema response format with nested objects, arrays, enums and numbers. */
export const RECIPE_FORMAT: ResponseFormat = {
  type: 'json_schema',
  json_schema: {
    name: 'recipe',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        servings: { type: 'integer', minimum: 1, maximum: 12 },
        difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] },
        vegetarian: { type: 'boolean' },
        ingredients: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, grams: { type: 'number' } },
            required: ['name', 'grams'],
          },
        },
        notes: { type: ['string', 'null'] },
      },
      required: ['title', 'servings', 'difficulty', 'vegetarian', 'ingredients', 'notes'],
      additionalProperties: false,
    },
  },
};

/** Requests that between them reach every behaviour of the mock. */
export const BEHAVIOUR_REQUESTS: Record<string, Partial<ChatCompletionRequest>> = {
  'auto text': { model: 'openai/gpt-4o-mini' },
  'auto tools': {
    messages: [{ role: 'user', content: 'What is the weather in Paris and Tokyo?' }],
    tools: WEATHER_TOOLS,
  },
  'auto tool results': {
    tools: WEATHER_TOOLS,
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":18,"sky":"sunny"}' },
    ],
  },
  'auto image': { modalities: ['image', 'text'], image_config: { aspect_ratio: '16:9' } },
  'auto image only': { modalities: ['image'] },
  'auto audio': { modalities: ['text', 'audio'] },
  'auto logprobs': { logprobs: true, top_logprobs: 3 },
  'auto reasoning': { reasoning: { effort: 'high' } },
  'auto reasoning excluded': { reasoning: { effort: 'high', exclude: true } },
  'auto web': { plugins: [{ id: 'web', max_results: 3 }] },
  'auto json schema': { response_format: RECIPE_FORMAT },
  'auto json object': { response_format: { type: 'json_object' } },
  'auto max tokens': { max_completion_tokens: 12 },
  'auto reasoning cut by max tokens': { reasoning: { effort: 'high' }, max_completion_tokens: 5 },
  'auto debug': { debug: { echo_upstream_body: true } },
};
