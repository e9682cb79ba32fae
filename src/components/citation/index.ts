export type { CitationsProps } from './citations.js';
export { Citations } from './citations.js';
