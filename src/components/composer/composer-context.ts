import type { RefObject } from 'react';
import { createContext, useContext, useEffect } from 'react';
import type { ContentPart } from '../../core/types.js';
import { ChatStoreContext } from '../../hooks/chat-context.js';
import type { ChatStoreApi } from '../../store/create-chat-store.js';
import { useRequiredContext } from '../primitives/use-required-context.js';
import type { AttachmentPolicy } from './attachments.js';

/** A file picked, pasted or dropped into the composer. */
export interface PendingAttachment {
  /** The attachment's id (`removeAttachment` takes it). */
  id: string;
  /** The file's name. */
  name: string;
  /** The file's MIME type. */
  type: string;
  /** The file's size in bytes, as picked (before any downscaling). */
  size: number;
  /** The content part, once the file is read. */
  part?: ContentPart;
}

/** What the parts of one composer share. */
export interface ComposerContextValue {
  /** The text in the textbox. */
  value: string;
  /** Sets the text (calls `onValueChange`). */
  setValue: (value: string) => void;
  /** The files to send with the message, in the order added. */
  attachments: PendingAttachment[];
  /** Adds files; `false` when attachments are off (the files were not looked at). */
  addFiles: (files: Iterable<File>) => boolean;
  /** Removes an attachment by id (and clears `attachmentError`). */
  removeAttachment: (id: string) => void;
  /** Why the last files were refused, if they were (or that a send waited for a file being read, until it is). */
  attachmentError: string | undefined;
  /** Changes with every refusal, the same message again included (the alert's `key`). */
  attachmentErrorKey: number;
  /** The attachment policy in force: `defaultAttachmentPolicy` under the `attachments` prop. */
  policy: AttachmentPolicy;
  /** Whether a reply is on its way (`submitted` or `streaming`). */
  busy: boolean;
  /** Whether the composer is disabled (the `disabled` prop). */
  disabled: boolean;
  /** Whether Send would send now. */
  canSend: boolean;
  /**
   * Sends the text and attachments when `canSend`, then clears them and focuses the textbox; while
   * a file is still being read, says so in `attachmentError` instead.
   */
  submit: () => void;
  /** Stops the reply: `onStop`, `undefined` without it. */
  stop: (() => void) | undefined;
  /** The textbox, once `Composer.Input` is mounted. */
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

export const ComposerContext = /* @__PURE__ */ createContext<ComposerContextValue | undefined>(undefined);

/** The nearest `Composer.Root`; throws when there is none. */
export function useComposerContext(part: string): ComposerContextValue {
  return useRequiredContext(ComposerContext, 'Composer', part);
}

/**
 * The state of the nearest `Composer.Root` (its text, attachments, `submit`...), for a part of
 * one's own inside a composer layout. Throws outside a `Composer.Root`.
 *
 * @example
 * function CharacterCount() {
 *   const { value } = Composer.useComposer();
 *   return <small>{value.length} characters</small>;
 * }
 */
export function useComposer(): ComposerContextValue {
  const value = useContext(ComposerContext);
  if (!value) throw new Error('Composer.useComposer() must be called inside <Composer.Root>.');
  return value;
}

/**
 * The composer textboxes mounted, in the order they mounted, each with its chat's store (`null`
 * outside a `ChatProvider`): parts elsewhere in a chat move focus there without knowing the
 * layout. A saved edit does, because its message (and the Edit button) leaves the list.
 */
const composerInputs = new Map<RefObject<HTMLTextAreaElement | null>, ChatStoreApi | null>();

/** Makes `inputRef` a composer textbox of the nearest `ChatProvider`'s chat while mounted. */
export function useRegisterComposerInput(inputRef: RefObject<HTMLTextAreaElement | null>): void {
  const store = useContext(ChatStoreContext);
  useEffect(() => {
    composerInputs.set(inputRef, store);
    return () => {
      composerInputs.delete(inputRef);
    };
  }, [store, inputRef]);
}

/**
 * The composer textbox nearest `from` (the element acted on) of `store`'s chat or outside any
 * `ChatProvider` (one composer sending to several chats): with two windows or layouts on the page,
 * the one the user acted in, not the other; else the one mounted last. (`inputs`, the
 * candidates, is passed on as the search climbs from `from` to its parents.)
 */
export const composerInputOf = (
  store: ChatStoreApi | null,
  from?: Element | null,
  inputs = [...composerInputs].filter(([, chat]) => !chat || chat === store).map(([input]) => input.current),
): HTMLTextAreaElement | null | undefined =>
  from
    ? (inputs.find((input) => from.contains(input)) ?? composerInputOf(store, from.parentElement, inputs))
    : inputs.at(-1);
