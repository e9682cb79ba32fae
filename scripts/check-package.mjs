// Packaging checks on the built package: publint, and @arethetypeswrong/cli on the packed tarball.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  // attw packs the package: the build has just run, so `prepack` (which builds) is skipped.
  const env = { ...process.env, npm_config_ignore_scripts: 'true' };
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['publint', '--strict']);
// ESM-only package: node10 and CommonJS consumers are out of scope; every ESM resolution must be clean,
// the stylesheet's included (it has a declaration, so a side-effect import of it type-checks).
run('npx', ['attw', '--pack', '.', '--profile', 'esm-only']);
// The entries meant for Node type-check in a Node-only app: no DOM library, declaration files checked.
run('npx', ['tsc', '-p', 'test/package/tsconfig.json']);
