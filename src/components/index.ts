/** Public exports of src/components. */
export {};
