import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../../src/testing');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((match) => match[1]!);
}

const files = sourceFiles(root);

test('only server.ts imports Node built-ins; the browser path has no Buffer or process', () => {
  const nodeUsers = files.filter((file) =>
    importsOf(file).some((specifier) => specifier.startsWith('node:')),
  );
  expect(nodeUsers.map((file) => relative(root, file))).toEqual(['server.ts']);
  for (const file of files.filter((item) => !item.endsWith('server.ts'))) {
    const text = readFileSync(file, 'utf8');
    expect(text, relative(root, file)).not.toMatch(/\bBuffer\.|\bprocess\.|require\(/);
  }
});

test('no test runner is imported; msw only by msw.ts; relative imports end in .js', () => {
  for (const file of files) {
    for (const specifier of importsOf(file)) {
      expect(specifier, relative(root, file)).not.toMatch(/^(vitest|jest|@testing-library|@vitest)/);
      if (specifier.startsWith('msw')) expect(relative(root, file)).toBe('msw.ts');
      if (specifier.startsWith('.')) expect(specifier, relative(root, file)).toMatch(/\.js$/);
    }
  }
});

test('the browser entry loads with Node-only globals hidden', async () => {
  const saved = { setImmediate: globalThis.setImmediate, clearImmediate: globalThis.clearImmediate };
  Reflect.deleteProperty(globalThis, 'setImmediate');
  Reflect.deleteProperty(globalThis, 'clearImmediate');
  try {
    const { createMockFetch } = await import('../../src/testing/index.js');
    const response = await createMockFetch({ tokenDelayMs: 0 })('/api/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model: 'mock/image',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(await response.text()).toContain('data:image/png;base64,iVBORw0KGgo');
  } finally {
    Object.assign(globalThis, saved);
  }
});

test('the entry imports where the web globals are missing (Jest jsdom): it uses them only when called', async () => {
  const names = [
    'TextEncoder',
    'TextDecoder',
    'ReadableStream',
    'TransformStream',
    'Response',
    'Request',
    'Headers',
  ];
  const saved = Object.fromEntries(names.map((name) => [name, Reflect.get(globalThis, name)]));
  for (const name of names) Reflect.deleteProperty(globalThis, name);
  vi.resetModules();
  try {
    const testing = await import('../../src/testing/index.js');
    expect(typeof testing.createMockFetch).toBe('function');
  } finally {
    Object.assign(globalThis, saved);
    vi.resetModules();
  }
});
