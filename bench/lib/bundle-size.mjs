// Min + gzip size of what an app pays for one import: a tiny entry bundled with rolldown (the
// bundler inside Vite 8) for the browser in production mode, every dependency bundled except
// React, minified, then gzipped with node:zlib. Shared by the bench and scripts/check-size.mjs.
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';

const REACT = /^(react|react-dom)(\/.*)?$/;
const ENTRY = '\0size-entry';

/**
 * @param {{ code: string, resolveDir: string, alias?: Record<string, string> }} entry the entry's
 *   source (e.g. `export { useChat } from '@ai-sdk/react'`), the directory its imports resolve from,
 *   and optional import aliases (e.g. the package name to its built file)
 * @returns {Promise<{ minified: number, gzip: number, modules: Array<{ id: string, bytes: number }> }>}
 *   sizes in bytes; `modules` by rendered (pre-minify) size, largest first
 */
export async function measureBundle(entry) {
  const warnings = [];
  let bundle;
  try {
    bundle = await rolldown({
      input: ENTRY,
      cwd: entry.resolveDir,
      platform: 'browser',
      external: (id) => REACT.test(id),
      transform: { define: { 'process.env.NODE_ENV': '"production"' } },
      resolve: { alias: entry.alias ?? {}, conditionNames: ['browser', 'import', 'module', 'default'] },
      treeshake: true,
      logLevel: 'warn',
      onLog: (level, log) => {
        if (level === 'warn' && log.code !== 'EMPTY_BUNDLE') warnings.push(log.message);
      },
      plugins: [
        {
          name: 'size-entry',
          resolveId: (id) => (id === ENTRY ? ENTRY : null),
          load: (id) => (id === ENTRY ? entry.code : null),
        },
      ],
    });
  } catch (error) {
    throw describe(error);
  }
  try {
    // Annotation comments (`@__PURE__`) dropped, as Vite 8 drops them from a production app build
    // (`build.minify`, not library mode); rolldown's own default keeps them.
    const { output } = await bundle.generate({
      format: 'esm',
      minify: true,
      codeSplitting: false,
      comments: { legal: false, annotation: false, jsdoc: false },
    });
    const chunk = output.find((item) => item.type === 'chunk');
    if (chunk?.type !== 'chunk') throw new Error('no chunk was produced');
    const missing = warnings.find((message) => /MISSING_EXPORT|is not exported/i.test(message));
    if (missing) throw describe(new Error(missing));
    const bytes = Buffer.from(chunk.code);
    return {
      minified: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      modules: Object.entries(chunk.modules)
        .map(([id, info]) => ({ id: id.replace(/^.*node_modules\//, ''), bytes: info.renderedLength }))
        .sort((a, b) => b.bytes - a.bytes),
    };
  } catch (error) {
    throw describe(error);
  } finally {
    await bundle.close();
  }
}

/** Thrown when the entry imports a name the package does not export (yet). */
export class MissingExportError extends Error {
  name = 'MissingExportError';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes from bundler errors
const ANSI = /\u001b\[[0-9;]*m/g;

/** @param {unknown} error */
function describe(error) {
  const message = (error instanceof Error ? error.message : String(error)).replace(ANSI, '');
  const missing = message.match(/"([^"]+)" is not exported by "([^"]+)"/);
  if (missing) return new MissingExportError(`\`${missing[1]}\` is not exported by ${missing[2]}`);
  return error instanceof Error ? Object.assign(error, { message }) : new Error(message);
}

/** `12.3 kB` (1 kB = 1000 bytes, as bundlephobia and size-limit print). @param {number} bytes */
export const formatKb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
