export type { ChatErrorDescription, ChatErrorKind } from './describe-error.js';
export { describeChatError, describeFinishReason, formatRetryAfter } from './describe-error.js';
export type { ErrorNoticeProps } from './error-notice.js';
export { ErrorNotice } from './error-notice.js';
