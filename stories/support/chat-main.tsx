import { ChatComposer, ChatErrorNotice, MessageList } from '../../src/index';

/** The main column of a chat built from parts: the message list, the error notice and the composer. */
export function ChatMain({ label, empty }: { label: string; empty: string }) {
  return (
    <section className="rcc-chat-main" aria-label={label}>
      <MessageList.Default empty={empty} />
      <ChatErrorNotice />
      <ChatComposer />
    </section>
  );
}
