// The memory bench actions: mount `count` chat instances that each stream a reply at once, wait
// until every reply shows its last token, then unmount them all (the root stays, as in an app that
// navigates away). The driver measures the heap around it; leaks.js counts timers and listeners.
import { registerBench, waitForReplies } from './bench-harness.js';
import { mount } from './mount.jsx';

/** @param {(index: number) => import('react').ReactNode} renderInstance */
export function registerMemoryBench(renderInstance) {
  const root = mount(null);
  registerBench({
    async cycle(count) {
      const finished = waitForReplies(count);
      root.render(
        <div className="list">{Array.from({ length: count }, (_, index) => renderInstance(index))}</div>,
      );
      await finished;
    },
    async unmount() {
      root.render(null);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    },
  });
}
