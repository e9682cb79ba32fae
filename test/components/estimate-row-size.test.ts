import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROW_ESTIMATE,
  estimateMessageHeight,
} from '../../src/components/message-list/estimate-row-size.js';
import type { ChatMessage } from '../../src/store/types.js';

const message = (fields: Partial<ChatMessage>): ChatMessage =>
  ({
    id: 'm',
    parentId: null,
    createdAt: 0,
    status: 'done',
    role: 'user',
    content: '',
    ...fields,
  }) as ChatMessage;

describe('estimateMessageHeight', () => {
  it('gives the flat estimate for an unknown message', () => {
    expect(estimateMessageHeight(undefined)).toBe(DEFAULT_ROW_ESTIMATE);
  });

  it('grows with the text length and with line breaks', () => {
    const short = estimateMessageHeight(message({ content: 'Short answer.' }));
    const long = estimateMessageHeight(message({ content: 'word '.repeat(100) }));
    const broken = estimateMessageHeight(message({ content: 'Short\n\nanswer.' }));
    expect(long).toBeGreaterThan(short);
    expect(broken).toBeGreaterThan(short);
    expect(short).toBeGreaterThan(0);
  });

  it('counts text parts, images and attachments of content parts', () => {
    const text = estimateMessageHeight(message({ content: [{ type: 'text', text: 'A caption' }] }));
    const withImage = estimateMessageHeight(
      message({
        content: [
          { type: 'text', text: 'A caption' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      }),
    );
    const withFile = estimateMessageHeight(
      message({
        content: [
          { type: 'text', text: 'A caption' },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,AA==' } },
        ],
      }),
    );
    expect(withImage).toBeGreaterThan(withFile);
    expect(withFile).toBeGreaterThan(text);
  });

  it('gives tool results (shown in their panels) no room and system prompts one collapsed line', () => {
    const long = 'word '.repeat(400);
    expect(estimateMessageHeight(message({ role: 'tool', tool_call_id: 'c1', content: long }))).toBe(0);
    const system = estimateMessageHeight(message({ role: 'system', content: long }));
    expect(system).toBe(estimateMessageHeight(message({ role: 'developer', content: 'Be brief.' })));
    expect(system).toBeLessThan(estimateMessageHeight(message({ content: 'Short answer.' })));
  });

  it('adds room for an assistant message’s tool calls', () => {
    const plain = estimateMessageHeight(message({ role: 'assistant', content: '' }));
    const calling = estimateMessageHeight(
      message({
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      } as Partial<ChatMessage>),
    );
    expect(calling).toBeGreaterThan(plain);
  });
});
