import vm from 'node:vm';
import { build, type Rollup } from 'vite';

/**
 * The store as a bundler serves it to a page: `process.env.NODE_ENV` replaced (Vite's dev server,
 * webpack's DefinePlugin), `process` itself left out (a browser has none).
 */
async function bundled(nodeEnv: string | undefined): Promise<string> {
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    define: nodeEnv === undefined ? {} : { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    build: {
      write: false,
      minify: false,
      lib: { entry: 'src/store/index.ts', formats: ['iife'], name: 'store' },
    },
  })) as Rollup.RollupOutput[];
  return (result[0]!.output[0] as Rollup.OutputChunk).code;
}

/** Two stores on one key, following it as mounted chats do, in a page with no `process`. */
function twoChatsOnOneKey(code: string): string[] {
  const warned: string[] = [];
  const saved = new Map<string, string>();
  const page = vm.createContext({
    console: { ...console, warn: (message: unknown) => warned.push(String(message)) },
    storage: {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => saved.set(key, value),
      removeItem: (key: string) => saved.delete(key),
    },
    setTimeout,
    clearTimeout,
    queueMicrotask,
    AbortController,
  });
  vm.runInContext(
    `${code}
    for (let i = 0; i < 2; i++) store.createChatStore({ persist: { key: 'shared', storage } }).syncTabs();`,
    page,
  );
  expect(vm.runInContext('typeof process', page)).toBe('undefined');
  return warned;
}

describe('the two-chats-on-one-key warning, bundled for a page', { timeout: 60_000 }, () => {
  it('warns in a development bundle, whose page has no `process`', async () => {
    const warned = twoChatsOnOneKey(await bundled('development'));
    expect(warned.filter((message) => message.includes('"shared"'))).toHaveLength(1);
  });

  it('is silent in a production bundle, and in the built files loaded with no bundler', async () => {
    expect(twoChatsOnOneKey(await bundled('production'))).toEqual([]);
    expect(twoChatsOnOneKey(await bundled(undefined))).toEqual([]);
  });
});
