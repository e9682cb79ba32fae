import type { HTMLAttributes } from 'react';
import { forwardRef } from 'react';
import type { ChatMessage } from '../../store/types.js';
import { imagesOf } from '../message/get-message-text.js';
import { useMessageContext } from '../message/message-context.js';
import { cx } from '../primitives/class-names.js';
import { GeneratedImage } from './generated-image.js';

/** Props of `MessageImages`. */
export interface MessageImagesProps extends HTMLAttributes<HTMLDivElement> {
  /**
   * The message (defaults to the one of the nearest `MessageView.Root`). Only an assistant message has
   * generated images.
   */
  message?: ChatMessage | undefined;
}

/**
 * The images an assistant message produced (`message.images`, then the image parts of an array
 * `content`), as a gallery; nothing when there are none.
 *
 * @example
 * <MessageImages message={message} />
 */
export const MessageImages = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageImagesProps>(
  function MessageImages({ message: messageProp, className, ...props }, ref) {
    const message = useMessageContext(messageProp, 'MessageImages');
    const images = imagesOf(message);
    if (!images.length) return null;
    return (
      <div {...props} ref={ref} className={cx('rcc-images', className)}>
        {images.map((image, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: images only grow
          <GeneratedImage key={index} image={image} index={index} />
        ))}
      </div>
    );
  },
);
