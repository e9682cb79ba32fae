import { render } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { describeCompletedReply } from '../../src/components/message-list/message-list-announcer.js';
import type { ChatCompletionChunk, ChatCompletionRequest, ChatRequestOptions } from '../../src/core/index.js';
import { ChatApiError } from '../../src/core/index.js';
import { ChatWindow } from '../../src/index.js';
import type {
  ChatClientLike,
  ChatMessage,
  ChatState,
  ChatStoreApi,
  ThreadData,
  WhenBusy,
} from '../../src/store/index.js';
import { selectActiveMessages } from '../../src/store/index.js';
import { createRandom, type Random } from '../../src/testing/random.js';
import { Broken, must } from '../fuzz-helpers.js';
import { ControlledStream, deltaChunk, finishChunk, installFakeFrames, usage } from '../store/helpers.js';
import { expectNoAxeViolations } from './axe-helper';
import { PNG_DATA_URL } from './fixtures.js';

/**
 * Random sessions driven through `<ChatWindow>` as a user drives it (user-event: typing, Enter,
 * Shift+Enter, clicks, Space, Tab, Escape, Home/End): sending (while a reply runs too, with each
 * `whenBusy`), cancelling queued messages, Stop, Retry (the chat's and a failed reply's, an
 * earlier one included), Regenerate, editing (saved, cancelled, left open), versions, Copy,
 * attachments, Approve/Deny, the model picker, threads (new, switch, rename, delete), an image
 * enlarged in its dialog (Tab, Escape, Close, the backdrop), focus resting on controls, and
 * reloads; in `<StrictMode>` or not. The fake endpoint moves when the session says: replies
 * reason, stream, show images, fail before their first token (HTTP error), fail midway (connection
 * dropped), are cut (length), or call tools (one runs by itself or fails, one needs approval).
 * After every step, once nothing moves any more, it checks what the README and the JSDoc promise:
 * - no `console.error` (React warnings included) and no unhandled rejection;
 * - the rows shown are the store's active path (`selectActiveMessages`), in order, with each
 *   message's role, status and text; a reply keeps every word it received, failed or stopped,
 *   in the thread that asked for it;
 * - a reply that completes is announced (the announcer's words), a failure alerts when it
 *   happens and not again when its notice is shown anew;
 * - Stop shows exactly while a reply is on its way, Send is enabled exactly when it would send,
 *   the queue list is the store's queue, the error is shown while the chat is in error;
 * - the thread list is the store's (titles, order, the current one);
 * - Approve and Deny show exactly for calls awaiting approval;
 * - no id twice, every `aria-labelledby`/`aria-controls`/`for` points at one element, exactly
 *   one polite live region (the announcer) and no streaming text inside a live region;
 * - focus never falls to the page (or rests on a disabled control) when it was on a control, and
 *   goes where the README says after each action (see `focusGoal`); an open image dialog keeps
 *   it, and gives it back to its Enlarge button when it closes;
 * - each request asks with the model the picker shows;
 * - no axe violation (every few steps, and at the end);
 * - with `persist`: a reload (unmount, then a new window on the same storage: at once, before the
 *   old window's store has stopped, during the session; once it has, at the end) shows the same
 *   threads, titles, paths and messages (a reply cut by it as `incomplete`, with its words).
 *
 * The fixed seed and run count catch the bug fixed alongside (a remount while a reply streamed
 * read the storage as it was before the send) when its fix is reverted.
 *
 * Deterministic: the seed picks every action, the endpoint moves only when the session says,
 * animation frames are run by the session, `Date` is fake, and each step waits (on conditions,
 * never on time) until the store, the streams and the DOM have stopped changing.
 * `FUZZ_SEED=7 FUZZ_RUNS=40 npx vitest run test/components/ui-fuzz.test.tsx` explores further.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 1);
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const STEPS = Number(process.env.FUZZ_STEPS ?? 40);
/** Axe costs about 100 ms a run on this page: every few steps, and after the last. */
const AXE_EVERY = 20;

// The stores `ChatWindow` creates for itself (its `persist` prop is the path under test), so the
// session can read their state.
const { created } = vi.hoisted(() => ({ created: [] as ChatStoreApi[] }));
vi.mock('../../src/store/create-chat-store.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/store/create-chat-store.js')>();
  return {
    ...actual,
    createChatStore: (...args: Parameters<typeof actual.createChatStore>) => {
      const store = actual.createChatStore(...args);
      created.push(store);
      return store;
    },
  };
});

const show = (value: unknown) => JSON.stringify(value);
const isBusy = (state: ChatState) => state.status === 'submitted' || state.status === 'streaming';
const textOf = (message: { content?: unknown } | undefined): string => {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .filter((part): part is { type: 'text'; text: string } => part?.type === 'text')
      .map((part) => part.text)
      .join('');
  return '';
};

// ---------------------------------------------------------------------------------------------
// The endpoint: one stream per request, moved only by the session.
// ---------------------------------------------------------------------------------------------

/** A reply stream the session drives: what it sent, and the model shown when it was asked. */
class Stream extends ControlledStream {
  /** Every word pushed, in order: what the reply must hold. */
  text = '';
  /** Chunks pushed, content or not. */
  pushed = 0;

  /** The model the window's picker showed when the request went out. */
  readonly shownModel = document.querySelector<HTMLSelectElement>('.rcc-model-picker-select')?.value;

  constructor(
    readonly index: number,
    readonly request: ChatCompletionRequest,
    signal: AbortSignal | undefined,
  ) {
    super(signal);
  }

  override push(...chunks: ChatCompletionChunk[]): void {
    for (const chunk of chunks) {
      this.pushed++;
      const content = chunk.choices[0]?.delta?.content;
      if (typeof content === 'string') this.text += content;
    }
    super.push(...chunks.map((chunk) => ({ ...chunk, id: `gen-${this.index}` })));
  }
}

function createEndpoint() {
  const streams: Stream[] = [];
  const client: ChatClientLike = {
    stream(request, options?: ChatRequestOptions) {
      const stream = new Stream(streams.length, structuredClone(request), options?.signal);
      streams.push(stream);
      return stream;
    },
    complete() {
      throw new Error('The UI fuzz test streams every reply.');
    },
  };
  return {
    client,
    streams,
    /** The request the endpoint is answering, if any. */
    live: () => streams.filter((stream) => stream.live),
  };
}

type Endpoint = ReturnType<typeof createEndpoint>;

// ---------------------------------------------------------------------------------------------
// One session
// ---------------------------------------------------------------------------------------------

interface Setup {
  threads: boolean;
  persist: boolean;
  /** What sending while a reply runs does. */
  whenBusy: WhenBusy;
  /** A model picker. */
  models: boolean;
  /** Rendered in `<StrictMode>` (effects mount twice). */
  strict: boolean;
}

const memoryStorage = (data: Map<string, string>) => ({
  getItem: (key: string) => data.get(key) ?? null,
  setItem: (key: string, value: string) => void data.set(key, value),
  removeItem: (key: string) => void data.delete(key),
});

/** A macrotask: what the store, React's scheduler and the streams' readers wait for. */
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const TOOLS = [
  {
    name: 'lookup',
    description: 'Runs by itself',
    parameters: { type: 'object', properties: { q: { type: 'string' } } },
    execute: async (args: unknown) => {
      const { q } = args as { q?: string };
      if (q === 'fail') throw new Error('The lookup failed.');
      return { found: q ?? null };
    },
  },
  {
    name: 'send_mail',
    description: 'Needs approval',
    parameters: { type: 'object', properties: { to: { type: 'string' } } },
    needsApproval: true,
    execute: async () => ({ sent: true }),
  },
];

async function runSession(seed: number, run: number) {
  const random: Random = createRandom(seed * 7919 + run);
  const chance = (p: number) => random() < p;
  const int = (n: number) => Math.floor(random() * n);
  const choose = <T,>(items: readonly T[]): T | undefined => items[int(items.length)];
  const setup: Setup = {
    threads: chance(0.7),
    persist: chance(0.5),
    whenBusy: choose(['queue', 'queue', 'interrupt', 'reject'] as const) as WhenBusy,
    models: chance(0.5),
    strict: chance(0.5),
  };
  const endpoint: Endpoint = createEndpoint();
  const frames = installFakeFrames();
  const saved = new Map<string, string>();
  const storage = memoryStorage(saved);
  const log: string[] = [`setup ${show(setup)}`];
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on('unhandledRejection', onRejection);
  const consoleError = vi.spyOn(console, 'error');
  const consoleWarn = vi.spyOn(console, 'warn');
  // No stylesheet is loaded, so there is no `pointer-events: none` to look for.
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  let serial = 0;
  const word = (prefix: string) => `${prefix}${run}x${serial++}`;

  const element = () => {
    const chat = (
      <ChatWindow
        client={endpoint.client}
        tools={TOOLS}
        threads={setup.threads}
        whenBusy={setup.whenBusy}
        models={setup.models ? ['fuzz/a', 'fuzz/b', 'fuzz/c'] : undefined}
        persist={setup.persist ? { key: 'ui-fuzz', storage } : undefined}
      />
    );
    return setup.strict ? <StrictMode>{chat}</StrictMode> : chat;
  };
  let view = render(element());
  let store = created.at(-1) as ChatStoreApi;
  const get = () => store.getState();
  const root = () => view.container.querySelector('.rcc-chat-window') as HTMLElement;
  const $ = (selector: string, within: ParentNode = root()) =>
    Array.from(within.querySelectorAll<HTMLElement>(selector));
  const input = () => root().querySelector('textarea.rcc-composer-input') as HTMLTextAreaElement;
  const enabled = (buttons: HTMLElement[]) =>
    buttons.filter((button) => !(button as HTMLButtonElement).disabled && !button.hidden);

  /**
   * Lets everything run until nothing changes: the streams' readers have taken every chunk, the
   * store and the DOM stay the same over a few macrotasks (animation frames run in each).
   */
  const settle = async (where: string) => {
    let last = '';
    let stable = 0;
    for (let round = 0; round < 3000; round++) {
      await macrotask();
      frames.run();
      const quiet =
        endpoint.streams.every((stream) => stream.quiet || stream.signal?.aborted) &&
        !view.container.querySelector('.rcc-composer-attachment[data-state="reading"]');
      const state = get();
      const fingerprint = `${state.status}|${show(state.ids)}|${Object.values(state.messages)
        .map((message) => `${message.id}:${message.status}:${textOf(message).length}`)
        .join()}|${view.container.innerHTML}`;
      if (quiet && fingerprint === last) {
        if (++stable >= 3) return;
      } else stable = 0;
      last = fingerprint;
    }
    const streams = endpoint.streams
      .filter((stream) => !stream.quiet)
      .map(
        (stream) =>
          `${stream.index} waiting ${stream.waiting} closed ${stream.closed} left ${stream.left} aborted ${stream.signal?.aborted}`,
      );
    throw new Broken(
      `${where}: the chat never settled (status ${get().status}, frames ${frames.pending()}, streams not quiet: ${show(streams)})`,
    );
  };

  // ---------------------------------------------------------------------------------------------
  // Invariants
  // ---------------------------------------------------------------------------------------------

  const threadsOf = (state: ChatState): [string, ThreadData][] => [
    [state.threadId, state],
    ...Object.entries(state.threadData),
  ];

  /** What the previous check saw of the active thread: to tell what changed within a step. */
  let seen:
    | { threadId: string; busy: boolean; statuses: Map<string, string>; alerts: Set<string> }
    | undefined;

  const check = (label: string) => {
    must(failures.length === 0, () => `${label}: ${String(failures[0])}`);
    must(
      consoleError.mock.calls.length === 0,
      () => `${label}: console.error ${consoleError.mock.calls[0]?.map(String).join(' ')}`,
    );
    must(
      consoleWarn.mock.calls.length === 0,
      () => `${label}: console.warn ${consoleWarn.mock.calls[0]?.map(String).join(' ')}`,
    );
    const state = get();
    const active = selectActiveMessages(state);

    // Rows: a contiguous run of the active path, in order, each as its message is.
    const rows = $('.rcc-message-list-row');
    const indexes = rows.map((row) => Number(row.getAttribute('data-index')));
    for (const [at, index] of indexes.entries())
      must(at === 0 || index === (indexes[at - 1] as number) + 1, () => `${label}: rows ${show(indexes)}`);
    if (active.length > 0 && active.length <= 6)
      must(rows.length === active.length, `${label}: ${rows.length} rows for ${active.length} messages`);
    must(rows.length > 0 || active.length === 0, `${label}: no row shown for ${active.length} messages`);
    for (const row of rows) {
      const index = Number(row.getAttribute('data-index'));
      const message = active[index];
      const shown = row.querySelector<HTMLElement>('.rcc-message');
      must(message, `${label}: row ${index} beyond the ${active.length} messages`);
      if (resultInPanel(state, message)) {
        must(!shown, () => `${label}: row ${index} shows a tool result its call's panel shows`);
        continue;
      }
      must(
        shown?.getAttribute('data-message-id') === message.id,
        () => `${label}: row ${index} shows ${shown?.getAttribute('data-message-id')}, not ${message.id}`,
      );
      must(
        shown.getAttribute('data-role') === message.role &&
          shown.getAttribute('data-status') === message.status,
        () =>
          `${label}: row ${index} is ${shown.getAttribute('data-role')} ${shown.getAttribute('data-status')}, the message ${message.role} ${message.status}`,
      );
      if (shown.hasAttribute('data-editing')) continue;
      const content = shown.querySelector(
        message.role === 'user' || message.role === 'assistant' ? '.rcc-message-content' : '.rcc-message-raw',
      );
      const text = textOf(message).trim();
      must(
        (content?.textContent ?? '').trim().replace(/\s+/g, ' ') === text.replace(/\s+/g, ' '),
        () => `${label}: row ${index} reads "${content?.textContent}", the message "${text}"`,
      );
    }

    // A reply that completes in the thread shown is announced (once its words are known), and a
    // failure alerts when it happens, not again when its notice is shown anew.
    const sameThread = seen?.threadId === state.threadId;
    // Every thread's: a failure seen in one thread may be shown again after a switch back.
    const statuses = new Map(
      threadsOf(state).flatMap(([, data]) =>
        Object.values(data.messages).map((message) => [message.id, message.status] as const),
      ),
    );
    const alerts = new Set(
      $('.rcc-message [role="alert"]').map(
        (notice) => notice.closest('.rcc-message')?.getAttribute('data-message-id') as string,
      ),
    );
    if (seen && sameThread) {
      const completed = state.ids
        .slice(-3)
        .map((id) => state.messages[id] as ChatMessage)
        .filter((message) => {
          const before = seen?.statuses.get(message.id);
          return (
            message.role === 'assistant' &&
            message.status !== 'streaming' &&
            (before === 'streaming' || (before === undefined && seen?.busy))
          );
        });
      const last = completed.at(-1);
      const announcer = root().querySelector('[role="status"][aria-live="polite"]');
      if (last)
        must(
          announcer?.textContent === describeCompletedReply(last),
          () => `${label}: announced "${announcer?.textContent}", not "${describeCompletedReply(last)}"`,
        );
    }
    for (const id of alerts) {
      must(
        seen?.statuses.get(id) !== 'error' || seen.alerts.has(id),
        `${label}: the failure of ${id} alerts again`,
      );
    }
    seen = { threadId: state.threadId, busy: isBusy(state), statuses, alerts };

    // Every reply holds every word its stream sent, wherever it is (failed, stopped, other threads).
    for (const [threadId, data] of threadsOf(state)) {
      for (const message of Object.values(data.messages)) {
        const match = /^gen-(\d+)$/.exec(message.generationId ?? '');
        if (message.role !== 'assistant' || !match) continue;
        const stream = endpoint.streams[Number(match[1])] as Stream;
        must(
          textOf(message) === stream.text,
          () =>
            `${label}: reply ${message.id} (${message.status}) holds "${textOf(message)}", sent "${stream.text}"`,
        );
        must(
          stream.request.session_id === threadId,
          `${label}: the reply of request ${stream.index} landed in another thread`,
        );
      }
    }
    must(endpoint.live().length <= 1, `${label}: ${endpoint.live().length} requests answered at once`);
    for (const stream of endpoint.streams)
      must(
        stream.request.model === stream.shownModel,
        `${label}: request ${stream.index} asked ${stream.request.model}, the picker showed ${stream.shownModel}`,
      );

    // The composer, Stop, the queue and the error.
    const stop = $('.rcc-composer-stop');
    must(
      stop.length === (isBusy(state) ? 1 : 0),
      `${label}: ${stop.length} Stop buttons, status ${state.status}`,
    );
    const send = root().querySelector('.rcc-composer-send') as HTMLButtonElement;
    // The composer's own: an open editor lists its message's attachments too.
    const attachments = send.form?.querySelectorAll('.rcc-composer-attachment') ?? [];
    const canSend =
      (input().value.trim() !== '' || attachments.length > 0) &&
      !(setup.whenBusy === 'reject' && isBusy(state));
    must(send.disabled === !canSend, `${label}: Send disabled ${send.disabled} with "${input().value}"`);
    const queued = $('.rcc-queued-text').map((item) => item.textContent);
    const queue = state.queue.map((item) => textOf(item) || 'Attachment');
    must(show(queued) === show(queue), () => `${label}: queue shows ${show(queued)}, holds ${show(queue)}`);
    if (state.status === 'error') {
      const last = state.messages[state.ids.at(-1) ?? ''];
      const onMessage = last?.status === 'error' && last.error === state.error;
      must(
        $('.rcc-chat-error').length === (onMessage ? 0 : 1),
        `${label}: the chat's error shown ${$('.rcc-chat-error').length} times`,
      );
      if (onMessage && rows.some((row) => row.querySelector(`[data-message-id="${last.id}"]`)))
        must(
          root().querySelector(`[data-message-id="${last.id}"] .rcc-error .rcc-error-retry`),
          `${label}: the failed reply has no Retry`,
        );
    } else {
      // A user message left without a reply while nothing runs offers Retry ("No reply yet.").
      const unanswered = state.status === 'idle' && state.messages[state.ids.at(-1) ?? '']?.role === 'user';
      must(
        $('.rcc-chat-error').length === (unanswered ? 1 : 0) &&
          $('.rcc-chat-error:not([data-kind="unanswered"])').length === 0,
        `${label}: ${$('.rcc-chat-error').length} notices shown with status ${state.status}`,
      );
    }

    // Threads.
    if (setup.threads) {
      const items = $('.rcc-thread');
      const titles = items.map(
        (item) =>
          item.querySelector('.rcc-thread-switch')?.textContent ??
          item.querySelector<HTMLInputElement>('.rcc-thread-rename-input')?.defaultValue,
      );
      must(
        show(titles) === show(state.threads.map((thread) => thread.title)),
        () => `${label}: threads shown ${show(titles)}, listed ${show(state.threads.map((t) => t.title))}`,
      );
      const current = items.findIndex((item) => item.getAttribute('data-state') === 'active');
      must(
        state.threads[current]?.id === state.threadId && $('.rcc-thread[data-state="active"]').length === 1,
        `${label}: the current thread is not the one shown`,
      );
    }

    // An open image dialog keeps the keyboard in it.
    const dialog = document.querySelector('.rcc-dialog');
    if (dialog)
      must(
        dialog.contains(document.activeElement),
        () => `${label}: focus left the image dialog for ${describeElement(document.activeElement)}`,
      );

    // Tool calls: Approve and Deny exactly while a call awaits approval.
    for (const panel of $('.rcc-tool-call')) {
      const waiting = panel.getAttribute('data-state') === 'awaiting-approval';
      must(
        $('.rcc-tool-call-approve', panel).length === (waiting ? 1 : 0) &&
          $('.rcc-tool-call-deny', panel).length === (waiting ? 1 : 0),
        `${label}: Approve/Deny on a ${panel.getAttribute('data-state')} call`,
      );
    }

    // Ids and references.
    const ids = $('[id]', view.container).map((item) => item.id);
    must(new Set(ids).size === ids.length, () => `${label}: ids twice ${show(ids)}`);
    for (const item of $(
      '[aria-labelledby], [aria-controls], [aria-describedby], label[for]',
      view.container,
    )) {
      for (const attribute of ['aria-labelledby', 'aria-controls', 'aria-describedby', 'for']) {
        for (const id of (item.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean))
          must(document.getElementById(id), `${label}: ${attribute}="${id}" points at nothing`);
      }
    }

    // Live regions: the polite ones are the announcer (a status), in the composer what is
    // attached (its file names only), and in each copy button what a copy did ("Copied", "Copy
    // failed", else nothing); streaming text is in none.
    const live = $('[aria-live="polite"]', view.container);
    const copies = live.filter((region) =>
      region.parentElement?.matches('.rcc-action-copy, .rcc-code-block-copy'),
    );
    must(
      copies.every((region) => /^(|Copied|Copy failed)$/.test(region.textContent ?? '')),
      () => `${label}: a copy button says ${copies.map((region) => `"${region.textContent}"`).join(', ')}`,
    );
    const polite = live.filter((region) => !copies.includes(region));
    must(
      polite.length === 2 &&
        polite.filter((region) => region.getAttribute('role') === 'status').length === 1 &&
        polite.some(
          (region) => region.closest('.rcc-composer') && /^(Attached: .*\.)?$/.test(region.textContent ?? ''),
        ),
      `${label}: ${polite.length} polite live regions`,
    );
    must(
      root().querySelector('[role="log"]')?.getAttribute('aria-live') === 'off',
      `${label}: the log announces every token`,
    );
    for (const message of $('.rcc-message[data-status="streaming"]')) {
      const live = message.parentElement?.closest(
        '[aria-live]:not([aria-live="off"]), [role="alert"], [role="status"]',
      );
      must(!live, `${label}: streaming text inside a live region`);
    }
  };

  /** After a step that started with focus on a control: it did not fall to the page. */
  const checkFocus = (label: string, before: Element | null) => {
    if (!before || before === document.body) return;
    const now = document.activeElement;
    must(
      now && now !== document.body && now.isConnected,
      () => `${label}: focus fell to the page (it was on ${describeElement(before)} before the step)`,
    );
    must(
      !(now as HTMLButtonElement).disabled,
      () => `${label}: focus rests on a disabled ${describeElement(now)}`,
    );
  };

  const describeElement = (item: Element | null) =>
    item
      ? `${item.tagName.toLowerCase()}.${item.className} "${item.getAttribute('aria-label') ?? item.textContent?.slice(0, 30)}"`
      : 'nothing';

  /**
   * Reload: unmount, then a new window on the same storage shows the same threads. `atOnce`: the
   * new window's store reads the storage before the old one stopped (it stops a microtask after
   * the unmount, and a window replaced in one render is made before the old one unmounts).
   */
  const reload = async (label: string, atOnce: boolean) => {
    const before = store;
    view.unmount();
    // The unmounted window's store stops what it ran (a microtask after unmount), and writes.
    if (!atOnce) await settle(`${label} (unmounted)`);
    const old = before.getState();
    view = render(element());
    store = created.at(-1) as ChatStoreApi;
    // A failure restored by the reload does not alert.
    const reloaded = threadsOf(get()).flatMap(([, data]) =>
      Object.values(data.messages).map((message) => [message.id, message.status] as const),
    );
    seen = { threadId: '', busy: false, statuses: new Map(reloaded), alerts: new Set() };
    must(store !== before, `${label}: no new store`);
    await settle(`${label} (remounted)`);
    const state = get();
    if (saved.size === 0) {
      // Nothing is written before the user acts: the chat was (and is again) one empty thread.
      const untouched = (chat: ChatState) =>
        chat.threads.length === 1 && chat.threads[0]?.title === 'New chat' && chat.ids.length === 0;
      must(untouched(old) && untouched(state), `${label}: nothing was written, yet the chat changed`);
      return;
    }
    must(state.threadId === old.threadId, `${label}: on thread ${state.threadId}, not ${old.threadId}`);
    must(
      show(state.threads) === show(old.threads),
      () => `${label}: the reload lost threads: ${show(state.threads)}, not ${show(old.threads)}`,
    );
    const restored = new Map(threadsOf(state));
    for (const [threadId, data] of threadsOf(old)) {
      const copy = restored.get(threadId);
      must(copy, `${label}: thread ${threadId} is gone`);
      must(show(copy.ids) === show(data.ids), `${label}: thread ${threadId} has another path`);
      for (const message of Object.values(data.messages)) {
        const again = copy.messages[message.id];
        const status = message.status === 'streaming' ? 'incomplete' : message.status;
        must(
          again && again.status === status && textOf(again) === textOf(message),
          () => `${label}: ${show(message)} came back as ${show(again)}`,
        );
      }
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Actions
  // ---------------------------------------------------------------------------------------------

  /**
   * Where the README says focus goes after the current action (checked once the chat settled):
   * the textbox after sending, Stop, Retry, Regenerate, a queued message's Cancel, removing an
   * attachment, New chat and saving an edit; the Edit button after cancelling one; the tool
   * panel after Approve or Deny; the same version button of the version shown (the other one at
   * an end); the neighbouring conversation after Delete (the textbox for the only one).
   */
  let focusGoal: { what: string; find: () => Element | null | undefined } | undefined;
  /** The Enlarge button of the image dialog open, if any. */
  let openedBy: HTMLElement | undefined;
  const toComposer = (what: string) => {
    focusGoal = { what: `the textbox (${what})`, find: input };
  };

  /** Clicks, or focuses and presses Enter or Space (a keyboard user who tabbed there). */
  const activate = async (target: HTMLElement, how = choose(['click', 'enter', 'space'] as const)) => {
    if (how === 'click') await user.click(target);
    else {
      target.focus();
      await user.keyboard(how === 'enter' ? '{Enter}' : ' ');
    }
    return how;
  };

  /** The actions that make sense now, by name, with their weight. */
  const userActions = (): [string, number, () => Promise<string>][] => {
    const state = get();
    const list: [string, number, () => Promise<string>][] = [];
    const add = (name: string, weight: number, act: () => Promise<string>) => list.push([name, weight, act]);
    const editor = root().querySelector<HTMLTextAreaElement>('.rcc-message-editor-input');
    const renaming = root().querySelector<HTMLInputElement>('.rcc-thread-rename-input');
    // An enlarged image is modal: the keyboard stays in its dialog, a click lands on its backdrop.
    const dialog = document.querySelector<HTMLElement>('.rcc-dialog');
    if (dialog) {
      const opener = openedBy;
      const closed = () => {
        focusGoal = { what: 'the Enlarge button that opened the dialog', find: () => opener };
      };
      add('dialog key', 3, async () => {
        const key = choose(['{Tab}', '{Shift>}{Tab}{/Shift}', '{Escape}'] as const) as string;
        if (!dialog.contains(document.activeElement)) (dialog.querySelector('button') as HTMLElement).focus();
        await user.keyboard(key);
        if (key === '{Escape}') closed();
        return `${key} in the image dialog`;
      });
      add('dialog close', 1, async () => {
        const target = chance(0.5)
          ? (document.querySelector('.rcc-dialog-backdrop') as HTMLElement)
          : (dialog.querySelector('.rcc-dialog-close') as HTMLElement);
        closed();
        await user.click(target);
        return `click ${target.className}`;
      });
      return list;
    }
    const enlarge = $('.rcc-output-image-enlarge');
    if (enlarge.length)
      add('enlarge', 1, async () => {
        const target = choose(enlarge) as HTMLElement;
        openedBy = target;
        const how = await activate(target);
        return `${target.getAttribute('aria-label')} (${how})`;
      });

    add('send', 6, async () => {
      const text = word('m');
      const box = input();
      if (chance(0.5)) await user.click(box);
      else box.focus();
      await user.keyboard(text);
      // Send is disabled while busy with `whenBusy: 'reject'` (a click on it goes nowhere).
      const send = root().querySelector('.rcc-composer-send') as HTMLButtonElement;
      const how = chance(0.6) || send.disabled ? 'Enter' : 'Send';
      if (how === 'Enter') await user.keyboard('{Enter}');
      else await activate(send);
      toComposer('sent');
      return `send "${text}" (${how}, status ${state.status})`;
    });
    add('type', 1, async () => {
      const text = word('draft');
      await user.click(input());
      await user.keyboard(chance(0.5) ? text : `${text}{Shift>}{Enter}{/Shift}${word('line')}`);
      return `type "${text}" without sending`;
    });
    const removes = $('.rcc-composer-attachment-remove');
    if (removes.length)
      add('remove attachment', 1, async () => {
        const target = choose(removes) as HTMLElement;
        toComposer('attachment removed');
        return `${target.getAttribute('aria-label')} (${await activate(target)})`;
      });
    const picker = root().querySelector<HTMLSelectElement>('.rcc-model-picker-select');
    if (picker)
      add('pick model', 1, async () => {
        const model = choose(['fuzz/a', 'fuzz/b', 'fuzz/c']) as string;
        await user.selectOptions(picker, model);
        return `pick ${model}`;
      });
    add('home/end', 1, async () => {
      const log = root().querySelector('[role="log"]') as HTMLElement;
      log.focus();
      const key = chance(0.5) ? '{Home}' : '{End}';
      await user.keyboard(key);
      return `${key} in the log`;
    });
    add('attach', 1, async () => {
      const file = new File([new Uint8Array([137, 80, 78, 71])], `${word('pic')}.png`, { type: 'image/png' });
      await user.upload(root().querySelector('input[type="file"]') as HTMLInputElement, file);
      return `attach ${file.name}`;
    });
    const stop = root().querySelector<HTMLElement>('.rcc-composer-stop');
    if (stop)
      add('stop', 3, async () => {
        toComposer('Stop');
        return `Stop (${await activate(stop)})`;
      });
    const cancels = $('.rcc-queued-cancel');
    if (cancels.length)
      add('cancel queued', 2, async () => {
        const target = choose(cancels) as HTMLElement;
        toComposer('queued Cancel');
        return `${target.getAttribute('aria-label')} (${await activate(target)})`;
      });
    const retries = $('.rcc-error-retry');
    if (retries.length)
      add('retry', 4, async () => {
        const target = choose(retries) as HTMLElement;
        const where = target.closest('.rcc-message')?.getAttribute('data-message-id') ?? 'the chat';
        toComposer('Retry');
        return `Retry on ${where} (${await activate(target)})`;
      });
    const regenerate = enabled($('.rcc-action-regenerate'));
    if (regenerate.length)
      add('regenerate', 2, async () => {
        const target = choose(regenerate) as HTMLElement;
        const id = target.closest('.rcc-message')?.getAttribute('data-message-id');
        toComposer('Regenerate');
        return `Regenerate ${id} (${await activate(target)})`;
      });
    const edits = $('.rcc-action-edit');
    if (edits.length && !editor)
      add('edit', 2, async () => {
        const target = choose(edits) as HTMLElement;
        const id = target.closest('.rcc-message')?.getAttribute('data-message-id');
        await activate(target);
        return `Edit ${id}${chance(0.7) ? `, then ${await finishEdit()}` : ' (left open)'}`;
      });
    if (editor) add('finish edit', 3, async () => `the open editor: ${await finishEdit()}`);
    const versions = enabled($('.rcc-branch-picker-previous, .rcc-branch-picker-next'));
    if (versions.length)
      add('version', 2, async () => {
        const target = choose(versions) as HTMLElement;
        const id = target.closest('.rcc-message')?.getAttribute('data-message-id');
        const index = target.closest('.rcc-message-list-row')?.getAttribute('data-index');
        const name = target.getAttribute('aria-label') as string;
        focusGoal = {
          what: `${name} of the version shown (or the other one at an end)`,
          find() {
            const row = root().querySelector(`.rcc-message-list-row[data-index="${index}"]`);
            const same = row?.querySelector<HTMLButtonElement>(`[aria-label="${name}"]`);
            const other = row?.querySelector<HTMLButtonElement>(
              name === 'Next version' ? '.rcc-branch-picker-previous' : '.rcc-branch-picker-next',
            );
            return same && !same.disabled ? same : other;
          },
        };
        return `${target.getAttribute('aria-label')} on ${id} (${await activate(target)})`;
      });
    const copies = $('.rcc-action-copy');
    if (copies.length)
      add('copy', 1, async () => {
        const target = choose(copies) as HTMLElement;
        return `Copy (${await activate(target)})`;
      });
    const decisions = $('.rcc-tool-call-approve, .rcc-tool-call-deny');
    if (decisions.length)
      add('approve/deny', 4, async () => {
        const target = choose(decisions) as HTMLElement;
        const panel = target.closest('.rcc-tool-call');
        focusGoal = { what: 'its tool panel', find: () => panel };
        return `${target.textContent} (${await activate(target)})`;
      });
    // A keyboard user resting on a control (tabbed there) while the chat moves on.
    const controls = enabled($('button, textarea, input:not([type="file"]), [tabindex="0"]'));
    // Mostly one that may go away.
    const volatile = enabled(
      $(
        '.rcc-composer-stop, .rcc-queued-cancel, .rcc-error-retry, .rcc-reasoning-trigger, .rcc-composer-attachment-remove, .rcc-action-regenerate, .rcc-tool-call-approve, .rcc-tool-call-deny, .rcc-branch-picker-previous, .rcc-branch-picker-next, .rcc-thread-delete, .rcc-action-edit',
      ),
    );
    add('focus', 3, async () => {
      const target = choose(volatile.length && chance(0.7) ? volatile : controls) as HTMLElement;
      target.focus();
      return `focus ${describeElement(target)}`;
    });
    add('tab', 2, async () => {
      const count = 1 + int(3);
      const shift = chance(0.4);
      for (let at = 0; at < count; at++) await user.tab({ shift });
      return `${shift ? 'Shift+' : ''}Tab ×${count} to ${describeElement(document.activeElement)}`;
    });
    add('enter', 2, async () => {
      const target = document.activeElement;
      if (!target || target === document.body || target.tagName === 'TEXTAREA')
        return 'Enter (nothing focused)';
      await user.keyboard('{Enter}');
      return `Enter on ${describeElement(target)}`;
    });
    add('escape', 1, async () => {
      const target = document.activeElement;
      await user.keyboard('{Escape}');
      return `Escape on ${describeElement(target)}`;
    });
    if (setup.threads) {
      add('new thread', 1, async () => {
        const target = root().querySelector('.rcc-thread-list-new') as HTMLElement;
        toComposer('New chat');
        return `New chat (${await activate(target)})`;
      });
      const others = $('.rcc-thread-switch:not([aria-current])');
      if (others.length)
        add('switch thread', 2, async () => {
          const target = choose(others) as HTMLElement;
          return `switch to "${target.textContent}" (${await activate(target)})`;
        });
      const renames = enabled($('.rcc-thread-rename'));
      if (renames.length && !renaming)
        add('rename', 1, async () => {
          const target = choose(renames) as HTMLElement;
          await activate(target);
          return `${target.getAttribute('aria-label')}, then ${await finishRename()}`;
        });
      if (renaming) add('finish rename', 3, async () => `the open rename: ${await finishRename()}`);
      const deletes = $('.rcc-thread-delete');
      add('delete thread', 1, async () => {
        const target = choose(deletes) as HTMLElement;
        const item = target.closest('li');
        const neighbor = (item?.nextElementSibling ?? item?.previousElementSibling)?.querySelector('button');
        if (neighbor) focusGoal = { what: 'the neighbouring conversation', find: () => neighbor };
        else toComposer('the only conversation deleted');
        return `${target.getAttribute('aria-label')} (${await activate(target)})`;
      });
    }
    if (setup.persist) add('reload', 1, async () => 'reload');
    return list;
  };

  const finishEdit = async () => {
    const box = root().querySelector<HTMLTextAreaElement>('.rcc-message-editor-input');
    if (!box) return 'the editor is gone';
    const form = box.closest('form') as HTMLFormElement;
    const id = box.closest('.rcc-message')?.getAttribute('data-message-id');
    const editButton = (messageId: string | null | undefined) =>
      root().querySelector(`.rcc-message[data-message-id="${messageId}"] .rcc-action-edit`);
    switch (int(4)) {
      case 0: {
        const text = word('edit');
        await user.clear(box);
        await user.keyboard(`${text}{Enter}`);
        toComposer('edit saved');
        return `save "${text}" (Enter)`;
      }
      case 1: {
        const text = word('edit');
        await user.clear(box);
        await user.keyboard(text);
        await activate(form.querySelector('.rcc-message-editor-save') as HTMLElement);
        toComposer('edit saved');
        return `save "${text}" (Save)`;
      }
      case 2:
        box.focus();
        await user.keyboard('{Escape}');
        focusGoal = { what: 'its Edit button', find: () => editButton(id) };
        return 'cancel (Escape)';
      default:
        await activate(form.querySelector('.rcc-message-editor-cancel') as HTMLElement);
        focusGoal = { what: 'its Edit button', find: () => editButton(id) };
        return 'cancel (Cancel)';
    }
  };

  const finishRename = async () => {
    const field = root().querySelector<HTMLInputElement>('.rcc-thread-rename-input');
    if (!field) return 'the field is gone';
    const title = word('title');
    field.focus();
    await user.clear(field);
    await user.keyboard(title);
    const how = choose(['{Enter}', '{Escape}', '{Tab}'] as const) as string;
    const item = field.closest('li') as HTMLElement;
    await user.keyboard(how);
    // Enter and Escape give focus back to Rename; Tab goes on to Delete, next to it.
    const goal = how === '{Tab}' ? '.rcc-thread-delete' : '.rcc-thread-rename';
    focusGoal = { what: `${goal} of the conversation`, find: () => item.querySelector(goal) };
    return `"${title}" ${how}`;
  };

  /** What the endpoint does now to the request it answers (none: nothing). */
  const serverActions = (): [string, number, () => string][] => {
    const stream = endpoint.live().at(-1);
    if (!stream) return [];
    const list: [string, number, () => string][] = [];
    const add = (name: string, weight: number, act: () => string) => list.push([name, weight, act]);
    add('text', 8, () => {
      const words = Array.from({ length: 1 + int(3) }, () => `${word('w')} `);
      stream.push(...words.map((text) => deltaChunk({ content: text })));
      return `request ${stream.index}: "${words.join('')}"`;
    });
    add('finish', 4, () => {
      stream.push(finishChunk('stop', usage(3, 4, 0.001)));
      stream.end();
      return `request ${stream.index}: finish`;
    });
    add('length', 1, () => {
      stream.push(finishChunk('length'));
      stream.end();
      return `request ${stream.index}: cut (length)`;
    });
    if (stream.text === '')
      add('reasoning', 2, () => {
        const thought = `${word('think')} `;
        stream.push(deltaChunk({ content: null, reasoning: thought }));
        return `request ${stream.index}: reasoning "${thought}"`;
      });
    if (stream.pushed === 0)
      add('http', 2, () => {
        const status = choose([429, 500, 402] as const) as number;
        stream.fail(
          new ChatApiError({
            type: 'http',
            status,
            code: status,
            message: `HTTP ${status} from the endpoint`,
          }),
        );
        return `request ${stream.index}: HTTP ${status}`;
      });
    add('drop', 2, () => {
      stream.fail(new ChatApiError({ type: 'network', code: 'network_error', message: 'terminated' }));
      return `request ${stream.index}: connection dropped`;
    });
    add('image', 1, () => {
      stream.push(deltaChunk({ images: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }] }));
      return `request ${stream.index}: an image`;
    });
    add('tools', 3, () => {
      const kind = choose(['lookup', 'failing lookup', 'send_mail'] as const) as string;
      const name = kind === 'send_mail' ? kind : 'lookup';
      const id = `call_${stream.index}_${stream.pushed}`;
      const args = { lookup: '{"q":"x"}', 'failing lookup': '{"q":"fail"}', send_mail: '{"to":"a@b.c"}' }[
        kind
      ];
      stream.push(
        deltaChunk({
          content: null,
          tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }],
        }),
        deltaChunk({ content: null, tool_calls: [{ index: 0, function: { arguments: args } }] }),
        finishChunk('tool_calls'),
      );
      stream.end();
      return `request ${stream.index}: calls ${kind}`;
    });
    return list;
  };

  const pickWeighted = <T extends [string, number, unknown]>(list: T[]): T | undefined => {
    const total = list.reduce((sum, [, weight]) => sum + weight, 0);
    let at = random() * total;
    for (const entry of list) {
      at -= entry[1];
      if (at < 0) return entry;
    }
    return list.at(-1);
  };

  try {
    await settle('mounting');
    check('mounting');
    for (let step = 0; step < STEPS; step++) {
      vi.setSystemTime(1_000_000 + (run * 1000 + step) * 1000);
      const server = serverActions();
      const before = document.activeElement;
      let label: string;
      let keyboardOnly = false;
      if (server.length && chance(0.45)) {
        label = (pickWeighted(server) as [string, number, () => string])[2]();
      } else {
        const [name, , act] = pickWeighted(userActions()) as [string, number, () => Promise<string>];
        if (name === 'reload') {
          label = 'reload';
          log.push(`#${step} ${label}`);
          await reload(`#${step} reload`, true);
          check(`#${step} reload`);
          continue;
        }
        label = await act();
        keyboardOnly = name === 'tab';
      }
      label = `#${step} ${label}`;
      log.push(label);
      await settle(label);
      check(label);
      // Tab may leave the window (to the page) on purpose; anything else must keep focus somewhere.
      if (!keyboardOnly) checkFocus(label, before);
      if (focusGoal) {
        const goal = focusGoal;
        const found = goal.find();
        must(
          !found || document.activeElement === found,
          () => `${label}: focus is on ${describeElement(document.activeElement)}, not on ${goal.what}`,
        );
        focusGoal = undefined;
      }
      if (step % AXE_EVERY === AXE_EVERY - 1) await expectNoAxeViolations(view.container);
    }
    // The session ends with the chat still usable: a message sent now is answered.
    if (isBusy(get())) {
      for (const stream of endpoint.live()) {
        stream.push(finishChunk('stop'));
        stream.end();
      }
      await settle('finishing');
    }
    await expectNoAxeViolations(view.container);
    if (setup.persist) await reload('the final reload', false);
  } catch (error) {
    if (error instanceof Error)
      error.message += `\n  seed ${seed}, run ${run}; steps:\n    ${log.join('\n    ')}`;
    throw error;
  } finally {
    view.unmount();
    process.off('unhandledRejection', onRejection);
    consoleError.mockRestore();
    consoleWarn.mockRestore();
    vi.unstubAllGlobals();
  }
}

/** Whether a tool message answers a settled call of the reply before it (its panel shows it). */
function resultInPanel(state: ChatState, message: ChatMessage): boolean {
  if (message.role !== 'tool') return false;
  let reply = message.parentId === null ? undefined : state.messages[message.parentId];
  while (reply?.role === 'tool') reply = reply.parentId === null ? undefined : state.messages[reply.parentId];
  const callState = reply?.role === 'assistant' ? reply.toolCalls?.[message.tool_call_id]?.state : undefined;
  return callState === 'done' || callState === 'error' || callState === 'denied';
}

describe('ChatWindow UI fuzz', () => {
  let previousActEnvironment: unknown;
  beforeEach(() => {
    // Updates arrive as in a browser: from stream reads and frames the session runs, not inside
    // act() (each wait would need one). React's act warnings are then off; any other
    // console.error still fails the session.
    previousActEnvironment = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT = false;
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT = previousActEnvironment;
    vi.useRealTimers();
  });

  it(
    'random sessions through the UI keep every documented invariant',
    async () => {
      for (let run = 0; run < RUNS; run++) await runSession(SEED, run);
    },
    Math.max(120_000, RUNS * STEPS * 400),
  );
});
