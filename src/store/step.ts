import { streams } from '../core/accumulate.js';
import { isArray } from '../core/dict.js';
import {
  accumulateChunk,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatResponseInfo,
  isAbortError,
  isChatApiError,
} from '../core/index.js';
import { finishReply, type ReplyContext, toReplyMessage } from './assistant-message.js';
import { createPublisher } from './batcher.js';
import { notify, type Run, type StoreContext } from './context.js';
import { toError } from './errors.js';
import type { ResolvedChatOptions } from './options.js';
import { buildRequest } from './request.js';
import { structuredFormatOf } from './structured.js';
import { resolveOpenCalls, STOPPED } from './tool-calls.js';
import { addToPath, pathTo, withEntry } from './tree.js';
import type { ChatError, ChatMessage, ChatMessageOf, ChatState, MessageStatus } from './types.js';
import { addUsage } from './usage.js';

/** How one request ended: its reply when it finished normally, else `aborted` or `error`. */
export type StepOutcome = ChatMessage | 'aborted' | 'error';

/**
 * Sends one request for a reply under `parentId` and follows it to the end: the reply message is
 * created at the first chunk that carries a token (with the conversation's `'streaming'` status,
 * in one store update), updated at most once per frame while it streams (the completion is kept
 * here, not in the store), and finished as `done`, `incomplete` (aborted) or `error` with whatever
 * had arrived. When `endsRun` says the reply ends its run, the final write also carries the
 * conversation's `'idle'` status, so a finished reply is one publication.
 */
export async function runStep(
  context: StoreContext,
  run: Run,
  options: ResolvedChatOptions,
  parentId: string | null,
  endsRun: (message: ChatMessage) => boolean,
): Promise<StepOutcome> {
  // Where the browser offers `scheduler.yield`, the task that committed the user's message ends
  // here and the request (a long thread's path, validated and serialized) is built in the next:
  // the message paints first and neither half is a long task. Elsewhere nothing waits.
  const { scheduler } = globalThis as { scheduler?: { yield?: () => Promise<unknown> } };
  if (scheduler?.yield) {
    await scheduler.yield();
    if (run.done) return 'aborted';
  }
  const state = context.get();
  const request = buildRequest({
    path: pathTo(state, parentId).map((id) => state.messages[id] as ChatMessage),
    parameters: options.request,
    tools: options.tools,
    system: options.system,
    sessionId: options.threadSessionIds ? state.threadId : undefined,
  });
  const startedAt = Date.now();
  const reply: ReplyContext = {
    id: context.createId('msg'),
    parentId,
    createdAt: startedAt,
    startedAt,
    format: structuredFormatOf(request),
  };
  // The run resolves with this step's reply, if it is created: a run whose answer after the tool
  // results failed or was stopped before a token resolves with none, not with the reply calling
  // them (its calls done).
  run.reply = reply;
  let completion: ChatCompletion | undefined;
  let created = false;

  const write = (message: ChatMessage, extra?: Partial<ChatState>) => {
    context.set((current) => {
      if (created) return { messages: withEntry(current.messages, message.id, message), ...extra };
      created = true;
      return { ...addToPath(current, message), ...extra };
    });
  };
  // The reply's first publication also moves the conversation to 'streaming'.
  const publisher = createPublisher(() => {
    if (!run.done) write(toReplyMessage(completion, reply, 'streaming'), { status: 'streaming' });
  }, options.throttleMs);
  // The update that started this request (the user's message) may not be painted yet.
  publisher.publishedNow();

  /**
   * The last write of a reply that was stopped or failed; a failure's error goes on the message
   * and, with the `'error'` status, on the conversation in the same write.
   */
  const finishAs = (status: MessageStatus, error?: ChatError): ChatMessageOf<'assistant'> | undefined => {
    publisher.cancel();
    const extra: Partial<ChatState> = error ? { status: 'error', error } : {};
    if (!created && completion === undefined) {
      if (error) context.set(extra);
      return undefined;
    }
    // `done`: a whole reply, finished as one that ended normally (structured output checked).
    const message =
      status === 'done'
        ? finishReply(completion, reply, Date.now())
        : toReplyMessage(completion, reply, status, Date.now());
    if (error) message.error = error;
    // Stopped, the reply's calls never run (a failed reply's may still be answered).
    else
      for (const call of Object.values(message.toolCalls ?? {}))
        Object.assign(call, { state: 'error', error: STOPPED });
    write(message, { usage: addUsage(context.get().usage, completion?.usage), ...extra });
    return message;
  };
  /** Tells the callbacks how the reply ended: `onError` first when it failed, then `onFinish`. */
  const reportFinish = (
    message: ChatMessageOf<'assistant'> | undefined,
    isAbort: boolean,
    error?: ChatError,
  ) => {
    if (error) notify(options.callbacks, 'onError', error);
    if (!message) return;
    notify(options.callbacks, 'onFinish', {
      message,
      usage: message.usage,
      finishReason: message.finishReason,
      isAbort,
      isError: !!error,
    });
  };

  // Stopped after the last token (every finish reason came, the stream had not closed yet): the
  // reply is whole, unless it has tool calls (a stop must not start them) or nothing came.
  run.onAbort = () =>
    reportFinish(
      finishAs(
        completion?.choices.length &&
          completion.choices.every(
            (choice) =>
              choice.finish_reason &&
              choice.finish_reason !== 'tool_calls' &&
              !choice.message.tool_calls?.length,
          )
          ? 'done'
          : 'incomplete',
      ),
      true,
    );
  const requestOptions = {
    signal: run.signal,
    onResponse: (info: ChatResponseInfo) => {
      reply.generationId = info.generationId;
    },
  };
  try {
    if (options.stream) {
      const stream = options.client.stream(request, requestOptions);
      // A stream that accumulates as it decodes (the core's ChatStream) exposes the result as
      // `completion`: it is reused rather than accumulated a second time. The core's streams also
      // hand each chunk to a callback (no async step per chunk, as iterating would take); other
      // streams are iterated.
      const accumulated = 'completion' in stream ? (stream as { completion?: ChatCompletion }) : undefined;
      const readAll = streams.get(stream);
      const onChunk = (chunk: ChatCompletionChunk) => {
        // Stopped: throwing ends the reading (the body is cancelled); the catch below sees `done`.
        if (run.done) throw new Error('stopped');
        completion = accumulated?.completion ?? accumulateChunk(completion, chunk);
        notify(options.callbacks, 'onChunk', chunk);
        if (reply.firstTokenAt !== undefined) {
          publisher.schedule();
        } else if (
          // A token: a delta field other than `role` holding something (not null, '' or []).
          (chunk.choices ?? []).some((choice) =>
            Object.entries(choice?.delta ?? {}).some(
              ([key, value]) =>
                key !== 'role' && (isArray(value) ? value.length : value != null && value !== ''),
            ),
          )
        ) {
          // The first token is published at once (one frame later when the user's message is
          // not painted yet), in the same update that creates the message and moves the
          // conversation to 'streaming'; chunks before it (a role, an empty content) show
          // nothing, so they wait for it instead of costing a render of their own.
          reply.firstTokenAt = Date.now();
          publisher.schedule(true);
        }
      };
      if (readAll) await readAll(onChunk);
      else for await (const chunk of stream) onChunk(chunk);
    } else {
      const send = () => options.client.complete(request, requestOptions);
      completion = await (options.runCompletion ? options.runCompletion(request, send, run.signal) : send());
      reply.firstTokenAt = Date.now();
    }
  } catch (caught) {
    if (run.done) return 'aborted';
    if (isAbortError(caught) && run.signal.aborted) {
      run.onAbort?.();
      return 'aborted';
    }
    // The reply is over (a stop or retry from a callback must not finish it a second time), and
    // the store free: whoever sees the error may send at once.
    run.done = true;
    const error = toError(caught);
    // The client throws an error chunk before yielding it: its `partial` is the most complete.
    if (isChatApiError(caught) && caught.partial) completion = caught.partial;
    reportFinish(finishAs('error', error), false, error);
    return 'error';
  }
  if (run.done) return 'aborted';
  publisher.cancel();
  // From here the reply is finished: a stop (or retry) from `onFinish` or `onError` must not
  // rewrite it as `incomplete` or report it again; its calls, not triaged yet, stop (as in the
  // runner's tool run).
  run.onAbort = () => resolveOpenCalls(context, reply.id, ['streaming', 'running'], 'error', STOPPED);
  const message = finishReply(completion, reply, Date.now());
  const error = message.status === 'error' ? message.error : undefined;
  // Invalid structured output (the error finishReply gave the reply) fails it (and frees the
  // store). Else the final state and the status that follows it leave in one publication when
  // nothing else (tool calls, a queued message) continues the run.
  if (error) run.done = true;
  write(message, {
    usage: addUsage(context.get().usage, completion?.usage),
    ...(error ? { status: 'error', error } : endsRun(message) && { status: 'idle' }),
  });
  reportFinish(message, false, error);
  return error ? 'error' : message;
}
