import type { HTMLAttributes } from 'react';
import { forwardRef, useRef, useState } from 'react';
import type { OutputImage as OutputImageData } from '../../core/types.js';
import { cx } from '../primitives/class-names.js';
import { isSafeImageUrl } from '../safe-url/safe-url.js';
import { downloadImage } from './download.js';
import { ImageDialog } from './image-dialog.js';

/** Props of `GeneratedImage`. */
export interface GeneratedImageProps extends HTMLAttributes<HTMLElement> {
  /** The image as the model sent it (`message.images[i]`). */
  image: OutputImageData;
  /** Position among the message's images, for names ("Image 2"). */
  index?: number | undefined;
  /** Alternative text; defaults to "Generated image N". */
  alt?: string | undefined;
}

/**
 * An image the model produced, with an Enlarge view (modal dialog) and a Download button. Sources
 * other than `https:` and raster `data:image/*` render a notice instead.
 *
 * @example
 * {message.images?.map((image, index) => <GeneratedImage key={index} image={image} index={index} />)}
 */
export const GeneratedImage = /* @__PURE__ */ forwardRef<HTMLElement, GeneratedImageProps>(
  function GeneratedImage({ image, index = 0, alt, className, ...props }, ref) {
    const [open, setOpen] = useState(false);
    const triggerRef = useRef<HTMLButtonElement>(null);
    // A null entry (malformed wire) is an image not shown, not a message that fails to render.
    const url = image?.image_url?.url;
    const label = alt ?? `Generated image ${index + 1}`;
    if (!isSafeImageUrl(url)) {
      return (
        <figure {...props} ref={ref} className={cx('rcc-output-image', className)} data-blocked="">
          <figcaption>Image not shown: unsupported source.</figcaption>
        </figure>
      );
    }
    // One element, shown beside the image and in the dialog.
    const download = (
      <button
        type="button"
        className="rcc-output-image-download"
        aria-label={`Download ${label}`}
        onClick={() => void downloadImage(url, index)}
      >
        Download
      </button>
    );
    return (
      <figure
        {...props}
        ref={ref}
        className={cx('rcc-output-image', className)}
        data-state={open ? 'open' : 'closed'}
      >
        <button
          ref={triggerRef}
          type="button"
          className="rcc-output-image-enlarge"
          aria-label={`Enlarge ${label}`}
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          <img src={url} alt={label} loading="lazy" decoding="async" referrerPolicy="no-referrer" />
        </button>
        <div className="rcc-output-image-actions">{download}</div>
        <ImageDialog
          open={open}
          onOpenChange={setOpen}
          label={label}
          returnFocusRef={triggerRef}
          actions={download}
        >
          <img src={url} alt={label} className="rcc-dialog-image" referrerPolicy="no-referrer" />
        </ImageDialog>
      </figure>
    );
  },
);
