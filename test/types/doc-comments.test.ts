// Every public type has a doc comment on each member: the Storybook Docs tab (react-docgen) shows
// them in the props tables, and editors show them on hover. The public entries are read with the
// TypeScript compiler (a devDependency): every exported interface and type alias (namespaces such as
// `Composer` included), the public fields of every exported class (the errors), and what every
// exported function or component takes and returns (props, options, the hooks' results), member by
// member, and through and through: the object types nested in members (`components.Message`), the
// items of arrays, what callbacks and methods take and return (`ChatClient.models`'s `signal`), and
// the types of the library's own they name, exported or not (`StructuredOutputError.issues`).
// Members declared outside `src` (React's HTML attributes, `Error.message`) are skipped.
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
  const seen = new Set<ts.Type>();
  const inSrc = (declaration: ts.Declaration) => declaration.getSourceFile().fileName.startsWith(src);

  /**
   * The name of the type that declares a member: its interface or class, or the type alias whose
   * object type (a variant of a union, a part of an intersection) holds it; else `outer`.
   */
  function ownerOf(declaration: ts.Declaration, outer: string): string {
    let owner: ts.Node = ts.isParameter(declaration) ? declaration.parent.parent : declaration.parent;
    if (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) return owner.name?.text ?? outer;
    while (ts.isTypeNode(owner) && !ts.isTypeReferenceNode(owner)) owner = owner.parent;
    return ts.isTypeAliasDeclaration(owner) ? owner.name.text : outer;
  }

  /**
   * The members of `type` declared in `src`, then the types they hold (object types nested in them,
   * array items, `Promise` results, callback arguments and results), through and through.
   * `outer` names a type literal: `ChatFinishEvent.usage` for the members of `usage: { ... }`.
   */
  function addMembersOf(type: ts.Type, outer: string) {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) {
      for (const part of type.types) addMembersOf(part, outer);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    // `Array<Item>`, `Promise<Result>`, `Record<string, Value>`: what they hold may be ours.
    for (const argument of [
      ...(type.aliasTypeArguments ?? []),
      ...checker.getTypeArguments(type as ts.TypeReference),
    ]) {
      addMembersOf(argument, outer);
    }
    for (const info of checker.getIndexInfosOfType(type)) addMembersOf(info.type, outer);
    for (const signature of type.getCallSignatures()) {
      if (!signature.declaration || !inSrc(signature.declaration)) continue;
      for (const parameter of signature.getParameters()) {
        addMembersOf(checker.getTypeOfSymbol(parameter), outer);
      }
      addMembersOf(signature.getReturnType(), outer);
    }
    // React's and the platform's own types are not ours to document (nor to walk through).
    if (!type.symbol?.declarations?.some(inSrc)) return;
    for (const property of checker.getPropertiesOfType(type)) {
      let walked = false;
      for (const declaration of property.declarations ?? []) {
        if (!inSrc(declaration) || members.has(declaration)) continue;
        const file = declaration.getSourceFile();
        const name = `${ownerOf(declaration, outer)}.${property.name}`;
        const line = file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
        members.set(declaration, {
          name,
          at: `${path.relative(root, file.fileName)}:${line}`,
          documented: ts.getJSDocCommentsAndTags(declaration).length > 0,
        });
        if (!walked) addMembersOf(checker.getTypeOfSymbol(property), name);
        walked = true;
      }
    }
  }

  function visit(module: ts.Symbol) {
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & ts.SymbolFlags.ValueModule) {
        visit(symbol);
      } else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
        addMembersOf(checker.getDeclaredTypeOfSymbol(symbol), exported.name);
      } else if (symbol.flags & ts.SymbolFlags.Class) {
        // Error classes: their public fields (`ChatApiError.status`), not `Error`'s.
        addMembersOf(checker.getDeclaredTypeOfSymbol(symbol), exported.name);
      } else if (symbol.valueDeclaration) {
        // Components (their props) and functions (what they take and what they return).
        const type = checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration);
        addMembersOf(type, exported.name);
        for (const signature of type.getCallSignatures()) {
          for (const parameter of signature.getParameters()) {
            addMembersOf(
              checker.getTypeOfSymbolAtLocation(parameter, symbol.valueDeclaration),
              exported.name,
            );
          }
          addMembersOf(signature.getReturnType(), exported.name);
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

  it('reads the public types, props, fields, arguments and results (the check is not empty)', () => {
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
        // The hooks' results, the store, the errors' fields, nested object types and arguments.
        'ChatControls.messages',
        'ChatCompletionControls.mutation',
        'UseModelsResult.refetch',
        'ChatState.threadId',
        'ChatActions.send',
        'ChatApiError.status',
        'ChatRequestError.issues',
        'StructuredOutputError.issues',
        'JsonSchemaIssue.path',
        'ParsedToolArguments.error',
        'MessageListItemsProps.components.Message',
        'MessageListContextValue.scrollToBottom.behavior',
        'ChatClient.models.signal',
      ]),
    );
    // React's attributes are not ours to document.
    expect(names).not.toContain('ChatWindowProps.onClick');
    expect(names).not.toContain('ChatApiError.stack');
    expect(members.length).toBeGreaterThan(700);
  });

  it('every public member (props, options, results, fields, nested ones) has a /** doc comment */', () => {
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
    // The three overloads of `regenerate`, each on its own.
    expect(names.filter((name) => name === 'ChatActions.regenerate')).toHaveLength(3);
    expect(names.length).toBeGreaterThan(400);
  });

  it('every wire type and member has a /** doc comment */', () => {
    const missing = typeDeclarations()
      .filter((declaration) => !declaration.documented)
      .map((declaration) => `${declaration.at} ${declaration.name}`);
    expect(missing).toEqual([]);
  });
});
