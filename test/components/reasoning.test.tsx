import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ChatWindow,
  getReasoning,
  isReasoningStreaming,
  MessageRenderingContext,
  Reasoning,
} from '../../src/index.js';
import type { MockReasoningFormat } from '../../src/testing/index.js';
import { expectNoAxeViolations } from './axe-helper';
import { assistantMessage, recordingMockFetch } from './fixtures';

const AppLink = (props: { href?: string; children?: ReactNode }) => (
  <a href={props.href} data-app-link="">
    {props.children}
  </a>
);
const OwnLink = (props: { href?: string; children?: ReactNode }) => (
  <a href={props.href} data-own-link="">
    {props.children}
  </a>
);

describe('getReasoning', () => {
  it('prefers the plain reasoning text over the duplicated details', () => {
    const message = assistantMessage('', {
      reasoning: 'Plain',
      reasoning_details: [{ type: 'reasoning.text', text: 'Plain', index: 0 }],
    });
    expect(getReasoning(message)).toEqual({ text: 'Plain', summaries: [], redacted: false });
  });

  it('falls back to details, collects summaries and flags encrypted reasoning', () => {
    const message = assistantMessage('', {
      reasoning_details: [
        { type: 'reasoning.text', text: 'a', index: 0 },
        { type: 'reasoning.text', text: 'b', index: 0 },
        { type: 'reasoning.summary', summary: 'Short version' },
        { type: 'reasoning.encrypted', data: 'xyz' },
      ],
    });
    expect(getReasoning(message)).toEqual({ text: 'ab', summaries: ['Short version'], redacted: true });
  });

  it('shows a summary once: `reasoning` already carries the text of the `reasoning.summary` details', () => {
    // As an OpenAI reasoning model streams it (test/fixtures/reasoning-encrypted.sse).
    const message = assistantMessage('Done.', {
      reasoning: '**Plan**\nCheck the docs.',
      reasoning_details: [
        { type: 'reasoning.summary', summary: '**Plan**\n', format: 'openai-responses-v1', index: 0 },
        { type: 'reasoning.summary', summary: 'Check the docs.', format: 'openai-responses-v1', index: 0 },
        { type: 'reasoning.encrypted', data: 'gAAAAB==', format: 'openai-responses-v1', index: 0 },
      ],
    });
    expect(getReasoning(message)).toEqual({
      text: '**Plan**\nCheck the docs.',
      summaries: [],
      redacted: true,
    });
    render(<Reasoning.Default message={message} defaultOpen />);
    const group = screen.getByRole('group', { name: 'Reasoning' });
    expect(group.textContent?.match(/Plan/g)).toHaveLength(1);
    expect(group.textContent).not.toContain('**');
    expect(screen.queryByRole('list', { name: 'Reasoning summary' })).toBeNull();
  });

  it('skips details of an unexpected shape instead of rendering them', () => {
    const message = assistantMessage('', {
      reasoning_details: [
        null,
        { type: 'reasoning.text', text: { nested: true } },
        { type: 'reasoning.text', text: 'kept' },
        { type: 'reasoning.summary', summary: { not: 'a string' } },
        { type: 'reasoning.summary', summary: 'Summary' },
      ] as never,
    });
    expect(getReasoning(message)).toEqual({ text: 'kept', summaries: ['Summary'], redacted: false });
  });

  it('knows reasoning streams until the answer starts', () => {
    expect(isReasoningStreaming(assistantMessage('', { status: 'streaming', reasoning: 'hm' }))).toBe(true);
    expect(isReasoningStreaming(assistantMessage('A', { status: 'streaming', reasoning: 'hm' }))).toBe(false);
    expect(isReasoningStreaming(assistantMessage('', { status: 'done', reasoning: 'hm' }))).toBe(false);
  });
});

describe('Reasoning', () => {
  it("renders with the rendering context's Markdown overrides, as the message text does, unless given its own", () => {
    const message = assistantMessage('Answer', { reasoning: 'See [the docs](https://example.com/docs).' });
    const { container, rerender } = render(
      <MessageRenderingContext.Provider value={{ markdownComponents: { a: AppLink } }}>
        <Reasoning.Text message={message} />
      </MessageRenderingContext.Provider>,
    );
    expect(container.querySelector('a[data-app-link]')?.getAttribute('href')).toBe(
      'https://example.com/docs',
    );
    rerender(
      <MessageRenderingContext.Provider value={{ markdownComponents: { a: AppLink } }}>
        <Reasoning.Text message={message} components={{ a: OwnLink }} />
      </MessageRenderingContext.Provider>,
    );
    expect(container.querySelector('a[data-app-link]')).toBeNull();
    expect(container.querySelector('a[data-own-link]')?.textContent).toBe('the docs');
  });

  it('opens while reasoning streams and collapses when the answer starts', async () => {
    const thinking = assistantMessage('', { status: 'streaming', reasoning: 'Let me think' });
    const { rerender, container } = render(<Reasoning.Default message={thinking} />);
    const trigger = screen.getByRole('button', { name: 'Thinking…' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('group', { name: 'Thinking…' }).textContent).toContain('Let me think');
    expect(container.querySelector('.rcc-reasoning')?.getAttribute('data-state')).toBe('open');
    await expectNoAxeViolations(container);

    rerender(<Reasoning.Default message={{ ...thinking, content: 'The answer' }} />);
    expect(screen.getByRole('button', { name: 'Reasoning' }).getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group')).toBeNull();
    expect(container.querySelector('.rcc-reasoning')?.getAttribute('data-state')).toBe('closed');
    await expectNoAxeViolations(container);
  });

  it('an open panel is a group named by its trigger, not a landmark: one per message would crowd the landmarks', async () => {
    const { container } = render(
      <>
        <Reasoning.Default message={assistantMessage('A', { reasoning: 'First' })} defaultOpen />
        <Reasoning.Default message={assistantMessage('B', { reasoning: 'Second' })} defaultOpen />
      </>,
    );
    expect(screen.getAllByRole('group', { name: 'Reasoning' }).map((group) => group.textContent)).toEqual([
      'First',
      'Second',
    ]);
    expect(screen.queryByRole('region')).toBeNull();
    // Two regions of one name failed axe's landmark-unique.
    await expectNoAxeViolations(container);
  });

  it('when the answer starts and the panel closes, focus in the reasoning goes to its trigger', () => {
    const thinking = assistantMessage('', {
      status: 'streaming',
      reasoning: 'See [the docs](https://example.com/docs)',
    });
    const { rerender } = render(<Reasoning.Default message={thinking} />);
    screen.getByRole('link', { name: 'the docs' }).focus();
    rerender(<Reasoning.Default message={{ ...thinking, content: 'The answer' }} />);
    expect(screen.queryByRole('link')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reasoning' }));
  });

  it('toggles by click and keyboard when done', async () => {
    const user = userEvent.setup();
    render(<Reasoning.Default message={assistantMessage('Answer', { reasoning: 'Because' })} />);
    const trigger = screen.getByRole('button', { name: 'Reasoning' });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    await user.click(trigger);
    expect(screen.getByRole('group').textContent).toContain('Because');
    trigger.focus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('group')).toBeNull();
  });

  it('comes back as the user left it when its row is unmounted and shown again (a virtualized list)', async () => {
    const user = userEvent.setup();
    const message = assistantMessage('Answer', { reasoning: 'Because' });
    const other = assistantMessage('Answer', { reasoning: 'Another' });
    const expanded = () => screen.getByRole('button', { name: 'Reasoning' }).getAttribute('aria-expanded');
    const first = render(<Reasoning.Default message={message} />);
    await user.click(screen.getByRole('button', { name: 'Reasoning' }));
    first.unmount();
    const again = render(<Reasoning.Default message={message} />);
    expect(expanded()).toBe('true');
    // Another message's panel is not opened by it, and a panel closed again stays closed.
    again.unmount();
    const second = render(<Reasoning.Default message={other} />);
    expect(expanded()).toBe('false');
    second.unmount();
    const third = render(<Reasoning.Default message={message} />);
    await user.click(screen.getByRole('button', { name: 'Reasoning' }));
    third.unmount();
    render(<Reasoning.Default message={message} />);
    expect(expanded()).toBe('false');
  });

  it('Content kept mounted while closed stays hidden when given hidden={undefined}', async () => {
    const user = userEvent.setup();
    render(
      <Reasoning.Root>
        <Reasoning.Trigger />
        <Reasoning.Content forceMount hidden={undefined} data-testid="content">
          Because
        </Reasoning.Content>
      </Reasoning.Root>,
    );
    const content = screen.getByTestId('content');
    expect(content).toHaveProperty('hidden', true);
    await user.click(screen.getByRole('button', { name: 'Reasoning' }));
    expect(content).toHaveProperty('hidden', false);
  });

  it('is controllable: open + onOpenChange', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    render(
      <Reasoning.Default
        message={assistantMessage('Answer', { reasoning: 'Because' })}
        open
        onOpenChange={onOpenChange}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Reasoning' }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
    // Controlled: stays open until the owner changes `open`.
    expect(screen.getByRole('group')).toBeTruthy();
  });

  it('asks the controlling owner again for a change it declined', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    render(
      <Reasoning.Root open={false} onOpenChange={onOpenChange}>
        <Reasoning.Trigger />
        <Reasoning.Content>inside</Reasoning.Content>
      </Reasoning.Root>,
    );
    // The owner keeps it closed (no re-render): each click still asks.
    await user.click(screen.getByRole('button', { name: 'Reasoning' }));
    await user.click(screen.getByRole('button', { name: 'Reasoning' }));
    expect(onOpenChange.mock.calls).toEqual([[true], [true]]);
    expect(screen.queryByText('inside')).toBeNull();
  });

  it('tells the controlling owner when streaming opens and closes it', () => {
    const onOpenChange = vi.fn();
    const message = assistantMessage('', { status: 'streaming', reasoning: 'x' });
    const { rerender } = render(
      <Reasoning.Default message={{ ...message, status: 'done' }} open={false} onOpenChange={onOpenChange} />,
    );
    rerender(<Reasoning.Default message={message} open={false} onOpenChange={onOpenChange} />);
    expect(onOpenChange).toHaveBeenLastCalledWith(true);
    // The owner opens it; once the answer starts, streaming closes it again through the owner.
    rerender(<Reasoning.Default message={message} open onOpenChange={onOpenChange} />);
    const answering = { ...message, content: 'Answer' };
    rerender(<Reasoning.Default message={answering} open onOpenChange={onOpenChange} />);
    expect(onOpenChange).toHaveBeenLastCalledWith(false);
    expect(onOpenChange).toHaveBeenCalledTimes(2);
  });

  it('shows summaries and a redacted notice for encrypted reasoning', async () => {
    const message = assistantMessage('Answer', {
      reasoning_details: [
        { type: 'reasoning.summary', summary: 'Checked the docs' },
        { type: 'reasoning.encrypted', data: 'b64' },
      ],
    });
    const { container } = render(<Reasoning.Default message={message} defaultOpen />);
    expect(screen.getByRole('list', { name: 'Reasoning summary' }).textContent).toBe('Checked the docs');
    expect(screen.getByText(/redacted/i)).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('renders nothing without reasoning', () => {
    const { container } = render(<Reasoning.Default message={assistantMessage('Hi')} />);
    expect(container.innerHTML).toBe('');
  });

  it('supports asChild on the trigger', async () => {
    const user = userEvent.setup();
    render(
      <Reasoning.Root defaultOpen={false}>
        <Reasoning.Trigger asChild>
          <button type="button" className="mine">
            Thoughts
          </button>
        </Reasoning.Trigger>
        <Reasoning.Content>inside</Reasoning.Content>
      </Reasoning.Root>,
    );
    const trigger = screen.getByRole('button', { name: 'Thoughts' });
    expect(trigger.classList.contains('mine')).toBe(true);
    expect(trigger.classList.contains('rcc-reasoning-trigger')).toBe(true);
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    await user.click(trigger);
    expect(screen.getByText('inside')).toBeTruthy();
  });
});

describe('Reasoning in ChatWindow, each form the mock sends', { timeout: 30_000 }, () => {
  it.each<[MockReasoningFormat, RegExp]>([
    ['text', /^The user wrote “Think it over”\. Let me work out what they need\. First,/],
    [
      'summary',
      /^The user wrote “Think it over”\.Let me work out what they need\.First,.*Reasoning redacted by the provider\.$/,
    ],
    ['encrypted', /^Reasoning redacted by the provider\.$/],
  ])(
    '%s: the panel shows it once, closed after the answer; the announcer reads the answer alone',
    async (format, shown) => {
      const { fetch } = recordingMockFetch({ reasoningFormat: format, replies: ['The answer.'] });
      const user = userEvent.setup();
      const { container } = render(
        <ChatWindow
          clientOptions={{ baseUrl: 'http://127.0.0.1:9/api/v1', fetch, maxRetries: 0 }}
          request={{ model: 'mock/reasoning' }}
        />,
      );
      await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Think it over{Enter}');
      await waitFor(() =>
        expect(
          container.querySelector('.rcc-message[data-role="assistant"][data-status="done"]'),
        ).not.toBeNull(),
      );
      const reply = container.querySelector<HTMLElement>('.rcc-message[data-role="assistant"]')!;
      const trigger = within(reply).getByRole('button', { name: 'Reasoning' });
      expect(trigger.getAttribute('aria-expanded')).toBe('false');
      await user.click(trigger);
      const group = within(reply).getByRole('group', { name: 'Reasoning' });
      expect(group.textContent).toMatch(shown);
      // Once: no summary list repeating what `reasoning` carries.
      expect(group.textContent?.match(/The user wrote/g)?.length ?? 0).toBe(format === 'encrypted' ? 0 : 1);
      expect(within(group).queryByRole('list')).toBeNull();
      expect(screen.getByRole('status').textContent).toBe('Assistant: The answer.');
      await expectNoAxeViolations(container);
    },
  );
});
