import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { LineIndex, type SourceRange } from '../sql/source-text.js';
import { checkPythonNesting, checkTreeDepth } from './python-nesting.js';

/**
 * Python source parsed with tree-sitter's WebAssembly grammar (the native binding needs a newer
 * glibc than CI images carry). The grammar is loaded once per process; every tree is freed by
 * `withPythonTree` because WebAssembly memory is not garbage collected.
 *
 * web-tree-sitter parses JavaScript strings as UTF-16, so node indices are string offsets and
 * columns count UTF-16 code units, exactly what dbarch reports.
 */

export interface PythonSyntaxError {
  message: string;
  range: SourceRange;
}

export interface PythonComment {
  start: number;
  end: number;
  text: string;
}

export interface PythonSource {
  text: string;
  lines: LineIndex;
  root: Node;
  errors: PythonSyntaxError[];
  comments: PythonComment[];
}

let parserReady: Promise<Parser> | undefined;
let parser: Parser | undefined;

/** Loads tree-sitter and the Python grammar once; call (and await) before withPythonTree. */
export function loadPythonParser(): Promise<void> {
  parserReady ??= createParser();
  return parserReady.then((ready) => {
    parser = ready;
  });
}

async function createParser(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

/** Parses `text`, hands the source to `use`, and frees the tree afterwards (nodes are invalid after). */
export function withPythonTree<T>(text: string, use: (source: PythonSource) => T): T {
  if (!parser) throw new Error('loadPythonParser() must be awaited before parsing Python');
  checkPythonNesting(text);
  const tree: Tree | null = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    checkTreeDepth(tree);
    const lines = new LineIndex(text);
    const root = tree.rootNode;
    return use({ text, lines, root, errors: syntaxErrors(root, lines), comments: comments(root) });
  } finally {
    tree.delete();
  }
}

/** Range of a node in the file (1-based lines, UTF-16 columns). */
export function nodeRange(node: Node, lines: LineIndex): SourceRange {
  return lines.range(node.startIndex, node.endIndex);
}

/** The first few ERROR and MISSING nodes: tree-sitter recovers, so one bad line does not hide the rest. */
function syntaxErrors(root: Node, lines: LineIndex): PythonSyntaxError[] {
  if (!root.hasError) return [];
  const errors: PythonSyntaxError[] = [];
  const visit = (node: Node): void => {
    if (errors.length >= 5) return;
    if (node.isMissing) {
      errors.push({ message: `missing "${node.type}"`, range: nodeRange(node, lines) });
      return;
    }
    if (node.isError) {
      const first = node.text.split('\n', 1)[0]!.slice(0, 40);
      errors.push({ message: `unexpected "${first}"`, range: nodeRange(node, lines) });
      return;
    }
    if (node.hasError) for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return errors;
}

function comments(root: Node): PythonComment[] {
  return root
    .descendantsOfType('comment')
    .flatMap((node) => (node ? [{ start: node.startIndex, end: node.endIndex, text: node.text }] : []));
}
