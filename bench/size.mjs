#!/usr/bin/env node
// Item 3, bundle size: min + gzip of one import, React external, everything else bundled, for our
// budgeted imports (from dist/) and the peers' `useChat`. `--why` lists the largest modules
// (bundled from src/, rendered size before minification) of each.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUDGETS, measureOwnSizes } from '../scripts/check-size.mjs';
import { formatKb, measureBundle } from './lib/bundle-size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const PEERS = [
  { name: '@ai-sdk/react { useChat }', code: "export { useChat } from '@ai-sdk/react';" },
  { name: '@tanstack/ai-react { useChat }', code: "export { useChat } from '@tanstack/ai-react';" },
];

export async function runSizeBench() {
  const ours = await measureOwnSizes();
  const peers = [];
  for (const peer of PEERS) {
    const size = await measureBundle({ code: peer.code, resolveDir: root });
    peers.push({ name: peer.name, minified: size.minified, gzip: size.gzip });
  }
  return { ours, peers };
}

// From the sources, so each of our files shows on its own (dist/ is one file per entry).
const SOURCE_ALIAS = {
  'react-chat-completions/core': join(root, 'src/core/index.ts'),
  'react-chat-completions': join(root, 'src/index.ts'),
};

async function why() {
  for (const item of [...BUDGETS, ...PEERS]) {
    try {
      const size = await measureBundle({ code: item.code, resolveDir: root, alias: SOURCE_ALIAS });
      console.log(`\n${item.name}: ${formatKb(size.gzip)} min+gzip, ${size.modules.length} modules`);
      for (const module of size.modules.slice(0, 25))
        console.log(`  ${formatKb(module.bytes).padStart(9)}  ${module.id.replace(`${root}/`, '')}`);
    } catch (error) {
      console.log(`\n${item.name}: ${error instanceof Error ? error.message : error}`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--why')) await why();
  else console.log(JSON.stringify(await runSizeBench(), null, 2));
}
