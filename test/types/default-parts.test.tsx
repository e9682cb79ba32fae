// Type tests of the ready-made parts' props: `tsc --noEmit` (run by `npm test` over the tests
// too) fails when the types drift. `@ts-expect-error` lines prove what the types refuse: what a
// `Default` part would throw on or drop (it renders its own children), though its root part
// takes it.
import { describe, expectTypeOf, it } from 'vitest';
import {
  ChatProvider,
  ChatWindow,
  CodeBlock,
  MarkdownImage,
  type MarkdownImageProps,
  MarkdownText,
  MessageList,
  MessageView,
  ThreadList,
} from '../../src/index.js';

/** A Markdown image replacement typed by the props it takes, as the README's `TrustedImage`. */
function TrustedImage(props: MarkdownImageProps) {
  return <MarkdownImage {...props} />;
}

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

  it("ChatWindow's style takes the theme's variables for that window", () => {
    const element = (
      <ChatWindow style={{ height: '100dvh', '--rcc-height': '600px', '--rcc-accent': '#0a7' }} />
    );
    expectTypeOf(element).not.toBeAny();
    // @ts-expect-error: a custom property that is not the theme's is still a typo to catch
    const misspelled = <ChatWindow style={{ '--rc-accent': '#0a7' }} />;
    // @ts-expect-error: a variable's value is a string with its unit (React writes 4, not 4px)
    const unitless = <ChatWindow style={{ '--rcc-radius': 4 }} />;
    // @ts-expect-error: the known properties keep their types
    const wrong = <ChatWindow style={{ height: {} }} />;
    expectTypeOf([misspelled, unitless, wrong]).not.toBeAny();
  });

  it('Markdown replacements get the props of their element, not any', () => {
    const element = (
      <MarkdownText
        text="[a](https://example.com)"
        components={{
          a: (props) => {
            expectTypeOf(props).not.toBeAny();
            expectTypeOf(props.href).toEqualTypeOf<string | undefined>();
            return <a {...props} />;
          },
          pre: CodeBlock,
          img: TrustedImage,
          mark: 'b',
          strong: undefined,
        }}
      />
    );
    const content = (
      <MessageView.Content components={{ td: ({ style, children }) => <td style={style}>{children}</td> }} />
    );
    const window = <ChatWindow markdownComponents={{ img: TrustedImage }} />;
    // @ts-expect-error: an image's replacement gets an image's props, not a link's
    const wrong = <MarkdownText text="" components={{ img: (props: { href: string }) => props.href }} />;
    expectTypeOf([element, content, window, wrong]).not.toBeAny();
  });
});
