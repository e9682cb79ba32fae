// Packaging checks on the built package: publint, and @arethetypeswrong/cli on the packed tarball.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['publint', '--strict']);
// ESM-only package: node10 and CommonJS consumers are out of scope; every ESM resolution must be clean.
run('npx', ['attw', '--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', './styles.css']);
