/** Public exports of src/store. */
export {};
