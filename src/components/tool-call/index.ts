export type { ToolCallApprovalButtonProps as ApprovalButtonProps } from './tool-call-approval.js';
export { ToolCallApprove as Approve, ToolCallDeny as Deny } from './tool-call-approval.js';
export { ToolCallArguments as Arguments } from './tool-call-arguments.js';
export type {
  ToolCallBlockProps as ArgumentsProps,
  ToolCallBlockProps as ResultProps,
} from './tool-call-block.js';
export type { ToolCallErrorProps as ErrorProps } from './tool-call-error.js';
export { ToolCallError as Error } from './tool-call-error.js';
export type { ToolCallComponents as Components, ToolCallListProps as ListProps } from './tool-call-list.js';
export { ToolCallList as List } from './tool-call-list.js';
export type { ToolCallNameProps as NameProps } from './tool-call-name.js';
export { ToolCallName as Name } from './tool-call-name.js';
export type {
  ToolCallDefaultProps as DefaultProps,
  ToolCallPanelProps as PanelProps,
} from './tool-call-panel.js';
export { ToolCallPanel as Default } from './tool-call-panel.js';
export { ToolCallResult as Result } from './tool-call-result.js';
export type { ToolCallRootProps as RootProps } from './tool-call-root.js';
export { ToolCallRoot as Root } from './tool-call-root.js';
export type { ToolCallStateLabelProps as StateProps } from './tool-call-status-label.js';
export { ToolCallStateLabel as State } from './tool-call-status-label.js';
