import { act } from '@testing-library/react';
import type { ReactElement } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChatProvider,
  type ChatStoreApi,
  ChatWindow,
  type Message,
  MessageList,
  MessageView,
  useChatStoreApi,
  useChatStream,
  useMessageIds,
} from '../../src/index.js';

const initialMessages: Message[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hello' },
  { role: 'assistant', content: 'Hi! How can I help?' },
];

const stores: Record<string, ChatStoreApi> = {};

/** A chat of its own (`useChatStream`), its messages rendered by `MessageView.Root`. */
function Standalone({ name }: { name: string }) {
  const { messages, store } = useChatStream({ initialMessages });
  stores[name] = store;
  return messages.map((message) => <MessageView.Root key={message.id} message={message} />);
}

function Rows() {
  stores.provider = useChatStoreApi();
  return useMessageIds().map((id) => <MessageView.Root key={id} messageId={id} />);
}

const rendered = (container: Element) =>
  [...container.querySelectorAll('[data-message-id]')].map((element) =>
    element.getAttribute('data-message-id'),
  );

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  for (const name of Object.keys(stores)) delete stores[name];
  document.body.innerHTML = '';
});

/**
 * Renders `element` as the server would, then hydrates that markup in the page (after
 * `beforeHydrate` has seen it, as the browser's parser left it).
 */
function serverThenHydrate(element: ReactElement, beforeHydrate?: (container: HTMLElement) => void) {
  const container = document.createElement('div');
  // jsdom has a `document`, so the components' layout effects are layout effects here, and React
  // 18's server renderer warns about them; a real server has no `document`.
  const serverWarnings = vi.spyOn(console, 'error').mockImplementation(() => {});
  container.innerHTML = renderToString(element);
  // React 18 reports one hydration mismatch per page at most: the ids are also checked to be a
  // function of the tree (a second server render gives the same).
  const again = document.createElement('div');
  again.innerHTML = renderToString(element);
  for (const [warning] of serverWarnings.mock.calls) expect(String(warning)).toMatch(/useLayoutEffect/);
  serverWarnings.mockRestore();
  document.body.append(container);
  beforeHydrate?.(container);
  const fromServer = rendered(container);
  expect(rendered(again)).toEqual(fromServer);
  const errors = vi.spyOn(console, 'error');
  const onRecoverableError = vi.fn();
  act(() => {
    root = hydrateRoot(container, element, { onRecoverableError });
  });
  return { container, fromServer, errors, onRecoverableError };
}

describe('hydration of initialMessages without ids', () => {
  it('useChatStream: the server and the browser give the messages the same ids', () => {
    const { container, fromServer, errors, onRecoverableError } = serverThenHydrate(
      <>
        <Standalone name="first" />
        <Standalone name="second" />
      </>,
    );
    expect(errors).not.toHaveBeenCalled();
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(fromServer).toHaveLength(6);
    expect(rendered(container)).toEqual(fromServer);
    // Two chats on one page never share ids; the markup shows the ids the stores hold.
    expect(new Set(fromServer).size).toBe(6);
    expect([...(stores.first?.getState().ids ?? []), ...(stores.second?.getState().ids ?? [])]).toEqual(
      fromServer,
    );
  });

  it('ChatProvider: the same ids on both sides, kept across renders; a given id is kept', () => {
    const view = (
      <ChatProvider
        storeOptions={{
          initialMessages: [...initialMessages, { id: 'kept', role: 'user', content: 'Thanks' }],
        }}
      >
        <Rows />
      </ChatProvider>
    );
    const { container, fromServer, errors, onRecoverableError } = serverThenHydrate(view);
    expect(errors).not.toHaveBeenCalled();
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(fromServer).toHaveLength(4);
    expect(fromServer[3]).toBe('kept');
    expect(rendered(container)).toEqual(fromServer);
    expect(stores.provider?.getState().ids).toEqual(fromServer);
    act(() => root?.render(view));
    expect(rendered(container)).toEqual(fromServer);
  });

  it('ChatWindow: no hydration mismatch', () => {
    const { container, fromServer, errors, onRecoverableError } = serverThenHydrate(
      <ChatWindow storeOptions={{ initialMessages }} />,
    );
    expect(fromServer).toHaveLength(3);
    expect(errors).not.toHaveBeenCalled();
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(rendered(container)).toEqual(fromServer);
  });
});

/**
 * What a browser does with the server's `style` attributes under a Content Security Policy whose
 * `style-src` has a nonce and no `'unsafe-inline'`: the attribute stays in the DOM, its
 * declarations are not applied (the element's `style` is empty). Styles set through the CSSOM
 * (`element.style`) still apply, as they do there.
 */
function blockStyleAttributes(container: HTMLElement) {
  const blocked = [...container.querySelectorAll<HTMLElement>('[style]')];
  for (const element of blocked) {
    const unapplied = document.createElement('div').style;
    Object.defineProperty(element, 'style', { configurable: true, get: () => unapplied });
  }
  expect(blocked.length).toBeGreaterThan(0);
  return blocked;
}

describe('hydration under a Content Security Policy that blocks style attributes', () => {
  it("ChatWindow: the server's styles are applied once hydrated (rows placed, labels hidden, the window's own style)", () => {
    let blocked: HTMLElement[] = [];
    const { container, errors, onRecoverableError } = serverThenHydrate(
      <ChatWindow storeOptions={{ initialMessages }} style={{ height: '600px' }} />,
      (container) => {
        blocked = blockStyleAttributes(container);
      },
    );
    expect(errors).not.toHaveBeenCalled();
    expect(onRecoverableError).not.toHaveBeenCalled();
    for (const element of blocked)
      expect(element.style.length, element.outerHTML.slice(0, 80)).toBeGreaterThan(0);
    const window = container.querySelector<HTMLElement>('.rcc-chat-window');
    expect(window?.style.height).toBe('600px');
    const rows = [...container.querySelectorAll<HTMLElement>('.rcc-message-list-row')];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.style.position).toBe('absolute');
    const label = [...container.querySelectorAll<HTMLElement>('h3')].find(
      (heading) => heading.textContent === 'You said:',
    );
    expect(label?.style.position).toBe('absolute');
    expect(container.querySelector<HTMLElement>('[role="status"]')?.style.position).toBe('absolute');
  });

  it('MessageList.Default in a layout of your own: the same', () => {
    let blocked: HTMLElement[] = [];
    serverThenHydrate(
      <ChatProvider storeOptions={{ initialMessages }}>
        <MessageList.Default />
      </ChatProvider>,
      (container) => {
        blocked = blockStyleAttributes(container);
      },
    );
    for (const element of blocked)
      expect(element.style.length, element.outerHTML.slice(0, 80)).toBeGreaterThan(0);
  });
});
