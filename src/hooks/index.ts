/** Public exports of src/hooks. */
export {};
