import type { ButtonHTMLAttributes } from 'react';
import { forwardRef, useRef } from 'react';
import { renderButtonPart } from '../primitives/render-part.js';
import { acceptedTypes } from './attachments.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.Attach`. */
export interface ComposerAttachProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /**
   * Render the button as its single child element (props, handlers and ref merged into it) instead of a
   * `button`.
   */
  asChild?: boolean | undefined;
}

/**
 * A button that opens the file picker (images and PDF by default). Without children it shows "+"
 * and is named "Attach files"; children of your own name it, so give an icon a label of its own.
 *
 * @example
 * <Composer.Attach aria-label="Attach files">📎</Composer.Attach>
 */
export const ComposerAttach = /* @__PURE__ */ forwardRef<HTMLButtonElement, ComposerAttachProps>(
  function ComposerAttach(props, ref) {
    const { addFiles, policy, disabled } = useComposerContext('Attach');
    const fileInputRef = useRef<HTMLInputElement>(null);
    return (
      <>
        {renderButtonPart(
          props,
          ref,
          'rcc-composer-attach',
          () => fileInputRef.current?.click(),
          <span aria-hidden>+</span>,
          { 'aria-label': props.children ? undefined : 'Attach files', disabled },
        )}
        <input
          ref={fileInputRef}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-hidden
          accept={acceptedTypes(policy).join(',')}
          className="rcc-composer-file-input"
          onChange={(event) => {
            addFiles(Array.from(event.currentTarget.files ?? []));
            event.currentTarget.value = '';
          }}
        />
      </>
    );
  },
);
