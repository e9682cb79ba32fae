import type { ButtonHTMLAttributes } from 'react';
import { forwardRef, useRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { composeEventHandlers } from '../primitives/compose-event-handlers.js';
import { Slot } from '../primitives/slot.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Attach`. */
export interface ComposerAttachProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  asChild?: boolean;
}

/**
 * A button that opens the file picker (images and PDF by default).
 *
 * @example
 * <Composer.Attach>📎</Composer.Attach>
 */
export const ComposerAttach = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerAttachProps>(
  function ComposerAttach({ asChild, className, children, onClick, ...props }, ref) {
    const { addFiles, policy, disabled } = useComposerContext('Attach');
    const fileInputRef = useRef<HTMLInputElement>(null);
    const Component = asChild ? Slot : 'button';
    return (
      <>
        <Component
          type="button"
          aria-label={children ? undefined : 'Attach files'}
          disabled={disabled}
          {...props}
          ref={ref}
          className={cx('rcc-composer-attach', className)}
          onClick={composeEventHandlers(onClick, function openPicker() {
            fileInputRef.current?.click();
          })}
        >
          {children ?? <span aria-hidden="true">+</span>}
        </Component>
        <input
          ref={fileInputRef}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-hidden="true"
          accept={policy.accept.join(',')}
          className="rcc-composer-file-input"
          onChange={function pickFiles(event) {
            addFiles(Array.from(event.currentTarget.files ?? []));
            event.currentTarget.value = '';
          }}
        />
      </>
    );
  },
);
