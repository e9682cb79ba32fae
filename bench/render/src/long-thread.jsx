// The long-thread bench actions: mount the app on demand (the driver times it), then check that
// the latest message is on screen and its list scrolled to the bottom.
import { SENTINEL } from './bench-harness.js';
import { mount } from './mount.jsx';
import { createThread } from './thread.js';

/** Ends the last message of a long thread, so the check can find it on screen. */
export const LATEST = 'LATEST-MESSAGE-MARKER';

/** The last token of the reply a send gets (`replyTokens` ends every reply with it). */
export const REPLY_END = SENTINEL.trim();

/** `count` messages, the last one ending in `LATEST`. */
export function createLongThread(count) {
  const messages = createThread(count);
  const last = messages[messages.length - 1];
  last.content = `${last.content}\n\n${LATEST}`;
  return messages;
}

/** The element holding the text node that contains `text`. */
function findText(text) {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.includes(text)) return node.parentElement;
  }
  return null;
}

/** The nearest ancestor that scrolls. */
function scrollParent(element) {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if ((overflowY === 'auto' || overflowY === 'scroll') && node.scrollHeight > node.clientHeight)
      return node;
  }
  return null;
}

/** @param {() => import('react').ReactNode} render */
export function createLongThreadBench(render) {
  return {
    async mount() {
      mount(render());
      // Two frames: the commit, then layout and paint (and any re-measure) are done.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    },
    REPLY_END,
    /** Whether a sent message's reply has been shown to its end. */
    replyShown: () => findText(REPLY_END) !== null,
    /** Whether `marker` (by default the thread's latest message) is on screen, at the bottom. */
    check(marker = LATEST) {
      const last = findText(marker);
      const scroller = last && scrollParent(last);
      const rect = last?.getBoundingClientRect();
      return {
        rows: document.querySelectorAll('[data-role]').length,
        latestShown: Boolean(rect && rect.bottom <= window.innerHeight + 1 && rect.bottom > 0),
        atBottom: scroller
          ? Math.abs(scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop) <= 2
          : false,
      };
    },
  };
}
