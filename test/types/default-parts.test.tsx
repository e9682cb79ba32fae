// Type tests of the ready-made parts' props: `tsc --noEmit` (run by `npm test` over the tests
// too) fails when the types drift. `@ts-expect-error` lines prove what the types refuse: what a
// `Default` part would throw on or drop (it renders its own children), though its root part
// takes it.
import { describe, expectTypeOf, it } from 'vitest';
import { ChatProvider, MessageList, ThreadList } from '../../src/index.js';

describe('Default parts', () => {
  it('take their root part props, but asChild and children', () => {
    const element = (
      <ChatProvider>
        <ThreadList.Default className="sidebar" aria-label="Chats" onCreate={() => {}} />
        {/* @ts-expect-error: its two parts cannot be slotted into one element (it threw) */}
        <ThreadList.Default asChild />
        {/* @ts-expect-error: it renders New chat and the items, not children */}
        <ThreadList.Default>ignored</ThreadList.Default>
        <MessageList.Default className="messages" empty="Say hello." />
        {/* @ts-expect-error: it renders the viewport and Jump to latest, not children */}
        <MessageList.Default>ignored</MessageList.Default>
        <ThreadList.Root asChild>
          <aside />
        </ThreadList.Root>
      </ChatProvider>
    );
    expectTypeOf(element).not.toBeAny();
  });
});
