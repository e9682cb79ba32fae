// Type tests of an app's own wrappers of the parts: `tsc --noEmit` (run by `npm test` over the
// tests too) fails when a part's props type is missing from its namespace or drifts from what the
// part takes. An app styling the parts with its own classes and labels wraps them as
// `function MySend(props: Composer.SendProps)`: each part has one, named as the others are.
import type { ComponentPropsWithoutRef, ElementType } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BranchPicker,
  type Composer,
  type MessageList,
  MessageView,
  type ToolCallPanel,
} from '../../src/index.js';

/** What a part takes as props (`key` is React's, not the part's). */
type PropsOf<Part extends ElementType> = Omit<ComponentPropsWithoutRef<Part>, 'key'>;

describe("each part's props type, in its namespace", () => {
  it('names what the part takes', () => {
    expectTypeOf<Composer.AttachmentsProps>().toEqualTypeOf<PropsOf<typeof Composer.Attachments>>();
    expectTypeOf<Composer.AttachmentErrorProps>().toEqualTypeOf<PropsOf<typeof Composer.AttachmentError>>();
    expectTypeOf<MessageList.EmptyProps>().toEqualTypeOf<PropsOf<typeof MessageList.Empty>>();
    expectTypeOf<BranchPicker.CountProps>().toEqualTypeOf<PropsOf<typeof BranchPicker.Count>>();
    expectTypeOf<ToolCallPanel.NameProps>().toEqualTypeOf<PropsOf<typeof ToolCallPanel.Name>>();
    expectTypeOf<ToolCallPanel.ErrorProps>().toEqualTypeOf<PropsOf<typeof ToolCallPanel.Error>>();
  });

  it("MessageView.Notice takes its Retry button's label, as ErrorNotice does", () => {
    const element = <MessageView.Notice retryLabel="Erneut versuchen" className="text-red-600" />;
    expectTypeOf(element).not.toBeAny();
    expectTypeOf<MessageView.NoticeProps['retryLabel']>().toEqualTypeOf<string | undefined>();
  });
});
