import { useEffect, useRef, useState } from 'react';
import { useChatStoreApi } from '../../hooks/use-chat-store.js';
import type { ChatMessage } from '../../store/types.js';
import { describeFinishReason } from '../error/describe-error.js';
import { markdownToText } from '../markdown/markdown-to-text.js';
import { getMessageText, imagesOf } from '../message/get-message-text.js';
import { useServerStyles } from '../primitives/use-server-styles.js';
import { visuallyHiddenStyle } from '../primitives/visually-hidden.js';
import { getReasoning, hasReasoning } from '../reasoning/get-reasoning.js';
import { isSafeImageUrl } from '../safe-url/safe-url.js';

/** The names of a reply's tool calls (those in `state`, when given), joined (falsy when none). */
const callsIn = (message: ChatMessage | undefined, state?: string) =>
  message?.role === 'assistant' &&
  message.tool_calls
    ?.filter((call) => !state || message.toolCalls?.[call.id]?.state === state)
    .map((call) => call.function.name)
    .join(', ');

/** A finished reply whose calls are still being checked (approval, `onToolCall`): not settled yet. */
const checkingCalls = (message: ChatMessage | undefined) =>
  message?.status === 'done' && callsIn(message, 'streaming');

/**
 * What a screen reader hears when a reply completes: its text as read on screen (a Markdown reply
 * as its words, without the syntax), cut at 1,000 characters, then how many images it generated
 * and shows ("2 images."; not those of a refused source, or "1 image not shown." when none is
 * shown). A failed reply says so, with the text it got; why it failed is its notice's alert (the
 * same words twice would be read twice). Tools waiting for the user's approval are named. A reply
 * with nothing of these says so ("The reply had no text, only reasoning.").
 */
export function describeCompletedReply(message: ChatMessage): string {
  let text = getMessageText(message);
  // Read as it is shown: a reply's Markdown as its words; a refusal and JSON output as written.
  if (message.role === 'assistant' && !message.structured && text !== message.refusal)
    text = markdownToText(text);
  if (text.length > 1000) text = `${text.slice(0, 1000)}…`;
  const called = !text && callsIn(message);
  if (called) text = `The assistant called ${called}.`;
  // A sentence of its own after the text, which may end without a stop ("Look here. 2 images.").
  const add = (sentence: string) => {
    text += `${text && (/[.!?…:]$/.test(text) ? ' ' : '. ')}${sentence}`;
  };
  // Generated images are said by number: an image-only reply said "Assistant:" and nothing more.
  // Only those shown: an unsafe source is a notice on screen, not an image. When none is shown,
  // how many are not, as their notices say.
  const all = imagesOf(message);
  const shown = all.filter((image) => isSafeImageUrl(image?.image_url?.url)).length;
  const images = shown || all.length;
  if (images) add(`${images} image${images > 1 ? 's' : ''}${shown ? '' : ' not shown'}.`);
  const asked = callsIn(message, 'awaiting-approval');
  if (asked) add(`Waiting for your approval: ${asked}.`);
  // Why a reply ended early: after its text, or alone when it has none.
  const reason =
    message.status === 'incomplete'
      ? describeFinishReason(message.finishReason)
      : message.status === 'error' && 'The reply failed.';
  // Nothing to say is said too: not "Assistant:" alone after "The assistant is replying…".
  return text
    ? `Assistant: ${text}${reason ? ` (${reason})` : ''}`
    : reason || `The reply had no text${hasReasoning(getReasoning(message)) ? ', only reasoning' : ''}.`;
}

/**
 * A visually hidden `aria-live="polite"` region that says when a reply starts ("The assistant is
 * replying…") and announces it once it completes (never token by token), with the tools of a
 * reply that come to wait for the user's approval, read from the store.
 *
 * @example
 * <MessageList.Announcer />
 */
export function MessageListAnnouncer() {
  const store = useChatStoreApi();
  // Each announcement gets a new text node (by `count`): the same words twice in a row ("OK.")
  // are still a change the screen reader announces.
  const [[announced, count], setAnnouncement] = useState<[text: string, count: number]>(['', 0]);
  const regionRef = useRef<HTMLDivElement>(null);
  useServerStyles(regionRef);
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.messages === previous.messages || state.threadId !== previous.threadId) return;
        // Only the end of the path can complete; look at the last few ids, not the whole thread.
        for (let index = Math.max(0, state.ids.length - 3); index < state.ids.length; index++) {
          const id = state.ids[index] as string;
          const after = state.messages[id];
          const before = previous.messages[id];
          // A streamed reply completes; a non-streamed one appears whole after `submitted`.
          const completed = before ? before.status === 'streaming' : previous.status === 'submitted';
          // A reply starting to come is said once (a long one is not silence), never its tokens.
          // A reply with tool calls is announced once they are checked, with those that wait
          // for approval: one announcement, not the reply and then the reply again with them.
          const text =
            after?.role === 'assistant' &&
            (after.status === 'streaming'
              ? !before && 'The assistant is replying…'
              : !checkingCalls(after) &&
                (completed || checkingCalls(before)) &&
                describeCompletedReply(after));
          if (text) setAnnouncement(([, previous]) => [text, previous + 1]);
        }
      }),
    [store],
  );
  return (
    <div
      ref={regionRef}
      role="status"
      aria-live="polite"
      aria-atomic
      className="rcc-message-list-announcer"
      style={visuallyHiddenStyle}
    >
      <span key={count}>{announced}</span>
    </div>
  );
}
