// Optional props and options accept `undefined`, for apps compiled with
// `exactOptionalPropertyTypes` (as this repository is, tests included): a wrapper passes on its
// own optional props, a state is not set yet. Under that setting, a field declared `field?: T`
// refuses a value of type `T | undefined`; `tsc --noEmit` fails on any line below that passes
// one to such a field. `expectTypeOf` does nothing at run time, and the wrappers are never called.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ActionBar,
  type AudioPlayerProps,
  type BranchPicker,
  type ChatActionHandlers,
  type ChatApiErrorInit,
  type ChatCallbacks,
  type ChatClientOptions,
  ChatComposer,
  type ChatComposerProps,
  ChatProvider,
  type ChatProviderProps,
  type ChatRequestOptions,
  type ChatRequestParameters,
  type ChatStoreOptions,
  type ChatTool,
  ChatWindow,
  type ChatWindowProps,
  type CitationsProps,
  type CodeBlockProps,
  Composer,
  type ContentPart,
  createChatClient,
  createChatStore,
  type DecodeChatStreamOptions,
  type ErrorNoticeProps,
  type GeneratedImageProps,
  type ImageDialogProps,
  type MarkdownTextProps,
  type MessageAttachmentsProps,
  type MessageImagesProps,
  MessageList,
  type MessageRendering,
  type MessageUsageProps,
  MessageView,
  type ModelPickerProps,
  type ModelSelectProps,
  type ModelsSource,
  Reasoning,
  type SendInput,
  type SmoothMarkdownTextProps,
  type SmoothTextOptions,
  ThreadList,
  ToolCallPanel,
  type UsageCounts,
  type UsageSummaryProps,
  type UseChatOptions,
  type UseModelsOptions,
  useChatCompletion,
  useChatStream,
} from '../../src/index.js';
import { type ChatHandlerOptions, createChatHandler } from '../../src/server/index.js';
import {
  createMockFetch,
  type GradientPngOptions,
  type MockEndpointOptions,
  type MockScriptedCitation,
  type MockScriptedReply,
  type MockScriptedUsage,
  type ToneWavOptions,
} from '../../src/testing/index.js';
import type { MockServerOptions } from '../../src/testing/server.js';

/**
 * The optional keys of `T` that refuse an explicit `undefined`: `never` when every optional field
 * is declared `field?: T | undefined` (or its type holds `undefined` already).
 */
type RefusingUndefined<T> = {
  [Key in keyof T]-?: Partial<Pick<T, Key>> extends Pick<T, Key>
    ? { [Only in Key]: undefined } extends Pick<T, Key>
      ? never
      : Key
    : never;
}[keyof T];

/** Props an app's wrapper takes and passes on: each may be left out. */
interface WrapperProps {
  title?: string | undefined;
  model?: string | undefined;
  system?: string | undefined;
  placeholder?: string | undefined;
  disabled?: boolean | undefined;
  maxFiles?: number | undefined;
  className?: string | undefined;
  onSend?: ((content: string | ContentPart[]) => unknown) | undefined;
  onCreate?: ((threadId: string) => void) | undefined;
  tokenDelayMs?: number | undefined;
  children?: ReactNode;
}

function ChatPage(props: WrapperProps) {
  const [model, setModel] = useState<string>();
  return (
    <ChatWindow
      title={props.title}
      model={model}
      onModelChange={setModel}
      request={{ model: props.model, temperature: undefined }}
      system={props.system}
      placeholder={props.placeholder}
      threads={props.title === undefined ? undefined : true}
      persist={props.title ? { key: props.title, throttleMs: undefined } : undefined}
      attachments={{ maxFiles: props.maxFiles }}
      className={props.className}
      onFinish={props.onCreate && (() => props.onCreate?.('thread'))}
    />
  );
}

function ProviderPage(props: WrapperProps) {
  return (
    <ChatProvider
      system={props.system}
      request={{ model: props.model }}
      clientOptions={{ apiKey: undefined, baseUrl: props.title }}
      storeOptions={{ persist: undefined, initialMessages: undefined, maxSteps: props.maxFiles }}
      onError={undefined}
    >
      <ChatComposer placeholder={props.placeholder} className={props.className} />
      <Composer.Root
        onSend={props.onSend ?? (() => {})}
        disabled={props.disabled}
        status={undefined}
        attachments={{ accept: undefined, maxFiles: props.maxFiles }}
      >
        <Composer.Input
          placeholder={props.placeholder}
          submitOnEnter={props.disabled}
          maxHeight={undefined}
        />
        <Composer.Send disabled={props.disabled} asChild={undefined} />
      </Composer.Root>
      <Composer.Default onSend={() => {}} onStop={undefined} placeholder={props.placeholder} />
      <MessageList.Root estimateSize={undefined} announce={props.disabled} className={props.className}>
        <MessageList.Viewport nonce={props.title}>
          <MessageList.Items components={{ Message: undefined }} />
        </MessageList.Viewport>
      </MessageList.Root>
      <MessageList.Default empty={props.children} nonce={props.title} components={undefined} />
      <ThreadList.Default onCreate={props.onCreate} />
      <ThreadList.Root asChild={props.disabled}>
        <ThreadList.New onCreate={props.onCreate} />
        <ThreadList.Items components={{ Item: undefined }} />
      </ThreadList.Root>
      <MessageView.Content message={undefined} renderText={undefined} />
      <Reasoning.Default open={props.disabled} onOpenChange={undefined} />
      <ToolCallPanel.List components={undefined} fallback={undefined} />
    </ChatProvider>
  );
}

function useChats(props: WrapperProps) {
  const stream = useChatStream({
    request: { model: props.model, max_completion_tokens: undefined },
    system: props.system,
    store: undefined,
    onFinish: undefined,
    tools: undefined,
  });
  const completion = useChatCompletion({ request: { model: props.model }, maxSteps: props.maxFiles });
  const store = createChatStore({
    request: { model: props.model },
    clientOptions: { apiKey: props.title },
    persist: props.title
      ? { key: props.title, storage: undefined, skipHydration: props.disabled }
      : undefined,
    whenBusy: undefined,
  });
  const client = createChatClient({
    apiKey: props.title,
    fetch: createMockFetch({ tokenDelayMs: props.tokenDelayMs }),
  });
  const sent = stream.send({
    content: 'hi',
    name: props.title,
    request: { model: props.model },
    metadata: undefined,
  });
  return { stream, completion, store, client, sent };
}

const mockOptions = (props: WrapperProps): MockEndpointOptions => ({
  tokenDelayMs: props.tokenDelayMs,
  seed: undefined,
  scenario: undefined,
  replies: [scriptedReply(props)],
  onRequest: undefined,
});

// A scripted reply from a wrapper's optional props: each of its fields, and theirs, takes undefined.
function scriptedReply(props: WrapperProps): MockScriptedReply {
  const citation: MockScriptedCitation = {
    url: 'https://example.com',
    title: props.title,
    end_index: undefined,
  };
  const usage: MockScriptedUsage = { prompt_tokens: props.maxFiles, completion_tokens: undefined };
  expectTypeOf<NonNullable<MockScriptedReply['annotations']>[number]>().toEqualTypeOf<MockScriptedCitation>();
  expectTypeOf<NonNullable<MockScriptedReply['usage']>>().toEqualTypeOf<MockScriptedUsage>();
  return {
    content: props.title,
    reasoning: undefined,
    refusal: props.system,
    images: undefined,
    annotations: [citation, { url: 'https://example.com', content: undefined, start_index: undefined }],
    tool_calls: undefined,
    finish_reason: props.disabled ? 'length' : undefined,
    error: undefined,
    usage: { ...usage, completion_tokens_details: { reasoning_tokens: undefined } },
  };
}

// The README's proxy: `transformRequest` drops what the browser must not choose by setting it to
// `undefined` (left out of the JSON sent), its own optional fields included.
const proxy = (props: WrapperProps) =>
  createChatHandler({
    apiKey: 'key',
    transformRequest: (body) => ({ ...body, user: props.title, plugins: undefined, session_id: undefined }),
  });

const tool = (props: WrapperProps): ChatTool<{ city: string }, number> => ({
  name: 'get_weather',
  description: props.title,
  parameters: undefined,
  strict: undefined,
  execute: undefined,
  needsApproval: props.disabled,
});

describe('optional props and options accept undefined', () => {
  it('in wrappers that pass on their own optional props', () => {
    expectTypeOf(ChatPage).parameter(0).toEqualTypeOf<WrapperProps>();
    expectTypeOf(ProviderPage).parameter(0).toEqualTypeOf<WrapperProps>();
    expectTypeOf(useChats).returns.toHaveProperty('store');
    expectTypeOf(mockOptions).returns.toEqualTypeOf<MockEndpointOptions>();
    expectTypeOf(proxy).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf(tool).returns.toEqualTypeOf<ChatTool<{ city: string }, number>>();
    // `execute` takes `undefined` and still lets a tool typed for its arguments join `tools`.
    expectTypeOf<ChatTool<{ city: string }, number>>().toMatchTypeOf<ChatTool>();
  });

  it('in every optional field of the public props and options', () => {
    type Refusing = {
      ChatWindowProps: RefusingUndefined<ChatWindowProps>;
      ChatComposerProps: RefusingUndefined<ChatComposerProps>;
      ChatProviderProps: RefusingUndefined<ChatProviderProps>;
      UseChatOptions: RefusingUndefined<UseChatOptions>;
      ChatStoreOptions: RefusingUndefined<ChatStoreOptions>;
      ChatPersistOptions: RefusingUndefined<NonNullable<ChatStoreOptions['persist']>>;
      ChatCallbacks: RefusingUndefined<ChatCallbacks>;
      ChatTool: RefusingUndefined<ChatTool>;
      TypedChatTool: RefusingUndefined<ChatTool<{ city: string }, number>>;
      SendInput: RefusingUndefined<Exclude<SendInput, string | ContentPart[]>>;
      ChatRequestParameters: RefusingUndefined<ChatRequestParameters>;
      ChatClientOptions: RefusingUndefined<ChatClientOptions>;
      ChatRequestOptions: RefusingUndefined<ChatRequestOptions>;
      DecodeChatStreamOptions: RefusingUndefined<DecodeChatStreamOptions>;
      ChatApiErrorInit: RefusingUndefined<ChatApiErrorInit>;
      UseModelsOptions: RefusingUndefined<UseModelsOptions>;
      ModelsSourceOptions: RefusingUndefined<NonNullable<Parameters<ModelsSource['models']>[0]>>;
      ChatHandlerOptions: RefusingUndefined<ChatHandlerOptions>;
      MockEndpointOptions: RefusingUndefined<MockEndpointOptions>;
      MockServerOptions: RefusingUndefined<MockServerOptions>;
      GradientPngOptions: RefusingUndefined<GradientPngOptions>;
      ToneWavOptions: RefusingUndefined<ToneWavOptions>;
      ChatActionHandlers: RefusingUndefined<ChatActionHandlers>;
      MessageRendering: RefusingUndefined<MessageRendering>;
      AttachmentOptions: RefusingUndefined<Composer.AttachmentOptions>;
      ComposerRootProps: RefusingUndefined<Composer.RootProps>;
      ComposerDefaultProps: RefusingUndefined<Composer.DefaultProps>;
      ComposerInputProps: RefusingUndefined<Composer.InputProps>;
      ComposerSendProps: RefusingUndefined<Composer.SendProps>;
      ComposerStopProps: RefusingUndefined<Composer.StopProps>;
      ComposerAttachProps: RefusingUndefined<Composer.AttachProps>;
      MessageListRootProps: RefusingUndefined<MessageList.RootProps>;
      MessageListDefaultProps: RefusingUndefined<MessageList.DefaultProps>;
      MessageListItemsProps: RefusingUndefined<MessageList.ItemsProps>;
      MessageListViewportProps: RefusingUndefined<MessageList.ViewportProps>;
      MessageListJumpToLatestProps: RefusingUndefined<MessageList.JumpToLatestProps>;
      ScrollToBottomOptions: RefusingUndefined<
        NonNullable<Parameters<MessageList.ContextValue['scrollToBottom']>[0]>
      >;
      ThreadListRootProps: RefusingUndefined<ThreadList.RootProps>;
      ThreadListDefaultProps: RefusingUndefined<ThreadList.DefaultProps>;
      ThreadListItemsProps: RefusingUndefined<ThreadList.ItemsProps>;
      ThreadListNewProps: RefusingUndefined<ThreadList.NewProps>;
      ThreadListItemProps: RefusingUndefined<ThreadList.ItemProps>;
      MessageRootProps: RefusingUndefined<MessageView.RootProps>;
      MessageContentProps: RefusingUndefined<MessageView.ContentProps>;
      MessageDefaultProps: RefusingUndefined<MessageView.DefaultProps>;
      MessageNoticeProps: RefusingUndefined<MessageView.NoticeProps>;
      MessageEditorProps: RefusingUndefined<MessageView.EditorProps>;
      MessageBranchPickerProps: RefusingUndefined<MessageView.BranchPickerProps>;
      ActionBarRootProps: RefusingUndefined<ActionBar.RootProps>;
      ActionBarCopyProps: RefusingUndefined<ActionBar.CopyProps>;
      ActionBarEditProps: RefusingUndefined<ActionBar.EditProps>;
      ActionBarRegenerateProps: RefusingUndefined<ActionBar.RegenerateProps>;
      ActionBarRetryProps: RefusingUndefined<ActionBar.RetryProps>;
      BranchPickerRootProps: RefusingUndefined<BranchPicker.RootProps>;
      BranchPickerButtonProps: RefusingUndefined<BranchPicker.ButtonProps>;
      ReasoningRootProps: RefusingUndefined<Reasoning.RootProps>;
      ReasoningDefaultProps: RefusingUndefined<Reasoning.DefaultProps>;
      ReasoningTriggerProps: RefusingUndefined<Reasoning.TriggerProps>;
      ReasoningContentProps: RefusingUndefined<Reasoning.ContentProps>;
      ReasoningTextProps: RefusingUndefined<Reasoning.TextProps>;
      ToolCallRootProps: RefusingUndefined<ToolCallPanel.RootProps>;
      ToolCallListProps: RefusingUndefined<ToolCallPanel.ListProps>;
      ToolCallDefaultProps: RefusingUndefined<ToolCallPanel.DefaultProps>;
      ToolCallPanelProps: RefusingUndefined<ToolCallPanel.PanelProps>;
      ToolCallApprovalButtonProps: RefusingUndefined<ToolCallPanel.ApprovalButtonProps>;
      ToolCallStateProps: RefusingUndefined<ToolCallPanel.StateProps>;
      ToolCallStateLabels: RefusingUndefined<NonNullable<ToolCallPanel.StateProps['labels']>>;
      ModelPickerProps: RefusingUndefined<ModelPickerProps>;
      ModelSelectProps: RefusingUndefined<ModelSelectProps>;
      MarkdownTextProps: RefusingUndefined<MarkdownTextProps>;
      SmoothMarkdownTextProps: RefusingUndefined<SmoothMarkdownTextProps>;
      SmoothTextOptions: RefusingUndefined<SmoothTextOptions>;
      CodeBlockProps: RefusingUndefined<CodeBlockProps>;
      ErrorNoticeProps: RefusingUndefined<ErrorNoticeProps>;
      CitationsProps: RefusingUndefined<CitationsProps>;
      AudioPlayerProps: RefusingUndefined<AudioPlayerProps>;
      GeneratedImageProps: RefusingUndefined<GeneratedImageProps>;
      ImageDialogProps: RefusingUndefined<ImageDialogProps>;
      MessageImagesProps: RefusingUndefined<MessageImagesProps>;
      MessageAttachmentsProps: RefusingUndefined<MessageAttachmentsProps>;
      MessageUsageProps: RefusingUndefined<MessageUsageProps>;
      UsageSummaryProps: RefusingUndefined<UsageSummaryProps>;
      UsageCounts: RefusingUndefined<UsageCounts>;
      UsageCountDetails: RefusingUndefined<
        NonNullable<UsageCounts['completion_tokens_details'] & UsageCounts['prompt_tokens_details']>
      >;
    };
    expectTypeOf<Refusing>().toEqualTypeOf<{ [Name in keyof Refusing]: never }>();
  });

  it('and the check itself finds a field that refuses undefined', () => {
    expectTypeOf<
      RefusingUndefined<{ exact?: string; loose?: string | undefined; required: string }>
    >().toEqualTypeOf<'exact'>();
  });
});
