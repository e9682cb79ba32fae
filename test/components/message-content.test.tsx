import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MessageView } from '../../src/index.js';
import { assistantMessage } from './fixtures';

describe('MessageView.Content', () => {
  const json = '{\n  "title": "Pancakes",\n  "servings": 4\n}';

  it('shows a structured-output reply as a JSON code block, not as prose', () => {
    const message = assistantMessage(json, { structured: { partial: { title: 'Pancakes' } } });
    const { container } = render(<MessageView.Content message={message} />);
    const code = container.querySelectorAll('pre code');
    expect(code).toHaveLength(1);
    expect(code[0]?.textContent?.trim()).toBe(json);
    expect(container.querySelector('p')).toBeNull();
  });

  it('while it streams too (an unfinished object), and a reply fenced by the model is not fenced twice', () => {
    const streaming = assistantMessage('{\n  "title": "Pan', { status: 'streaming', structured: {} });
    const first = render(<MessageView.Content message={streaming} />);
    expect(first.container.querySelector('pre code')?.textContent?.trim()).toBe('{\n  "title": "Pan');
    const fenced = assistantMessage(`\`\`\`json\n${json}\n\`\`\``, { structured: { value: {} } });
    const second = render(<MessageView.Content message={fenced} />);
    expect(second.container.querySelectorAll('pre')).toHaveLength(1);
    expect(second.container.querySelector('pre code')?.textContent?.trim()).toBe(json);
  });

  it('a structured reply that is not JSON cannot break out into Markdown', () => {
    const hostile = '{"a":1}\n```\n# Injected\n![x](https://tracker.example/p.png) [link](https://x.example)';
    const { container } = render(
      <MessageView.Content
        message={assistantMessage(hostile, { status: 'error', structured: { error: 'bad' } })}
      />,
    );
    expect(container.querySelector('h1, img, a')).toBeNull();
    expect(container.querySelector('pre code')?.textContent).toBe(hostile);
  });

  it('a reply without structured output stays Markdown', () => {
    const { container } = render(<MessageView.Content message={assistantMessage('Some **bold** text')} />);
    expect(container.querySelector('pre')).toBeNull();
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });
});
