import { createEvent, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../src/index.js';
import {
  ActionBar,
  BranchPicker,
  ChatActionsContext,
  ChatProvider,
  Composer,
  createChatStore,
  MessageEditor,
  MessageView,
  selectActiveMessages,
  useChatStore,
} from '../../src/index.js';
import { createFakeClient, textReply } from '../store/helpers.js';
import { expectNoAxeViolations } from './axe-helper';
import { assistantMessage, userMessage } from './fixtures';

describe('ActionBar', () => {
  it('copies the message text', async () => {
    const user = userEvent.setup();
    const message = assistantMessage('**Bold** answer');
    const { container } = render(
      <ActionBar.Root>
        <ActionBar.Copy message={message} />
      </ActionBar.Root>,
    );
    // A polite live region, there before the copy (empty), says "Copied": a change of the name
    // alone is not announced.
    const live = () => screen.getByRole('button', { name: /^Cop/ }).querySelector('[aria-live="polite"]');
    expect(live()?.textContent).toBe('');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('**Bold** answer');
    expect(screen.getByRole('button', { name: 'Copied' }).getAttribute('data-state')).toBe('copied');
    expect(live()?.textContent).toBe('Copied');
    expect(screen.getByRole('group', { name: 'Message actions' })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('says "Copy failed" when the clipboard refuses, then offers Copy again', async () => {
    const user = userEvent.setup();
    const refuse = vi
      .spyOn(navigator.clipboard, 'writeText')
      .mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    try {
      render(<ActionBar.Copy message={assistantMessage('Answer')} />);
      await user.click(screen.getByRole('button', { name: 'Copy' }));
      const failed = await screen.findByRole('button', { name: 'Copy failed' });
      expect(failed.getAttribute('data-state')).toBe('failed');
      expect(failed.querySelector('[aria-live="polite"]')?.textContent).toBe('Copy failed');
      expect(refuse).toHaveBeenCalledWith('Answer');
      await waitFor(() => expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy(), {
        timeout: 5000,
      });
      // Back to Copy, the region empties: the label it goes back to is not announced.
      expect(
        screen.getByRole('button', { name: 'Copy' }).querySelector('[aria-live="polite"]')?.textContent,
      ).toBe('');
    } finally {
      refuse.mockRestore();
    }
  });

  it('offers Edit for user messages only, and Regenerate for assistant messages only', async () => {
    const user = userEvent.setup();
    const onEdit = vi.fn();
    const regenerate = vi.fn();
    const question = userMessage('Question');
    const answer = assistantMessage('Answer');
    render(
      <ChatActionsContext.Provider value={{ regenerate }}>
        <ActionBar.Edit message={question} onEdit={onEdit} />
        <ActionBar.Regenerate message={question} />
        <ActionBar.Edit message={answer} onEdit={onEdit} />
        <ActionBar.Regenerate message={answer} />
      </ChatActionsContext.Provider>,
    );
    expect(screen.getAllByRole('button')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(onEdit).toHaveBeenCalledWith(question.id);
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    expect(regenerate).toHaveBeenCalledWith(answer.id);
  });

  it('disables Regenerate while the reply streams', () => {
    render(
      <ActionBar.Regenerate
        message={assistantMessage('x', { status: 'streaming' })}
        onRegenerate={() => {}}
      />,
    );
    expect(screen.getByRole('button', { name: 'Regenerate' })).toHaveProperty('disabled', true);
  });

  it('offers Retry only on a failed message', async () => {
    const user = userEvent.setup();
    const retry = vi.fn();
    const { rerender } = render(
      <ChatActionsContext.Provider value={{ retry }}>
        <ActionBar.Retry message={assistantMessage('partial', { status: 'done' })} />
      </ChatActionsContext.Provider>,
    );
    expect(screen.queryByRole('button')).toBeNull();
    rerender(
      <ChatActionsContext.Provider value={{ retry }}>
        <ActionBar.Retry message={assistantMessage('partial', { status: 'error' })} />
      </ChatActionsContext.Provider>,
    );
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('offers Retry on a stopped or cut-short (incomplete) message', async () => {
    const user = userEvent.setup();
    const retry = vi.fn();
    render(
      <ChatActionsContext.Provider value={{ retry }}>
        <ActionBar.Retry message={assistantMessage('partial', { status: 'incomplete' })} />
      </ChatActionsContext.Provider>,
    );
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});

function Versions({ initial = 1 }: { initial?: number }) {
  const [index, setIndex] = useState(initial);
  return (
    <BranchPicker.Root index={index} count={3} onIndexChange={setIndex}>
      <BranchPicker.Previous />
      <BranchPicker.Count />
      <BranchPicker.Next />
    </BranchPicker.Root>
  );
}

describe('BranchPicker', () => {
  it('shows "2 / 3" and moves between versions by keyboard', async () => {
    const user = userEvent.setup();
    const { container } = render(<Versions />);
    // Named by the version shown: focus moving into a new version's picker says which it is.
    const group = screen.getByRole('group', { name: 'Version 2 of 3' });
    expect(group.textContent).toContain('2 / 3');
    expect(group.textContent).toContain('Version 2 of 3');
    await expectNoAxeViolations(container);
    screen.getByRole('button', { name: 'Next version' }).focus();
    await user.keyboard('{Enter}');
    expect(group.textContent).toContain('3 / 3');
    expect(group.getAttribute('aria-label')).toBe('Version 3 of 3');
    expect(screen.getByRole('button', { name: 'Next version' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    expect(group.textContent).toContain('1 / 3');
    expect(screen.getByRole('button', { name: 'Previous version' })).toHaveProperty('disabled', true);
  });

  it('reaching the first or last version moves focus to the other button, not a disabled one', async () => {
    const user = userEvent.setup();
    render(<Versions />);
    screen.getByRole('button', { name: 'Next version' }).focus();
    await user.keyboard('{Enter}');
    // The picker stays (no new row replaced it): the button pressed is now disabled, and a
    // browser drops focus from a disabled button to the page.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Previous version' }));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Previous version' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('group', { name: 'Version 1 of 3' }).textContent).toContain('1 / 3');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Next version' }));
  });

  it('renders nothing for a single version', () => {
    const { container } = render(<BranchPicker.Root index={0} count={1} onIndexChange={() => {}} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('MessageView states on the DOM', () => {
  it('data-role, data-status, data-message-id, data-editing; an incomplete reply names its finish reason', async () => {
    const user = userEvent.setup();
    const store = createChatStore({
      client: createFakeClient().client,
      initialMessages: [
        { role: 'user', content: 'Question' },
        { role: 'assistant', content: 'Cut' },
      ],
    });
    const [questionId, answerId] = store.getState().ids as [string, string];
    store.setState((state) => ({
      messages: {
        ...state.messages,
        [answerId]: {
          ...state.messages[answerId],
          status: 'incomplete',
          finishReason: 'length',
        } as ChatMessage,
      },
    }));
    const { container } = render(
      <ChatProvider store={store}>
        <MessageView.Default messageId={questionId} />
        <MessageView.Default messageId={answerId} />
      </ChatProvider>,
    );
    const [question, answer] = Array.from(container.querySelectorAll('.rcc-message'));
    expect(question?.getAttribute('data-message-id')).toBe(questionId);
    expect([answer?.getAttribute('data-role'), answer?.getAttribute('data-status')]).toEqual([
      'assistant',
      'incomplete',
    ]);
    const notice = answer?.querySelector('[data-finish-reason]');
    expect(notice?.getAttribute('data-finish-reason')).toBe('length');
    expect(notice?.textContent).toBe('The reply was stopped at the length limit.');
    expect(question?.hasAttribute('data-editing')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(question?.hasAttribute('data-editing')).toBe(true);
    await user.keyboard('{Escape}');
    expect(question?.hasAttribute('data-editing')).toBe(false);
  });
  it('a stopped reply (no finish reason) says so, without a data-finish-reason attribute', () => {
    for (const extra of [{ finishReason: null }, {}]) {
      const { container, unmount } = render(
        <MessageView.Notice message={assistantMessage('Part', { status: 'incomplete', ...extra })} />,
      );
      const notice = container.querySelector('.rcc-message-notice');
      expect(notice?.textContent).toBe('The reply was stopped.');
      expect(notice?.hasAttribute('data-finish-reason')).toBe(false);
      unmount();
    }
  });
});

describe('MessageEditor', () => {
  it('focuses the text, saves with Enter and cancels with Escape', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    const onCancel = vi.fn();
    const { container } = render(<MessageEditor initialText="Helo" onSave={onSave} onCancel={onCancel} />);
    const input = screen.getByRole('textbox', { name: 'Edit message' });
    expect(document.activeElement).toBe(input);
    // A phone's on-screen keyboard labels its Enter key by what it does.
    expect(input.getAttribute('enterkeyhint')).toBe('send');
    await expectNoAxeViolations(container);
    await user.keyboard('{Backspace}{Backspace}llo{Enter}');
    expect(onSave).toHaveBeenCalledWith('Hello', []);
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('Escape cancels from its buttons too (keyboard users tab to Save first), after an onKeyDown given', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    const onKeyDown = vi.fn();
    render(<MessageEditor initialText="Hello" onSave={vi.fn()} onCancel={onCancel} onKeyDown={onKeyDown} />);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save' }));
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onKeyDown).toHaveBeenCalledTimes(4);
  });

  it('an Escape or Enter an input method uses (cancelling or confirming a conversion) keeps the editor open', () => {
    const onSave = vi.fn();
    const onCancel = vi.fn();
    render(<MessageEditor initialText="" onSave={onSave} onCancel={onCancel} />);
    const input = screen.getByRole('textbox', { name: 'Edit message' });
    fireEvent.change(input, { target: { value: 'にほん' } });
    fireEvent.compositionStart(input);
    const composing = (key: string) => {
      const event = createEvent.keyDown(input, { key });
      Object.defineProperty(event, 'isComposing', { value: true });
      fireEvent(input, event);
    };
    composing('Escape');
    composing('Enter');
    fireEvent.compositionEnd(input);
    // Safari sends the key that ended the composition after compositionend, with keyCode 229.
    fireEvent.keyDown(input, { key: 'Escape', keyCode: 229 });
    expect(onCancel).not.toHaveBeenCalled();
    expect(onSave).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it("lists the message's attachments with labelled Remove buttons, usable by keyboard, and saves the kept ones", async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    const first = { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } } as const;
    const second = { type: 'image_url', image_url: { url: 'https://example.com/b.png' } } as const;
    const pdf = {
      type: 'file',
      file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,AA' },
    } as const;
    const { container } = render(
      <MessageEditor
        initialText="Compare"
        attachments={[first, second, pdf]}
        onSave={onSave}
        onCancel={() => {}}
      />,
    );
    const input = screen.getByRole('textbox', { name: 'Edit message' });
    const list = screen.getByRole('list', { name: 'Attachments' });
    expect(list.querySelectorAll('.rcc-composer-attachment[data-state="ready"]')).toHaveLength(3);
    expect(
      screen.getAllByRole('button', { name: /^Remove / }).map((button) => button.getAttribute('aria-label')),
    ).toEqual(['Remove Image 1', 'Remove Image 2', 'Remove report.pdf']);
    await expectNoAxeViolations(container);
    // Tab from the textbox reaches the first Remove button; Enter removes it and focus goes back.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Image 1' }));
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(input);
    expect(screen.queryByRole('button', { name: 'Remove Image 1' })).toBeNull();
    // The other image keeps its name.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Image 2' }));
    await user.keyboard(' ');
    expect(document.activeElement).toBe(input);
    await user.keyboard('{Enter}');
    expect(onSave).toHaveBeenCalledWith('Compare', [pdf]);
    await user.click(screen.getByRole('button', { name: 'Remove report.pdf' }));
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
    await user.keyboard('{Enter}');
    expect(onSave).toHaveBeenLastCalledWith('Compare', []);
  });

  it('saves a message of attachments alone while it keeps one', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } } as const;
    render(<MessageEditor initialText="" attachments={[image]} onSave={onSave} onCancel={() => {}} />);
    await user.keyboard('{Enter}');
    expect(onSave).toHaveBeenCalledWith('', [image]);
    await user.click(screen.getByRole('button', { name: 'Remove Image' }));
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    await user.keyboard('{Enter}');
    expect(onSave).toHaveBeenCalledTimes(1);
  });

  it('does not save empty text', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<MessageEditor initialText="" onSave={onSave} onCancel={() => {}} />);
    await user.keyboard('{Enter}');
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
  });
});

/** A store holding one question and its answer, with their ids. */
function answeredThread(client: ReturnType<typeof createFakeClient>['client']) {
  const store = createChatStore({
    client,
    initialMessages: [
      { role: 'user', content: 'Question' },
      { role: 'assistant', content: 'Answer' },
    ],
  });
  const [questionId, answerId] = store.getState().ids as [string, string];
  return { store, questionId, answerId };
}

/** A message body of an app's own layout: its text, or its editor once `ActionBar.Edit` is clicked. */
function EditableText({ id }: { id: string }) {
  const edit = MessageView.useEdit();
  const save = useChatStore((state) => state.edit);
  if (!edit?.editing) return <ActionBar.Edit />;
  return (
    <MessageEditor
      initialText="Question"
      onSave={(text) => {
        edit.setEditing(false);
        return save(id, text);
      }}
      onCancel={() => edit.setEditing(false)}
    />
  );
}

/** As `EditableText`, refusing a text over 20 characters: the editor stays open (saying why, in an app). */
function CheckedEdit({ id }: { id: string }) {
  const edit = MessageView.useEdit();
  const save = useChatStore((state) => state.edit);
  if (!edit?.editing) return <ActionBar.Edit />;
  return (
    <MessageEditor
      initialText="Question"
      onSave={(text) => {
        if (text.length > 20) return;
        edit.setEditing(false);
        return save(id, text);
      }}
      onCancel={() => edit.setEditing(false)}
    />
  );
}

describe('chat actions without a MessageList', () => {
  it("MessageView.Default inside a ChatProvider calls the provider store's actions", async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient(textReply('Another answer'));
    const { store, answerId } = answeredThread(client);
    render(
      <ChatProvider store={store}>
        <MessageView.Default messageId={answerId} />
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    await waitFor(() =>
      expect(selectActiveMessages(store.getState()).at(-1)?.content).toBe('Another answer'),
    );
  });

  it("a saved edit moves focus to the same chat's composer, in any layout", async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient(textReply('Edited answer'));
    const { store, questionId } = answeredThread(client);
    const other = createChatStore({ client: createFakeClient().client });
    render(
      <>
        <ChatProvider store={store}>
          <main>
            <MessageView.Default messageId={questionId} />
          </main>
          <aside>
            <Composer.Root onSend={(content) => store.getState().send(content)}>
              <Composer.Input aria-label="This chat's message" />
            </Composer.Root>
          </aside>
        </ChatProvider>
        {/* Another chat's composer, mounted later: not where this chat's edit sends focus. */}
        <ChatProvider store={other}>
          <Composer.Root onSend={() => {}}>
            <Composer.Input aria-label="Other chat's message" />
          </Composer.Root>
        </ChatProvider>
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Edit message' });
    await user.clear(editor);
    await user.keyboard('Edited question{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: "This chat's message" }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.messages.at(-1)?.content).toBe('Edited question');
  });

  it('a layout of its own opens its editor from ActionBar.Edit through MessageView.useEdit', async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient(textReply('Edited answer'));
    const { store, questionId } = answeredThread(client);
    render(
      <ChatProvider store={store}>
        <MessageView.Root messageId={questionId}>
          <EditableText id={questionId} />
        </MessageView.Root>
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.clear(screen.getByRole('textbox', { name: 'Edit message' }));
    await user.keyboard('Edited question{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.messages.at(-1)?.content).toBe('Edited question');
  });

  it('a save the app refuses leaves focus in the editor it keeps open; the editor closed by a save later puts it in the composer', async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient(textReply('Edited answer'));
    const { store, questionId } = answeredThread(client);
    render(
      <ChatProvider store={store}>
        <MessageView.Root messageId={questionId}>
          <CheckedEdit id={questionId} />
        </MessageView.Root>
        <Composer.Root onSend={() => {}}>
          <Composer.Input aria-label="Message" />
        </Composer.Root>
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Edit message' });
    await user.keyboard(' that is far too long{Enter}');
    // Refused: the editor is still open, and the keys the user types next go on into it.
    expect(screen.getByRole('textbox', { name: 'Edit message' })).toBe(editor);
    expect(document.activeElement).toBe(editor);
    // Escape after it: the edit mode closes without a save, focus back on Edit.
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit' }));
    // A save that closes it: focus in the composer.
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.keyboard(' again{Enter}');
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.messages.at(-1)?.content).toBe('Question again');
  });

  it('an edit of a message with attachments sends only the attachments the user kept', async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient(textReply('Edited answer'));
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } } as const;
    const pdf = {
      type: 'file',
      file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,AA' },
    } as const;
    const store = createChatStore({
      client,
      initialMessages: [
        { role: 'user', content: [{ type: 'text', text: 'What are these?' }, image, pdf] },
        { role: 'assistant', content: 'A picture and a report.' },
      ],
    });
    render(
      <ChatProvider store={store}>
        <MessageView.Default messageId={store.getState().ids[0] as string} />
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.click(screen.getByRole('button', { name: 'Remove Image' }));
    await user.keyboard(' Just the report?{Enter}');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.messages.at(-1)?.content).toEqual([
      { type: 'text', text: 'What are these? Just the report?' },
      pdf,
    ]);
  });

  it("a ChatActionsContext provider's switchBranch drives the branch picker", async () => {
    const user = userEvent.setup();
    const { client } = createFakeClient(textReply('Second answer'));
    const { store, answerId } = answeredThread(client);
    await store.getState().regenerate(answerId);
    const secondId = store.getState().ids[1] as string;
    expect(secondId).not.toBe(answerId);
    const switchBranch = vi.fn();
    render(
      <ChatProvider store={store}>
        <ChatActionsContext.Provider value={{ switchBranch }}>
          <MessageView.Default messageId={secondId} />
        </ChatActionsContext.Provider>
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    expect(switchBranch).toHaveBeenCalledWith(answerId);
    expect(store.getState().ids[1]).toBe(secondId);
  });

  it('MessageView.BranchPicker takes the message as a prop too, as the other message parts do', async () => {
    const user = userEvent.setup();
    const { client } = createFakeClient(textReply('Second answer'));
    const { store, answerId } = answeredThread(client);
    await store.getState().regenerate(answerId);
    const second = store.getState().messages[store.getState().ids[1] as string] as ChatMessage;
    render(
      <ChatProvider store={store}>
        <MessageView.BranchPicker message={second} />
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Previous version' }));
    expect(store.getState().ids[1]).toBe(answerId);
  });

  it('a ChatActionsContext provider still overrides the store', async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient();
    const { store, answerId } = answeredThread(client);
    const regenerate = vi.fn();
    render(
      <ChatProvider store={store}>
        <ChatActionsContext.Provider value={{ regenerate }}>
          <MessageView.Default messageId={answerId} />
        </ChatActionsContext.Provider>
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    expect(regenerate).toHaveBeenCalledWith(answerId);
    expect(requests).toHaveLength(0);
  });

  it('a ChatActionsContext handler set to undefined leaves the store its action', async () => {
    const user = userEvent.setup();
    const { client, requests } = createFakeClient(textReply('Another answer'));
    const { store, answerId } = answeredThread(client);
    // An app's wrapper passing on its own optional handler, which it was not given.
    const handlers: { regenerate?: (() => Promise<void>) | undefined } = {};
    render(
      <ChatProvider store={store}>
        <ChatActionsContext.Provider value={{ regenerate: handlers.regenerate }}>
          <MessageView.Default messageId={answerId} />
        </ChatActionsContext.Provider>
      </ChatProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    await waitFor(() =>
      expect(selectActiveMessages(store.getState()).at(-1)?.content).toBe('Another answer'),
    );
  });
});
