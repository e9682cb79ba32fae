import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

/** Props of `ImageDialog`. */
export interface ImageDialogProps {
  /** Whether the dialog shows (controlled: nothing renders while `false`). */
  open: boolean;
  /** Called with `false` when the user closes the dialog (Escape, Close, or a click on the backdrop). */
  onOpenChange: (open: boolean) => void;
  /** Accessible name of the dialog. */
  label: string;
  /** Where focus returns when the dialog closes. Default: the element that had focus when it opened. */
  returnFocusRef?: RefObject<HTMLElement | null> | undefined;
  /** The dialog's content: the image shown large. */
  children: ReactNode;
  /** Extra controls next to Close (e.g. a Download button). */
  actions?: ReactNode;
}

/**
 * A modal dialog showing an image large. Escape or a click on the backdrop closes it; Tab stays
 * inside, and the rest of the page is `inert` while it shows; focus returns to the element that
 * opened it. It inherits the nearest `data-theme`. It renders in `body`, or in the `<dialog>`,
 * `role="dialog"` or `popover` element `returnFocusRef` is in (a chat in a modal or a popover),
 * whose other content (the rest of the chat) is `inert` too.
 *
 * @example
 * <ImageDialog open={open} onOpenChange={setOpen} label="Image 1"><img src={src} alt="" /></ImageDialog>
 */
export function ImageDialog({
  open,
  onOpenChange,
  label,
  returnFocusRef,
  children,
  actions,
}: ImageDialogProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [theme, setTheme] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!open) return;
    // Without a ref, focus goes back to what had it when the dialog opened.
    const returnTo = returnFocusRef?.current ?? (document.activeElement as HTMLElement | null);
    setTheme(returnTo?.closest('[data-theme]')?.getAttribute('data-theme') ?? undefined);
    // The page behind is inert while the dialog shows: `aria-modal` alone leaves it in Chromium's
    // accessibility tree. That is every sibling of the dialog and of each element around it up to
    // `body` (rendered in a popover or a dialog, the rest of the chat there too). Only what this
    // made inert is given back (an app's own inert stays).
    const behind: HTMLElement[] = [];
    for (
      let node = closeRef.current?.closest('.rcc-dialog-overlay');
      node && node !== document.body;
      node = node.parentElement
    ) {
      for (const sibling of node.parentElement?.children ?? []) {
        if (sibling !== node && !(sibling as HTMLElement).inert) behind.push(sibling as HTMLElement);
      }
    }
    for (const element of behind) element.inert = true;
    closeRef.current?.focus();
    return () => {
      for (const element of behind) element.inert = false;
      returnTo?.focus();
    };
  }, [open, returnFocusRef]);

  if (!open || typeof document === 'undefined') return null;

  const close = () => onOpenChange(false);

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      // Handled: no close request for a dialog around the chat (a `<dialog>` closes on an Escape
      // whose keydown goes on).
      event.preventDefault();
      event.stopPropagation();
      return close();
    }
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget;
    // Never empty: the Close button is one.
    const focusable = dialog.querySelectorAll<HTMLElement>('button, [href], [tabindex="0"]');
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    // From the dialog itself (focused by a click on the image), Shift+Tab would leave it too.
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="rcc-theme rcc-dialog-overlay" data-theme={theme} data-state="open">
      {/* The backdrop is a mouse convenience; keyboard users close with Escape or the button. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: see above */}
      <div className="rcc-dialog-backdrop" onClick={close} />
      <div
        role="dialog"
        aria-modal
        aria-labelledby={titleId}
        // A click on the image keeps focus in the dialog (not on the page), so Escape and Tab work.
        tabIndex={-1}
        className="rcc-dialog"
        onKeyDown={handleKeyDown}
      >
        <h2 id={titleId} className="rcc-dialog-title">
          {label}
        </h2>
        <div className="rcc-dialog-body">{children}</div>
        <div className="rcc-dialog-actions">
          {actions}
          <button ref={closeRef} type="button" className="rcc-dialog-close" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>,
    // Inside the dialog or popover the chat is in: outside, a modal one makes it inert and covers
    // it (a `<dialog>`'s top layer), and a UI library's takes focus back or closes on the click.
    returnFocusRef?.current?.closest('dialog,[role=dialog],[popover]') ?? document.body,
  );
}
