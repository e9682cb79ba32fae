// A node:test reporter that writes `{ passed, failed }` (tests, not suites) as JSON, so `npm test`
// can add the browser suite to its closing count.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield `${JSON.stringify(counts)}\n`;
}
