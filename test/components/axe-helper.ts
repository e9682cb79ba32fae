import axe from 'axe-core';
import { expect } from 'vitest';

/** Runs axe on an element and fails with the rule ids and targets of every violation. */
export async function expectNoAxeViolations(element: Element): Promise<void> {
  const results = await axe.run(element, {
    // jsdom has no layout, so contrast cannot be computed there.
    rules: { 'color-contrast': { enabled: false } },
  });
  const violations = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(violations).toEqual([]);
}
