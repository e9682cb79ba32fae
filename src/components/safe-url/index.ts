export { isSafeImageUrl, isSafeLinkUrl } from './safe-url.js';
