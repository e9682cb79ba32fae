import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Reasoning } from '../../src/index.js';

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
