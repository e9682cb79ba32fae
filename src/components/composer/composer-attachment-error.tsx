import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { useComposerContext } from './composer-context.js';

/** Props of `Composer.AttachmentError`: those of its paragraph. */
export type ComposerAttachmentErrorProps = HTMLAttributes<HTMLParagraphElement>;

/**
 * Why files were refused (wrong type, too large, too many), or that Enter did not send because a
 * file was still being read, announced as an alert (again for each refusal or press, the same one
 * repeated included); nothing otherwise.
 *
 * @example
 * <Composer.AttachmentError />
 */
export const ComposerAttachmentError = /* @__PURE__ */ forwardRef<
  HTMLParagraphElement,
  ComposerAttachmentErrorProps
>(function ComposerAttachmentError({ className, ...props }, ref) {
  const { attachmentError, attachmentErrorKey } = useComposerContext('AttachmentError');
  if (!attachmentError) return null;
  // A new node for each refusal: the same file refused twice is announced twice (an alert whose
  // text does not change is not read again).
  return (
    <p
      key={attachmentErrorKey}
      role="alert"
      {...props}
      ref={ref}
      className={cx('rcc-composer-error', className)}
    >
      {attachmentError}
    </p>
  );
});
