import { describe, expect, it, vi } from 'vitest';

vi.mock('react', () => {
  throw new Error('react-chat-completions/core must not import react');
});
vi.mock('react-dom', () => {
  throw new Error('react-chat-completions/core must not import react-dom');
});
vi.mock('zustand', () => {
  throw new Error('react-chat-completions/core must not import zustand');
});
vi.mock('zustand/vanilla', () => {
  throw new Error('react-chat-completions/core must not import zustand');
});

describe('the core entry', () => {
  it('the mocks are active: importing react throws', async () => {
    await expect(import('react')).rejects.toThrow();
  });

  it('imports and works with react and zustand unavailable and no DOM globals', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const core = await import('../../src/core/index.js');
    for (const name of [
      'createChatClient',
      'collectCompletion',
      'accumulateChunk',
      'validateRequest',
      'decodeChatStream',
      'parseToolArguments',
      'ChatApiError',
      'ChatRequestError',
    ] as const) {
      expect(typeof core[name]).toBe('function');
    }
    const completion = core.accumulateChunk(undefined, {
      choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }],
    });
    expect(completion.choices[0]!.message.content).toBe('ok');
  });
});
