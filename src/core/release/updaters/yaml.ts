import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode } from 'yaml';
import { formatKeyPath, isKeyPathPrefix, parseKeyPath, sameKeyPath, type KeySegment } from './key-path.js';
import { pinRole, pinSlot, pythonNamesMatch } from './pins.js';
import { badFile, badSpec, notFound } from './text.js';
import type { VersionFileContext, VersionSlot } from './types.js';

/**
 * YAML: the `yaml` library parses with source ranges; only the bytes of the scalar's value are
 * replaced, in the scalar's own style (plain, 'single' or "double" quoted), so comments, anchors,
 * indentation and key order stay as they were.
 */

interface NodeAt {
  path: KeySegment[];
  node: YamlNode;
}

function parse(text: string, ctx: VersionFileContext) {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const err = doc.errors[0];
  if (err !== undefined) throw badFile(ctx, text, err.pos[0], `invalid YAML: ${err.message.split('\n')[0] ?? ''}`);
  return doc;
}

function* nodes(node: unknown, path: KeySegment[]): Generator<NodeAt> {
  if (isMap(node)) {
    yield { path, node };
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue; // complex keys cannot be named by a key path
      yield* nodes(pair.value, [...path, String(pair.key.value)]);
    }
  } else if (isSeq(node)) {
    yield { path, node };
    for (let i = 0; i < node.items.length; i++) yield* nodes(node.items[i], [...path, i]);
  } else if (isScalar(node) || isAlias(node)) {
    yield { path, node };
  }
}

function resolvesToString(plain: string): boolean {
  const doc = parseDocument(plain);
  return doc.errors.length === 0 && isScalar(doc.contents) && typeof doc.contents.value === 'string';
}

const PLAIN_SAFE = /^[0-9A-Za-z_][0-9A-Za-z._+~-]*$/;

function scalarSlot(text: string, node: Scalar, what: string, ctx: VersionFileContext): VersionSlot {
  const range = node.range;
  if (!range) throw new Error('yaml scalar without a source range');
  const [start, end] = range;
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return { start, end, value: String(node.value), encode: (v) => JSON.stringify(v) };
    case Scalar.QUOTE_SINGLE:
      return { start, end, value: String(node.value), encode: (v) => `'${v.replace(/'/g, "''")}'` };
    case Scalar.PLAIN: {
      const wasString = typeof node.value === 'string';
      return {
        start,
        end,
        value: text.slice(start, end),
        // Stay plain unless the new text would need quotes, or would turn a string into a number.
        encode: (v) => (PLAIN_SAFE.test(v) && (!wasString || resolvesToString(v)) ? v : JSON.stringify(v)),
      };
    }
    default:
      throw badFile(ctx, text, start, `${what} is a block scalar; a version must be a one-line scalar`);
  }
}

export function locateYamlKey(text: string, key: string, ctx: VersionFileContext): VersionSlot[] {
  const path = parseKeyPath(key);
  const doc = parse(text, ctx);
  const what = `key ${formatKeyPath(path)}`;
  for (const at of nodes(doc.contents, [])) {
    if (!sameKeyPath(at.path, path)) continue;
    const node = at.node;
    if (isAlias(node)) throw badSpec(ctx, `${what} is an alias (*${node.source}); name the anchored value instead`);
    if (!isScalar(node)) throw badSpec(ctx, `${what} is a ${isSeq(node) ? 'sequence' : 'mapping'}, not a scalar`);
    return [scalarSlot(text, node, what, ctx)];
  }
  throw notFound(ctx, what);
}

export function locateYamlPins(text: string, pkg: string, key: string | undefined, ctx: VersionFileContext): VersionSlot[] {
  const root = key === undefined ? [] : parseKeyPath(key);
  const doc = parse(text, ctx);
  const slots: VersionSlot[] = [];
  for (const at of nodes(doc.contents, [])) {
    const node = at.node;
    if (!isScalar(node) || typeof node.value !== 'string' || !isKeyPathPrefix(root, at.path)) continue;
    const role = pinRole(at.path, pkg, pythonNamesMatch);
    if (role === null || !node.range) continue;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    if (!quoted && node.type !== Scalar.PLAIN) continue;
    const inner = node.range[0] + (quoted ? 1 : 0);
    const raw = text.slice(inner, node.range[1] - (quoted ? 1 : 0));
    if (raw.includes('\n')) continue;
    const slot = pinSlot(text, inner, raw, role, pkg, ctx);
    if (slot !== null) slots.push(slot);
  }
  return slots;
}
