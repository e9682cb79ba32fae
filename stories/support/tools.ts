import { type ChatTool, defineTool } from '../../src/index';

/** Demo tools the stories give the mock: one runs by itself, one needs approval. */

const SKIES = ['clear', 'cloudy', 'light rain', 'windy', 'foggy'];

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

/** Runs at once: a deterministic fake forecast for a city. Its arguments' type comes from `parameters`. */
export const weatherTool = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'City name, e.g. Paris' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city'],
  },
  execute: async ({ city, unit = 'celsius' }) => {
    const seed = hash(city);
    const celsius = 8 + (seed % 20);
    return {
      city,
      temperature: unit === 'fahrenheit' ? Math.round(celsius * 1.8 + 32) : celsius,
      unit,
      sky: SKIES[seed % SKIES.length],
    };
  },
});

/** Waits for the user's Approve or Deny before it "sends". */
export const emailTool = defineTool({
  name: 'send_email',
  description: 'Sends an email on behalf of the user. Always asks the user first.',
  parameters: {
    type: 'object',
    properties: {
      to: { type: 'string', description: 'Recipient address' },
      subject: { type: 'string' },
      body: { type: 'string' },
    },
    required: ['to', 'subject'],
  },
  needsApproval: true,
  execute: async ({ to, subject }) => ({
    sent: true,
    to,
    subject,
    id: `msg_${hash(to + subject)}`,
  }),
});

/** Both demo tools. */
export const demoTools: readonly ChatTool[] = [weatherTool, emailTool];
