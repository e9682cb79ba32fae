/** src/testing/msw.ts: the mock endpoint as MSW handlers. */
export {};
