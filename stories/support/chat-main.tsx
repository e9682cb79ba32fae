import { ChatComposer, ChatErrorNotice, MessageList } from '../../src/index';

/**
 * The main column of a chat built from parts: the message list (given `list`, a story's args), the
 * error notice and the composer.
 */
export function ChatMain({
  label,
  empty,
  list,
}: {
  label: string;
  empty: string;
  list?: MessageList.DefaultProps;
}) {
  return (
    <section className="rcc-chat-main" aria-label={label}>
      <MessageList.Default empty={empty} {...list} />
      <ChatErrorNotice />
      <ChatComposer />
    </section>
  );
}
