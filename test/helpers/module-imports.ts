/**
 * Lists what a source file imports, read from its syntax tree rather than
 * with a regular expression, so `export ... from`, `require()`, `import()`,
 * `import x = require()`, `import('x').T` types and `/// <reference types>`
 * are all seen, and strings that merely mention a module name are not.
 */
import * as ts from 'typescript';

export interface ModuleImport {
  readonly specifier: string;
  /** Erased at compile time (`import type`, `export type`, `import('x').T`, reference types). */
  readonly typeOnly: boolean;
  /** 1-based, for messages. */
  readonly line: number;
}

function stringArgument(call: ts.CallExpression): string | undefined {
  const [first] = call.arguments;
  return call.arguments.length === 1 && first !== undefined && ts.isStringLiteralLike(first) ? first.text : undefined;
}

export function importsOf(fileName: string, text: string): ModuleImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: ModuleImport[] = [];
  const add = (specifier: string, typeOnly: boolean, at: number): void => {
    found.push({ specifier, typeOnly, line: source.getLineAndCharacterOfPosition(at).line + 1 });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly === true, node.getStart());
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, node.getStart());
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const ref = node.moduleReference.expression;
      if (ts.isStringLiteralLike(ref)) add(ref.text, node.isTypeOnly, node.getStart());
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, node.getStart());
    } else if (ts.isCallExpression(node)) {
      const specifier = stringArgument(node);
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (specifier !== undefined && (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword)) add(specifier, false, node.getStart());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  for (const reference of source.typeReferenceDirectives) add(reference.fileName, true, reference.pos);
  return found;
}
