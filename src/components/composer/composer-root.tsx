import { composeEventHandlers } from '@radix-ui/primitive';
import type { DragEvent, FormEvent, FormHTMLAttributes } from 'react';
import { forwardRef, useCallback, useMemo, useRef, useState } from 'react';
import type { ContentPart } from '../../core/types.js';
import { defined } from '../../store/defined.js';
import { createId } from '../../store/ids.js';
import type { ChatStatus } from '../../store/types.js';
import { renderPart } from '../primitives/render-part.js';
import { useControllableState } from '../primitives/use-controllable-state.js';
import { useLatest } from '../primitives/use-latest.js';
import type { AttachmentOptions, AttachmentPolicy } from './attachments.js';
import {
  buildMessageContent,
  checkPickedFile,
  defaultAttachmentPolicy,
  readAttachment,
} from './attachments.js';
import type { ComposerContextValue, PendingAttachment } from './composer-context.js';
import { ComposerContext, useRegisterComposerInput } from './composer-context.js';

/** Props of `Composer.Root`. */
export interface ComposerRootProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** Controlled text. */
  value?: string | undefined;
  /** The initial text when uncontrolled. Default empty. */
  defaultValue?: string | undefined;
  /** Called with the new text on every change (typing, and the clearing after a send), controlled or not. */
  onValueChange?: ((value: string) => void) | undefined;
  /** Called with the message content: the text, or a text part plus attachment parts. */
  onSend: (content: string | ContentPart[]) => unknown;
  /** Stops the reply; the Stop button shows only while busy and when this is given. */
  onStop?: (() => unknown) | undefined;
  /** The chat's status; `submitted` and `streaming` make the composer busy. */
  status?: ChatStatus | undefined;
  /** Let Send work while busy (when the chat queues messages). */
  allowSendWhileBusy?: boolean | undefined;
  /** Turns the composer off: no typing, sending or attaching (picker, paste or drop). */
  disabled?: boolean | undefined;
  /** Which files may be attached; `false` turns attachments off. */
  attachments?: AttachmentOptions | false | undefined;
  /** Render the form as its single child element (props and ref merged into it) instead of a `form`. */
  asChild?: boolean | undefined;
}

const STILL_READING = 'Not sent: an attachment was still being read.';

/** Whether a drag carries files (not text or a link). */
export function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/**
 * The message composer: a form holding the text and the attachments. Files come from the picker,
 * paste and drag-and-drop, are checked against the attachment policy (a refused file gets a clear
 * message in `Composer.AttachmentError`; a large photo is scaled down to `maxImageDimension` first)
 * and sent as wire content parts. After sending, the text
 * clears and focus returns to the input. `data-state` is `idle` or `busy`; `data-dragging` is
 * present while files are dragged over it.
 *
 * @example
 * <Composer.Root onSend={chat.send} onStop={chat.stop} status={chat.status}>
 *   <Composer.Input />
 *   <Composer.Send />
 *   <Composer.Stop />
 * </Composer.Root>
 */
export const ComposerRoot = /* @__PURE__ */ forwardRef<HTMLFormElement, ComposerRootProps>(
  function ComposerRoot(
    {
      value: valueProp,
      defaultValue = '',
      onValueChange,
      onSend,
      onStop,
      status = 'idle',
      allowSendWhileBusy = false,
      disabled = false,
      attachments: attachmentOptions,
      onDragOver,
      onDragLeave,
      onDrop,
      ...props
    },
    ref,
  ) {
    const [value, setValue] = useControllableState(valueProp, defaultValue, onValueChange);
    const [attachments, setAttachments] = useState<PendingAttachment[]>([]);
    const [attachmentError, setAttachmentError] = useState<string | undefined>(undefined);
    // Counts the refusals of `addFiles`: the alert is a new node for each, so the same message is
    // announced again. (A file refused once read comes after `addFiles` cleared the message.)
    const [attachmentErrorKey, countRefusal] = useState(0);
    const [dragging, setDragging] = useState(false);
    const inputRef = useRef<HTMLTextAreaElement | null>(null);
    // Ids of removed attachments: a file refused once read, after its removal, says nothing.
    const gone = useRef(new Set<string>());
    useRegisterComposerInput(inputRef);
    const onSendRef = useLatest(onSend);
    const onStopRef = useLatest(onStop);
    // A disabled composer takes no files either (its picker is disabled; drops are refused too).
    const attachmentsEnabled = attachmentOptions !== false && !disabled;
    const policy = useMemo<AttachmentPolicy>(
      () => ({ ...defaultAttachmentPolicy, ...defined(attachmentOptions) }),
      [attachmentOptions],
    );
    const busy = status === 'submitted' || status === 'streaming';
    const reading = attachments.some((attachment) => attachment.part === undefined);
    const hasContent = value.trim() !== '' || attachments.length > 0;
    const canSend = !disabled && hasContent && !reading && (!busy || allowSendWhileBusy);

    const addFiles = useCallback(
      (files: Iterable<File>) => {
        if (!attachmentsEnabled) return false;
        const errors: string[] = [];
        let room = policy.maxFiles - attachments.length;
        for (const file of files) {
          const problem = checkPickedFile(file, policy);
          if (problem) errors.push(problem);
          else if (room-- <= 0)
            errors.push(`“${file.name}” was not added: the limit is ${policy.maxFiles} per message.`);
          else {
            const id = createId('attachment');
            setAttachments((current) => [
              ...current,
              { id, name: file.name, type: file.type, size: file.size },
            ]);
            const refuse = (message: string) => {
              setAttachments((current) => current.filter((item) => item.id !== id));
              // After the messages of the files refused with it, not instead of them.
              if (!gone.current.has(id))
                setAttachmentError((current) => `${current ? `${current} ` : ''}${message}`);
            };
            readAttachment(file, policy).then(
              (part) =>
                typeof part === 'string'
                  ? refuse(part)
                  : setAttachments((current) =>
                      current.map((item) => (item.id === id ? { ...item, part } : item)),
                    ),
              () => refuse(`“${file.name}” could not be read.`),
            );
          }
        }
        if (errors[0]) countRefusal((count) => count + 1);
        setAttachmentError(errors.join(' ') || undefined);
        return true;
      },
      [attachmentsEnabled, policy, attachments.length],
    );

    const removeAttachment = useCallback((id: string) => {
      gone.current.add(id);
      setAttachments((current) => current.filter((item) => item.id !== id));
      setAttachmentError(undefined);
    }, []);

    const submit = useCallback(() => {
      // Enter while a file is read would do nothing unheard: the alert says why (again at each press).
      if (reading) {
        countRefusal((count) => count + 1);
        setAttachmentError(STILL_READING);
      }
      if (!canSend) return;
      // Every attachment is read: `canSend` is false while one is reading.
      void onSendRef.current(
        buildMessageContent(
          value,
          attachments.map((attachment) => attachment.part as ContentPart),
        ),
      );
      setValue('');
      setAttachments([]);
      setAttachmentError(undefined);
      inputRef.current?.focus();
    }, [canSend, reading, attachments, value, setValue, onSendRef]);

    const hasStop = onStop !== undefined;
    const stop = useMemo(
      () => (hasStop ? () => void onStopRef.current?.() : undefined),
      [hasStop, onStopRef],
    );

    const fields: ComposerContextValue = {
      value,
      setValue,
      attachments,
      addFiles,
      removeAttachment,
      // Said while a file is read: once none is, Enter sends, and it would mislead.
      attachmentError: reading || attachmentError !== STILL_READING ? attachmentError : undefined,
      attachmentErrorKey,
      policy,
      busy,
      disabled,
      canSend,
      submit,
      stop,
      inputRef,
    };
    // A new context value only when a field changed (the fields are listed once, not twice).
    // biome-ignore lint/correctness/useExhaustiveDependencies: the dependencies are the fields
    const context = useMemo(() => fields, Object.values(fields));

    return (
      <ComposerContext.Provider value={context}>
        {renderPart('form', props, ref, 'rcc-composer', undefined, {
          'data-state': busy ? 'busy' : 'idle',
          'data-dragging': dragging ? '' : undefined,
          'data-disabled': disabled ? '' : undefined,
          onSubmit: (event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            submit();
          },
          onDragOver: composeEventHandlers(onDragOver, (event: DragEvent<HTMLFormElement>) => {
            if (!attachmentsEnabled || !hasFiles(event)) return;
            event.preventDefault();
            if (!dragging) setDragging(true);
          }),
          onDragLeave: composeEventHandlers(onDragLeave, (event: DragEvent<HTMLFormElement>) => {
            if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
            setDragging(false);
          }),
          onDrop: composeEventHandlers(onDrop, (event: DragEvent<HTMLFormElement>) => {
            setDragging(false);
            if (!attachmentsEnabled || !event.dataTransfer?.files.length) return;
            event.preventDefault();
            addFiles(Array.from(event.dataTransfer.files));
          }),
        })}
      </ComposerContext.Provider>
    );
  },
);
