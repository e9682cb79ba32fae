import type { ButtonHTMLAttributes } from 'react';

/** Props shared by the action buttons. */
export interface ActionButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
}
