import { ParseError, parseTOML, type AST } from 'toml-eslint-parser';
import { formatKeyPath, isKeyPathPrefix, parseKeyPath, sameKeyPath, type KeySegment } from './key-path.js';
import { pinRole, pinSlot, pythonNamesMatch } from './pins.js';
import { badFile, badSpec, notFound } from './text.js';
import type { VersionFileContext, VersionSlot } from './types.js';

/**
 * TOML: toml-eslint-parser (a maintained TOML 1.0 parser that keeps exact source ranges for every
 * node) finds the value; only the bytes of that value are replaced, so comments, quoting, spacing
 * and the order of everything else stay as they were. Keys are resolved the way TOML defines them:
 * `[tool.setuptools_scm] fallback_version = …`, `[tool] setuptools_scm.fallback_version = …` and
 * `tool = { setuptools_scm = { fallback_version = … } }` are the same key.
 */

interface ContentAt {
  path: KeySegment[];
  node: AST.TOMLContentNode;
}

function parse(text: string, ctx: VersionFileContext): AST.TOMLProgram {
  try {
    return parseTOML(text);
  } catch (e) {
    if (e instanceof ParseError) throw badFile(ctx, text, e.index, `invalid TOML: ${e.message}`);
    throw e;
  }
}

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

/** Every value of the document with its full key path (tables, dotted keys, inline tables, arrays). */
function* contents(program: AST.TOMLProgram): Generator<ContentAt> {
  function* ofNode(node: AST.TOMLContentNode, path: KeySegment[]): Generator<ContentAt> {
    yield { path, node };
    if (node.type === 'TOMLArray') {
      for (let i = 0; i < node.elements.length; i++) yield* ofNode(node.elements[i] as AST.TOMLContentNode, [...path, i]);
    } else if (node.type === 'TOMLInlineTable') {
      for (const kv of node.body) yield* ofKeyValue(kv, path);
    }
  }
  function* ofKeyValue(kv: AST.TOMLKeyValue, base: KeySegment[]): Generator<ContentAt> {
    yield* ofNode(kv.value, [...base, ...keyNames(kv.key)]);
  }
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') yield* ofKeyValue(item, []);
    else for (const kv of item.body) yield* ofKeyValue(kv, [...item.resolvedKey]);
  }
}

function describe(node: AST.TOMLContentNode): string {
  if (node.type === 'TOMLArray') return 'an array';
  if (node.type === 'TOMLInlineTable') return 'a table';
  return `${/^[aeiou]/.test(node.kind) ? 'an' : 'a'} ${node.kind}`;
}

function escapeBasic(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`);
}

/** A slot over a single-line TOML string that keeps its quoting style. */
function stringSlot(node: AST.TOMLStringValue): VersionSlot {
  const [start, end] = node.range;
  const literal = node.style === 'literal';
  return {
    start,
    end,
    value: node.value,
    encode: (v) => (literal && !v.includes("'") ? `'${v}'` : `"${escapeBasic(v)}"`),
  };
}

function tableExists(program: AST.TOMLProgram, path: readonly KeySegment[]): boolean {
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLTable' && isKeyPathPrefix(path, item.resolvedKey)) return true;
  }
  for (const c of contents(program)) if (isKeyPathPrefix(path, c.path)) return true;
  return false;
}

export function locateTomlKey(text: string, key: string, ctx: VersionFileContext): VersionSlot[] {
  const path = parseKeyPath(key);
  const program = parse(text, ctx);
  for (const c of contents(program)) {
    if (!sameKeyPath(c.path, path)) continue;
    const node = c.node;
    if (node.type !== 'TOMLValue' || node.kind !== 'string') {
      throw badFile(ctx, text, node.range[0], `key ${formatKeyPath(path)} is ${describe(node)}, not a string`);
    }
    if (node.multiline) {
      throw badFile(ctx, text, node.range[0], `key ${formatKeyPath(path)} is a multi-line string; a version must be a one-line string`);
    }
    return [stringSlot(node)];
  }
  if (tableExists(program, path)) throw badSpec(ctx, `key ${formatKeyPath(path)} is a table, not a string`);
  throw notFound(ctx, `key ${formatKeyPath(path)}`);
}

/** Where pyproject.toml declares dependencies (PEP 621, PEP 735, Poetry). */
export const TOML_PIN_ROOTS: readonly KeySegment[][] = [
  ['project', 'dependencies'],
  ['project', 'optional-dependencies'],
  ['dependency-groups'],
  ['tool', 'poetry', 'dependencies'],
  ['tool', 'poetry', 'group'],
];

export function locateTomlPins(text: string, pkg: string, key: string | undefined, ctx: VersionFileContext): VersionSlot[] {
  const roots = key === undefined ? TOML_PIN_ROOTS : [parseKeyPath(key)];
  const program = parse(text, ctx);
  const slots: VersionSlot[] = [];
  for (const c of contents(program)) {
    if (c.node.type !== 'TOMLValue' || c.node.kind !== 'string' || c.node.multiline) continue;
    if (!roots.some((r) => isKeyPathPrefix(r, c.path))) continue;
    const role = pinRole(c.path, pkg, pythonNamesMatch);
    if (role === null) continue;
    const node = c.node;
    const inner = node.range[0] + 1; // single-line strings have a one-character delimiter
    const raw = text.slice(inner, node.range[1] - 1);
    const slot = pinSlot(text, inner, raw, role, pkg, ctx);
    if (slot !== null) slots.push(slot);
  }
  return slots;
}
