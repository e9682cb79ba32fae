import type { HTMLAttributes, Ref } from 'react';
import { forwardRef } from 'react';
import type { FileAnnotation, UrlCitationAnnotation } from '../../core/types.js';
import type { ChatMessage } from '../../store/types.js';
import { useMessageContext } from '../message/message-context.js';
import { cx } from '../primitives/class-names.js';
import { isSafeLinkUrl, parseAbsolute } from '../safe-url/safe-url.js';

/** Props of `Citations`. */
export interface CitationsProps extends HTMLAttributes<HTMLElement> {
  /**
   * The message (defaults to the one of the nearest `MessageView.Root`). Only an assistant message's
   * annotations are listed.
   */
  message?: ChatMessage | undefined;
  /** Heading of the list. */
  label?: string | undefined;
}

/**
 * The sources of an answer: `url_citation` annotations as numbered links (title and site; unsafe
 * URLs as plain text), then `file` annotations by name, in a group named by `label`. Nothing
 * when there are none.
 *
 * @example
 * <Citations message={message} />
 */
export const Citations = /* @__PURE__ */ forwardRef<HTMLElement, CitationsProps>(function Citations(
  { message: messageProp, label = 'Sources', className, ...props },
  ref,
) {
  const message = useMessageContext(messageProp, 'Citations');
  const annotations = message.role === 'assistant' ? (message.annotations ?? []) : [];
  // Null entries (malformed wire; a stream's are dropped, a JSON reply's are as sent) are skipped.
  const urls = annotations.filter(
    (annotation): annotation is UrlCitationAnnotation =>
      annotation?.type === 'url_citation' && typeof annotation.url_citation?.url === 'string',
  );
  const files = annotations.filter(
    (annotation): annotation is FileAnnotation =>
      annotation?.type === 'file' && typeof annotation.file?.name === 'string',
  );
  if (urls.length === 0 && files.length === 0) return null;
  return (
    // A named group, not a `nav`: with sources on every reply, landmarks would repeat by the dozen.
    // biome-ignore lint/a11y/useSemanticElements: a group of links, not of form fields (`fieldset`)
    <div
      role="group"
      {...props}
      ref={ref as Ref<HTMLDivElement>}
      aria-label={label}
      className={cx('rcc-citations', className)}
    >
      <ol className="rcc-citation-list">
        {urls.map(({ url_citation: citation }, index) => {
          const host = parseAbsolute(citation.url)?.hostname.replace(/^www\./, '') ?? '';
          // Wire fields are untrusted in type too: a non-string title falls back to the host, and
          // a URL without one (`mailto:`, a refused or relative one) names itself.
          const title = (typeof citation.title === 'string' && citation.title.trim()) || host || citation.url;
          return (
            // The same source may be cited more than once: keys by position, which never moves.
            // biome-ignore lint/suspicious/noArrayIndexKey: annotations only grow
            <li key={index} className="rcc-citation" data-kind="url">
              {isSafeLinkUrl(citation.url) ? (
                <a href={citation.url} target="_blank" rel="noopener noreferrer" title={citation.url}>
                  {title}
                </a>
              ) : (
                <span>{title}</span>
              )}
              {host && title !== host && <span className="rcc-citation-host"> {host}</span>}
            </li>
          );
        })}
        {files.map(({ file }, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: annotations only grow
          <li key={index} className="rcc-citation" data-kind="file">
            <span className="rcc-citation-file">{file.name}</span>
          </li>
        ))}
      </ol>
    </div>
  );
});
