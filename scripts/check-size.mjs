#!/usr/bin/env node
// Size budgets, enforced in `npm test` after the build: each public import is bundled from dist/
// for the browser (React external, every other dependency bundled), minified and gzipped, and
// compared with its budget. Exits 1 with the numbers when one is over (SIZE_BUDGETS=warn prints
// the same and exits 0, for a branch that is knowingly over). Fast: no peers, no Vite.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatKb, MissingExportError, measureBundle } from '../bench/lib/bundle-size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The package's own entries resolved to the built files. */
export const PACKAGE_ALIAS = {
  'react-chat-completions/core': join(root, 'dist/core.js'),
  'react-chat-completions': join(root, 'dist/index.js'),
};

/** What an app imports, and the most it may cost (min + gzip, bytes; 1 kB = 1000 B). */
export const BUDGETS = [
  {
    name: 'react-chat-completions/core (all)',
    code: "export * from 'react-chat-completions/core';",
    budget: 5_000,
  },
  {
    name: '{ useChatStream }',
    code: "export { useChatStream } from 'react-chat-completions';",
    budget: 8_000,
  },
  {
    name: '{ ChatWindow } (with Markdown)',
    code: "export { ChatWindow } from 'react-chat-completions';",
    budget: 80_000,
  },
];

/**
 * Measures every budgeted import. An import the package does not export yet is reported as
 * `missing` (not a failure) so the check can run while the package is being built up.
 * @returns {Promise<Array<{ name: string, budget: number, minified?: number, gzip?: number, missing?: string }>>}
 */
export async function measureOwnSizes() {
  const results = [];
  for (const item of BUDGETS) {
    try {
      const size = await measureBundle({ code: item.code, resolveDir: root, alias: PACKAGE_ALIAS });
      results.push({ name: item.name, budget: item.budget, minified: size.minified, gzip: size.gzip });
    } catch (error) {
      if (!(error instanceof MissingExportError)) throw error;
      results.push({ name: item.name, budget: item.budget, missing: error.message });
    }
  }
  return results;
}

async function main() {
  for (const file of Object.values(PACKAGE_ALIAS)) {
    if (!existsSync(file)) {
      console.error(`✖ size: ${file} does not exist. Run \`npm run build\` first.`);
      process.exit(1);
    }
  }
  const results = await measureOwnSizes();
  let over = 0;
  for (const item of results) {
    if (item.missing) {
      console.warn(`! ${item.name}: not measured, ${item.missing}`);
      continue;
    }
    const line = `${item.name}: ${formatKb(item.gzip)} min+gzip (${formatKb(item.minified)} min), budget ${formatKb(item.budget)}`;
    if (item.gzip > item.budget) {
      over++;
      console.error(`✖ ${line}: OVER by ${formatKb(item.gzip - item.budget)}`);
    } else {
      console.log(`✔ ${line}`);
    }
  }
  if (over > 0) {
    console.error(
      `\n${over} import(s) over the size budget. Find what they pull in with \`node bench/size.mjs --why\`` +
        ' and trim it, or raise the budget in scripts/check-size.mjs with a reason.',
    );
    if (process.env.SIZE_BUDGETS === 'warn') console.error('SIZE_BUDGETS=warn: not failing.');
    else process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
