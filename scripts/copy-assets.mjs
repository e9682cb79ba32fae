// Copies the stylesheet into dist/ after the library build, with the declaration its export names:
// a TypeScript project that checks side-effect imports (`noUncheckedSideEffectImports`, on by
// default from TypeScript 6) refuses `import 'react-chat-completions/styles.css'` when the
// export resolves to no declaration and the app declares no `*.css` module of its own.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
copyFileSync('src/styles.css', 'dist/styles.css');
writeFileSync(
  'dist/styles.css.d.ts',
  "// The stylesheet exports nothing: import 'react-chat-completions/styles.css' for its styles.\nexport {};\n",
);
