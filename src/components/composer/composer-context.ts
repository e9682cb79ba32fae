import type { RefObject } from 'react';
import { createContext, useContext } from 'react';
import type { ContentPart } from '../../core/types.js';
import type { AttachmentPolicy } from './attachments.js';

/** A file picked, pasted or dropped into the composer. */
export interface PendingAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
  /** The content part, once the file is read. */
  part?: ContentPart;
}

/** What the parts of one composer share. */
export interface ComposerContextValue {
  value: string;
  setValue: (value: string) => void;
  attachments: PendingAttachment[];
  addFiles: (files: Iterable<File>) => void;
  removeAttachment: (id: string) => void;
  /** Why the last files were refused, if they were. */
  attachmentError: string | undefined;
  policy: AttachmentPolicy;
  /** Whether a reply is on its way (`submitted` or `streaming`). */
  busy: boolean;
  disabled: boolean;
  /** Whether Send would send now. */
  canSend: boolean;
  submit: () => void;
  stop: (() => void) | undefined;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

export const ComposerContext = /* @__PURE__ */ createContext<ComposerContextValue | undefined>(undefined);

/** The nearest `Composer.Root`; throws when there is none. */
export function useComposerContext(part: string): ComposerContextValue {
  const value = useContext(ComposerContext);
  if (!value) throw new Error(`<Composer.${part}> must be rendered inside <Composer.Root>.`);
  return value;
}
