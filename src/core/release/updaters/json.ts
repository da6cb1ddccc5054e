import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { formatKeyPath, isKeyPathPrefix, parseKeyPath, type KeySegment } from './key-path.js';
import { exactNamesMatch, pinRole, pinSlot } from './pins.js';
import { badFile, badSpec, notFound } from './text.js';
import type { VersionFileContext, VersionSlot } from './types.js';

/**
 * JSON (and JSON with comments): jsonc-parser gives the exact offset and length of every value,
 * so the new value replaces just that string literal. That is what jsonc-parser's `modify()`
 * produces for an existing property too; going through the tree directly lets the updater refuse a
 * missing key instead of inserting one, and report what it replaced.
 */

function parse(text: string, ctx: VersionFileContext): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) throw badFile(ctx, text, first.offset, `invalid JSON: ${printParseErrorCode(first.error)}`);
  if (root === undefined) throw badFile(ctx, text, 0, 'invalid JSON: empty document');
  return root;
}

function stringSlot(node: Node): VersionSlot {
  return { start: node.offset, end: node.offset + node.length, value: String(node.value), encode: (v) => JSON.stringify(v) };
}

export function locateJsonKey(text: string, key: string, ctx: VersionFileContext): VersionSlot[] {
  const path = parseKeyPath(key);
  const root = parse(text, ctx);
  const node = findNodeAtLocation(root, path);
  if (node === undefined) throw notFound(ctx, `key ${formatKeyPath(path)}`);
  if (node.type !== 'string') {
    throw badFile(
      ctx,
      text,
      node.offset,
      `key ${formatKeyPath(path)} is ${node.type === 'array' || node.type === 'object' ? 'an' : 'a'} ${node.type}, not a string`,
    );
  }
  return [stringSlot(node)];
}

/** Where package.json declares dependencies. */
export const JSON_PIN_ROOTS: readonly KeySegment[][] = [
  ['dependencies'],
  ['devDependencies'],
  ['peerDependencies'],
  ['optionalDependencies'],
];

function* strings(node: Node, path: KeySegment[]): Generator<{ node: Node; path: KeySegment[] }> {
  if (node.type === 'string') {
    yield { node, path };
  } else if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k !== undefined && v !== undefined) yield* strings(v, [...path, String(k.value)]);
    }
  } else if (node.type === 'array') {
    const items = node.children ?? [];
    for (let i = 0; i < items.length; i++) yield* strings(items[i] as Node, [...path, i]);
  }
}

export function locateJsonPins(text: string, pkg: string, key: string | undefined, ctx: VersionFileContext): VersionSlot[] {
  const root = parse(text, ctx);
  if (root.type === 'object' && findNodeAtLocation(root, ['lockfileVersion']) !== undefined) {
    throw badSpec(
      ctx,
      `is a lockfile: its pin of ${pkg} carries a resolved URL and an integrity hash that only the package manager can compute; bump package.json, then run npm install`,
    );
  }
  const roots = key === undefined ? JSON_PIN_ROOTS : [parseKeyPath(key)];
  const slots: VersionSlot[] = [];
  for (const s of strings(root, [])) {
    if (!roots.some((r) => isKeyPathPrefix(r, s.path))) continue;
    const role = pinRole(s.path, pkg, exactNamesMatch);
    if (role === null) continue;
    const inner = s.node.offset + 1;
    const raw = text.slice(inner, s.node.offset + s.node.length - 1);
    const slot = pinSlot(text, inner, raw, role, pkg, ctx);
    if (slot !== null) slots.push(slot);
  }
  return slots;
}
