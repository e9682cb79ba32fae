// Every public prop and option has a doc comment: the Storybook Docs tab (react-docgen) shows it in
// the props tables, and editors show it on hover. The public entries are read with the TypeScript
// compiler (a devDependency): every exported `...Props` or `...Options` type (namespaces such as
// `Composer` included), and the props of every exported component, member by member. Members
// declared outside `src` (React's HTML attributes) are skipped.
// The wire types (and a few other files of types) are checked through and through: each exported
// interface and type alias, each member, and the members of the object types nested in them
// (`usage.prompt_tokens_details.cached_tokens`, the variants of the mock's reply), overloads one by one.
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

/** Files whose exported interfaces and type aliases are checked through and through. */
const typeFiles = [
  'src/core/types.ts',
  'src/store/types.ts',
  'src/store/errors.ts',
  'src/store/structured.ts',
  'src/testing/types.ts',
].map((file) => path.join(root, file));

/**
 * Every exported interface and type alias of `typeFiles`, and every member declared in them (in
 * nested object types too; each overload of a method), read from the syntax alone.
 */
function typeDeclarations(): Member[] {
  const found: Member[] = [];
  for (const fileName of typeFiles) {
    const text = ts.sys.readFile(fileName);
    if (text === undefined) throw new Error(`Cannot read ${fileName}`);
    const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const add = (node: ts.Node, name: string) => {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      found.push({
        name,
        at: `${path.relative(root, fileName)}:${line}`,
        documented: ts.getJSDocCommentsAndTags(node).length > 0,
      });
    };
    const addMembers = (node: ts.Node, owner: string) => {
      ts.forEachChild(node, (child) => {
        if (ts.isPropertySignature(child) || ts.isMethodSignature(child)) {
          const name = `${owner}.${child.name.getText(file)}`;
          add(child, name);
          addMembers(child, name);
        } else addMembers(child, owner);
      });
    };
    for (const statement of file.statements) {
      const exported = ts.canHaveModifiers(statement)
        ? ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
        : false;
      if (exported && (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement))) {
        add(statement, statement.name.text);
        addMembers(statement, statement.name.text);
      }
    }
  }
  return found;
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

  it('reads the wire types and the other type files (the check is not empty)', () => {
    const names = typeDeclarations().map((declaration) => declaration.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ChatCompletionChunk',
        'ChatCompletionChunkChoice.finish_reason',
        'Usage.prompt_tokens_details.cached_tokens',
        'ResponseFormat.json_schema.schema',
        'ModelInfo.pricing.prompt',
        'SerializedError.issues',
        'StructuredFormat.schema',
        'MockReply.events',
      ]),
    );
    // Both overloads of `regenerate`, each on its own.
    expect(names.filter((name) => name === 'ChatActions.regenerate')).toHaveLength(2);
    expect(names.length).toBeGreaterThan(400);
  });

  it('every wire type and member has a /** doc comment */', () => {
    const missing = typeDeclarations()
      .filter((declaration) => !declaration.documented)
      .map((declaration) => `${declaration.at} ${declaration.name}`);
    expect(missing).toEqual([]);
  });
});
