// In-page instrumentation shared by every bench page: React commits per frame, long tasks, row
// renders, and the "last token shown" signal sent to the driver through the `__benchDone` binding.

/** The last token of every streamed reply. */
export const SENTINEL = ' END_OF_REPLY';

/** The page's query parameters. */
export const params = new URLSearchParams(location.search);
const DEBUG = params.has('debug');
const COUNT_FRAMES = params.get('frames') === '1';

const state = {
  commits: 0,
  commitsByFrame: new Map(),
  frame: 0,
  frameLoop: 0,
  longTasks: [],
  rowRenders: new Map(),
  settledIds: new Set(),
  sentAt: 0,
  doneAt: 0,
  done: false,
  finished: 0,
  commitLog: [],
};

/** Resolves once `count` more replies have finished (shown their last token). */
export function waitForReplies(count) {
  const target = state.finished + count;
  return new Promise((resolve) => {
    const check = () => {
      if (state.finished < target) return;
      waiting.delete(check);
      resolve();
    };
    waiting.add(check);
    check();
  });
}

/**
 * One call per React commit, from the DevTools global hook the pages install before React loads
 * (`onCommitFiberRoot`, called by production builds; `<Profiler onRender>` would need React's
 * profiling build, whose Performance-panel logging costs ~15% more main thread).
 *
 * With `?frames=1` a requestAnimationFrame loop numbers the frames (it costs ~25 ms of main thread
 * per second, so the driver counts frames in a run of its own, apart from the timed runs). The
 * loop's callback runs first in every frame, so a commit made inside a frame callback (or its
 * microtasks) is painted by the current frame, and any other commit by the next one.
 */
function onCommit() {
  state.commits++;
  if (!COUNT_FRAMES) return;
  const frame = state.frame + (window.__benchInFrame ? 0 : 1);
  state.commitsByFrame.set(frame, (state.commitsByFrame.get(frame) ?? 0) + 1);
  if (DEBUG) state.commitLog.push([frame, window.__benchInFrame, performance.now()]);
}
window.__benchCommit = onCommit;

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
}).observe({ type: 'longtask', buffered: false });

const tick = () => {
  state.frame++;
  state.frameLoop = requestAnimationFrame(tick);
};

/** Called by the shared row on every render. */
export function countRowRender(id) {
  state.rowRenders.set(id, (state.rowRenders.get(id) ?? 0) + 1);
}

/** Resolvers waiting for a number of finished replies (see `waitForReplies`). */
const waiting = new Set();

/**
 * Called by the shared row after a commit that shows `text`: at the sentinel, the reply is
 * finished; the first finished reply ends a streaming run.
 */
export function checkDone(text) {
  if (!text.endsWith(SENTINEL)) return;
  state.finished++;
  for (const waiter of waiting) waiter();
  if (state.done) return;
  state.done = true;
  state.doneAt = performance.now();
  window.__benchDone?.();
}

/**
 * Registers the page's actions and exposes `window.__bench` to the driver.
 * @param {{ send?: () => void, settledIds?: () => string[], extra?: () => object, [action: string]: unknown }} actions
 */
export function registerBench(actions) {
  window.__bench = {
    ...actions,
    /** Clears the counters; the settled rows are the ones on screen now. */
    reset() {
      state.commits = 0;
      state.commitsByFrame.clear();
      state.longTasks = [];
      state.rowRenders.clear();
      state.settledIds = new Set(actions.settledIds?.() ?? []);
      state.done = false;
      state.commitLog = [];
      state.frame = 0;
      cancelAnimationFrame(state.frameLoop);
      if (COUNT_FRAMES) state.frameLoop = requestAnimationFrame(tick);
    },
    start() {
      state.sentAt = performance.now();
      actions.send?.();
    },
    stats() {
      cancelAnimationFrame(state.frameLoop);
      let settledRowRenders = 0;
      for (const id of state.settledIds) settledRowRenders += state.rowRenders.get(id) ?? 0;
      return {
        commits: state.commits,
        ...(COUNT_FRAMES && {
          frames: state.frame,
          framesWithCommits: state.commitsByFrame.size,
          maxCommitsPerFrame: Math.max(0, ...state.commitsByFrame.values()),
        }),
        settledRowRenders,
        rowRenders: [...state.rowRenders.values()].reduce((sum, count) => sum + count, 0),
        longTasks: state.longTasks.length,
        longestTaskMs: Math.max(0, ...state.longTasks),
        wallMs: state.doneAt - state.sentAt,
        domNodes: document.getElementsByTagName('*').length,
        ...(DEBUG && { commitLog: state.commitLog }),
        ...actions.extra?.(),
      };
    },
  };
  window.__benchReady = true;
}
