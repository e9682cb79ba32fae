// The long-thread bench actions: mount the app on demand (the driver times it), then check that
// the latest message is on screen and the list is scrolled to the bottom.
import { mount } from './mount.jsx';

/** @param {() => import('react').ReactNode} render @param {{ id: string }[]} messages */
export function createLongThreadBench(render, messages) {
  return {
    async mount() {
      mount(render());
      // Two frames: the commit, then layout and paint (and any re-measure) are done.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    },
    check() {
      const last = document.querySelector(`[data-id="${messages.at(-1).id}"]`);
      const scroller = last?.closest('.list, [data-scroller], [data-radix-scroll-area-viewport]') ?? null;
      const rect = last?.getBoundingClientRect();
      return {
        rows: document.querySelectorAll('.row').length,
        latestShown: Boolean(rect && rect.bottom <= window.innerHeight + 1 && rect.bottom > 0),
        atBottom: scroller
          ? Math.abs(scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop) <= 2
          : false,
      };
    },
  };
}
