// Copies the stylesheet into dist/ after the library build, with the declaration its export names:
// a TypeScript project that checks side-effect imports (`noUncheckedSideEffectImports`, on by
// default from TypeScript 6) refuses `import 'react-chat-completions/styles.css'` when the
// export resolves to no declaration and the app declares no `*.css` module of its own.
// Also the mock server's command line, the package's `bin` (`react-chat-completions-mock`).
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
copyFileSync('src/styles.css', 'dist/styles.css');
copyFileSync('scripts/mock-server.mjs', 'dist/mock-server.mjs');
chmodSync('dist/mock-server.mjs', 0o755);
writeFileSync(
  'dist/styles.css.d.ts',
  "// The stylesheet exports nothing: import 'react-chat-completions/styles.css' for its styles.\nexport {};\n",
);
