import { useComposedRefs } from '@radix-ui/react-compose-refs';
import * as ScrollArea from '@radix-ui/react-scroll-area';
import type { Range, Rect, Virtualizer } from '@tanstack/react-virtual';
import { defaultRangeExtractor, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { HTMLAttributes } from 'react';
import { forwardRef, useCallback, useRef, useState } from 'react';
import { useChatStoreApi, useMessageIds } from '../../hooks/use-chat-store.js';
import { useIsomorphicLayoutEffect } from '../../hooks/use-isomorphic-layout-effect.js';
import { cx } from '../primitives/class-names.js';
import { useServerStyles } from '../primitives/use-server-styles.js';
import { DEFAULT_ROW_ESTIMATE, ESTIMATED_TAIL, estimateMessageHeight } from './estimate-row-size.js';
import { MessageListAnnouncer } from './message-list-announcer.js';
import type { MessageListContextValue } from './message-list-context.js';
import { MessageListContext } from './message-list-context.js';
import { useStickToBottom } from './use-stick-to-bottom.js';
import { FALLBACK_RECT, measureWithFallback } from './virtualizer-options.js';

/** Props of `MessageList.Root`. */
export interface MessageListRootProps extends Omit<HTMLAttributes<HTMLDivElement>, 'dir'> {
  /**
   * Text direction (`ltr` or `rtl`) of the list and its scrollbar's side. Default: the direction
   * of the element the list is in (an `rtl` page gives `rtl`).
   */
  dir?: 'ltr' | 'rtl' | undefined;
  /**
   * Estimated row height before a row is measured, in px. By default the latest rows are
   * estimated from their message's text and the others at 120px.
   */
  estimateSize?: number | undefined;
  /** Rows rendered beyond the visible ones on each side. Default 6. */
  overscan?: number | undefined;
  /** How close to the end (px) still counts as "at the latest message". Default 16. */
  bottomThreshold?: number | undefined;
  /** Announce completed replies in a polite live region. Default `true`. */
  announce?: boolean | undefined;
}

/**
 * The scrolling, virtualized message list of the nearest `ChatProvider` (Radix ScrollArea +
 * TanStack Virtual: a 10,000-message thread mounts only the visible rows). It sticks to the
 * bottom while a reply streams, stops following when the user scrolls up or moves keyboard
 * focus into an earlier message (or onto a tool panel, with Approve or Deny), and follows again
 * once they are back at the bottom (or use `MessageList.JumpToLatest`). A new user message always
 * scrolls to the end. `data-at-bottom` is present while the list follows the latest message.
 *
 * @example
 * <MessageList.Root>
 *   <MessageList.Viewport><MessageList.Items /></MessageList.Viewport>
 *   <MessageList.JumpToLatest />
 * </MessageList.Root>
 */
export const MessageListRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageListRootProps>(
  function MessageListRoot(
    { dir, estimateSize, overscan = 6, bottomThreshold = 16, announce = true, className, children, ...props },
    ref,
  ) {
    const ids = useMessageIds();
    const store = useChatStoreApi();
    const rootRef = useRef<HTMLDivElement>(null);
    useServerStyles(rootRef);
    const composedRef = useComposedRefs(ref, rootRef);
    // Radix's scroll area sets `dir` on its root, `ltr` unless told: without a `dir` prop the list
    // takes the direction of the element it is in, read once mounted and whenever the app renders
    // it again (new `children`: an app that changes direction renders). Not on the list's own
    // renders, which the virtualizer makes every frame a reply streams: each read of a computed
    // style would force a style recalculation there.
    const [inherited, setInherited] = useState<string>();
    useIsomorphicLayoutEffect(() => {
      const parent = rootRef.current?.parentElement;
      if (parent) setInherited(getComputedStyle(parent).direction);
    }, [children]);
    const [viewport, setViewport] = useState<HTMLDivElement | null>(null);
    const [atBottom, followingRef, setFollowing] = useStickToBottom(viewport, bottomThreshold);
    // When the viewport itself changes size (the composer grows, a notice appears), stay pinned.
    // A viewport that reports no size (no layout) gets `FALLBACK_RECT`.
    const observeRect = useCallback(
      (instance: Virtualizer<HTMLDivElement, HTMLDivElement>, callback: (rect: Rect) => void) =>
        observeElementRect(instance, (rect) => {
          callback(rect.width === 0 && rect.height === 0 ? FALLBACK_RECT : rect);
          if (followingRef.current && instance.options.count && !instance.isAtEnd(bottomThreshold)) {
            instance.scrollToEnd();
          }
        }),
      [followingRef, bottomThreshold],
    );
    // Stable callbacks: the virtualizer recomputes every row's offset when `getItemKey` changes.
    const getItemKey = useCallback((index: number) => ids[index] ?? index, [ids]);
    // Only the rows a list opened at its end lays out first read their message (see ESTIMATED_TAIL).
    const getEstimate = useCallback(
      (index: number) => {
        if (estimateSize !== undefined) return estimateSize;
        if (index < ids.length - ESTIMATED_TAIL) return DEFAULT_ROW_ESTIMATE;
        return estimateMessageHeight(store.getState().messages[ids[index] ?? '']);
      },
      [estimateSize, ids, store],
    );
    // The row holding focus stays mounted when it scrolls out of range (Home, Page Up, the wheel):
    // unmounting it would drop focus to the page. So does the row of a control whose dialog is
    // open (an enlarged image): focus is in the dialog, which would close with the row.
    const rangeExtractor = useCallback(
      (range: Range) => {
        const indexes = defaultRangeExtractor(range);
        const row = (
          viewport?.contains(document.activeElement)
            ? document.activeElement
            : viewport?.querySelector('[aria-haspopup="dialog"][aria-expanded="true"]')
        )?.closest('.rcc-message-list-row');
        const index = row ? Number(row.getAttribute('data-index')) : -1;
        if (index >= 0 && index < range.count && !indexes.includes(index)) {
          indexes.push(index);
          indexes.sort((a, b) => a - b);
        }
        return indexes;
      },
      [viewport],
    );
    const instance = useRef<Virtualizer<HTMLDivElement, HTMLDivElement>>(null);
    const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
      count: ids.length,
      getScrollElement: () => viewport,
      estimateSize: getEstimate,
      getItemKey,
      // Start at the end, so a long thread never renders (and then drops) its first rows. Read
      // lazily, once the rows' estimates are summed.
      initialOffset: () => instance.current?.getTotalSize() ?? 0,
      overscan,
      rangeExtractor,
      anchorTo: 'end',
      followOnAppend: true,
      // The virtualizer keeps a view it deems at the end there as rows grow, by its own measure
      // (the rows' margins left out): not once the user has read back.
      scrollEndThreshold: atBottom ? bottomThreshold : -1,
      initialRect: FALLBACK_RECT,
      observeElementRect: observeRect,
      measureElement: measureWithFallback,
      onChange: (instance) => {
        // Rows grew or moved: while following, keep the latest message in view.
        if (followingRef.current && instance.options.count && !instance.isAtEnd(bottomThreshold)) {
          instance.scrollToEnd();
        }
      },
    });
    instance.current = virtualizer;
    // Following stopped: a scroll to the end still under way (it chases the end as rows grow, for
    // a few seconds) stops with it.
    useIsomorphicLayoutEffect(() => {
      if (!atBottom) virtualizer.cancelScroll();
    }, [atBottom]);

    const scrollToBottom = useCallback<MessageListContextValue['scrollToBottom']>(
      ({ focus, behavior = 'auto' } = {}) => {
        setFollowing(true);
        if (virtualizer.options.count) virtualizer.scrollToEnd({ behavior });
        if (focus) viewport?.focus({ preventScroll: true });
      },
      [virtualizer, viewport, setFollowing],
    );

    // Start at the latest message, again when another thread is shown, and whenever the user sends.
    // Messages the list had before are no news: another version of a turn (the branch picker)
    // keeps the view, and the control that switched it, where the user is.
    const lastId = ids.at(-1);
    const shown = useRef<[messages?: Record<string, unknown>, viewport?: unknown]>([]);
    useIsomorphicLayoutEffect(() => {
      const [previousMessages, previousViewport] = shown.current;
      const { messages } = store.getState();
      shown.current = [messages, viewport];
      if (!viewport || lastId === undefined) return;
      if (
        // Another thread (or a new viewport)...
        previousViewport !== viewport ||
        !previousMessages?.[ids[0]!] ||
        // ...or a message the user just added.
        (!previousMessages?.[lastId] && messages[lastId]?.role === 'user')
      )
        scrollToBottom();
    });

    // A new value on every render: the virtualizer re-renders this component when rows move,
    // and the parts reading the context (not the memoized rows) must follow.
    const value: MessageListContextValue = {
      ids,
      virtualizer,
      atBottom,
      scrollToBottom,
      viewport,
      setViewport,
    };

    return (
      <MessageListContext.Provider value={value}>
        <ScrollArea.Root
          type="auto"
          {...props}
          dir={(dir ?? inherited) as 'rtl'}
          ref={composedRef}
          className={cx('rcc-message-list', className)}
          data-at-bottom={atBottom ? '' : undefined}
        >
          {children}
          {typeof ResizeObserver !== 'undefined' && (
            <ScrollArea.Scrollbar orientation="vertical" className="rcc-scrollbar">
              <ScrollArea.Thumb className="rcc-scrollbar-thumb" />
            </ScrollArea.Scrollbar>
          )}
        </ScrollArea.Root>
        {announce && <MessageListAnnouncer />}
      </MessageListContext.Provider>
    );
  },
);
