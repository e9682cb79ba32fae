import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ButtonHTMLAttributes, ReactElement, ReactNode } from 'react';
import { createRef, forwardRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  ActionBar,
  BranchPicker,
  ChatProvider,
  Composer,
  createChatStore,
  Reasoning,
  ThreadList,
  ToolCallPanel,
} from '../../src/index.js';
import { assistantMessage } from './fixtures';

/** An app's own button, as a design system has it: its own class names, `forwardRef`. */
const AppButton = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement>>(function AppButton(
  { className, ...props },
  ref,
) {
  return <button type="button" {...props} ref={ref} className={`btn ${className ?? ''}`} />;
});

// `asChild` renders a part as the app's own element: the contract every part relies on.
describe('asChild', () => {
  const renderTrigger = (child: React.ReactElement, props: Record<string, unknown> = {}) =>
    render(
      <Reasoning.Root defaultOpen={false}>
        <Reasoning.Trigger asChild {...props}>
          {child}
        </Reasoning.Trigger>
        <Reasoning.Content>inside</Reasoning.Content>
      </Reasoning.Root>,
    );

  it("runs the element's handler first, and the part's action unless it called preventDefault()", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    let cancel = true;
    renderTrigger(
      <button
        type="button"
        onClick={(event) => {
          calls.push('element');
          if (cancel) event.preventDefault();
        }}
      >
        Thoughts
      </button>,
      { onClick: () => calls.push('part prop') },
    );
    const trigger = screen.getByRole('button', { name: 'Thoughts' });
    await user.click(trigger);
    expect(calls).toEqual(['element', 'part prop']);
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('inside')).toBeNull();
    cancel = false;
    await user.click(trigger);
    expect(calls).toEqual(['element', 'part prop', 'element', 'part prop']);
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('inside')).toBeTruthy();
  });

  it("gives the element to both refs, joins class names, merges styles and keeps the element's attributes", () => {
    const partRef = createRef<HTMLButtonElement>();
    const elementRef = createRef<HTMLButtonElement>();
    renderTrigger(
      <button
        type="button"
        ref={elementRef}
        className="mine"
        style={{ color: 'red' }}
        aria-describedby="hint"
        title="From the element"
      >
        Thoughts
      </button>,
      { ref: partRef, style: { margin: 4 }, 'aria-describedby': 'note', title: 'From the part' },
    );
    const trigger = screen.getByRole('button', { name: 'Thoughts' });
    expect(partRef.current).toBe(trigger);
    expect(elementRef.current).toBe(trigger);
    expect(trigger.className.split(' ').sort()).toEqual(['mine', 'rcc-reasoning-trigger']);
    expect(trigger.style.color).toBe('red');
    expect(trigger.style.margin).toBe('4px');
    // Both descriptions are read; on any other attribute the element's own value wins.
    expect(trigger.getAttribute('aria-describedby')?.split(' ').sort()).toEqual(['hint', 'note']);
    expect(trigger.title).toBe('From the element');
  });

  it('throws a clear error when the child is not an element', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() =>
        render(
          <Reasoning.Root>
            <Reasoning.Trigger asChild>text</Reasoning.Trigger>
          </Reasoning.Root>,
        ),
      ).toThrow(/element/i);
    } finally {
      error.mockRestore();
    }
  });
});

describe('asChild on every button part, with an app button component', () => {
  const store = createChatStore();
  const approve = vi.fn();
  const toolCall = {
    id: 'call_1',
    type: 'function' as const,
    function: { name: 'send_email', arguments: '{}' },
  };
  // Each part inside what it needs, and what its own action does, seen from outside.
  const cases: [string, (button: ReactElement) => ReactNode, () => void | Promise<void>][] = [
    [
      'Composer.Send',
      (button) => (
        <Composer.Root onSend={onSend} defaultValue="Hi">
          <Composer.Send asChild>{button}</Composer.Send>
        </Composer.Root>
      ),
      () => expect(onSend).toHaveBeenCalledWith('Hi'),
    ],
    [
      'Composer.Stop',
      (button) => (
        <Composer.Root onSend={onSend} onStop={onStop} status="streaming">
          <Composer.Stop asChild>{button}</Composer.Stop>
        </Composer.Root>
      ),
      () => expect(onStop).toHaveBeenCalled(),
    ],
    [
      'ActionBar.Copy',
      (button) => (
        <ActionBar.Copy asChild message={assistantMessage('Copied text')}>
          {button}
        </ActionBar.Copy>
      ),
      async () => {
        expect(await navigator.clipboard.readText()).toBe('Copied text');
        await waitFor(() => expect(screen.getByRole('button').getAttribute('data-state')).toBe('copied'));
      },
    ],
    [
      'BranchPicker.Next',
      (button) => (
        <BranchPicker.Root index={0} count={2} onIndexChange={onIndexChange}>
          <BranchPicker.Next asChild>{button}</BranchPicker.Next>
        </BranchPicker.Root>
      ),
      () => expect(onIndexChange).toHaveBeenCalledWith(1),
    ],
    [
      'ThreadList.New',
      (button) => (
        <ChatProvider store={store}>
          <ThreadList.New asChild onCreate={onCreate}>
            {button}
          </ThreadList.New>
        </ChatProvider>
      ),
      () => expect(onCreate).toHaveBeenCalledWith(store.getState().threadId),
    ],
    [
      'ToolCallPanel.Approve',
      (button) => (
        <ToolCallPanel.Root toolCall={toolCall} status={{ state: 'awaiting-approval' }} onApprove={approve}>
          <ToolCallPanel.Approve asChild>{button}</ToolCallPanel.Approve>
        </ToolCallPanel.Root>
      ),
      () => expect(approve).toHaveBeenCalledWith('call_1'),
    ],
  ];
  const onSend = vi.fn();
  const onStop = vi.fn();
  const onIndexChange = vi.fn();
  const onCreate = vi.fn();

  it.each(cases)(
    "%s: the element's handler, then the part's action; both refs; both class names",
    async (_name, wrap, acted) => {
      const user = userEvent.setup();
      const calls: string[] = [];
      const elementRef = createRef<HTMLButtonElement>();
      render(
        wrap(
          <AppButton ref={elementRef} className="mine" onClick={() => calls.push('element')}>
            Act
          </AppButton>,
        ),
      );
      // The only button (BranchPicker.Next keeps its own label, "Next version").
      const button = screen.getByRole('button');
      expect(elementRef.current).toBe(button);
      expect(button.classList.contains('btn')).toBe(true);
      expect(button.classList.contains('mine')).toBe(true);
      expect([...button.classList].some((name) => name.startsWith('rcc-'))).toBe(true);
      await user.click(button);
      expect(calls).toEqual(['element']);
      await acted();
    },
  );
});
