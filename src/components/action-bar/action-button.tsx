import type { ButtonHTMLAttributes } from 'react';

/** Props shared by the action buttons. */
export interface ActionButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean | undefined;
}
