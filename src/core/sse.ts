import { foldChunk, setDrafts } from './accumulate.js';
import { isDict } from './dict.js';
import { ChatApiError } from './errors.js';
import { createNetworkError } from './response-error.js';
import type { ChatCompletion, ChatCompletionChunk } from './types.js';

/** Options of `decodeChatStream`. */
export interface DecodeChatStreamOptions {
  /** Stops reading when aborted; the signal's `reason` is thrown (a `ChatApiError` gains `partial`). */
  signal?: AbortSignal | undefined;
  /** Receives SSE comments such as `OPENROUTER PROCESSING` keep-alives. */
  onComment?: ((comment: string) => void) | undefined;
  /** The generation id for errors, e.g. from the `X-Generation-Id` header; else the chunks' `id`. */
  generationId?: string | undefined;
  /** Receives the completion accumulated so far after each chunk. */
  onCompletion?: ((completion: ChatCompletion) => void) | undefined;
  /** Called with `true` before each read of the body and `false` after it (idle timers). */
  onWait?: ((waiting: boolean) => void) | undefined;
}

/**
 * One read of a body's reader. Spelled through the reader, not as `ReadableStreamReadResult`,
 * which Node's own types (`@types/node` without the DOM library) do not declare.
 */
export type BodyRead = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/** What the client adds to the options (not public). */
export interface DecodeOptions extends DecodeChatStreamOptions {
  /** Called once decoding ends, however it ends (the client's clean-up). */
  done?: (() => void) | undefined;
  /** Yields no chunk: the whole body is read in one step, for a caller that only wants `onCompletion`. */
  quiet?: boolean | undefined;
  /** With `quiet`, receives each chunk as it is decoded (the completion is then not changed in place). */
  onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined;
  /** Called with every error thrown, before it is (the client's key redaction). */
  hide?: ((error: unknown) => unknown) | undefined;
  /** The body's first read, already made (the client's retry before the first byte). */
  first?: BodyRead | undefined;
}

/**
 * Decodes an OpenRouter-style SSE body into chat completion chunks: bytes go through one streaming
 * UTF-8 decoder (characters split across reads survive; it drops a byte order mark), SSE framing
 * to the spec (comments; CR, LF or CRLF line ends, a CRLF split across reads included; `data:` with
 * or without the space; several `data:` lines in one event joined with a line feed; `event:`, `id:`
 * and `retry:` skipped, since a chat stream carries nothing in them), then `JSON.parse`.
 *
 * Ends at `data: [DONE]`, or at the end of the body once every choice has a finish reason (the
 * final event may lack its blank line, or be cut short by the close). Throws `ChatApiError` with
 * `partial` for an error chunk (`type: 'stream'`, code from the wire), a body that ends before any
 * finish reason or a `[DONE]` before any chunk (`stream_truncated`), a `data:` that is not JSON
 * (`invalid_chunk`) and a broken connection (`network_error`). Breaking out of the loop cancels
 * the body.
 *
 * @example
 * for await (const chunk of decodeChatStream(response.body!)) console.log(chunk.choices[0]?.delta);
 */
export async function* decodeChatStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeChatStreamOptions = {},
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  // One destructuring (`first` and `generationId` change as the stream goes).
  let { signal, onComment, onCompletion, onWait, done, quiet, onChunk, hide, first, generationId } =
    options as DecodeOptions;
  let completion: ChatCompletion | undefined;
  /** Text after the last line end. */
  let pending = '';
  /** The data lines of the event being read. */
  let data: string | undefined;
  /** The last read ended with a CR: an LF starting the next read is the rest of that line end. */
  let cr = false;
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const stop = () => reader.cancel().catch(() => {});
  const fail = (code: string, message: string) =>
    new ChatApiError({ type: 'stream', code, message, partial: completion, generationId });
  const aborted = () => {
    const reason: unknown = signal?.reason;
    // A copy with the reply so far: the spread takes the enumerable fields; `message` and `cause`
    // are not enumerable on errors.
    return reason instanceof ChatApiError
      ? new ChatApiError({
          ...reason,
          message: reason.message,
          cause: reason.cause,
          partial: completion,
          generationId: reason.generationId ?? generationId,
        })
      : reason;
  };
  signal?.addEventListener('abort', stop);
  try {
    for (let ended = false; !ended; ) {
      let read: BodyRead;
      onWait?.(true);
      try {
        read = first ?? (await reader.read());
        first = undefined;
      } catch (cause) {
        throw signal?.aborted ? aborted() : createNetworkError(cause, completion, generationId);
      } finally {
        onWait?.(false);
      }
      // Cancelling on abort ends a pending read as if the body were done.
      if (signal?.aborted) throw aborted();
      ended = read.done;
      // At the end, a blank line flushes an event whose terminating blank line never came.
      let text = ended ? `${decoder.decode()}\n\n` : decoder.decode(read.value, { stream: true });
      if (cr && text[0] === '\n') text = text.slice(1);
      // An empty read between a CR and its LF changes nothing.
      if (text) cr = text.endsWith('\r');
      pending += text;
      // Lines are cut only once one ends, so a long line arriving in many reads stays linear.
      if (!/[\r\n]/.test(text)) continue;
      // CR and CRLF end lines too. A CR ending the read ends its line at once (a server framing
      // with CR alone would otherwise hold each event until the next read); `cr` drops the LF of
      // a CRLF split across reads.
      if (pending.includes('\r')) pending = pending.replace(/\r\n?/g, '\n');
      let start = 0;
      // The next colon, found once per read: a search per line would rescan lines without one.
      let colon = -1;
      // Yielding nothing, nobody sees a completion before the read is handled: accumulate in place.
      if (quiet && !onChunk) setDrafts(new Set());
      // indexOf and slices, no regex or split per line: they allocate, and GC is most of the cost here.
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
        const line = start;
        start = end + 1;
        if (end > line) {
          // A line without a colon (a field with no value) matches neither: nothing to do for it.
          // None left: -1 >>> 0 is past any line.
          if (colon < line) colon = pending.indexOf(':', line) >>> 0;
          const value = pending.slice(pending[colon + 1] === ' ' ? colon + 2 : colon + 1, end);
          if (colon === line + 4 && pending.startsWith('data', line))
            data = data === undefined ? value : `${data}\n${value}`;
          else if (colon === line) {
            setDrafts();
            onComment?.(value);
          }
          continue;
        }
        // A blank line ends the event.
        const event = data?.trim();
        data = undefined;
        if (!event) continue;
        if (event === '[DONE]') {
          if (completion) return;
          // A [DONE] before any chunk (a proxy ending a failed request so) brought no reply at all.
          throw fail('stream_truncated', 'The stream ended before any chunk arrived.');
        }
        let chunk: unknown;
        try {
          chunk = JSON.parse(event);
        } catch {
          // An unparsable event flushed at the end is a line the close cut off, not a bad chunk:
          // the check below tells a finished reply (a normal end) from a truncated one.
          if (ended) break;
        }
        if (!isDict(chunk))
          throw fail('invalid_chunk', `A stream chunk is not JSON: ${JSON.stringify(event.slice(0, 120))}`);
        generationId ||= typeof chunk.id === 'string' ? chunk.id : undefined;
        completion = foldChunk(
          completion,
          chunk as ChatCompletionChunk,
          onCompletion,
          'stream',
          generationId,
        );
        if (quiet) onChunk?.(chunk as ChatCompletionChunk);
        else yield chunk as ChatCompletionChunk;
      }
      setDrafts();
      pending = pending.slice(start);
    }
    if (!completion?.choices[0] || completion.choices.some((choice) => !choice.finish_reason)) {
      throw fail(
        'stream_truncated',
        'The stream ended before the reply finished (no finish_reason, no [DONE]).',
      );
    }
  } catch (error) {
    throw hide ? hide(error) : error;
  } finally {
    setDrafts();
    signal?.removeEventListener('abort', stop);
    stop();
    done?.();
  }
}
