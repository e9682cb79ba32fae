// Chats composed of the parts, as an app builds one from the README without `ChatWindow`: its own
// layout (the messages in a sidebar, the composer above them), its own classes (utility classes),
// its own labels (French, German) and its own rows, tool panel and buttons. What the parts promise
// must hold there too: the reply streams and is announced, Stop, Retry, edits, versions, tool
// approval, and where focus goes after each of them.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatCompletionRequest } from '../../src/index.js';
import {
  ActionBar,
  BranchPicker,
  buildMessageContent,
  ChatActionsContext,
  ChatProvider,
  Citations,
  Composer,
  defineTool,
  ErrorNotice,
  getAttachments,
  getMessageText,
  getReasoning,
  hasReasoning,
  isReasoningStreaming,
  MessageImages,
  MessageList,
  MessageView,
  Reasoning,
  ToolCallPanel,
  useChatStoreApi,
  useChatStream,
} from '../../src/index.js';
import type { MockEndpointOptions } from '../../src/testing/index.js';
import { createGradientPngDataUrl, createMockFetch, createMockGate } from '../../src/testing/index.js';
import { expectNoAxeViolations } from './axe-helper';

const gate = createMockGate();
afterEach(() => gate.releaseAll());

/** The mock endpoint, fast, holding each streamed reply until the test lets it go, with the bodies it got. */
function mockEndpoint(options: MockEndpointOptions = {}) {
  const requests: ChatCompletionRequest[] = [];
  const fetch = createMockFetch({
    tokenDelayMs: 0,
    hold: gate,
    onRequest: (body) => requests.push(body),
    ...options,
  });
  return { fetch, requests };
}

/** Lets the reply held now end. */
async function finishReply() {
  await act(() => gate.whenHeld());
  await act(() => void gate.release());
}

const sendMail = defineTool({
  name: 'envoyer_courriel',
  description: 'Envoie un courriel',
  parameters: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
  needsApproval: true,
  execute: async ({ to }) => ({ sent: to }),
});

// ---- A French sidebar: the composer on top, the messages under it, every label the app's own.

/** The app's panel for every tool call. */
function PanneauOutil({ toolCall, status, message }: ToolCallPanel.PanelProps) {
  return (
    <ToolCallPanel.Root
      toolCall={toolCall}
      status={status}
      message={message}
      aria-label={`Outil ${toolCall.function.name}`}
      className="rounded border p-2"
    >
      <ToolCallPanel.Name className="font-mono" />
      <ToolCallPanel.State
        className="text-xs"
        labels={{
          streaming: 'Préparation…',
          'cut-off': 'Non exécuté',
          pending: 'En attente',
          'awaiting-approval': 'À approuver',
          running: 'En cours…',
          done: 'Terminé',
          error: 'Échec',
          denied: 'Refusé',
        }}
      />
      <ToolCallPanel.Arguments label="Paramètres" />
      <ToolCallPanel.Result label="Résultat" />
      <ToolCallPanel.Error>{status?.state === 'denied' ? 'Refusé.' : 'Échec.'}</ToolCallPanel.Error>
      <ToolCallPanel.Approve className="btn">Autoriser</ToolCallPanel.Approve>
      <ToolCallPanel.Deny className="btn">Refuser</ToolCallPanel.Deny>
    </ToolCallPanel.Root>
  );
}

function Versions() {
  return (
    <MessageView.BranchPicker className="flex items-center">
      <BranchPicker.Previous aria-label="Version précédente" />
      <BranchPicker.Count className="text-xs" />
      <BranchPicker.Next aria-label="Version suivante" />
    </MessageView.BranchPicker>
  );
}

/** One message: the user's with Edit and its editor, the assistant's with everything it may carry. */
function Bulle({ messageId }: MessageView.DefaultProps) {
  return (
    <MessageView.Root messageId={messageId} className="my-2 rounded-lg p-3">
      <CorpsBulle />
    </MessageView.Root>
  );
}

function CorpsBulle() {
  const message = MessageView.useMessage();
  const edit = MessageView.useEdit();
  const store = useChatStoreApi();
  if (message.role === 'user') {
    if (edit?.editing)
      return (
        <MessageView.Editor
          className="flex flex-col"
          initialText={getMessageText(message)}
          attachments={getAttachments(message)}
          onSave={(text, kept) => {
            edit.setEditing(false);
            return store.getState().edit(message.id, buildMessageContent(text, kept));
          }}
          onCancel={() => edit.setEditing(false)}
        />
      );
    return (
      <>
        <h3 className="sr-only">Vous avez écrit :</h3>
        <MessageView.Content className="whitespace-pre-wrap" />
        <Versions />
        <ActionBar.Root aria-label="Actions du message" className="flex gap-1">
          <ActionBar.Copy className="btn">Copier</ActionBar.Copy>
          <ActionBar.Edit className="btn">Modifier</ActionBar.Edit>
        </ActionBar.Root>
      </>
    );
  }
  if (message.role !== 'assistant') return null;
  const thinking = isReasoningStreaming(message);
  return (
    <>
      <h3 className="sr-only">L’assistant a répondu :</h3>
      {hasReasoning(getReasoning(message)) && (
        <Reasoning.Root streaming={thinking} className="text-sm">
          <Reasoning.Trigger className="underline">
            {thinking ? 'Réflexion…' : 'Raisonnement'}
          </Reasoning.Trigger>
          <Reasoning.Content>
            <Reasoning.Text redactedLabel="Raisonnement masqué." />
          </Reasoning.Content>
        </Reasoning.Root>
      )}
      <MessageView.Content className="prose" />
      <ToolCallPanel.List fallback={PanneauOutil} />
      <MessageImages className="grid grid-cols-2" />
      <Citations label="Sources citées" className="text-xs" />
      <MessageView.Notice retryLabel="Réessayer" className="text-red-600" />
      <Versions />
      <ActionBar.Root aria-label="Actions du message" className="flex gap-1">
        <ActionBar.Copy className="btn">Copier</ActionBar.Copy>
        <ActionBar.Retry className="btn">Réessayer</ActionBar.Retry>
        <ActionBar.Regenerate className="btn">Régénérer</ActionBar.Regenerate>
      </ActionBar.Root>
    </>
  );
}

/** The composer, wired to the provider's chat (the hook reads it when given no options). */
function Saisie() {
  const chat = useChatStream();
  return (
    <Composer.Root
      onSend={chat.send}
      onStop={chat.stop}
      status={chat.status}
      allowSendWhileBusy
      className="flex gap-2"
    >
      <Composer.Attachments aria-label="Pièces jointes" />
      <Composer.AttachmentError className="text-red-600" />
      <Composer.Attach aria-label="Joindre des fichiers">📎</Composer.Attach>
      <Composer.Input aria-label="Votre message" placeholder="Écrivez…" className="flex-1" />
      <Composer.Stop className="btn">Arrêter</Composer.Stop>
      <Composer.Send className="btn">Envoyer</Composer.Send>
    </Composer.Root>
  );
}

function BarreLaterale({ fetch }: { fetch: typeof globalThis.fetch }) {
  return (
    <ChatProvider
      clientOptions={{ fetch, maxRetries: 0 }}
      request={{ model: 'mock/auto' }}
      tools={[sendMail]}
    >
      <aside className="flex w-80 flex-col">
        <Saisie />
        <MessageList.Root className="flex-1">
          <MessageList.Viewport aria-label="Conversation">
            <MessageList.Empty className="text-gray-500">Posez une question.</MessageList.Empty>
            <MessageList.Items components={{ Message: Bulle }} />
          </MessageList.Viewport>
          <MessageList.JumpToLatest>Aller au dernier</MessageList.JumpToLatest>
        </MessageList.Root>
      </aside>
    </ChatProvider>
  );
}

const row = (container: HTMLElement, role: string, index = 0) =>
  container.querySelectorAll<HTMLElement>(`.rcc-message[data-role="${role}"]`)[index] as HTMLElement;

describe('A chat composed of the parts, in French, in a sidebar', { timeout: 30_000 }, () => {
  it('sends with Enter (Shift+Enter a new line), streams the reply into rows of its own and announces it', async () => {
    const user = userEvent.setup();
    const { fetch, requests } = mockEndpoint({
      replies: [
        {
          reasoning: 'Je réfléchis.',
          content: 'Voici **la** réponse.',
          images: [createGradientPngDataUrl()],
          annotations: [{ url: 'https://example.com/a', title: 'Exemple' }],
        },
      ],
    });
    const { container } = render(<BarreLaterale fetch={fetch} />);
    expect(screen.getByText('Posez une question.').className).toBe('rcc-message-list-empty text-gray-500');
    const input = screen.getByRole('textbox', { name: 'Votre message' });
    await user.type(input, 'Bonjour{Shift>}{Enter}{/Shift}ligne 2{Enter}');
    expect(document.activeElement).toBe(input);
    expect(input).toHaveProperty('value', '');
    await act(() => gate.whenHeld());
    expect(requests[0]?.messages.at(-1)?.content).toBe('Bonjour\nligne 2');
    // While it streams: the app's Stop, Send disabled, and the reply said as it starts (in the
    // list's own words, which no prop replaces yet: README, "Right-to-left and mixed-direction text").
    expect(screen.getByRole('button', { name: 'Arrêter' }).className).toBe('rcc-composer-stop btn');
    expect(screen.getByRole('button', { name: 'Envoyer' })).toHaveProperty('disabled', true);
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('The assistant is replying…');
    expect(screen.getByRole('log', { name: 'Conversation' }).getAttribute('aria-live')).toBe('off');
    await act(() => void gate.release());
    await waitFor(() => expect(row(container, 'assistant').getAttribute('data-status')).toBe('done'));

    const reply = row(container, 'assistant');
    expect(reply.className).toBe('rcc-message my-2 rounded-lg p-3');
    expect(reply.querySelector('.rcc-message-content')?.className).toBe('rcc-message-content prose');
    expect(reply.querySelector('strong')?.textContent).toBe('la');
    expect(within(row(container, 'user')).getByText(/Bonjour/).textContent).toBe('Bonjour\nligne 2');
    expect(document.activeElement).toBe(input);
    // The reasoning closed as the answer came; the app's trigger opens it.
    const trigger = within(reply).getByRole('button', { name: 'Raisonnement' });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    await user.click(trigger);
    expect(within(reply).getByRole('group', { name: 'Raisonnement' }).textContent).toContain('Je réfléchis.');
    expect(within(reply).getByRole('img').getAttribute('src')).toMatch(/^data:image\/png/);
    const sources = within(reply).getByRole('group', { name: 'Sources citées' });
    expect(within(sources).getByRole('link', { name: 'Exemple' }).getAttribute('href')).toBe(
      'https://example.com/a',
    );
    expect(within(reply).getByRole('group', { name: 'Actions du message' })).toBeTruthy();
    expect(within(reply).getByRole('button', { name: 'Copier' })).toBeTruthy();
    expect(within(reply).getByRole('button', { name: 'Régénérer' })).toBeTruthy();
    expect(within(reply).queryByRole('button', { name: 'Réessayer' })).toBeNull();
    // Once complete, the reply is said whole, once (never token by token).
    expect(screen.getByRole('status').textContent).toBe('Assistant: Voici la réponse. 1 image.');
    expect(screen.queryByRole('button', { name: 'Arrêter' })).toBeNull();
    await expectNoAxeViolations(container);
  });

  it("asks before a tool runs, in the app's own panel: Autoriser keeps focus on the panel, then the result and the answer", async () => {
    const user = userEvent.setup();
    const { fetch } = mockEndpoint({
      replies: [
        { tool_calls: [{ name: 'envoyer_courriel', arguments: { to: 'lea@example.fr' } }] },
        { content: 'Courriel envoyé.' },
      ],
    });
    const { container } = render(<BarreLaterale fetch={fetch} />);
    await user.type(screen.getByRole('textbox', { name: 'Votre message' }), 'Écris à Léa{Enter}');
    await finishReply();
    const panel = await screen.findByRole('group', { name: 'Outil envoyer_courriel' });
    const approve = await within(panel).findByRole('button', { name: 'Autoriser' });
    expect(panel.className).toBe('rcc-tool-call rounded border p-2');
    expect(within(panel).getByText('À approuver')).toBeTruthy();
    expect(within(panel).getByRole('figure', { name: 'Paramètres' }).textContent).toContain('lea@example.fr');
    expect(within(panel).getByRole('button', { name: 'Refuser' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/envoyer_courriel/));
    await user.click(approve);
    expect(document.activeElement).toBe(panel);
    await finishReply();
    await screen.findByText('Courriel envoyé.');
    const done = screen.getByRole('group', { name: 'Outil envoyer_courriel' });
    expect(within(done).getByText('Terminé')).toBeTruthy();
    expect(within(done).getByRole('figure', { name: 'Résultat' }).textContent).toContain(
      '"sent": "lea@example.fr"',
    );
    expect(within(done).queryByRole('button', { name: 'Autoriser' })).toBeNull();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Assistant: Courriel envoyé.'));
    await expectNoAxeViolations(container);
  });

  it('edits in its own row (Escape cancels and returns focus to Edit, Enter saves and focuses the composer), moves between versions by keyboard, and regenerates', async () => {
    const user = userEvent.setup();
    const { fetch, requests } = mockEndpoint({ replies: ['Première réponse.'] });
    const { container } = render(<BarreLaterale fetch={fetch} />);
    const input = screen.getByRole('textbox', { name: 'Votre message' });
    await user.type(input, 'Bonjour{Enter}');
    await finishReply();
    await screen.findByText('Première réponse.');

    // Escape cancels: the text stays as sent, nothing is asked, and focus is back on the app's Edit.
    await user.click(within(row(container, 'user')).getByRole('button', { name: 'Modifier' }));
    const editor = screen.getByRole('textbox', { name: 'Edit message' });
    expect(document.activeElement).toBe(editor);
    await user.type(editor, ' oublié');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull();
    expect(document.activeElement).toBe(
      within(row(container, 'user')).getByRole('button', { name: 'Modifier' }),
    );
    expect(row(container, 'user').textContent).toContain('Bonjour');
    expect(row(container, 'user').textContent).not.toContain('oublié');
    expect(requests).toHaveLength(1);

    // Enter saves a second version, whose reply streams: the row (its editor and Edit with it) is
    // replaced, and focus goes to the composer.
    await user.click(within(row(container, 'user')).getByRole('button', { name: 'Modifier' }));
    await user.type(screen.getByRole('textbox', { name: 'Edit message' }), ' à tous{Enter}');
    expect(document.activeElement).toBe(input);
    await finishReply();
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.messages.at(-1)?.content).toBe('Bonjour à tous');
    await waitFor(() => expect(row(container, 'assistant').getAttribute('data-status')).toBe('done'));
    const question = row(container, 'user');
    expect(question.textContent).toContain('Bonjour à tous');
    const previous = within(question).getByRole('button', { name: 'Version précédente' });
    expect(within(question).getByRole('button', { name: 'Version suivante' })).toHaveProperty(
      'disabled',
      true,
    );

    // By keyboard to the first version: the list keeps focus on the same control of the version shown
    // (Previous is disabled there, so on Next).
    previous.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(row(container, 'user').textContent).not.toContain('à tous'));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Version suivante');
    expect(row(container, 'user').contains(document.activeElement)).toBe(true);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(row(container, 'user').textContent).toContain('à tous'));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Version précédente');

    // Regenerate: the reply (and its button) is replaced, focus goes to the composer.
    await user.click(within(row(container, 'assistant')).getByRole('button', { name: 'Régénérer' }));
    expect(document.activeElement).toBe(input);
    await finishReply();
    await waitFor(() => expect(requests).toHaveLength(3));
    await waitFor(() =>
      expect(
        within(row(container, 'assistant')).getAllByRole('button', { name: 'Version suivante' }),
      ).toHaveLength(1),
    );
    await expectNoAxeViolations(container);
  });
});

describe('An edit mode of its own, in a row of the app', () => {
  it('takes no focus as rows mount, and gives it back to Edit when its editor is cancelled', async () => {
    const user = userEvent.setup();
    const initialMessages = [
      { role: 'user' as const, content: 'Bonjour' },
      { role: 'assistant' as const, content: 'Salut.' },
    ];
    render(
      <ChatProvider storeOptions={{ initialMessages }}>
        <MessageList.Root>
          <MessageList.Viewport>
            <MessageList.Items components={{ Message: Bulle }} />
          </MessageList.Viewport>
        </MessageList.Root>
      </ChatProvider>,
    );
    expect(document.activeElement).toBe(document.body);
    await user.click(screen.getByRole('button', { name: 'Modifier' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Modifier' }));
  });
});

// ---- A German chat on the hook: its own buttons through `asChild`, its own error notice.

function Eingabe({ chat }: { chat: ReturnType<typeof useChatStream> }) {
  return (
    <Composer.Root onSend={chat.send} onStop={chat.stop} status={chat.status} allowSendWhileBusy>
      <Composer.Input aria-label="Nachricht" className="input" />
      <Composer.Stop asChild>
        <button type="button" className="btn-danger">
          Anhalten
        </button>
      </Composer.Stop>
      <Composer.Send asChild>
        <button type="submit" className="btn-primary">
          Senden
        </button>
      </Composer.Send>
    </Composer.Root>
  );
}

function Zeile({ messageId }: MessageView.DefaultProps) {
  return (
    <MessageView.Root messageId={messageId} className="zeile">
      <MessageView.Content />
      <MessageView.Notice retryLabel="Erneut versuchen" className="fehler" />
      <ActionBar.Root aria-label="Aktionen">
        <ActionBar.Regenerate>Neu erzeugen</ActionBar.Regenerate>
      </ActionBar.Root>
    </MessageView.Root>
  );
}

function Unterhaltung({ fetch }: { fetch: typeof globalThis.fetch }) {
  const chat = useChatStream({ clientOptions: { fetch, maxRetries: 0 }, request: { model: 'mock/auto' } });
  return (
    // The parts read the hook's chat from a provider given its store (README).
    <ChatProvider store={chat.store}>
      <Eingabe chat={chat} />
      {/* The chat's own error (one before any reply), with the hook's retry. */}
      <ErrorNotice error={chat.error} onRetry={chat.retry} retryLabel="Nochmal" className="fehler" />
      <MessageList.Root>
        <MessageList.Viewport aria-label="Nachrichten">
          <MessageList.Items components={{ Message: Zeile }} />
        </MessageList.Viewport>
      </MessageList.Root>
    </ChatProvider>
  );
}

describe('A chat composed of the parts, in German, on useChatStream', { timeout: 30_000 }, () => {
  it('stops with its own button (asChild), focus back in the textbox; Enter queues while a reply streams', async () => {
    const user = userEvent.setup();
    const { fetch, requests } = mockEndpoint({ replies: ['Eins', 'Zwei'] });
    const { container } = render(<Unterhaltung fetch={fetch} />);
    const input = screen.getByRole('textbox', { name: 'Nachricht' });
    await user.type(input, 'Erste{Enter}');
    await act(() => gate.whenHeld());
    // `allowSendWhileBusy`: Enter queues the next message (the chat's `whenBusy: 'queue'`).
    await user.type(input, 'Zweite{Enter}');
    expect(input).toHaveProperty('value', '');
    const stop = screen.getByRole('button', { name: 'Anhalten' });
    expect(stop.className).toBe('rcc-composer-stop btn-danger');
    await user.click(stop);
    expect(document.activeElement).toBe(input);
    // The queued message goes out once the stopped reply ends.
    await finishReply();
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.messages.at(-1)?.content).toBe('Zweite');
    await waitFor(() => expect(row(container, 'assistant', 1)?.getAttribute('data-status')).toBe('done'));
    expect(row(container, 'assistant', 0).getAttribute('data-status')).toBe('incomplete');
    expect(screen.getByRole('button', { name: 'Senden' }).className).toBe('rcc-composer-send btn-primary');
  });

  it('retries from its own notice (the hook’s retry): the reply comes, focus is back in the textbox', async () => {
    const user = userEvent.setup();
    let calls = 0;
    const { fetch } = mockEndpoint({
      scenario: () => (calls++ === 0 ? 'error-503' : undefined),
      replies: ['Hallo!'],
    });
    render(<Unterhaltung fetch={fetch} />);
    const input = screen.getByRole('textbox', { name: 'Nachricht' });
    await user.type(input, 'Hi{Enter}');
    const notice = await screen.findByRole('alert');
    expect(notice.className).toBe('rcc-error fehler');
    expect(notice.getAttribute('data-kind')).toBe('unavailable');
    // The notice, and its Retry, go away as the chat asks again: focus does not fall to the page.
    await user.click(within(notice).getByRole('button', { name: 'Nochmal' }));
    expect(document.activeElement).toBe(input);
    await finishReply();
    expect(await screen.findByText('Hallo!')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("retries a reply that failed midway from its row's notice, with the app's label; focus back in the textbox", async () => {
    const user = userEvent.setup();
    let replies = 0;
    const { fetch } = mockEndpoint({
      replies: () => (replies++ === 0 ? { content: 'Hal', error: true } : 'Hallo!'),
    });
    const { container } = render(<Unterhaltung fetch={fetch} />);
    const input = screen.getByRole('textbox', { name: 'Nachricht' });
    await user.type(input, 'Hi{Enter}');
    await finishReply();
    await waitFor(() => expect(row(container, 'assistant').getAttribute('data-status')).toBe('error'));
    const notice = within(row(container, 'assistant')).getByRole('alert');
    expect(notice.className).toBe('rcc-error fehler');
    await user.click(within(notice).getByRole('button', { name: 'Erneut versuchen' }));
    expect(document.activeElement).toBe(input);
    await finishReply();
    await waitFor(() => expect(row(container, 'assistant').textContent).toContain('Hallo!'));
  });

  it('gives a stopped reply its notice without passing the Retry label on to the element', async () => {
    const user = userEvent.setup();
    const error = vi.spyOn(console, 'error');
    const { fetch } = mockEndpoint({ replies: ['Eins'] });
    const { container } = render(<Unterhaltung fetch={fetch} />);
    await user.type(screen.getByRole('textbox', { name: 'Nachricht' }), 'Hi{Enter}');
    await act(() => gate.whenHeld());
    await user.click(screen.getByRole('button', { name: 'Anhalten' }));
    await waitFor(() => expect(row(container, 'assistant').getAttribute('data-status')).toBe('incomplete'));
    const notice = row(container, 'assistant').querySelector('.rcc-message-notice') as HTMLElement;
    expect(notice.className).toBe('rcc-message-notice fehler');
    expect(notice.hasAttribute('retrylabel')).toBe(false);
    expect(error).not.toHaveBeenCalled();
  });
});

// ---- Retry and Regenerate driven by the app's own handlers.

/** A reply of the chat's that failed, with Regenerate and Retry given by the app (`onRegenerate`, `onRetry`). */
function Antwort({ messageId }: MessageView.DefaultProps) {
  const store = useChatStoreApi();
  return (
    <MessageView.Root messageId={messageId}>
      <MessageView.Content />
      <ActionBar.Retry onRetry={(id) => store.getState().retry(id)}>Erneut</ActionBar.Retry>
      <ActionBar.Regenerate onRegenerate={(id) => store.getState().regenerate(id)}>Neu</ActionBar.Regenerate>
    </MessageView.Root>
  );
}

function Chat({ fetch, handlers }: { fetch: typeof globalThis.fetch; handlers?: boolean }) {
  const chat = useChatStream({ clientOptions: { fetch, maxRetries: 0 }, request: { model: 'mock/auto' } });
  const list = (
    <MessageList.Root>
      <MessageList.Viewport>
        <MessageList.Items components={{ Message: handlers ? Zeile : Antwort }} />
      </MessageList.Viewport>
    </MessageList.Root>
  );
  return (
    <ChatProvider store={chat.store}>
      <Eingabe chat={chat} />
      {handlers ? (
        // Another state source's actions (here the hook's, wrapped as an app would to log them).
        <ChatActionsContext.Provider
          value={{ retry: (id) => chat.retry(id), regenerate: (id) => chat.regenerate(id) }}
        >
          {list}
        </ChatActionsContext.Provider>
      ) : (
        list
      )}
    </ChatProvider>
  );
}

describe('Retry and Regenerate of the parts, driven by handlers of the app', { timeout: 30_000 }, () => {
  it.each([
    ['onRegenerate and onRetry props', false],
    ['ChatActionsContext handlers', true],
  ])('%s: focus goes to the composer, not to the page', async (_name, handlers) => {
    const user = userEvent.setup();
    let replies = 0;
    const { fetch } = mockEndpoint({
      replies: () => (replies++ === 0 ? { content: 'Hal', error: true } : `Antwort ${replies}`),
    });
    const { container } = render(<Chat fetch={fetch} handlers={handlers} />);
    const input = screen.getByRole('textbox', { name: 'Nachricht' });
    await user.type(input, 'Hi{Enter}');
    await finishReply();
    await waitFor(() => expect(row(container, 'assistant').getAttribute('data-status')).toBe('error'));
    await user.click(within(row(container, 'assistant')).getByRole('button', { name: /^Erne/ }));
    expect(document.activeElement).toBe(input);
    await finishReply();
    await waitFor(() => expect(row(container, 'assistant').textContent).toContain('Antwort 2'));
    await user.click(within(row(container, 'assistant')).getByRole('button', { name: /^Neu/ }));
    expect(document.activeElement).toBe(input);
    await finishReply();
    await waitFor(() => expect(row(container, 'assistant').textContent).toContain('Antwort 3'));
  });
});

// ---- A "compare models" page: one composer sends to two chats (two hooks), each list under a
// provider of its store, the composer under neither.

function Vergleich({ fetchA, fetchB }: { fetchA: typeof globalThis.fetch; fetchB: typeof globalThis.fetch }) {
  const options = (fetch: typeof globalThis.fetch, key: string) => ({
    clientOptions: { fetch, maxRetries: 0 },
    request: { model: 'mock/auto' },
    persist: { key, throttleMs: 0 },
  });
  const a = useChatStream(options(fetchA, 'vergleich-a'));
  const b = useChatStream(options(fetchB, 'vergleich-b'));
  const column = (chat: typeof a, name: string) => (
    <ChatProvider store={chat.store}>
      <MessageList.Root>
        <MessageList.Viewport aria-label={name}>
          <MessageList.Items />
        </MessageList.Viewport>
      </MessageList.Root>
    </ChatProvider>
  );
  return (
    <>
      {column(a, 'Modell A')}
      {column(b, 'Modell B')}
      <Composer.Root
        onSend={(content) => {
          void a.send(content);
          void b.send(content);
        }}
        allowSendWhileBusy
      >
        <Composer.Input aria-label="Nachricht an beide" />
      </Composer.Root>
    </>
  );
}

describe('One composer sending to two chats (two useChatStream hooks)', { timeout: 30_000 }, () => {
  it("Retry and Regenerate in either chat focus the shared composer; each chat's persist key keeps its own conversation", async () => {
    localStorage.clear();
    const user = userEvent.setup();
    let repliesA = 0;
    const fetchA = createMockFetch({
      tokenDelayMs: 0,
      replies: () => `A ${++repliesA === 1 ? 'eins' : 'zwei'}`,
    });
    let repliesB = 0;
    const fetchB = createMockFetch({
      tokenDelayMs: 0,
      replies: () => (repliesB++ === 0 ? { content: 'B hal', error: true } : 'B zwei'),
    });
    const view = render(<Vergleich fetchA={fetchA} fetchB={fetchB} />);
    const input = () => screen.getByRole('textbox', { name: 'Nachricht an beide' });
    const list = (name: string) => screen.getByRole('log', { name });
    await user.type(input(), 'Hallo{Enter}');
    await waitFor(() => expect(row(list('Modell A'), 'assistant').getAttribute('data-status')).toBe('done'));
    await waitFor(() => expect(row(list('Modell B'), 'assistant').getAttribute('data-status')).toBe('error'));

    await user.click(within(row(list('Modell B'), 'assistant')).getByRole('button', { name: 'Retry' }));
    expect(document.activeElement).toBe(input());
    await waitFor(() => expect(row(list('Modell B'), 'assistant').textContent).toContain('B zwei'));
    await user.click(within(row(list('Modell A'), 'assistant')).getByRole('button', { name: 'Regenerate' }));
    expect(document.activeElement).toBe(input());
    await waitFor(() => expect(row(list('Modell A'), 'assistant').textContent).toContain('A zwei'));
    await waitFor(() => expect(row(list('Modell A'), 'assistant').getAttribute('data-status')).toBe('done'));

    // A reload: each chat reads its own key.
    view.unmount();
    render(<Vergleich fetchA={fetchA} fetchB={fetchB} />);
    await waitFor(() => expect(row(list('Modell A'), 'assistant').textContent).toContain('A zwei'));
    expect(row(list('Modell B'), 'assistant').textContent).toContain('B zwei');
    expect(list('Modell A').textContent).not.toContain('B ');
    expect(list('Modell B').textContent).not.toContain('A ');
  });
});
