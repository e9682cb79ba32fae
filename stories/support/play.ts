import { expect, userEvent, waitFor, within } from 'storybook/test';

/** Shared steps of the ChatWindow play functions. */

const SETTLED = ['done', 'incomplete', 'error'];

/** Types a message in the composer and sends it with Enter. */
export async function sendMessage(canvasElement: HTMLElement, text: string): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  const input = await canvas.findByRole('textbox', { name: 'Message' }, { timeout: 15_000 });
  await userEvent.click(input);
  await userEvent.type(input, text);
  await userEvent.keyboard('{Enter}');
  return input;
}

/** The assistant messages in the log, in order. */
export function assistantMessages(canvasElement: HTMLElement): HTMLElement[] {
  return [...canvasElement.querySelectorAll<HTMLElement>('[role="log"] [data-role="assistant"]')];
}

/**
 * Waits until the chat is idle again (no Stop button) with its last assistant message settled,
 * and returns that message. `statuses` narrows which settled statuses are acceptable.
 */
export async function waitForReply(
  canvasElement: HTMLElement,
  statuses: readonly string[] = SETTLED,
  timeout = 30_000,
): Promise<HTMLElement> {
  let last: HTMLElement | undefined;
  await waitFor(
    () => {
      last = assistantMessages(canvasElement).at(-1);
      expect(last).toBeDefined();
      expect(within(canvasElement).queryByRole('button', { name: 'Stop' })).toBeNull();
      expect(SETTLED).toContain(last?.getAttribute('data-status'));
    },
    { timeout },
  );
  await expect(statuses).toContain(last?.getAttribute('data-status'));
  return last as HTMLElement;
}

/** Waits for the error notice (`role="alert"`) of a failed request and returns it. */
export async function waitForErrorNotice(canvasElement: HTMLElement, timeout = 30_000): Promise<HTMLElement> {
  return within(canvasElement).findByRole('alert', {}, { timeout });
}
