/** Public exports of src/components: headless parts by namespace, and the drop-in `ChatWindow`. */
export * from './markdown/index.js';
export * from './safe-url/index.js';
