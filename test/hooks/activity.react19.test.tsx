// React 19's `<Activity mode="hidden">` keeps a subtree's state but runs its effects' clean-ups,
// as an unmount does (React 18 has no `Activity`: this file runs under React 19 only). What a
// hidden chat does with a reply that is streaming: a store of the hook's own stops it (keeping
// the text), as on unmount; a store kept above the `Activity` (a provider's, or a given one)
// streams on while the chat is hidden.
import { act, render, screen } from '@testing-library/react';
import { Activity } from 'react';
import { describe, expect, it } from 'vitest';
import { ChatProvider, useChatStore, useChatStream } from '../../src/index.js';
import { createFakeClient, textChunk, textReply, tick } from '../store/helpers.js';

type Send = (text: string) => Promise<unknown>;
const sender: { send: Send | undefined } = { send: undefined };

function Chat({ client }: { client?: ReturnType<typeof createFakeClient>['client'] }) {
  const chat = useChatStream(client ? { client, throttleMs: 0 } : { throttleMs: 0 });
  sender.send = chat.send;
  const last = chat.messages.at(-1);
  return <p data-testid="last">{`${last?.status}:${last?.content}`}</p>;
}

function Last() {
  const last = useChatStore((state) => state.messages[state.ids.at(-1) ?? '']);
  return <p data-testid="provider-last">{`${last?.status}:${last?.content}`}</p>;
}

const last = () => screen.getByTestId('last').textContent;

describe('a chat hidden by <Activity>', () => {
  it("stops a reply streaming into the hook's own store, keeps its text, and works again once shown", async () => {
    const fake = createFakeClient();
    const view = render(
      <Activity mode="visible">
        <Chat client={fake.client} />
      </Activity>,
    );
    act(() => {
      void sender.send?.('hi');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Half an'));
      await tick();
    });
    expect(last()).toBe('streaming:Half an');

    view.rerender(
      <Activity mode="hidden">
        <Chat client={fake.client} />
      </Activity>,
    );
    await act(() => tick());
    expect(fake.signals[0]?.aborted).toBe(true);

    fake.script(textReply('Again'));
    view.rerender(
      <Activity mode="visible">
        <Chat client={fake.client} />
      </Activity>,
    );
    // The state survived the hiding: the partial reply is there, marked as cut.
    expect(last()).toBe('incomplete:Half an');
    await act(() => sender.send?.('once more'));
    expect(last()).toBe('done:Again');
  });

  it('lets a reply stream on in a provider above the Activity, and shows it whole once shown', async () => {
    const fake = createFakeClient();
    const tree = (mode: 'visible' | 'hidden') => (
      <ChatProvider client={fake.client} throttleMs={0}>
        <Activity mode={mode}>
          <Chat />
        </Activity>
        <Last />
      </ChatProvider>
    );
    const view = render(tree('visible'));
    act(() => {
      void sender.send?.('hi');
    });
    const live = await fake.stream(0);
    await act(async () => {
      live.push(textChunk('Still '));
      await tick();
    });
    view.rerender(tree('hidden'));
    await act(async () => {
      live.push(textChunk('going'));
      live.end();
      await tick();
    });
    expect(fake.signals[0]?.aborted).toBe(false);
    expect(screen.getByTestId('provider-last').textContent).toBe('done:Still going');
    view.rerender(tree('visible'));
    expect(last()).toBe('done:Still going');
  });
});
