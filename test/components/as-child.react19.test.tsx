// React 19 only: a function component that takes `ref` as a prop (no `forwardRef`) as the
// element of an `asChild` part, as apps on React 19 write their buttons.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';
import { createRef } from 'react';
import { expect, it } from 'vitest';
import { Composer, Reasoning } from '../../src/index.js';

function AppButton({ className, ...props }: ComponentProps<'button'>) {
  return <button type="button" {...props} className={`btn ${className ?? ''}`} />;
}

it('asChild gives a ref-as-prop component both refs, class names and the action', async () => {
  const user = userEvent.setup();
  const partRef = createRef<HTMLButtonElement>();
  const elementRef = createRef<HTMLButtonElement>();
  const inputRef = createRef<HTMLTextAreaElement>();
  render(
    <Reasoning.Root>
      <Reasoning.Trigger asChild ref={partRef}>
        <AppButton ref={elementRef}>Thoughts</AppButton>
      </Reasoning.Trigger>
      <Reasoning.Content>inside</Reasoning.Content>
      <Composer.Root onSend={() => {}} defaultValue="Hi">
        <Composer.Input ref={inputRef} />
      </Composer.Root>
    </Reasoning.Root>,
  );
  const trigger = screen.getByRole('button', { name: 'Thoughts' });
  expect(partRef.current).toBe(trigger);
  expect(elementRef.current).toBe(trigger);
  expect(trigger.className.split(' ').sort()).toEqual(['btn', 'rcc-reasoning-trigger']);
  await user.click(trigger);
  expect(trigger.getAttribute('aria-expanded')).toBe('true');
  expect(screen.getByText('inside')).toBeTruthy();
  expect(inputRef.current).toBe(screen.getByRole('textbox', { name: 'Message' }));
});
