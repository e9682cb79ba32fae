import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useComposerContext } from './composer-context.js';

/**
 * Why files were refused (wrong type, too large, too many), announced as an alert; nothing
 * otherwise.
 *
 * @example
 * <Composer.AttachmentError />
 */
export const ComposerAttachmentError = /* @__PURE__ */ forwardRef<
  HTMLParagraphElement,
  HTMLAttributes<HTMLParagraphElement>
>(function ComposerAttachmentError({ className, ...props }, ref) {
  const { attachmentError } = useComposerContext('AttachmentError');
  if (!attachmentError) return null;
  return (
    <p role="alert" {...props} ref={ref} className={cx('rcc-composer-error', className)}>
      {attachmentError}
    </p>
  );
});
