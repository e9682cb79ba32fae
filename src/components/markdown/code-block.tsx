import { useComposedRefs } from '@radix-ui/react-compose-refs';
import type { HTMLAttributes, ReactNode } from 'react';
import { forwardRef, isValidElement, useRef } from 'react';
import { cx } from '../primitives/class-names.js';
import { copyButtonLabel, useCopy } from '../primitives/use-copy.js';

/** Props of `CodeBlock`: what the Markdown renderer passes to `pre`. */
export interface CodeBlockProps extends HTMLAttributes<HTMLPreElement> {
  /**
   * The block's code: the `code` element the Markdown renderer puts in the `pre` (its `language-*` class
   * names the language shown).
   */
  children?: ReactNode;
  /** Label of the copy button. */
  copyLabel?: string | undefined;
}

function getLanguage(children: ReactNode): string | undefined {
  const className = isValidElement(children) && (children.props as { className?: unknown }).className;
  return typeof className === 'string'
    ? /(?:^|\s)(?:language|lang)-([\w#+.-]+)/.exec(className)?.[1]
    : undefined;
}

/**
 * A fenced code block with its language and a copy button. The button's `data-state` is
 * `idle`, `copied` or `failed`; its label says "Copied" or "Copy failed" for a moment. The code
 * scrolls, so Tab reaches it: it is a group named by its language ("ts code", or "Code" without
 * one), not by its whole text; `aria-label` names it otherwise.
 *
 * @example
 * <MarkdownText text={'```js\nconsole.log(1)\n```'} components={{ pre: CodeBlock }} />
 */
export const CodeBlock = /* @__PURE__ */ forwardRef<HTMLPreElement, CodeBlockProps>(function CodeBlock(
  { children, className, copyLabel = 'Copy code', ...props },
  forwardedRef,
) {
  const preRef = useRef<HTMLPreElement>(null);
  const ref = useComposedRefs(forwardedRef, preRef);
  const [copyState, copy] = useCopy();
  const language = getLanguage(children);
  return (
    <div className="rcc-code-block" data-language={language}>
      <div className="rcc-code-block-header">
        <span className="rcc-code-block-language">{language ?? 'text'}</span>
        <button
          type="button"
          className="rcc-code-block-copy"
          data-state={copyState}
          onClick={() => void copy(preRef.current?.textContent ?? '')}
        >
          {copyButtonLabel(copyState, copyLabel)}
        </button>
      </div>
      {/* A named group, not a region: a landmark per code block would crowd the page's landmarks. */}
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset groups form controls, not code */}
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: wide code scrolls, and scrollable regions must be reachable by keyboard
        tabIndex={0}
        role="group"
        aria-label={language ? `${language} code` : 'Code'}
        {...props}
        ref={ref}
        className={cx('rcc-code-block-pre', className)}
      >
        {children}
      </pre>
    </div>
  );
});
