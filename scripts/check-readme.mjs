#!/usr/bin/env node
// The README's TypeScript examples type-check against the built package's declarations, as they
// would in an app (run `npm run build` first): the package is linked into the examples'
// node_modules, so every import resolves through its `exports` map, and side-effect imports (the
// stylesheet) are checked, as TypeScript does by default from version 6. They compile under the
// strictest settings apps use (`exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`,
// `noPropertyAccessFromIndexSignature`, `verbatimModuleSyntax`), so a snippet works whichever of
// them an app has on, and with `skipLibCheck` off: the package's declaration files (the React
// entry's too, which test/package does not load) must type-check clean. Each ```ts / ```tsx block
// is a module of its own; the two modules the examples import from the app itself (`./tools`,
// `./session`) are stubbed. Blocks fenced otherwise (```sh, ```jsx, or with more after the
// language on the fence line) are not checked: the AI SDK code of "Coming from the AI SDK's
// `useChat`" is ```jsx, since it is another library's example, not this package's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'node_modules/.cache/readme-check');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(tsx?)\n([\s\S]*?)```/g)];
for (const [index, [, language, code]] of blocks.entries()) {
  writeFileSync(join(dir, `block-${index}.${language}`), `${code}\nexport {};\n`);
}
writeFileSync(
  join(dir, 'tools.ts'),
  "import type { ChatTool } from 'react-chat-completions';\nexport const tools: ChatTool[] = [];\n",
);
// An app compiled with `noPropertyAccessFromIndexSignature` declares the environment variables it
// reads (else `process.env.CHAT_API_KEY` must be written `process.env['CHAT_API_KEY']`).
writeFileSync(
  join(dir, 'env.d.ts'),
  'declare namespace NodeJS {\n  interface ProcessEnv {\n    CHAT_API_KEY?: string;\n  }\n}\n',
);
writeFileSync(
  join(dir, 'session.ts'),
  'export async function getSession(_request: Request): Promise<object | null> {\n  return null;\n}\n',
);

mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules/react-chat-completions'), 'dir');
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noEmit: true,
      jsx: 'react-jsx',
      module: 'esnext',
      moduleResolution: 'bundler',
      target: 'es2022',
      lib: ['es2023', 'dom', 'dom.iterable'],
      skipLibCheck: false,
      noUncheckedSideEffectImports: true,
      types: ['node'],
    },
    include: ['*.ts', '*.tsx'],
  }),
);

const tsc = (project, types) => {
  const result = spawnSync('npx', ['tsc', '-p', join(dir, project)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `README: its code blocks do not type-check against the built package with ${types} (files in ${dir}).`,
    );
    process.exit(1);
  }
};
tsc('tsconfig.json', "React 19's types");

// Again with React 18's types (`@types/react` 18, from test/react18), which apps on React 18 have:
// `react` and `react-dom` resolve there for the examples and for the package's declaration files
// alike, so a React 19-only type in either (a `ref` prop, `use`, a newer event type) fails here.
const react18Types = join(root, 'test/react18/node_modules/@types');
const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
tsconfig.compilerOptions.paths = Object.fromEntries(
  ['react', 'react-dom'].flatMap((name) => [
    [name, [join(react18Types, name)]],
    [`${name}/*`, [join(react18Types, name, '*')]],
  ]),
);
writeFileSync(join(dir, 'tsconfig.react18.json'), JSON.stringify(tsconfig));
tsc('tsconfig.react18.json', "React 18's types");
console.log(
  `README: ${blocks.length} code blocks type-check against the built package, with React 19's and 18's types.`,
);
