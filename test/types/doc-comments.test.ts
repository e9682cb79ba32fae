// Every public prop and option has a doc comment: the Storybook Docs tab (react-docgen) shows it in
// the props tables, and editors show it on hover. The public entries are read with the TypeScript
// compiler (a devDependency): every exported `...Props` or `...Options` type (namespaces such as
// `Composer` included), and the props of every exported component, member by member. Members
// declared outside `src` (React's HTML attributes) are skipped.
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src') + path.sep;
const entries = [
  'src/index.ts',
  'src/core/index.ts',
  'src/server/index.ts',
  'src/testing/index.ts',
  'src/testing/server.ts',
  'src/testing/msw.ts',
].map((entry) => path.join(root, entry));

/** An exported type checked member by member. */
const isOptionsType = (name: string) => /(?:Props|Options)$/.test(name);
/** An exported component (or a part of a namespace such as `Composer.Root`): its props are checked. */
const isComponent = (name: string) => /^[A-Z][a-z]/.test(name);

interface Member {
  /** `Interface.member`, as declared. */
  name: string;
  /** `file:line` of the declaration. */
  at: string;
  documented: boolean;
}

function publicMembers(): Member[] {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(entries, options);
  const checker = program.getTypeChecker();
  const members = new Map<ts.Node, Member>();

  function addMembersOf(type: ts.Type) {
    for (const part of type.isUnion() ? type.types : [type]) {
      for (const property of checker.getPropertiesOfType(part)) {
        for (const declaration of property.declarations ?? []) {
          const file = declaration.getSourceFile();
          if (!file.fileName.startsWith(src) || members.has(declaration)) continue;
          const owner = declaration.parent;
          const ownerName =
            ts.isInterfaceDeclaration(owner) || ts.isTypeAliasDeclaration(owner)
              ? owner.name.text
              : ts.isTypeLiteralNode(owner) && ts.isTypeAliasDeclaration(owner.parent)
                ? owner.parent.name.text
                : '(type literal)';
          const line = file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
          members.set(declaration, {
            name: `${ownerName}.${property.name}`,
            at: `${path.relative(root, file.fileName)}:${line}`,
            documented: ts.getJSDocCommentsAndTags(declaration).length > 0,
          });
        }
      }
    }
  }

  function visit(module: ts.Symbol) {
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & ts.SymbolFlags.ValueModule) {
        visit(symbol);
      } else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
        if (isOptionsType(exported.name)) addMembersOf(checker.getDeclaredTypeOfSymbol(symbol));
      } else if (isComponent(exported.name) && symbol.valueDeclaration) {
        const type = checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration);
        for (const signature of type.getCallSignatures()) {
          const props = signature.getParameters()[0];
          if (props) addMembersOf(checker.getTypeOfSymbolAtLocation(props, symbol.valueDeclaration));
        }
      }
    }
  }

  for (const entry of entries) {
    const file = program.getSourceFile(entry);
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`Cannot read the entry ${entry}`);
    visit(module);
  }
  return [...members.values()];
}

describe('doc comments', () => {
  let members: Member[] = [];
  // Reading the sources with the type checker takes a few seconds (more on a busy machine).
  beforeAll(() => {
    members = publicMembers();
  }, 60_000);

  it('reads the public props and options (the check is not empty)', () => {
    const names = members.map((member) => member.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ComposerDefaultProps.onSend',
        'ComposerRootProps.onSend',
        'ChatWindowProps.title',
        'ChatOptions.request',
        'ChatCallbacks.onFinish',
        'ChatHandlerOptions.apiKey',
        'MockEndpointOptions.scenario',
        'ChatClientOptions.baseUrl',
      ]),
    );
    // React's attributes are not ours to document.
    expect(names).not.toContain('ChatWindowProps.onClick');
    expect(members.length).toBeGreaterThan(200);
  });

  it('every public prop and option has a /** doc comment */', () => {
    const missing = members.filter((member) => !member.documented).map((m) => `${m.at} ${m.name}`);
    expect(missing).toEqual([]);
  });
});
